"""Conversion of Python arguments into the C types the library takes.

A value of the wrong Python type raises TypeError. Text that a C string
cannot carry intact (a NUL character, or a lone surrogate that has no UTF-8
form) raises ValueError, so nothing is ever truncated on the way in. A
number that the C field cannot hold raises InvalidRequest with the path the
engine would use. The engine checks every other rule (lengths, character
sets, ranges that fit the C type) and raises InvalidRequest itself.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from typing import Any

from . import _ffi
from .errors import InvalidRequest

UINT32_MAX = 2**32 - 1
UINT64_MAX = 2**64 - 1


def text(value: Any, name: str) -> bytes:
    """Encode a required ``str`` argument as a NUL-free UTF-8 C string."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, not {type(value).__name__}")
    nul = value.find("\0")
    if nul >= 0:
        raise ValueError(
            f"{name} has a NUL character at index {nul}, which a C "
            "string cannot carry"
        )
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"{name} is not valid Unicode text: {error.reason} at index "
            f"{error.start}"
        ) from None


def optional_text(value: Any, name: str) -> bytes | None:
    """Encode an optional ``str`` argument; None stays NULL."""
    return None if value is None else text(value, name)


def body_bytes(value: Any) -> bytes:
    """Encode a request body: bytes-like as is, ``str`` as UTF-8."""
    if value is None:
        return b""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError(
                f"body is not valid Unicode text: {error.reason} at index "
                f"{error.start}"
            ) from None
    raise TypeError(
        f"body must be bytes, str or None, not {type(value).__name__}"
    )


def flag(value: Any, name: str) -> int:
    """Convert a ``bool`` argument to a C int."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be bool, not {type(value).__name__}")
    return int(value)


def integer(value: Any, name: str, low: int, high: int, rule: str) -> int:
    """Check an ``int`` argument against the range its C field can hold.

    ``rule`` describes the valid values for the error message.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be int, not {type(value).__name__}")
    if not low <= value <= high:
        message = f"{name} must be {rule}, got {value}"
        raise InvalidRequest(message, [{"path": name, "message": message}])
    return value


class LabelArray:
    """A ``gwdb_label`` array built from a mapping, plus its encoded strings.

    The encoded strings are kept referenced here so that the pointers in the
    array stay valid for as long as this object lives.
    """

    def __init__(self, labels: Any, name: str = "labels") -> None:
        if labels is None:
            labels = {}
        if not isinstance(labels, Mapping):
            raise TypeError(
                f"{name} must be a mapping of str to str, not "
                f"{type(labels).__name__}"
            )
        self._strings: list[bytes] = []
        self.count = len(labels)
        self.array = (_ffi.Label * max(self.count, 1))()
        for index, (key, value) in enumerate(labels.items()):
            if not isinstance(key, str):
                raise TypeError(
                    f"{name} keys must be str, not {type(key).__name__}"
                )
            encoded_key = text(key, f"{name} key {key!r}")
            encoded_value = text(value, f"{name}.{key}")
            self._strings += [encoded_key, encoded_value]
            self.array[index].key = encoded_key
            self.array[index].value = encoded_value

    @property
    def pointer(self) -> Any:
        """The array as a ``gwdb_label *``, NULL when there are no labels."""
        if self.count == 0:
            return None
        return ctypes.cast(self.array, ctypes.POINTER(_ffi.Label))
