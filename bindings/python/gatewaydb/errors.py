"""Exceptions raised by the typed calls, one class per API error code."""

from __future__ import annotations

import json
from typing import Any

from . import _ffi


class Error(Exception):
    """Base class of every error the store reports.

    Attributes:
        code: the API's error code, such as ``"invalid_request"``.
        http_status: the HTTP status a frontend would send for it.
        message: the store's message, naming the offending value and rule.
        errors: the fields or parameters at fault, as dicts with ``path`` and
            ``message`` keys; empty when no single field is to blame.
    """

    code: str = "unknown_error"
    http_status: int = 500

    def __init__(
        self, message: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[dict[str, str]] = list(errors or [])

    def __str__(self) -> str:
        # A single field error usually repeats the top message word for
        # word, so only the errors that add something are listed.
        details = "; ".join(
            f"{e['path']}: {e['message']}"
            for e in self.errors
            if e["message"] != self.message
        )
        return f"{self.message} ({details})" if details else self.message


class InvalidRequest(Error):
    """A path parameter, query parameter or body field broke a rule (400)."""

    code = "invalid_request"
    http_status = 400


class AuthenticationError(Error):
    """A registration presented a setup token that does not exist (401)."""

    code = "authentication_error"
    http_status = 401


class NotFound(Error):
    """No record with that id in that team, or no such route (404)."""

    code = "resource_does_not_exist"
    http_status = 404


class UnsupportedMethod(Error):
    """A known path was requested with another HTTP method (405)."""

    code = "unsupported_method"
    http_status = 405


class AlreadyExists(Error):
    """A create collided with an existing id (409)."""

    code = "resource_already_exists"
    http_status = 409


class ServiceOffline(Error):
    """The store cannot take the write: full, or opened read-only (503)."""

    code = "service_offline"
    http_status = 503


class UnknownError(Error):
    """Any other failure (500), including a record that failed its check.

    The C ABI reports a corrupt record with this same code, so ``Corruption``
    is another name for this class rather than a subclass.
    """

    code = "unknown_error"
    http_status = 500


Corruption = UnknownError


class InvalidArgument(UnknownError):
    """The library rejected a call that broke its header's rules (500).

    Seeing it means a bug in these bindings, not in the caller's data.
    """

    code = "invalid_argument"


_CLASS_BY_RESULT_CODE: dict[int, type[Error]] = {
    _ffi.INVALID_REQUEST: InvalidRequest,
    _ffi.AUTHENTICATION_ERROR: AuthenticationError,
    _ffi.RESOURCE_DOES_NOT_EXIST: NotFound,
    _ffi.RESOURCE_ALREADY_EXISTS: AlreadyExists,
    _ffi.UNSUPPORTED_METHOD: UnsupportedMethod,
    _ffi.SERVICE_OFFLINE: ServiceOffline,
    _ffi.UNKNOWN_ERROR: UnknownError,
    _ffi.INVALID_ARGUMENT: InvalidArgument,
}


def error_class(result_code: int) -> type[Error]:
    """Return the exception class for a non-zero C result code."""
    return _CLASS_BY_RESULT_CODE.get(result_code, UnknownError)


def error_from_body(result_code: int, body: bytes, fallback: str) -> Error:
    """Build the exception for a failed call from its JSON error body.

    ``fallback`` is the message to use when the body is not an error object.
    """
    message = fallback
    errors: list[dict[str, str]] = []
    try:
        document: Any = json.loads(body)
    except ValueError:
        document = None
    if isinstance(document, dict):
        message = str(document.get("message", fallback))
        listed = document.get("errors")
        if isinstance(listed, list):
            errors = [item for item in listed if isinstance(item, dict)]
    return error_class(result_code)(message, errors)
