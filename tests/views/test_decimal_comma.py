"""The ``num`` filter and the domain's sizes: a number a person reads is said with the page's
decimal mark (``0,5`` in Spanish), a form value keeps its dot."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from jinja2 import Environment

from sitecare.domain.follow.look import Look
from sitecare.domain.messages import localise
from sitecare.views.page_words import page_language
from sitecare.views.pages import Pages
from sitecare.views.state import Pocket
from sitecare.web.pages.render import templates


@pytest.fixture(params=["web", "pocket"])
def env(request: pytest.FixtureRequest) -> Environment:
    return templates.env if request.param == "web" else Pages(Pocket()).env


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "0.5 | 2.5 | 235 | 12,345"), ("es", "0,5 | 2,5 | 235 | 12.345")],
)
def test_the_num_filter_follows_the_page(env: Environment, lang: str, said: str) -> None:
    tpl = env.from_string('{{ a|num }} | {{ b|num }} | {{ c|num(".0f") }} | {{ d|num(",") }}')
    got = tpl.render(a=0.5, b=2.5, c=234.6, d=12345, **page_language(lang))
    assert got == said
    assert tpl.render(a=0.5, b=2.5, c=234.6, d=12345) == "0.5 | 2.5 | 235 | 12,345"


def test_a_form_value_keeps_its_dot(env: Environment) -> None:
    tpl = env.from_string("<input value=\"{{ '%g'|format(x) }}\"> {{ x|num }}")
    assert tpl.render(x=0.5, **page_language("es")) == '<input value="0.5"> 0,5'


def test_measured_sizes_in_words() -> None:
    look = Look(
        at=datetime(2026, 12, 1, tzinfo=UTC),
        level="routine",
        sizes={"redness_diameter_cm": 4.0, "lump_diameter_cm": 2.5},
    )
    said = look.size_words()
    assert said == "redness 4 cm, lump 2.5 cm"
    assert localise(said, "es") == "lo rojo: 4 cm, el bulto: 2,5 cm"
    assert Look(at=look.at, level="routine").size_words() == ""
