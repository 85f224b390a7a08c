"""Who may write: the access token, CSRF protection, and the headers every response carries.

Rules
-----
- Reading is open to whoever can reach the server (bound to 127.0.0.1 by default).
- Every write (POST) needs a CSRF token tied to the browser's session cookie
  (form field ``csrf_token`` or header ``X-CSRF-Token``), unless the request
  carries the access token in an ``Authorization: Bearer`` header (API
  clients; browsers never add that header by themselves).
- When the app has an access token (``stancemap serve --token``, or the one
  generated when bound to another address than loopback), every write also
  needs it: the ``Authorization`` header, or the ``stancemap_token`` cookie
  set by ``/login``.
- A write whose ``Origin`` names another host than the request's is refused.
- A reviewer names themself once per browser (``POST /reviewer`` or the name
  field of ``/login``): the name travels in a cookie signed with the server's
  key, so an edited or forged cookie is ignored; an API client holding the
  access token names itself with an ``X-Reviewer`` header. Without either,
  decisions are recorded under the server's ``--reviewer``
  (:func:`reviewer_of`).
- Every response carries a Content-Security-Policy that allows scripts only
  from this server's ``/static/`` files: an article's text can never run.
- A query or path parameter holding a NUL character, or an id or page number
  beyond :data:`MAX_INT`, is a 400 on every database (:func:`check_parameters`):
  neither reaches SQL, where SQLite would overflow and PostgreSQL refuse NUL.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import re
import secrets
import typing
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

SESSION_COOKIE = "stancemap_session"
TOKEN_COOKIE = "stancemap_token"
REVIEWER_COOKIE = "stancemap_reviewer"
REVIEWER_HEADER = "x-reviewer"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

#: The longest reviewer name recorded (``person:<name>`` is stored with every decision).
REVIEWER_NAME_MAX = 80

#: The one ``<style>`` element cytoscape.js 3.34.4 injects (its hash; the CSP allows nothing else inline).
CYTOSCAPE_STYLE = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='"

CSP = (
    f"default-src 'self'; script-src 'self'; style-src 'self' {CYTOSCAPE_STYLE}; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


#: Host headers always accepted when the server is bound to loopback.
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost``.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback_hosts(host: str) -> list[str]:
    """The Host headers a server bound to the loopback address ``host`` answers to.

    The usual loopback names, plus ``host`` itself (any 127.0.0.0/8 address or ``::1``,
    with and without brackets), so that DNS rebinding stays refused.

    >>> loopback_hosts("127.0.0.2")
    ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']
    """
    hosts = list(LOOPBACK_HOSTS)
    bare = host.strip("[]").lower()
    try:
        bare = str(ipaddress.ip_address(bare))
    except ValueError:
        pass
    for name in (bare, f"[{bare}]" if ":" in bare else bare):
        if name not in hosts:
            hosts.append(name)
    return hosts


#: The largest id or page number a request may name: ids are 32-bit INTEGER columns on PostgreSQL
#: (SQLite's are 64-bit), and a page times its size stays far below SQLite's 64-bit limit.
MAX_INT = 2**31 - 1

_INTEGER = re.compile(r"\s*[+-]?\d+\s*")


def _declared_ints(request: Request) -> set[str]:
    """The names of the route's path and query parameters declared as integers."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return set()
    names = set()
    for param in (*dependant.path_params, *dependant.query_params):
        annotation = param.field_info.annotation
        if annotation is int or int in typing.get_args(annotation):
            names.add(param.alias)
    return names


def _too_large(value: str) -> bool:
    digits = value.strip().lstrip("+-")
    return len(digits) > 12 or int(digits) > MAX_INT


async def check_parameters(request: Request) -> None:
    """Refuse (400) a NUL character in any query, path or form parameter, and integers beyond :data:`MAX_INT`.

    Integers are checked in every path parameter (ids, also ``/actors/{id or name}``) and in the
    query parameters the route declares as ``int`` (``page``, ``size``, ``document``); free text
    such as ``q`` may hold any digits.
    """
    ints = _declared_ints(request) | set(request.path_params)
    values = [*request.path_params.items(), *request.query_params.multi_items()]
    if request.method == "POST" and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        values += [(name, value) for name, value in (await request.form()).multi_items() if isinstance(value, str)]
    for name, value in values:
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            raise HTTPException(400, f"Bad request: parameter {name!r} contains a NUL character; remove it.")
        if name in ints and _INTEGER.fullmatch(value) and _too_large(value):
            shown = value.strip()[:24] + ("..." if len(value.strip()) > 24 else "")
            raise HTTPException(
                400, f"Bad request: {name}={shown} is too large; ids and page numbers go up to {MAX_INT:,}."
            )


def reviewer_name(value: str) -> str:
    """A reviewer's name as recorded: spaces collapsed; a 400 that says why when it cannot be recorded.

    >>> reviewer_name("  Ana   Ruiz ")
    'Ana Ruiz'
    """
    name = " ".join(value.split())
    if not name:
        raise HTTPException(400, "Give a name to record your review decisions under (the name field is empty).")
    if len(name) > REVIEWER_NAME_MAX:
        raise HTTPException(400, f"A reviewer name has at most {REVIEWER_NAME_MAX} characters; "
                                 f"this one has {len(name)}. Give a shorter name.")
    if any(not ch.isprintable() for ch in value.strip()):
        raise HTTPException(400, "A reviewer name cannot hold control characters or line breaks; "
                                 "give the name on one line.")
    return name


def reviewer_of(request: Request) -> str:
    """The name a request's decisions are recorded under: its signed name cookie, the ``X-Reviewer`` header of an
    API client holding the token, or else the server's reviewer (``serve --reviewer``)."""
    security: Security = request.app.state.security
    named = security.named_reviewer(request)
    return named if named is not None else str(request.app.state.person)


def new_token() -> str:
    """A fresh random access token (printed by ``stancemap serve``)."""
    return secrets.token_urlsafe(24)


@dataclass
class Security:
    """The app's secrets: an optional access token, and the key CSRF tokens are signed with."""

    token: str | None = None
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @property
    def needs_token(self) -> bool:
        return bool(self.token)

    def csrf_for(self, session: str) -> str:
        """The CSRF token of a session cookie value."""
        return hmac.new(self.key, session.encode("utf-8"), hashlib.sha256).hexdigest()

    def session_of(self, request: Request) -> str | None:
        value = request.cookies.get(SESSION_COOKIE)
        return value if value and 16 <= len(value) <= 128 else None

    def token_ok(self, offered: str | None) -> bool:
        if not self.token or not offered:
            return False
        return hmac.compare_digest(offered.encode("utf-8"), self.token.encode("utf-8"))

    def bearer(self, request: Request) -> str | None:
        value = request.headers.get("authorization", "")
        if value.lower().startswith("bearer "):
            return value[7:].strip()
        return None

    def _signature(self, name: bytes) -> str:
        return hmac.new(self.key, b"reviewer\x00" + name, hashlib.sha256).hexdigest()

    def reviewer_cookie(self, name: str) -> str:
        """The cookie value that names a reviewer: the name (URL-safe base64) and this server's signature of it."""
        raw = name.encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii") + "." + self._signature(raw)

    def named_reviewer(self, request: Request) -> str | None:
        """The reviewer a request names (signed cookie; ``X-Reviewer`` with the bearer token), or None."""
        header = request.headers.get(REVIEWER_HEADER)
        if header is not None and self.token_ok(self.bearer(request)):
            return reviewer_name(header)
        value = request.cookies.get(REVIEWER_COOKIE, "")
        encoded, _, signature = value.partition(".")
        if not encoded or len(value) > 512:
            return None
        try:
            raw = base64.urlsafe_b64decode(encoded.encode("ascii"))
        except (binascii.Error, ValueError):
            return None
        if not hmac.compare_digest(signature, self._signature(raw)):
            return None
        return raw.decode("utf-8", errors="replace")

    def logged_in(self, request: Request) -> bool:
        """Whether the request may write as far as the access token goes."""
        if not self.needs_token:
            return True
        return self.token_ok(self.bearer(request)) or self.token_ok(request.cookies.get(TOKEN_COOKIE))

    async def check_write(self, request: Request) -> None:
        """Raise 403 unless the request may write (token, origin and CSRF rules above)."""
        origin = request.headers.get("origin")
        if origin and origin != "null":
            host = request.headers.get("host", "")
            if urlsplit(origin).netloc.lower() != host.lower():
                raise HTTPException(
                    403, f"Refused: a write from {origin} to {host}; writes come from this site's own pages.")
        bearer = self.bearer(request)
        if bearer is not None and self.token_ok(bearer):
            return  # an API client holding the token: no cookies involved, no CSRF possible
        if bearer is not None:
            raise HTTPException(403, "Refused: the access token in the Authorization header is wrong.")
        if not self.logged_in(request):
            raise HTTPException(
                403,
                "Refused: this server needs its access token for changes. Open /login and enter the token "
                "printed by `stancemap serve`, or send `Authorization: Bearer <token>`.",
            )
        session = self.session_of(request)
        offered = request.headers.get(CSRF_HEADER) or None
        if offered is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            offered = value if isinstance(value, str) else None
        if not session or not offered or not hmac.compare_digest(offered, self.csrf_for(session)):
            raise HTTPException(
                403, "Refused: the form's CSRF token is missing or stale. Reload the page and try again."
            )
