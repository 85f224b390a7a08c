"""The web app: read the evidence, review the machine's work, explore positions and networks.

``create_app(store)`` builds a FastAPI app over one store; every HTML page has a
``.json`` twin with the same data, and ``/openapi.json`` describes the API.
``stancemap serve`` runs it with uvicorn (see :mod:`stancemap.cli.serve`).
"""

from stancemap.web.app import create_app

__all__ = ["create_app"]
