"""``sitecare serve``: run the web app and the JSON API."""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from typing import Annotated

import typer

from sitecare.cli.common import DatabaseUrl, err, handle_errors


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
) -> None:
    """Run the web app (open http://127.0.0.1:8765 in a browser) and the API under /api/v1."""
    import uvicorn

    from sitecare.config import Settings, pass_to_workers, server_secret
    from sitecare.services.accounts import Accounts
    from sitecare.services.app import open_database

    settings = Settings.from_env(database_url=database_url)
    if not _is_address_or_local(host) and host not in settings.allowed_hosts:
        # answer for the name we were started on (the host guard refuses foreign names)
        settings = replace(settings, allowed_hosts=(*settings.allowed_hosts, host))
    db = open_database(settings)
    db.ensure_schema()  # fail now, in plain words, rather than on the first page
    server = settings.mode == "server" or (settings.mode == "auto" and Accounts(db).has_users())
    db.dispose()
    if server:
        server_secret(settings)  # refuse to start a program server without its secret
    if workers > 1 and db.is_sqlite:
        err.print(
            "[bold yellow]Note:[/] several workers share one SQLite file; "
            "for a program server use PostgreSQL."
        )
    pass_to_workers(settings)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            "[bold yellow]Note:[/] other devices on your network can reach this sitecare. "
            + (
                "Program users sign in; serve it over HTTPS (a reverse proxy)."
                if server
                else "Personal mode has no sign-in."
            )
        )
    mode = "server mode: sign in at /signin" if server else "personal mode"
    err.print(f"sitecare is running at http://{host}:{port}  ({mode}; Ctrl+C to stop)")
    uvicorn.run(
        "sitecare.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


def _is_address_or_local(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost"
    return True
