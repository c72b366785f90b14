"""``sitecare serve``: run the web app and the JSON API."""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sitecare.cli.common import DatabaseUrl, err, handle_errors
from sitecare.cli.words import _

if TYPE_CHECKING:
    from sitecare.config import Settings


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8765,
    database_url: DatabaseUrl = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes (server mode on PostgreSQL; they share nothing but the "
            "database, so more instances behind a proxy scale out too).",
            min=1,
            max=256,
        ),
    ] = 1,
    pocket: Annotated[
        Path | None,
        typer.Option(
            "--pocket",
            help="Serve this pocket build (sitecare pocket build DIR) at /pocket/. Without it, "
            "pocket is built into your cache folder the first time /pocket/ is opened.",
            exists=True,
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Run the web app (open http://127.0.0.1:8765 in a browser) and the API under /api/v1."""
    import uvicorn

    from sitecare.config import pass_to_workers

    settings = _settings(database_url, host, pocket)
    server, locked, sqlite = _mode(settings, host, workers)
    if workers > 1 and sqlite:
        err.print(
            "[bold yellow]"
            + _("Note:")
            + "[/] "
            + _("several workers share one SQLite file; for a program server use PostgreSQL.")
        )
    _note_cheap_hashes(settings)
    pass_to_workers(settings)
    _say_where(host, port, server=server, locked=locked)
    uvicorn.run(
        "sitecare.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


def _settings(database_url: str | None, host: str, pocket: Path | None) -> Settings:
    """The settings to serve with: the pocket build given, and the host name started on."""
    from sitecare.config import Settings
    from sitecare.domain.errors import InvalidInput

    settings = Settings.from_env(database_url=database_url)
    if pocket is not None:
        if not (pocket / "pocket.json").is_file():
            raise InvalidInput(
                _("%(folder)s is not a pocket build (no pocket.json).") % {"folder": pocket},
                field="pocket",
                hint=_("Build it first: %(command)s")
                % {"command": f"sitecare pocket build {pocket}"},
            )
        settings = replace(settings, pocket_dir=pocket.resolve())
    if not _is_address_or_local(host) and host not in settings.allowed_hosts:
        # answer for the name we were started on (the host guard refuses foreign names)
        settings = replace(settings, allowed_hosts=(*settings.allowed_hosts, host))
    return settings


def _mode(settings: Settings, host: str, workers: int) -> tuple[bool, bool, bool]:
    """(server mode, locked with a passphrase, on SQLite); refuses what cannot be served."""
    from sitecare.config import server_secret
    from sitecare.domain.errors import InvalidInput
    from sitecare.services.accounts import Accounts
    from sitecare.services.database import open_database
    from sitecare.services.passphrase import is_locked

    locked = is_locked(settings)
    if locked and workers > 1:
        raise InvalidInput(
            _("A database locked with a passphrase is served by one worker (--workers 1)."),
            field="workers",
        )
    db = open_database(settings)
    if locked:
        server = settings.mode == "server"  # a locked database is a personal one
    else:
        db.ensure_schema()  # fail now, in plain words, rather than on the first page
        server = settings.mode == "server" or (settings.mode == "auto" and Accounts(db).has_users())
    db.dispose()
    if server:
        server_secret(settings)  # refuse to start a program server without its secret
    elif not _is_loopback(host) and not locked:
        raise InvalidInput(
            _("Personal mode has no sign-in, so it listens on this machine only, not on %(host)s.")
            % {"host": host},
            field="host",
            hint=_(
                "To reach it from your phone over the network, lock the database with a "
                "passphrase first (sitecare passphrase set): then every browser must unlock it. "
                "Or leave out --host."
            ),
        )
    return server, locked, db.is_sqlite


def _say_where(host: str, port: int, *, server: bool, locked: bool) -> None:
    if not _is_loopback(host):
        err.print(
            "[bold yellow]"
            + _("Note:")
            + "[/] "
            + _("other devices on your network can reach this sitecare.")
            + " "
            + (
                _("Program users sign in; serve it over HTTPS (a reverse proxy).")
                if server
                else _("Every browser must unlock it with the passphrase.")
            )
        )
    mode = _("server mode: sign in at /signin") if server else _("personal mode")
    if locked and not server:
        mode = _("personal mode, locked: unlock it in the browser")
    url = f"http://{host}:{port}"
    err.print(
        _("sitecare is running at %(url)s  (%(mode)s; Ctrl+C to stop)") % {"url": url, "mode": mode}
    )
    err.print(_("Pocket, the offline phone app: %(url)s") % {"url": f"{url}/pocket/"})


def _note_cheap_hashes(settings: Settings) -> None:
    from sitecare.config import ENV_HASH_COST, FULL_HASH_COST

    if settings.hash_cost != FULL_HASH_COST:
        said = _(
            "%(setting)s makes passwords cheap to guess: it is for the test suite only, never for "
            "real people's data."
        )
        err.print("[bold yellow]" + _("Note:") + "[/] " + said % {"setting": ENV_HASH_COST})


def _is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: only this machine can connect."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_address_or_local(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost"
    return True
