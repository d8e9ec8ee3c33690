"""Error answers the OpenAPI document promises: FastAPI's defaults, with two gaps closed.

- A request body that is not UTF-8 makes FastAPI answer 400 "There was an error parsing the
  body", a status no route documents; it is the same client error as malformed JSON, so it
  answers FastAPI's documented 422 ``json_invalid`` instead.
- A 405 lists in ``Allow`` only the methods of the first route whose path matched; a path
  served by several routes (``GET`` and ``POST /v1/devices``) must list them all.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match


class Problem(BaseModel):
    """The body of every 4xx/5xx this service answers itself (``HTTPException``)."""

    detail: str


def unprocessable(message: str, value: Any, field: str | None = None) -> RequestValidationError:
    """A 422 for a rule the schema cannot state (a building with too few readings, a zone too
    small for the model), raised in the shape the document gives every 422 (FastAPI's
    ``HTTPValidationError``: a list of errors), so a client parses one shape. ``field``: the body
    field the rule is about, if one."""
    loc = ("body", field) if field else ("body",)
    error = {"type": "value_error", "loc": loc, "msg": message, "input": value}
    return RequestValidationError([error])


def problem(description: str) -> dict[str, Any]:
    """A ``responses=`` entry: ``{status: problem("why")}``. The schema is inline, not
    ``model=``: FastAPI would list a model under the route's media type, and an HTML route's
    errors are JSON all the same."""
    return {
        "description": description,
        "content": {"application/json": {"schema": Problem.model_json_schema()}},
    }


METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")
# FastAPI's own wording (fastapi.routing) when reading the body fails other than as JSON.
UNPARSABLE_BODY = "There was an error parsing the body"


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this request's path: asks the router, per method,
    which route would take the request."""
    allowed = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.detail == UNPARSABLE_BODY:
        error = {"type": "json_invalid", "loc": ("body",), "msg": "body is not UTF-8 JSON"}
        invalid = RequestValidationError([{**error, "input": {}}])
        return await request_validation_exception_handler(request, invalid)
    if exc.status_code == 405:
        allowed = ", ".join(allowed_methods(request))
        exc = HTTPException(405, exc.detail, {**(exc.headers or {}), "Allow": allowed})
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
