"""Who may change state: the bearer of the service's admin token.

Every route that changes state depends on ``require_admin`` (``ADMIN`` in a route's
``dependencies``); reads, the health probes and ``/metrics`` stay open. The token is the
``admin_token`` setting (``core.config``: a variable or the pod's Secret file), compared in
constant time. With no token configured, writes are open: that is for a laptop only, and
deployed environments set ``require_admin_token`` so such a pod refuses to start.
"""

import hmac

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from starlette.requests import HTTPConnection

from .errors import problem

# Declares the scheme in the OpenAPI document (clients and schemathesis see which routes need
# it); the check itself is ``require_admin``, which also serves WebSocket handshakes.
_scheme = HTTPBearer(auto_error=False, description="the service's admin token")


def is_admin(connection: HTTPConnection) -> bool:
    """True when the request carries the admin token, or when none is configured."""
    expected = connection.app.state.settings.admin_token.get_secret_value()
    if not expected:
        return True
    scheme, _, given = connection.headers.get("authorization", "").partition(" ")
    # compare_digest takes as long whatever the first differing byte: no timing oracle.
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), expected.encode())


def require_admin(connection: HTTPConnection) -> None:
    """401 unless ``is_admin``: use as a dependency, or call it with the request."""
    if not is_admin(connection):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "admin token required", {"WWW-Authenticate": "Bearer"}
        )


# dependencies=ADMIN on a route: the scheme in its OpenAPI entry, then the check.
ADMIN = [Depends(_scheme), Depends(require_admin)]


UNAUTHORIZED = problem("Admin bearer token missing or wrong")


def document_admin(router: APIRouter) -> None:
    """Every route of ``router`` that depends on ``require_admin`` documents its 401 (call
    before including it): the OpenAPI document then says what an anonymous write gets."""
    for route in router.routes:
        if isinstance(route, APIRoute) and any(
            d.call is require_admin for d in route.dependant.dependencies
        ):
            route.responses.setdefault(status.HTTP_401_UNAUTHORIZED, UNAUTHORIZED)
