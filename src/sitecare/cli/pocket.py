"""``sitecare pocket build DIR``: write pocket, the offline phone app, as static files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sitecare.cli.common import err, handle_errors, out
from sitecare.cli.helptext import Typer
from sitecare.cli.words import _, say
from sitecare.domain.messages import number as decimal

app = Typer(
    name="pocket",
    help="Pocket: sitecare on the phone itself, offline (an installable web app).",
    no_args_is_help=True,
)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="pocket")


@app.command("build")
@handle_errors
def build(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write (new, empty or an older build).")
    ],
    emergency_number: Annotated[
        str | None,
        typer.Option(
            help="The number the emergency button calls "
            "(default: SITECARE_EMERGENCY_NUMBER, else 911)."
        ),
    ] = None,
    base: Annotated[
        str, typer.Option(help="The path the site is served under, with both slashes.")
    ] = "/pocket/",
    offline: Annotated[
        bool, typer.Option(help="Never fetch: use the runtime already in the cache.")
    ] = False,
    compile_python: Annotated[
        bool,
        typer.Option(
            "--compile/--no-compile",
            help="Byte-compile the Python with the runtime itself (needs Node): about three "
            "times faster to start, about 0.5 MiB more to download.",
        ),
    ] = True,
) -> None:
    """Build pocket into DIRECTORY. Serve the folder's files under --base (any static server
    that sends .wasm as application/wasm), or run `sitecare serve --pocket DIRECTORY`."""
    from sitecare.config import Settings, default_cache_dir
    from sitecare.pocket.site import build_site, sizes

    number = emergency_number or Settings.from_env().emergency_number
    cache = default_cache_dir()
    err.print(_("Building pocket (runtime cached in %(folder)s) …") % {"folder": cache})
    site = build_site(
        directory,
        cache_dir=cache,
        emergency_number=number,
        base=base,
        offline=offline,
        compile=compile_python,
    )
    total = sizes(directory)
    compiled = json.loads(site.files["pocket.json"])["compiled"]
    if compiled is None and compile_python:
        err.print(
            "[bold yellow]"
            + _("Note:")
            + "[/] "
            + _(
                "Node was not found, so the Python is not byte-compiled: pocket starts about "
                "three times slower. Install Node and build again."
            )
        )
    _say_built(directory, len(site.files), total)


def _say_built(directory: Path, files: int, total: dict[str, int]) -> None:
    """Where pocket was built, and how much a first visit loads."""
    out.print(
        _(
            "Pocket is in %(folder)s: %(files)s files; first load %(raw)s MiB, %(gzip)s MiB "
            "gzip, %(brotli)s MiB brotli."
        )
        % {
            "folder": directory,
            "files": files,
            "raw": say(decimal(total["raw"] / 2**20, ".1f")),
            "gzip": say(decimal(total["gzip"] / 2**20, ".1f")),
            "brotli": say(decimal(total["brotli"] / 2**20, ".1f")),
        }
    )
