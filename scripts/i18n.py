"""Translations: keep the gettext catalogs up to date, and list the safety-critical lines.

    .venv/bin/python scripts/i18n.py extract       # every _("...") / N_("...") of the templates
                                                   # and the CLI -> each locale's sitecare.po
                                                   # (new entries empty, unused ones dropped)
    .venv/bin/python scripts/i18n.py critical es   # number, kind, English, Spanish (tab-separated)

Babel does the extracting (Jinja2's extractor for templates, Python's for code); sitecare
reads the .po files itself at run time (sitecare.domain.messages), so no compile step is
needed and pocket reads them under Pyodide. The rule base's words are not here: they are data
(src/sitecare/data/triage/i18n/<lang>.yaml, checked by `sitecare rules lint`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "sitecare"
KEYWORDS = {"_": None, "N_": None, "Msg": None}
#: what is extracted: the templates, the CLI, the pages' contexts and words (views: the body
#: map, the chart, the follow-up words), the web pages' code, and the words the domain and the
#: measurer make (``Msg("...")``, said in the person's language at the edge)
SOURCES = (
    ("web/templates", "*.html", "jinja2"),
    ("cli", "*.py", "python"),
    ("views", "*.py", "python"),
    ("web/pages", "*.py", "python"),
    ("domain", "*.py", "python"),
    ("measure", "*.py", "python"),
    ("services", "*.py", "python"),
    ("web", "app.py", "python"),
    ("web", "pocket.py", "python"),
)


def extracted() -> dict[str, list[str]]:
    """msgid -> where it is used (``path:line``), from every source file."""
    from babel.messages.extract import extract_from_file

    found: dict[str, list[str]] = {}
    for folder, pattern, method in SOURCES:
        for path in sorted((PACKAGE / folder).rglob(pattern)):
            how = "jinja2.ext:babel_extract" if method == "jinja2" else "python"
            for line, msgid, _comments, _ctx in extract_from_file(
                how, str(path), keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
            ):
                if isinstance(msgid, str) and msgid:
                    found.setdefault(msgid, []).append(f"{path.relative_to(PACKAGE)}:{line}")
    for msgid in data_messages():
        found.setdefault(msgid, []).append("data/atlas.yaml, vocabulary.yaml, routes.yaml:0")
    for msgid, command in cli_help_messages().items():
        found.setdefault(msgid, []).append(f"cli ({command} --help):0")
    for msgid in page_data_messages():
        found.setdefault(msgid, []).append("data/resources.yaml, views (topics, parts, rest):0")
    return found


def cli_help_messages() -> dict[str, str]:
    """Every help text of the command line (docstrings, ``help=``, the framework's own
    "Show this message and exit."), read from the command tree itself -> its command."""
    from sitecare.cli.app import app
    from sitecare.cli.helptext import help_texts

    return help_texts(app)


def data_messages() -> list[str]:
    """Words from packaged data that pages and the CLI show through ``_()``: the regions'
    labels, why each place suits a route or not, the spot picture's edges and its spots' places,
    the levels' labels, the routes' labels, the supplies and referrals a visit records
    (data/visit_options.yaml) and what re-checks and courses say (the ids stay English)."""
    from sitecare.domain.atlas import load_atlas
    from sitecare.domain.routes import ROUTE_LABELS
    from sitecare.domain.triage import level_looks
    from sitecare.services.clients import visit_options

    atlas = load_atlas()
    return [
        *(region.label for region in atlas.regions),
        *(rt.reason for region in atlas.regions for rt in region.routes.values()),
        *(words for region in atlas.regions for words in region.ends.values()),
        "nearest the heart",
        "farthest from the heart",
        *(where for region in atlas.regions for where in _spot_wheres(region)),
        *(look.label for look in level_looks().values()),
        *ROUTE_LABELS.values(),
        *(label for kind in visit_options().values() for label in kind.values()),
        *follow_texts(),
    ]


def _spot_wheres(region: object) -> list[str]:
    """Where a spot is, in words ("along the vein"); not "row 2, column 3"."""
    labels = [s.label.partition("(")[2].rstrip(")") for s in region.spots]  # type: ignore[attr-defined]
    return [w for w in labels if w and not any(c.isdigit() for c in w)]


def follow_texts() -> list[str]:
    """What re-checks and healing courses say (data/follow/*.yaml), as the domain reads it."""
    from sitecare.domain.follow.data import load_follow

    data = load_follow()
    return [
        *(rule.why for rule in data.rules),
        *(level.why for level in data.levels.values()),
        *(text for course in data.courses.values() for text in (course.heals, course.slower)),
    ]


def page_data_messages() -> list[str]:
    """Words the help, home and settings pages take from data and show through ``_()``: the
    help topics' titles, what each shipped help service offers and where (a program's own
    resources file stays as written), the body parts' names, and the settings page's reasons
    for each route's rest, its places never suggested and the medicine presets."""
    from sitecare.domain.atlas import ROUTES, load_atlas
    from sitecare.domain.rotation_settings import MEDICINE_PRESETS
    from sitecare.domain.yamlload import load_data
    from sitecare.views.body_parts import PARTS
    from sitecare.views.page_words import TOPICS
    from sitecare.views.settings_context import avoid_words, rest_source

    atlas = load_atlas()
    resources = load_data("resources.yaml")
    return [
        *TOPICS.values(),
        *(str(r[key]) for r in resources for key in ("what", "where") if r.get(key)),
        *(part.label for part in PARTS),
        *(rest_source(route) for route in ROUTES),
        *(words for route in ROUTES for words in avoid_words(atlas, route)),
        *(label for label, _route, _places, _words in MEDICINE_PRESETS.values()),
        *(words.split(" in the ")[1] for *_rest, words in MEDICINE_PRESETS.values()),
    ]


def po_path(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "sitecare.po"


def extract() -> None:
    """Bring every locale's .po in line with the sources (keeping what is translated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    found = extracted()
    for po in sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/sitecare.po")):
        with po.open("rb") as fh:
            old = read_po(fh)
        new = Catalog(locale=old.locale, project="sitecare", domain="sitecare")
        for msgid, where in found.items():
            kept = old.get(msgid)
            locations = [(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) for w in where]
            new.add(msgid, kept.string if kept else "", locations=locations)
        with po.open("wb") as fh:
            write_po(fh, new, width=100, omit_header=False, sort_output=False)
        print(f"{po.relative_to(ROOT)}: {len(found)} messages")


def critical(language: str) -> None:
    from sitecare.domain.triage.i18n import catalog
    from sitecare.domain.triage.i18n_check import critical_texts

    table = catalog(language)
    for number, (kind, text) in enumerate(critical_texts(), 1):
        print(f"{number}\t{kind}\t{text}\t{table.get(text, '')}")


def main(argv: list[str]) -> int:
    if argv == ["extract"]:
        extract()
        return 0
    if argv[:1] == ["critical"] and len(argv) == 2:
        critical(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
