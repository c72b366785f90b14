"""Translations: keep the gettext catalogs up to date, and list the safety-critical lines.

    .venv/bin/python scripts/i18n.py extract       # every _("...") / N_("...") of the templates
                                                   # and the CLI -> each locale's sitecare.po
                                                   # (new entries empty, unused ones dropped)
    .venv/bin/python scripts/i18n.py check         # every entry translated (each plural form
                                                   # too), none unused; exit 1 and the list if not
    .venv/bin/python scripts/i18n.py critical es   # number, kind, English, Spanish (tab-separated)

Babel does the extracting (Jinja2's extractor for templates: ``_()``, ``{% trans %}`` blocks with
``{% pluralize %}`` and ``ngettext()``; Python's for code: ``_``, ``N_``, ``Msg`` and the plural
``counted(singular, plural, n)``). A plural entry has ``msgid_plural`` and one ``msgstr[N]`` per
form of the language's ``Plural-Forms`` (PLURAL_FORMS below; English and Spanish: 2). sitecare
reads the .po files itself at run time (sitecare.domain.messages), so no compile step is
needed and pocket reads them under Pyodide. The rule base's words are not here: they are data
(src/sitecare/data/triage/i18n/<lang>.yaml, checked by `sitecare rules lint`).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "sitecare"
KEYWORDS = {
    "_": None,
    "N_": None,
    "Msg": None,
    "gettext": None,  # what a {% trans %} block without {% pluralize %} calls
    "ngettext": (1, 2),  # a {% trans %} block with {% pluralize %}, and ngettext() itself
    "counted": (1, 2),  # domain.messages.counted: a Msg with a plural
}
#: each catalog's ``Plural-Forms`` (Babel's own for Spanish has a third form for millions,
#: which sitecare never counts; one form and the rest is what Spanish says)
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}
#: what is extracted: the templates, the CLI, the pages' contexts and words (views: the body
#: map, the chart, the follow-up words), the web pages' code, the words the domain and the
#: measurer make (``Msg("...")``, said in the person's language at the edge), the clinic
#: report's and the import readers' words (exports), the JSON API's refusals (web/api) and
#: an uploaded photo's (photos/clean.py), the web app's own refusals (a client id, a
#: language, the lock), pocket's emergency shell and its scripts' lines, and the storage's
#: refusals a person reads (a database that cannot be opened, is locked or is newer; a stored
#: file that cannot be kept)
SOURCES = (
    ("web/templates", "*.html", "jinja2"),
    ("cli", "*.py", "python"),
    ("views", "*.py", "python"),
    ("web/pages", "*.py", "python"),
    ("domain", "*.py", "python"),
    ("measure", "*.py", "python"),
    ("services", "*.py", "python"),
    ("storage", "encryption.py", "python"),
    ("storage", "backup*.py", "python"),
    ("storage", "blobs.py", "python"),
    ("storage", "db_errors.py", "python"),
    ("storage", "engine.py", "python"),
    ("storage", "migrate.py", "python"),
    ("exports", "*.py", "python"),
    ("exports/templates", "*.html", "jinja2"),
    ("web", "app.py", "python"),
    ("web/api", "*.py", "python"),
    ("photos", "clean.py", "python"),
    ("web", "pocket.py", "python"),
    ("web", "facade.py", "python"),
    ("web", "language.py", "python"),
    ("web", "lock.py", "python"),
    ("pocket", "shell.py", "python"),
    ("pocket/assets", "*.js", "javascript"),
)
#: pocket's scripts say their lines through ``t("...")`` (sitecare.pocket.words)
JS_KEYWORDS = {"t": None}


MsgId = str | tuple[str, str]


def extracted() -> dict[MsgId, list[str]]:
    """msgid (``(singular, plural)`` for a plural entry) -> where it is used (``path:line``),
    from every source file."""
    from babel.messages.extract import extract_from_file

    found: dict[MsgId, list[str]] = {}
    for folder, pattern, method in SOURCES:
        for path in sorted((PACKAGE / folder).rglob(pattern)):
            how = "jinja2.ext:babel_extract" if method == "jinja2" else method
            keywords = JS_KEYWORDS if method == "javascript" else KEYWORDS
            for line, msgid, _comments, _ctx in extract_from_file(
                how, str(path), keywords=keywords, comment_tags=(), strip_comment_tags=True
            ):
                if isinstance(msgid, tuple) and len(msgid) >= 2 and all(msgid[:2]):
                    msgid = (str(msgid[0]), str(msgid[1]))
                if (isinstance(msgid, str) and msgid) or isinstance(msgid, tuple):
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
        *nightscout_texts(),
    ]


def nightscout_texts() -> list[str]:
    """Why an AndroidAPS zone has no sitecare region (data/nightscout_locations.yaml): what an
    import of Nightscout treatments says of a site change it could not place."""
    from sitecare.exports.nightscout import locations

    return [str(z["why"]) for z in locations()["zones"].values() if z.get("why")]


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
        forms = PLURAL_FORMS.get(str(old.locale))
        if forms:
            new.mime_headers = [("Plural-Forms", forms)]
        for msgid, where in found.items():
            locations = [(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) for w in where]
            new.add(msgid, _kept(old.get(msgid), msgid), locations=locations)
        with po.open("wb") as fh:
            write_po(fh, new, width=100, omit_header=False, sort_output=False)
        print(f"{po.relative_to(ROOT)}: {len(found)} messages")


def _kept(old: Any, msgid: MsgId) -> str | tuple[str, ...]:
    """The translation an entry had (a singular one for a singular entry, the forms of the same
    plural entry for a plural one), else empty."""
    if isinstance(msgid, tuple):
        same = old is not None and isinstance(old.id, tuple) and tuple(old.id[:2]) == msgid
        return tuple(old.string) if same else ()
    return old.string if old is not None and isinstance(old.id, str) else ""


def problems(po_file: Path, marked: Mapping[MsgId, object]) -> list[str]:
    """What is wrong with one catalog: a marked message with no translation (a plural entry
    with any ``msgstr[N]`` empty, or fewer forms than its ``Plural-Forms`` says), an entry no
    source uses, a fuzzy entry."""
    from babel.messages.pofile import read_po

    with po_file.open("rb") as fh:
        catalog = read_po(fh)
    out: list[str] = []
    have: dict[MsgId, object] = {}
    for m in catalog:
        if not m.id:
            continue
        msgid: MsgId = (str(m.id[0]), str(m.id[1])) if isinstance(m.id, tuple) else str(m.id)
        have[msgid] = m
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if isinstance(msgid, tuple) and len(strings) < catalog.num_plurals:
            out.append(f"{msgid!r}: {len(strings)} of {catalog.num_plurals} plural forms")
        for index, text in enumerate(strings):
            if not text:
                where = f" msgstr[{index}]" if isinstance(msgid, tuple) else ""
                out.append(f"{msgid!r}:{where} no translation")
        if m.fuzzy:
            out.append(f"{msgid!r}: fuzzy")
    out.extend(f"{msgid!r}: not in the catalog" for msgid in marked if msgid not in have)
    out.extend(f"{msgid!r}: unused" for msgid in have if msgid not in marked)
    return out


def check() -> int:
    """Every locale's problems (see :func:`problems`), printed; 1 when there are any."""
    marked = extracted()
    found = [
        f"{po.relative_to(ROOT)}: {problem}"
        for po in sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/sitecare.po"))
        for problem in problems(po, marked)
    ]
    print("\n".join(found) or "every entry is translated and used")
    return 1 if found else 0


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
    if argv == ["check"]:
        return check()
    if argv[:1] == ["critical"] and len(argv) == 2:
        critical(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
