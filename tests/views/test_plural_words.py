"""Counted words: Jinja2's i18n extension is on in every page environment (the web app's and
pocket's), a ``{% trans count=n %}...{% pluralize %}...{% endtrans %}`` block says one and
more in English and Spanish with the render's language, and the pages that count say it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from jinja2 import Environment
from tests.course_entries import course

from sitecare.views.page_words import page_language
from sitecare.views.pages import Pages
from sitecare.views.state import Pocket
from sitecare.web.pages.render import templates

BLOCK = "{% trans count=n %}{{ count }} place{% pluralize %}{{ count }} places{% endtrans %}"
SAID = {
    ("en", 1): "1 place",
    ("en", 3): "3 places",
    ("en", 0): "0 places",
    ("es", 1): "1 lugar",
    ("es", 3): "3 lugares",
    ("es", 0): "0 lugares",
}


def _pocket_env() -> Environment:
    return Pages(Pocket()).env


@pytest.fixture(params=["web", "pocket"])
def env(request: pytest.FixtureRequest) -> Iterator[Environment]:
    yield templates.env if request.param == "web" else _pocket_env()


def test_every_page_environment_has_the_i18n_extension(env: Environment) -> None:
    assert "jinja2.ext.InternationalizationExtension" in env.extensions


def test_a_trans_block_says_one_and_more_in_english_and_spanish(env: Environment) -> None:
    tpl = env.from_string(BLOCK)
    for (lang, n), said in SAID.items():
        # the render's own gettext and ngettext (what every page render passes) ...
        assert tpl.render(n=n, **page_language(lang)) == said, (lang, n)
        # ... or only its language: the environment's own say it in that language
        assert tpl.render(n=n, lang=lang) == said, (lang, n)
    assert tpl.render(n=3) == "3 places"  # no language: English


def test_the_words_put_in_a_trans_block_are_escaped(env: Environment) -> None:
    tpl = env.from_string("{% trans name=who %}Hello {{ name }}{% endtrans %}")
    assert tpl.render(who="<b>", **page_language("es")) == "Hello &lt;b&gt;"


@pytest.mark.parametrize(
    ("lang", "rest", "days", "words"),
    [
        ("en", 1.0, 1.2, ("It has been about a day.", "rest 1 day")),
        ("en", 2.0, 3.0, ("It has been about 3 days.", "rest 2 days")),
        ("en", 0.5, 3.0, ("rest 0.5 days",)),
        ("es", 1.0, 1.2, ("Ha pasado más o menos un día.", "descanso de 1 día")),
        ("es", 2.0, 3.0, ("Han pasado unos 3 días.", "descanso de 2 días")),
        ("es", 0.5, 3.0, ("descanso de 0,5 días",)),
    ],
)
def test_a_course_counts_its_days(
    env: Environment, lang: str, rest: float, days: float, words: tuple[str, ...]
) -> None:
    html = env.get_template("_course.html").render(course=course(rest, days), **page_language(lang))
    text = " ".join(html.split())
    for said in words:
        assert said in text, (said, text)
    assert "1 days" not in text and "1 días" not in text


def test_what_an_import_added_is_counted_in_the_pages_language() -> None:
    from sitecare.views.page_forms import _import_words

    report = {"injections_added": 2, "observations_added": 1, "settings_added": 0}
    assert _import_words({**report, "skipped_existing": 0}) == "2 injections, 1 check, 0 settings"
    assert _import_words({**report, "skipped_existing": 1}, "es") == (
        "2 inyecciones, 1 revisión, 0 ajustes (1 ya estaba aquí; se guardó una sola vez)"
    )
    assert _import_words({**report, "skipped_existing": 3}, "en").endswith(
        "(3 already here, kept once)"
    )
