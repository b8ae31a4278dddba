"""Every refusal leaves in the envelope of the API its path belongs to, whoever raised it."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from talenttui.server.errors import ApiError
from talenttui.server.web.envelopes import render_error
from talenttui.server.web.validation import describe_errors

_HTTP_CODES = {404: "RESOURCE_NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def error_response(request: Request, err: ApiError) -> Response:
    return Response(
        render_error(request.url.path, err).model_dump_json(),
        status_code=err.status,
        headers=err.headers,
        media_type="application/json",
    )


async def _on_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request, exc)


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(request, describe_errors(exc.errors()))


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
    return error_response(request, ApiError(exc.status_code, code, str(exc.detail)))


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
