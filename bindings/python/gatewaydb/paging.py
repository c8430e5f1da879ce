"""Pages of a list and the query that selects one."""

from __future__ import annotations

import ctypes
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from . import _convert, _ffi

msgpack: ModuleType | None
try:
    # Optional: Debian's python3-msgpack, or the msgpack distribution.
    import msgpack
except ImportError:
    msgpack = None

Record = dict[str, Any]

_lib = _ffi.lib


def parse_record(body: bytes) -> Record:
    """Parse a JSON object body into a record dict."""
    record = json.loads(body)
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {body[:80]!r}")
    return record


@dataclass(frozen=True)
class Page:
    """One page of a list.

    Attributes:
        items: the records on the page, as dicts in the API's JSON shape,
            in list order.
        next_offset: the id to pass as ``offset`` to read the next page, or
            None when no matching record follows this page.
        prev_offset: the id to pass as ``offset`` together with
            ``prev=True`` to read the previous page, or None when no matching
            record precedes this page.
    """

    items: list[Record]
    next_offset: str | None
    prev_offset: str | None

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.items)


class ListQuery:
    """A ``gwdb_list_query`` built from keyword arguments.

    The encoded strings stay referenced by the ctypes structure for as long
    as this object lives.
    """

    def __init__(
        self,
        offset: str | None,
        count: int,
        descending: bool,
        prev: bool,
        contains: str | None,
        status: str | None = None,
    ) -> None:
        self.struct = _ffi.ListQuery()
        _ffi.lib.gwdb_list_query_init(ctypes.byref(self.struct))
        self.struct.offset = _convert.optional_text(offset, "offset")
        # The C field treats 0 as "use the default", so 0 and values that do
        # not fit are rejected here; the engine checks the rest.
        self.struct.count = _convert.integer(
            count, "count", 1, _convert.UINT32_MAX, "an integer from 1 to 1000"
        )
        self.struct.descending = _convert.flag(descending, "descending")
        self.struct.prev = _convert.flag(prev, "prev")
        self.struct.contains = _convert.optional_text(contains, "contains")
        self.struct.status = _convert.optional_text(status, "status")

    @property
    def pointer(self) -> Any:
        """The query as a ``gwdb_list_query *`` argument."""
        return ctypes.byref(self.struct)


def _page_msgpack_module() -> ModuleType | None:
    """Return the msgpack module if list pages can be read as MessagePack.

    That needs msgpack 1.0 or later and a library with
    ``gwdb_response_body_msgpack`` (1.1.0 or later). It is worth it because
    msgpack builds the dicts faster than ``json.loads`` and the library
    writes MessagePack faster than JSON.
    """
    if msgpack is None or not _ffi.has_function("gwdb_response_body_msgpack"):
        return None
    # Before 1.0, unpackb returned strings as bytes by default.
    if getattr(msgpack, "version", (0,)) < (1, 0):
        return None
    return msgpack


# Chosen once at import; None means list pages are read as JSON.
_page_msgpack = _page_msgpack_module()


def page_decoder() -> str:
    """Return how list pages are decoded: ``"msgpack"`` or ``"json"``.

    Both give the same records; ``"msgpack"`` is faster and needs the
    optional msgpack module (Debian's python3-msgpack).
    """
    return "json" if _page_msgpack is None else "msgpack"


def read_page(handle: _ffi.ResponseHandle) -> Page:
    """Decode the page of a successful list response handle.

    The caller still owns ``handle`` and must free it.
    """
    length = ctypes.c_size_t(0)
    decoder = _page_msgpack
    if decoder is not None:
        address = _lib.gwdb_response_body_msgpack(handle, ctypes.byref(length))
    else:
        address = _lib.gwdb_response_body(handle, ctypes.byref(length))
    if not address:
        raise MemoryError("the library ran out of memory rendering the page")
    data = ctypes.string_at(address, length.value)
    if decoder is not None:
        body = decoder.unpackb(data, raw=False)
    else:
        body = json.loads(data)
    return Page(
        items=body["list"],
        next_offset=_lib.gwdb_response_next_offset(handle),
        prev_offset=_lib.gwdb_response_prev_offset(handle),
    )


def walk(
    fetch: Callable[[str | None], Page], offset: str | None
) -> Iterator[Record]:
    """Yield every record of every page, following ``next_offset``.

    ``fetch`` reads the page that starts after the given offset (None for
    the first page). Each page is read only when the previous one is used
    up, so records created meanwhile after the current position appear too.
    """
    while True:
        page = fetch(offset)
        yield from page.items
        if page.next_offset is None:
            return
        offset = page.next_offset
