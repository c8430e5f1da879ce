"""ctypes declarations of the libgatewaydb C ABI.

Every C function the package calls is declared here with its ``argtypes``,
``restype`` and ``errcheck``; nothing else in the package touches the
``CDLL`` object directly. The struct layouts mirror
``include/gatewaydb/gatewaydb.h`` field for field.

ctypes releases the GIL for the duration of each foreign call made through
a ``CDLL``, so threads sharing one store run their calls in parallel.
"""

from __future__ import annotations

import ctypes
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_int,
    c_int64,
    c_size_t,
    c_uint8,
    c_uint32,
    c_uint64,
    c_void_p,
)
from typing import Any, Callable

from . import _library

SUPPORTED_MAJOR_VERSION = 1

# Result codes of the C ABI (gwdb_code); the values never change.
OK = 0
INVALID_REQUEST = 1
AUTHENTICATION_ERROR = 2
RESOURCE_DOES_NOT_EXIST = 3
RESOURCE_ALREADY_EXISTS = 4
UNSUPPORTED_METHOD = 5
SERVICE_OFFLINE = 6
UNKNOWN_ERROR = 7
INVALID_ARGUMENT = 8
KNOWN_CODES = range(OK, INVALID_ARGUMENT + 1)

# Log levels (gwdb_log_level).
LOG_ERROR = 0
LOG_WARNING = 1
LOG_INFO = 2


class FfiError(RuntimeError):
    """Raised when the library breaks its own header's promises."""


# Opaque handles: distinct types so that one kind cannot be passed where
# another is expected, and so that ctypes does not turn them into ints.
class DbHandle(c_void_p):
    """Opaque ``gwdb_db *``: an open store."""


class ResponseHandle(c_void_p):
    """Opaque ``gwdb_response *``: the outcome of one call."""


class LibraryString(c_void_p):
    """A ``char *`` allocated by the library; release with string_free."""


CLOCK_FN = CFUNCTYPE(c_int64, c_void_p)
RANDOM_FN = CFUNCTYPE(c_int, c_void_p, POINTER(c_uint8), c_size_t)
LOG_FN = CFUNCTYPE(None, c_void_p, c_int, c_char_p)
VIOLATION_FN = CFUNCTYPE(None, c_void_p, c_char_p)


class Options(Structure):
    """``gwdb_options``."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("map_size_max", c_uint64),
        ("max_readers", c_uint32),
        ("read_only", c_int),
        ("tombstone_retention_us", c_int64),
        ("status_staleness_us", c_int64),
        ("clock", CLOCK_FN),
        ("clock_context", c_void_p),
        ("random", RANDOM_FN),
        ("random_context", c_void_p),
        ("log", LOG_FN),
        ("log_context", c_void_p),
        ("no_sync", c_int),
    ]


class Label(Structure):
    """``gwdb_label``."""

    _fields_ = [("key", c_char_p), ("value", c_char_p)]


class ListQuery(Structure):
    """``gwdb_list_query``."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("offset", c_char_p),
        ("count", c_uint32),
        ("descending", c_int),
        ("prev", c_int),
        ("contains", c_char_p),
        ("status", c_char_p),
    ]


class TokenSpec(Structure):
    """``gwdb_token_spec``."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("description", c_char_p),
        ("labels", POINTER(Label)),
        ("label_count", c_size_t),
    ]


class Registration(Structure):
    """``gwdb_registration``."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("token", c_char_p),
        ("name", c_char_p),
        ("description", c_char_p),
        ("access_address", c_char_p),
        ("default_address", c_char_p),
        ("cloud_provider", c_char_p),
    ]


class GatewayChanges(Structure):
    """``gwdb_gateway_changes``."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("name", c_char_p),
        ("labels", POINTER(Label)),
        ("label_count", c_size_t),
        ("set_description", c_int),
        ("description", c_char_p),
        ("set_refuse_connections", c_int),
        ("refuse_connections", c_int),
    ]


class StatusReport(Structure):
    """``gwdb_status_report``."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("online", c_int),
        ("active_connections", c_uint64),
        ("total_storage_bytes", c_uint64),
        ("used_storage_bytes", c_uint64),
    ]


class TeamStats(Structure):
    """``gwdb_team_stats``."""

    _fields_ = [
        ("team", c_char_p),
        ("setup_tokens", c_uint64),
        ("gateways", c_uint64),
        ("tombstones", c_uint64),
    ]


class StoreStats(Structure):
    """``gwdb_store_stats``."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("teams", c_uint64),
        ("setup_tokens", c_uint64),
        ("gateways", c_uint64),
        ("status_reports", c_uint64),
        ("tombstones", c_uint64),
        ("file_bytes", c_uint64),
        ("used_bytes", c_uint64),
        ("map_size_max", c_uint64),
        ("format_version", c_uint32),
    ]


TEAM_STATS_FN = CFUNCTYPE(c_int, c_void_p, POINTER(TeamStats))


# --- errcheck functions -----------------------------------------------------
Arguments = tuple[Any, ...]

# Each receives (result, function, arguments) and returns the value that the
# Python caller gets from the call.


def _check_nothing(result: None, function: Any, arguments: Arguments) -> None:
    """Accept a void function's result: there is nothing to check."""
    return None


def _check_result_code(
    result: int, function: Any, arguments: Arguments
) -> int:
    """Return a gwdb_code, rejecting values the header does not define."""
    if result not in KNOWN_CODES:
        raise FfiError(f"{function.__name__} returned unknown code {result}")
    return result


def _check_success(result: int, function: Any, arguments: Arguments) -> int:
    """Raise unless a call without a response returned GWDB_OK."""
    if result != OK:
        raise FfiError(f"{function.__name__} failed with code {result}")
    return result


def _check_version_number(
    result: int, function: Any, arguments: Arguments
) -> int:
    if result <= 0:
        raise FfiError(f"gwdb_version_number returned {result}")
    return result


def _check_http_status(
    result: int, function: Any, arguments: Arguments
) -> int:
    if not 100 <= result <= 599:
        raise FfiError(f"{function.__name__} returned HTTP status {result}")
    return result


def _check_size(result: int, function: Any, arguments: Arguments) -> int:
    return int(result)


def _decode_required(
    result: bytes | None, function: Any, arguments: Arguments
) -> str:
    """Decode a ``const char *`` that the header promises is never NULL."""
    if result is None:
        raise FfiError(f"{function.__name__} returned NULL")
    return result.decode("utf-8")


def _decode_optional(
    result: bytes | None, function: Any, arguments: Arguments
) -> str | None:
    """Decode a ``const char *`` that may be NULL."""
    return None if result is None else result.decode("utf-8")


def _check_pointer(
    result: int | None, function: Any, arguments: Arguments
) -> int | None:
    """Return a raw address (None for NULL) to be read with string_at."""
    return result


# --- declarations -----------------------------------------------------------

_Declaration = tuple[str, list[Any], Any, Callable[..., Any]]

_RESPONSE_OUT = POINTER(ResponseHandle)

_DECLARATIONS: list[_Declaration] = [
    ("gwdb_version", [], c_char_p, _decode_required),
    ("gwdb_code_name", [c_int], c_char_p, _decode_required),
    ("gwdb_string_free", [LibraryString], None, _check_nothing),
    ("gwdb_options_init", [POINTER(Options)], None, _check_nothing),
    (
        "gwdb_open",
        [
            c_char_p,
            POINTER(Options),
            POINTER(DbHandle),
            POINTER(LibraryString),
        ],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_sync",
        [DbHandle, POINTER(LibraryString)],
        c_int,
        _check_result_code,
    ),
    ("gwdb_close", [DbHandle], None, _check_nothing),
    ("gwdb_response_free", [ResponseHandle], None, _check_nothing),
    ("gwdb_response_code", [ResponseHandle], c_int, _check_result_code),
    ("gwdb_response_http_status", [ResponseHandle], c_int, _check_http_status),
    (
        "gwdb_response_body",
        [ResponseHandle, POINTER(c_size_t)],
        c_void_p,
        _check_pointer,
    ),
    (
        "gwdb_response_body_msgpack",
        [ResponseHandle, POINTER(c_size_t)],
        c_void_p,
        _check_pointer,
    ),
    ("gwdb_response_message", [ResponseHandle], c_char_p, _decode_required),
    ("gwdb_response_header_count", [ResponseHandle], c_size_t, _check_size),
    (
        "gwdb_response_header",
        [ResponseHandle, c_size_t, POINTER(c_char_p), POINTER(c_char_p)],
        c_int,
        _check_success,
    ),
    (
        "gwdb_response_header_value",
        [ResponseHandle, c_char_p],
        c_char_p,
        _decode_optional,
    ),
    (
        "gwdb_response_next_offset",
        [ResponseHandle],
        c_char_p,
        _decode_optional,
    ),
    (
        "gwdb_response_prev_offset",
        [ResponseHandle],
        c_char_p,
        _decode_optional,
    ),
    ("gwdb_response_item_count", [ResponseHandle], c_size_t, _check_size),
    (
        "gwdb_response_token_value",
        [ResponseHandle],
        c_char_p,
        _decode_optional,
    ),
    (
        "gwdb_request",
        [DbHandle, c_char_p, c_char_p, c_char_p, c_size_t, _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    ("gwdb_list_query_init", [POINTER(ListQuery)], None, _check_nothing),
    ("gwdb_token_spec_init", [POINTER(TokenSpec)], None, _check_nothing),
    (
        "gwdb_token_create",
        [DbHandle, c_char_p, POINTER(TokenSpec), _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_token_get",
        [DbHandle, c_char_p, c_char_p, _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_token_delete",
        [DbHandle, c_char_p, c_char_p, _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_token_value",
        [DbHandle, c_char_p, c_char_p, _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_token_list",
        [DbHandle, c_char_p, POINTER(ListQuery), _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    ("gwdb_registration_init", [POINTER(Registration)], None, _check_nothing),
    (
        "gwdb_gateway_register",
        [DbHandle, POINTER(Registration), _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_gateway_get",
        [DbHandle, c_char_p, c_char_p, _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_gateway_changes_init",
        [POINTER(GatewayChanges)],
        None,
        _check_nothing,
    ),
    (
        "gwdb_gateway_update",
        [DbHandle, c_char_p, c_char_p, POINTER(GatewayChanges), _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_gateway_delete",
        [DbHandle, c_char_p, c_char_p, _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_gateway_list",
        [DbHandle, c_char_p, POINTER(ListQuery), _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    ("gwdb_status_report_init", [POINTER(StatusReport)], None, _check_nothing),
    (
        "gwdb_gateway_report_status",
        [DbHandle, c_char_p, c_char_p, POINTER(StatusReport), _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_gateway_status",
        [DbHandle, c_char_p, c_char_p, _RESPONSE_OUT],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_stats",
        [
            DbHandle,
            POINTER(StoreStats),
            TEAM_STATS_FN,
            c_void_p,
            POINTER(LibraryString),
        ],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_check",
        [
            DbHandle,
            VIOLATION_FN,
            c_void_p,
            POINTER(c_uint64),
            POINTER(LibraryString),
        ],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_check_path",
        [
            c_char_p,
            VIOLATION_FN,
            c_void_p,
            POINTER(c_uint64),
            POINTER(LibraryString),
        ],
        c_int,
        _check_result_code,
    ),
    (
        "gwdb_compact",
        [DbHandle, c_char_p, POINTER(LibraryString)],
        c_int,
        _check_result_code,
    ),
]

# Functions that libraries built before their addition to the header lack.
# Such a library still loads, and only the methods that need them fail.
OPTIONAL_FUNCTIONS = frozenset(
    {
        "gwdb_check",
        "gwdb_check_path",
        "gwdb_compact",
        "gwdb_response_body_msgpack",
    }
)


def has_function(name: str) -> bool:
    """Return whether the loaded library exports the C function ``name``."""
    return hasattr(lib, name)


def _declare(library: ctypes.CDLL, path: str) -> None:
    for name, argtypes, restype, errcheck in _DECLARATIONS:
        try:
            function = getattr(library, name)
        except AttributeError:
            if name in OPTIONAL_FUNCTIONS:
                continue
            raise _library.LibraryError(
                f"the library has no function {name}; it is older than "
                "these bindings, so rebuild or reinstall libgatewaydb"
            ) from None
        function.argtypes = argtypes
        function.restype = restype
        function.errcheck = errcheck


def _accept(library: ctypes.CDLL, path: str) -> None:
    """Check the version of a candidate library, then declare its functions."""
    try:
        version_number = library.gwdb_version_number
    except AttributeError:
        raise _library.LibraryError(
            "not a gatewaydb library: gwdb_version_number is missing"
        ) from None
    version_number.argtypes = []
    version_number.restype = c_int
    checker: Callable[..., Any] = _check_version_number
    version_number.errcheck = checker

    number = version_number()
    major = number // 1_000_000
    if major != SUPPORTED_MAJOR_VERSION:
        found = f"{major}.{number // 1000 % 1000}.{number % 1000}"
        raise _library.LibraryError(
            f"library version {found} is not supported; these bindings "
            f"need major version {SUPPORTED_MAJOR_VERSION}"
        )
    _declare(library, path)


lib, library_path = _library.load(_accept)
