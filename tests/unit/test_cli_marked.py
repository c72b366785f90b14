"""Every sentence the command line prints goes through ``_()`` (so it has a Spanish
translation: tests/unit/test_messages.py checks the catalog), as the templates' text does
(tests/unit/test_templates_marked.py). Read from the source with ``ast``: a string literal with
words, given to a printer (``print``, ``echo``, ``BadParameter`` ...) as it is, in an f-string or
as the left side of ``%`` / ``+``, is English a Spanish speaker would see."""

from __future__ import annotations

import ast
import re
from pathlib import Path

CLI = Path(__file__).resolve().parents[2] / "src" / "sitecare" / "cli"
PRINTERS = {"print", "echo", "secho", "rule", "BadParameter", "prompt", "confirm"}
MARKUP = re.compile(r"\[/?[a-z ]*\]")  # Rich's [bold] ... [/]
#: not words: an id or JSON key ("site"), a command to type, the name and version
NOT_WORDS = re.compile(r"^(?:[a-z_]+|sitecare [a-z].*|sitecare )$")


def _literals(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp):  # "words %s" % x, "a" + b: the dict on the right is data
        right = [] if isinstance(node.right, ast.Dict | ast.Tuple) else _literals(node.right)
        return _literals(node.left) + right
    return []


def _unmarked(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
        if name not in PRINTERS:
            continue
        for arg in node.args:
            for text in _literals(arg):
                bare = MARKUP.sub("", text).strip(" .:,;-()…\n")
                if re.search(r"[A-Za-z]{2,}", bare) and not NOT_WORDS.match(bare):
                    found.append((node.lineno, text))
    return found


def test_the_checker_finds_unmarked_words_and_passes_marked_ones() -> None:
    source = (
        'out.print("Saved.")\nout.print(f"Added {x}.")\nerr.print("Saved %s" % y)\n'
        'out.print(_("Saved."))\nout.print(said % {"site": s})\nout.print(f"  {_(w)}")\n'
        'typer.echo(f"sitecare {v}")\n'
    )
    assert [line for line, _ in _unmarked(source)] == [1, 2, 3]


def test_every_printed_sentence_of_the_command_line_is_marked() -> None:
    problems = [
        f"{path.name}:{line}: {text!r}"
        for path in sorted(CLI.glob("*.py"))
        for line, text in _unmarked(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], "wrap these in _() and run scripts/i18n.py extract"


def test_every_help_text_of_the_command_line_has_spanish() -> None:
    """Each command's help, short help and option or argument help, read from the command tree
    (docstrings and ``help=``), is in the catalog with a Spanish translation: a new help text
    without one fails here (run scripts/i18n.py extract and fill its msgstr)."""
    from sitecare.cli.app import app
    from sitecare.cli.helptext import help_texts
    from sitecare.domain.messages import gettext_for

    spanish = gettext_for("es")
    texts = help_texts(app)
    missing = [f"{where}: {text!r}" for text, where in texts.items() if spanish(text) == text]
    assert len(texts) > 100
    assert missing == [], "translate these help texts: scripts/i18n.py extract, then the .po"


def test_a_help_text_is_translated_only_while_the_help_screen_is_formatted() -> None:
    from sitecare.cli import words
    from sitecare.cli.app import app
    from sitecare.cli.helptext import say_help

    try:
        words.set_flag("es")
        assert say_help("Optional note.") == "Una nota opcional."
        assert say_help("Not in the catalog.") == "Not in the catalog."
        import typer

        log = typer.main.get_command(app).commands["log"]  # type: ignore[attr-defined]
        assert log.help.startswith("Record an injection")  # Typer's own value stays English
    finally:
        words.set_flag(None)
