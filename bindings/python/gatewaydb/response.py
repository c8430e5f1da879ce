"""The outcome of one call, copied out of the library's response handle."""

from __future__ import annotations

import ctypes
import json
from dataclasses import dataclass, field
from typing import Any

from . import _ffi

_lib = _ffi.lib


@dataclass(frozen=True)
class Response:
    """An HTTP response of the Gateways API, as a frontend would send it.

    Attributes:
        status: the HTTP status code, such as 200 or 404.
        headers: ``(name, value)`` pairs in the order the store gave them:
            ``Content-Type`` when there is a body, ``Link`` on a list page
            with neighbours, ``Allow`` on a 405.
        body: the compact JSON body; empty for 204.
        code: the name of the C result code: ``"ok"``, an API error code
            such as ``"invalid_request"``, or ``"invalid_argument"`` when the
            bindings broke the header's rules (the body then has code
            ``unknown_error``).
        next_offset: for a list, the id to pass as ``offset`` for the next
            page, or None when no matching item follows.
        prev_offset: for a list, the id to pass as ``offset`` with
            ``prev=True`` for the previous page, or None.
        token_value: the secret of a setup token on a create or token-value
            response, else None. It is left out of ``repr()``.
    """

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    code: str
    next_offset: str | None = None
    prev_offset: str | None = None
    # Kept out of repr so that the secret does not reach logs by accident.
    token_value: str | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the status is below 400."""
        return self.status < 400

    def header(self, name: str) -> str | None:
        """Return the first header called ``name`` (any case), or None."""
        wanted = name.lower()
        for header_name, value in self.headers:
            if header_name.lower() == wanted:
                return value
        return None

    def json(self) -> Any:
        """Parse the body as JSON; None for an empty body."""
        if not self.body:
            return None
        return json.loads(self.body)


def _copy_body(handle: _ffi.ResponseHandle) -> bytes:
    length = ctypes.c_size_t(0)
    address = _lib.gwdb_response_body(handle, ctypes.byref(length))
    if not address or length.value == 0:
        return b""
    return ctypes.string_at(address, length.value)


def _copy_headers(handle: _ffi.ResponseHandle) -> list[tuple[str, str]]:
    headers = []
    for index in range(_lib.gwdb_response_header_count(handle)):
        name = ctypes.c_char_p()
        value = ctypes.c_char_p()
        _lib.gwdb_response_header(
            handle, index, ctypes.byref(name), ctypes.byref(value)
        )
        headers.append(
            (
                (name.value or b"").decode("latin-1"),
                (value.value or b"").decode("latin-1"),
            )
        )
    return headers


def copy_response(
    handle: _ffi.ResponseHandle, *, with_headers: bool = True
) -> tuple[int, Response]:
    """Copy everything out of a live response handle.

    Returns the C result code and the Response. The caller still owns
    ``handle`` and must free it. ``with_headers=False`` skips the header
    list, which the typed calls do not need.
    """
    result_code = _lib.gwdb_response_code(handle)
    response = Response(
        status=_lib.gwdb_response_http_status(handle),
        headers=_copy_headers(handle) if with_headers else [],
        body=_copy_body(handle),
        code=_lib.gwdb_code_name(result_code),
        next_offset=_lib.gwdb_response_next_offset(handle),
        prev_offset=_lib.gwdb_response_prev_offset(handle),
        token_value=_lib.gwdb_response_token_value(handle),
    )
    return result_code, response
