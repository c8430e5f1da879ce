"""Python functions wrapped as the C callbacks of gwdb_options and gwdb_stats.

An exception must not escape a ctypes callback (ctypes would print it and
hand C a zero), so each wrapper catches errors, logs them to the
``gatewaydb`` logger and returns a safe value.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import time
from collections.abc import Callable
from typing import Any

from . import _ffi

_log = logging.getLogger("gatewaydb")

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_LEVELS = {
    _ffi.LOG_ERROR: logging.ERROR,
    _ffi.LOG_WARNING: logging.WARNING,
    _ffi.LOG_INFO: logging.INFO,
}


# A callback that always fails is logged on its first failure and then on
# every LOG_FAILURES_EVERY-th one, so that it cannot flood the log.
LOG_FAILURES_EVERY = 1000


def clock_function(clock: Callable[[], int]) -> Any:
    """Wrap ``clock`` (microseconds since the epoch) as a gwdb_clock_fn.

    Falls back to the system clock when ``clock`` raises or returns a value
    that is not an int in the int64 range. Failures are logged as
    LOG_FAILURES_EVERY describes.
    """
    failures = itertools.count(1)

    def fall_back(problem: str, *args: Any, exc_info: bool = False) -> int:
        # next() on itertools.count is atomic under the GIL, so threads
        # calling the clock at once still count every failure.
        number = next(failures)
        if number == 1 or number % LOG_FAILURES_EVERY == 0:
            _log.error(
                "clock callback %s; using the system clock (failure %d, "
                "logged once per %d)",
                problem % args,
                number,
                LOG_FAILURES_EVERY,
                exc_info=exc_info,
            )
        return time.time_ns() // 1000

    def call_clock(context: Any) -> int:
        try:
            value = clock()
        except Exception:
            return fall_back("raised", exc_info=True)
        if isinstance(value, bool) or not isinstance(value, int):
            return fall_back("returned %r, not int", value)
        if not INT64_MIN <= value <= INT64_MAX:
            return fall_back("returned %d, outside int64", value)
        return value

    return _ffi.CLOCK_FN(call_clock)


def random_function(random: Callable[[int], bytes]) -> Any:
    """Wrap ``random`` (size -> that many bytes) as a gwdb_random_fn.

    A failure or a result of the wrong length is logged and reported to the
    library as a failed random source.
    """

    def fill(context: Any, buffer: Any, size: int) -> int:
        try:
            data = random(size)
        except Exception:
            _log.exception("random callback raised")
            return 1
        if not isinstance(data, (bytes, bytearray)) or len(data) != size:
            _log.error("random callback did not return %d bytes", size)
            return 1
        ctypes.memmove(buffer, bytes(data), size)
        return 0

    return _ffi.RANDOM_FN(fill)


def log_function(logger: logging.Logger) -> Any:
    """Wrap a ``logging.Logger`` as a gwdb_log_fn."""

    def emit(context: Any, level: int, message: bytes | None) -> None:
        try:
            text = (message or b"").decode("utf-8", "replace")
            logger.log(_LEVELS.get(level, logging.INFO), "%s", text)
        except Exception:
            _log.exception("forwarding a library log message failed")

    return _ffi.LOG_FN(emit)


class TeamStatsCollector:
    """Collects the per-team figures that gwdb_stats reports."""

    def __init__(self) -> None:
        self.teams: list[dict[str, Any]] = []
        self.function = _ffi.TEAM_STATS_FN(self._collect)

    def _collect(self, context: Any, stats: Any) -> int:
        try:
            figures = stats.contents
            self.teams.append(
                {
                    "team": (figures.team or b"").decode("utf-8", "replace"),
                    "setup_tokens": figures.setup_tokens,
                    "gateways": figures.gateways,
                    "tombstones": figures.tombstones,
                }
            )
        except Exception:
            _log.exception("collecting team statistics failed")
            return 1
        return 0


def violation_collector(violations: list[str]) -> Any:
    """Wrap a list as a gwdb_violation_fn that appends each message to it."""

    def collect(context: Any, message: bytes | None) -> None:
        try:
            violations.append((message or b"").decode("utf-8", "replace"))
        except Exception:
            _log.exception("collecting a store violation failed")

    return _ffi.VIOLATION_FN(collect)


def take_string(string: _ffi.LibraryString) -> str | None:
    """Copy a library-allocated C string; the caller still frees it."""
    address = string.value
    if not address:
        return None
    return ctypes.string_at(address).decode("utf-8", "replace")
