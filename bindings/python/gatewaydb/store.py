"""Opening a store and making calls on it."""

from __future__ import annotations

import ctypes
import math
import os
import threading
from collections.abc import Callable
from datetime import timedelta
from types import TracebackType
from typing import Any, TypeVar

from . import _callbacks, _convert, _ffi
from .errors import error_class, error_from_body
from .gateways import Gateways
from .paging import ListQuery, Page, read_page
from .response import Response, copy_response
from .tokens import Tokens

_lib = _ffi.lib
_Result = TypeVar("_Result")

Duration = int | float | timedelta
INT64_MAX = 2**63 - 1


class _CallGuard:
    """Counts calls in progress so that close() waits for them to finish.

    The C library forbids closing a handle while a call on it runs, and a
    handle must not be used after it is closed.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._active = 0
        self.closed = False

    def __enter__(self) -> None:
        with self._condition:
            if self.closed:
                raise ValueError("operation on a closed store")
            self._active += 1

    def __exit__(self, *exc_info: object) -> None:
        with self._condition:
            self._active -= 1
            if self._active == 0:
                self._condition.notify_all()

    def close(self) -> bool:
        """Mark closed and wait for running calls; False if already closed."""
        with self._condition:
            if self.closed:
                return False
            self.closed = True
            self._condition.wait_for(lambda: self._active == 0)
            return True


def _microseconds(value: Duration, name: str) -> int:
    """Convert a duration in seconds (or a timedelta) to microseconds."""
    if isinstance(value, timedelta):
        microseconds = (
            value.days * 86_400_000_000
            + value.seconds * 1_000_000
            + value.microseconds
        )
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number of seconds")
        microseconds = round(value * 1_000_000)
    else:
        raise TypeError(
            f"{name} must be seconds (int or float) or a timedelta, not "
            f"{type(value).__name__}"
        )
    if not 0 <= microseconds <= INT64_MAX:
        raise ValueError(f"{name} must be between 0 and about 292,000 years")
    return microseconds


def _require(function_name: str, method: str) -> None:
    if not _ffi.has_function(function_name):
        raise NotImplementedError(
            f"{method} needs {function_name}, which the loaded library "
            f"{_ffi.library_path} does not export; rebuild libgatewaydb"
        )


def _unsigned(value: Any, name: str, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be int, not {type(value).__name__}")
    if not 1 <= value <= high:
        raise ValueError(f"{name} must be from 1 to {high}, got {value}")
    return value


class Store:
    """An open gatewaydb store. Create it with ``gatewaydb.open()``.

    A Store may be shared by any number of threads: reads run in parallel,
    writes are serialized by the library. Close it with ``close()`` or a
    ``with`` block. Calls made after ``close()`` raise ValueError, and
    ``close()`` waits for calls already running in other threads.

    Attributes:
        tokens: gateway setup token operations.
        gateways: gateway operations.
        path: the store's directory.
    """

    def __init__(
        self, db: _ffi.DbHandle, path: str, keepalive: list[Any]
    ) -> None:
        """Wrap an open handle; use ``gatewaydb.open()`` instead."""
        self._db = db
        self._guard = _CallGuard()
        # ctypes callback objects must outlive every call that may use them.
        self._keepalive = keepalive
        self.path = path
        self.tokens = Tokens(self)
        self.gateways = Gateways(self)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<gatewaydb.Store {self.path!r} {state}>"

    @property
    def closed(self) -> bool:
        """True once ``close()`` has been called."""
        return self._guard.closed

    def close(self) -> None:
        """Close the store, after waiting for calls running in other threads.

        Closing twice does nothing.
        """
        if self._guard.close():
            _lib.gwdb_close(self._db)
            self._db = _ffi.DbHandle()

    def _call(self, function: Any, *arguments: Any) -> Response:
        """Call a typed C operation and return its Response, raising on error.

        ``function`` is one of the library's ``gwdb_*`` operations. The store
        handle is passed first and the response out-parameter last.
        """
        result_code, response = self._invoke(
            function, arguments, _copy_without_headers
        )
        if result_code != _ffi.OK:
            raise error_from_body(result_code, response.body, response.code)
        return response

    def _list_page(self, function: Any, team: str, query: ListQuery) -> Page:
        """Call a typed list operation and return its page, raising on error.

        ``function`` is ``gwdb_token_list`` or ``gwdb_gateway_list``.
        """

        def read(handle: _ffi.ResponseHandle) -> Page:
            result_code = _lib.gwdb_response_code(handle)
            if result_code != _ffi.OK:
                _, response = copy_response(handle, with_headers=False)
                raise error_from_body(
                    result_code, response.body, response.code
                )
            return read_page(handle)

        return self._invoke(
            function, (_convert.text(team, "team"), query.pointer), read
        )

    def request(
        self, method: str, target: str, body: bytes | str | None = None
    ) -> Response:
        """Serve one HTTP request of the Gateways API.

        ``target`` is the path plus an optional percent-encoded query, such
        as ``"/v1/teams/acme/gateways?count=10"``. ``body`` may hold any
        bytes; a ``str`` is sent as UTF-8. API errors do not raise: they come
        back as a Response with a 4xx or 5xx status. Raises TypeError or
        ValueError only for arguments that cannot be passed to C, and
        ValueError when the store is closed.
        """
        encoded_method = _convert.text(method, "method")
        encoded_target = _convert.text(target, "target")
        encoded_body = _convert.body_bytes(body)
        _, response = self._invoke(
            _lib.gwdb_request,
            (encoded_method, encoded_target, encoded_body, len(encoded_body)),
            copy_response,
        )
        return response

    def sync(self) -> None:
        """Flush every write made so far to disk.

        Needed only for a store opened with ``no_sync=True``; otherwise each
        write is durable when it returns. Raises UnknownError when the flush
        fails.
        """
        result_code, message = self._call_with_error_string(_lib.gwdb_sync)
        if result_code != _ffi.OK:
            raise error_class(result_code)(message or "gwdb_sync failed")

    def check(self) -> list[str]:
        """Verify the whole store and return the violations found.

        Checks every record's checksum and structure and every index against
        the records, in one read snapshot. An empty list means the store is
        clean. Raises UnknownError when LMDB itself fails.
        """
        _require("gwdb_check", "check()")
        violations: list[str] = []
        on_violation = _callbacks.violation_collector(violations)
        count = ctypes.c_uint64(0)
        result_code, message = self._call_with_error_string(
            _lib.gwdb_check, on_violation, None, ctypes.byref(count)
        )
        if result_code != _ffi.OK:
            raise error_class(result_code)(message or "gwdb_check failed")
        return violations

    def compact(self, destination: str | os.PathLike[str]) -> None:
        """Write a compacted copy of the store into a new directory.

        ``destination`` must not exist yet. Raises InvalidRequest when it
        exists or cannot be created, UnknownError when the copy fails.
        """
        _require("gwdb_compact", "compact()")
        encoded = os.fsencode(destination)
        if b"\0" in encoded:
            raise ValueError("destination contains a NUL character")
        result_code, message = self._call_with_error_string(
            _lib.gwdb_compact, encoded
        )
        if result_code != _ffi.OK:
            raise error_class(result_code)(message or "gwdb_compact failed")

    def stats(self) -> dict[str, Any]:
        """Count the store's records in one read transaction.

        Returns the store-wide figures (``teams``, ``setup_tokens``,
        ``gateways``, ``status_reports``, ``tombstones``, ``file_bytes``,
        ``used_bytes``, ``map_size_max``, ``format_version``) plus
        ``per_team``: a list of dicts with ``team``, ``setup_tokens``,
        ``gateways`` and ``tombstones``, in team name order.
        """
        figures = _ffi.StoreStats()
        figures.struct_size = ctypes.sizeof(_ffi.StoreStats)
        collector = _callbacks.TeamStatsCollector()
        result_code, message = self._call_with_error_string(
            _lib.gwdb_stats, ctypes.byref(figures), collector.function, None
        )
        if result_code != _ffi.OK:
            raise error_class(result_code)(message or "gwdb_stats failed")

        result: dict[str, Any] = {
            name: getattr(figures, name)
            for name, _ in _ffi.StoreStats._fields_
            if name != "struct_size"
        }
        result["per_team"] = collector.teams
        return result

    def _call_with_error_string(
        self, function: Any, *arguments: Any
    ) -> tuple[int, str | None]:
        """Call a C function whose last parameter is a ``char **error_out``.

        Returns the result code and the copied message, or None when the
        library gave none. The library's string is always freed.
        """
        error = _ffi.LibraryString()
        with self._guard:
            try:
                result_code = function(
                    self._db, *arguments, ctypes.byref(error)
                )
                message = _callbacks.take_string(error)
            finally:
                _lib.gwdb_string_free(error)
        return result_code, message

    def _invoke(
        self,
        function: Any,
        arguments: tuple[Any, ...],
        read: Callable[[_ffi.ResponseHandle], _Result],
    ) -> _Result:
        """Call ``function`` and return what ``read`` takes from its response.

        The response is freed afterwards, also when ``read`` raises.
        """
        handle = _ffi.ResponseHandle()
        with self._guard:
            try:
                function(self._db, *arguments, ctypes.byref(handle))
                if not handle:
                    raise _ffi.FfiError(
                        f"{function.__name__} returned no response"
                    )
                return read(handle)
            finally:
                _lib.gwdb_response_free(handle)


def _copy_without_headers(
    handle: _ffi.ResponseHandle,
) -> tuple[int, Response]:
    # The typed calls never need the header list.
    return copy_response(handle, with_headers=False)


def check_path(path: str | os.PathLike[str]) -> list[str]:
    """Check the store in directory ``path`` without trusting it first.

    Unlike ``Store.check()``, which needs an open store, this first audits
    the page structure of the data file with plain reads, and only when
    that is clean opens the store read-only and checks every record and
    index. Use it on a store that may be damaged, before ``open()``: LMDB
    trusts the pages it reads. Returns the violations found, empty when the
    store is clean. Do not call it on a store this process has open.
    Raises UnknownError or ServiceOffline when the directory is missing or
    the file cannot be read or opened.
    """
    _require("gwdb_check_path", "check_path()")
    encoded_path = os.fsencode(path)
    if b"\0" in encoded_path:
        raise ValueError("path contains a NUL character")
    violations: list[str] = []
    on_violation = _callbacks.violation_collector(violations)
    count = ctypes.c_uint64(0)
    error = _ffi.LibraryString()
    try:
        result_code = _lib.gwdb_check_path(
            encoded_path,
            on_violation,
            None,
            ctypes.byref(count),
            ctypes.byref(error),
        )
        message = _callbacks.take_string(error)
    finally:
        _lib.gwdb_string_free(error)
    if result_code != _ffi.OK:
        raise error_class(result_code)(message or "gwdb_check_path failed")
    return violations


def open(
    path: str | os.PathLike[str],
    *,
    map_size_max: int | None = None,
    max_readers: int | None = None,
    read_only: bool = False,
    tombstone_retention: Duration | None = None,
    status_staleness: Duration | None = None,
    clock: Callable[[], int] | None = None,
    random: Callable[[int], bytes] | None = None,
    logger: Any = None,
    no_sync: bool = False,
) -> Store:
    """Open the store in directory ``path``, creating it unless read-only.

    Options (None keeps the library's default):

    - ``map_size_max``: maximum data file size in bytes (default 16 GiB).
      Writes that do not fit raise ServiceOffline.
    - ``max_readers``: maximum concurrent read transactions (default 510).
    - ``read_only``: every write raises ServiceOffline; the store must exist.
    - ``tombstone_retention``: how long a deleted id still works as a paging
      offset, in seconds (int or float) or as a timedelta (default 24 h).
      The library counts in microseconds, so 1.5 means 1,500,000 µs.
    - ``status_staleness``: age, in seconds or a timedelta, after which a
      gateway's status report reads as OFFLINE (default 5 minutes).
    - ``clock``: a callable returning the current time in microseconds since
      the Unix epoch, called from whichever thread makes a call. If it
      raises or returns something other than an int, the error is logged
      to the ``gatewaydb`` logger and the system clock is used instead.
    - ``random``: a callable taking a byte count and returning that many
      random bytes, for tests that need predictable ids (for example to
      force an id collision). Leave it None in production.
    - ``logger``: a ``logging.Logger`` that receives the library's messages.
    - ``no_sync``: for bulk loads only. Writes return before their data
      reaches the disk, so a crash may lose recent writes; call
      ``store.sync()`` to make everything written so far durable.

    A store may be opened only once per process at a time; share the Store
    between threads instead. Raises UnknownError when the directory cannot
    be opened or is not a store, ServiceOffline when ``read_only`` is set
    and the store does not exist, TypeError or ValueError for bad options,
    and ValueError when this process already has the store open.
    """
    encoded_path = os.fsencode(path)
    if b"\0" in encoded_path:
        raise ValueError("path contains a NUL character")
    options, keepalive = _build_options(
        map_size_max,
        max_readers,
        read_only,
        tombstone_retention,
        status_staleness,
        clock,
        random,
        logger,
        no_sync,
    )

    db = _ffi.DbHandle()
    error = _ffi.LibraryString()
    try:
        result_code = _lib.gwdb_open(
            encoded_path,
            ctypes.byref(options),
            ctypes.byref(db),
            ctypes.byref(error),
        )
        message = _callbacks.take_string(error)
    finally:
        _lib.gwdb_string_free(error)
    if result_code == _ffi.INVALID_ARGUMENT:
        # The options are checked above, so what remains is misuse, such as
        # opening a store that this process already has open.
        raise ValueError(message or f"cannot open {path!r}")
    if result_code != _ffi.OK:
        raise error_class(result_code)(message or f"cannot open {path!r}")
    return Store(db, os.fsdecode(encoded_path), keepalive)


def _build_options(
    map_size_max: int | None,
    max_readers: int | None,
    read_only: bool,
    tombstone_retention: Duration | None,
    status_staleness: Duration | None,
    clock: Callable[[], int] | None,
    random: Callable[[int], bytes] | None,
    logger: Any,
    no_sync: bool,
) -> tuple[_ffi.Options, list[Any]]:
    options = _ffi.Options()
    _lib.gwdb_options_init(ctypes.byref(options))
    keepalive: list[Any] = []

    if map_size_max is not None:
        options.map_size_max = _unsigned(
            map_size_max, "map_size_max", _convert.UINT64_MAX
        )
    if max_readers is not None:
        options.max_readers = _unsigned(
            max_readers, "max_readers", _convert.UINT32_MAX
        )
    options.read_only = _convert.flag(read_only, "read_only")
    options.no_sync = _convert.flag(no_sync, "no_sync")
    if tombstone_retention is not None:
        options.tombstone_retention_us = _microseconds(
            tombstone_retention, "tombstone_retention"
        )
    if status_staleness is not None:
        options.status_staleness_us = _microseconds(
            status_staleness, "status_staleness"
        )

    # Reading a function pointer field back gives a new object, so keep the
    # callback objects themselves.
    if clock is not None:
        keepalive.append(_callbacks.clock_function(clock))
        options.clock = keepalive[-1]
    if random is not None:
        keepalive.append(_callbacks.random_function(random))
        options.random = keepalive[-1]
    if logger is not None:
        keepalive.append(_callbacks.log_function(logger))
        options.log = keepalive[-1]
    return options, keepalive
