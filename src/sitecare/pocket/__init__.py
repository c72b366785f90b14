"""Pocket: sitecare on the phone itself, offline (an installable web app, static files).

The build (:mod:`sitecare.pocket.site`) writes the pages, the service worker, the pinned
Pyodide runtime (:mod:`~sitecare.pocket.runtime`), a trimmed standard library
(:mod:`~sitecare.pocket.stdlib`) and the domain bundle (:mod:`~sitecare.pocket.bundle`), which
runs the same domain core and views in the browser. It reads only sitecare's own packages and
the runtime cache: no database, no web framework.
"""


def shell_file(language: str) -> str:
    """The emergency shell of ``language`` (a shipped one): ``index.html`` for English, the
    source, ``index.<language>.html`` for each other."""
    return "index.html" if language == "en" else f"index.{language}.html"


def red_flag_file(question: str, option: str, language: str) -> str:
    """The static page of one red-flag answer in ``language``: ``rf/<q>-<option>.html`` in
    English, ``rf/<language>/<q>-<option>.html`` in each other."""
    name = f"{question}-{option}.html"
    return f"rf/{name}" if language == "en" else f"rf/{language}/{name}"
