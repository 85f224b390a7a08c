"""``stancemap serve``: the web app over a store, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from stancemap.cli.common import DB_HELP, console, styled, user_errors
from stancemap.store.connect import mask_url


def serve(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but loopback needs a token for changes.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option("--token", envvar="STANCEMAP_TOKEN",
                                              help="Access token every change must present (generated and printed when "
                                                   "--host is not loopback and none is given).")] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="Name recorded on every review decision made "
                                                 "through this server (default: your login name).")] = None,
) -> None:
    """Serve the web app: documents with highlighted statements, the review queue, actors, issues and the network."""
    import uvicorn

    from stancemap.web import create_app
    from stancemap.web.security import is_loopback, loopback_hosts, new_token

    loopback = is_loopback(host)
    if not loopback and not token:
        token = new_token()
        console.print(styled("[bold]Access token[/] for changes (reviewing): {}", token), highlight=False, markup=True)
    with user_errors():
        app = create_app(db, token=token, person=reviewer, allowed_hosts=loopback_hosts(host) if loopback else None)
    shown = f"[{host}]" if ":" in host else host
    name = mask_url(db) if db else "stancemap.db"
    console.print(f"Serving {name} on http://{shown}:{port}/  (JSON: add .json to any page; Ctrl+C stops)",
                  highlight=False)
    if token:
        console.print(f"Sign in at http://{shown}:{port}/login with the token to review.", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="info")
