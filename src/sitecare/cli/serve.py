"""``sitecare serve``: run the web app and the JSON API."""

from __future__ import annotations

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
) -> None:
    """Run the web app (open http://127.0.0.1:8765 in a browser) and the API under /api/v1."""
    import uvicorn

    from sitecare.config import Settings, pass_to_workers
    from sitecare.services.app import open_database

    settings = Settings.from_env(database_url=database_url)
    db = open_database(settings)
    db.ensure_schema()  # fail now, in plain words, rather than on the first page
    db.dispose()
    pass_to_workers(settings)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            "[bold yellow]Note:[/] other devices on your network can reach this sitecare. "
            "Personal mode has no sign-in."
        )
    err.print(f"sitecare is running at http://{host}:{port}  (Ctrl+C to stop)")
    uvicorn.run(
        "sitecare.web.app:app_from_env", factory=True, host=host, port=port, log_level="warning"
    )
