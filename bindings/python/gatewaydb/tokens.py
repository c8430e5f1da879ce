"""Gateway setup token operations: ``store.tokens``."""

from __future__ import annotations

import ctypes
import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from . import _convert, _ffi
from .paging import ListQuery, Page, Record, parse_record, walk

if TYPE_CHECKING:
    from .store import Store

_lib = _ffi.lib


class Tokens:
    """The gateway setup tokens of a store, grouped by team.

    Records are dicts with the keys ``created_at``, ``description``,
    ``details`` (``{"labels": {...}}``, or None without labels), ``id`` and
    ``registration_type``. The secret token value is never part of a record:
    read it with ``value()`` or ``create_with_value()``.
    """

    def __init__(self, store: Store) -> None:
        """Bind the operations to ``store``; use ``store.tokens`` instead."""
        self._store = store

    def create(
        self,
        team: str,
        labels: Mapping[str, str] | None = None,
        description: str | None = None,
    ) -> Record:
        """Create a setup token in ``team`` and return its record.

        Gateways registered with the token receive ``labels``. Raises
        InvalidRequest (bad team, labels or description), AlreadyExists,
        ServiceOffline.
        """
        record, _ = self.create_with_value(team, labels, description)
        return record

    def create_with_value(
        self,
        team: str,
        labels: Mapping[str, str] | None = None,
        description: str | None = None,
    ) -> tuple[Record, str]:
        """Create a setup token and return its record and its secret value.

        Treat the value as a password. Raises as ``create()``.
        """
        label_array = _convert.LabelArray(labels)
        spec = _ffi.TokenSpec()
        _lib.gwdb_token_spec_init(ctypes.byref(spec))
        spec.description = _convert.optional_text(description, "description")
        spec.labels = label_array.pointer
        spec.label_count = label_array.count

        response = self._store._call(
            _lib.gwdb_token_create,
            _convert.text(team, "team"),
            ctypes.byref(spec),
        )
        if response.token_value is None:
            raise _ffi.FfiError("gwdb_token_create returned no token value")
        return parse_record(response.body), response.token_value

    def get(self, team: str, token_id: str) -> Record:
        """Return the record of setup token ``token_id``.

        Raises InvalidRequest (malformed team or id), NotFound.
        """
        response = self._store._call(
            _lib.gwdb_token_get,
            _convert.text(team, "team"),
            _convert.text(token_id, "token_id"),
        )
        return parse_record(response.body)

    def value(self, team: str, token_id: str) -> str:
        """Return the secret value of setup token ``token_id``.

        Raises InvalidRequest, NotFound.
        """
        response = self._store._call(
            _lib.gwdb_token_value,
            _convert.text(team, "team"),
            _convert.text(token_id, "token_id"),
        )
        value: str = json.loads(response.body)["token"]
        return value

    def delete(self, team: str, token_id: str) -> None:
        """Delete setup token ``token_id``; gateways it registered stay.

        Raises InvalidRequest, NotFound, ServiceOffline.
        """
        self._store._call(
            _lib.gwdb_token_delete,
            _convert.text(team, "team"),
            _convert.text(token_id, "token_id"),
        )

    def list(
        self,
        team: str,
        offset: str | None = None,
        count: int = 100,
        descending: bool = False,
        prev: bool = False,
        contains: str | None = None,
    ) -> Page:
        """Return one page of the setup tokens of ``team``.

        Records are ordered by ``(created_at, id)``, newest first when
        ``descending``. Without ``offset`` the page contains the first
        ``count`` records, or the last ones with ``prev``. ``offset`` is the
        id of a token of this team, which may have been deleted within the
        tombstone retention. The page then contains the records strictly
        after it, or strictly before it with ``prev``. ``contains`` keeps
        tokens whose description contains the text, ASCII case-insensitively.
        None or "" means no filter.

        Raises InvalidRequest (bad team, count outside 1 to 1000, unknown
        offset, ``contains`` longer than 1024 bytes of UTF-8).
        """
        query = ListQuery(offset, count, descending, prev, contains)
        return self._store._list_page(_lib.gwdb_token_list, team, query)

    def iter(
        self,
        team: str,
        offset: str | None = None,
        count: int = 100,
        descending: bool = False,
        contains: str | None = None,
    ) -> Iterator[Record]:
        """Yield every setup token of ``team`` after ``offset``, page by page.

        ``count`` is the page size. A walk returns every token that exists
        for the whole walk exactly once. Raises as ``list()``.
        """

        def fetch(page_offset: str | None) -> Page:
            return self.list(
                team, page_offset, count, descending, False, contains
            )

        return walk(fetch, offset)
