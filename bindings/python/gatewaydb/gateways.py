"""Gateway operations: ``store.gateways``."""

from __future__ import annotations

import ctypes
import enum
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Literal

from . import _convert, _ffi
from .errors import InvalidRequest
from .paging import ListQuery, Page, Record, parse_record, walk

if TYPE_CHECKING:
    from .store import Store

_lib = _ffi.lib

INT64_MAX = 2**63 - 1
COUNTER_RULE = "an integer from 0 to 9223372036854775807"


class Keep(enum.Enum):
    """Type of the ``KEEP`` sentinel."""

    KEEP = "keep"

    def __repr__(self) -> str:
        return "gatewaydb.KEEP"


KEEP = Keep.KEEP
"""Pass as an optional field of ``gateways.update()`` to leave it unchanged."""


class Gateways:
    """The gateways of a store, grouped by team.

    Records are dicts with the keys ``access_address``, ``cloud_provider``,
    ``created_at``, ``default_address``, ``description``, ``id``,
    ``labels``, ``name``, ``refuse_connections`` and ``status``.
    """

    def __init__(self, store: Store) -> None:
        """Bind the operations to ``store``; use ``store.gateways`` instead."""
        self._store = store

    def register(
        self,
        token: str,
        name: str,
        description: str | None = None,
        access_address: str | None = None,
        default_address: str | None = None,
        cloud_provider: str | None = None,
    ) -> Record:
        """Register a gateway with a setup token value; return its record.

        The gateway joins the token's team with the token's labels and
        status ``ACTIVE``. Raises InvalidRequest, AuthenticationError (no
        live token has that value), AlreadyExists, ServiceOffline.
        """
        registration = _ffi.Registration()
        _lib.gwdb_registration_init(ctypes.byref(registration))
        registration.token = _convert.text(token, "token")
        registration.name = _convert.text(name, "name")
        registration.description = _convert.optional_text(
            description, "description"
        )
        registration.access_address = _convert.optional_text(
            access_address, "access_address"
        )
        registration.default_address = _convert.optional_text(
            default_address, "default_address"
        )
        registration.cloud_provider = _convert.optional_text(
            cloud_provider, "cloud_provider"
        )

        response = self._store._call(
            _lib.gwdb_gateway_register, ctypes.byref(registration)
        )
        return parse_record(response.body)

    def get(self, team: str, gateway_id: str) -> Record:
        """Return the record of gateway ``gateway_id``.

        Raises InvalidRequest (malformed team or id), NotFound.
        """
        response = self._store._call(
            _lib.gwdb_gateway_get,
            _convert.text(team, "team"),
            _convert.text(gateway_id, "gateway_id"),
        )
        return parse_record(response.body)

    def update(
        self,
        team: str,
        gateway_id: str,
        name: str,
        labels: Mapping[str, str] | None,
        description: str | None | Literal[Keep.KEEP] = KEEP,
        refuse_connections: bool | Literal[Keep.KEEP] = KEEP,
    ) -> None:
        """Replace the name and labels of a gateway, and optionally more.

        ``labels`` replaces every old label; None means no labels.
        ``description`` is a new description, None to clear it, or ``KEEP``
        to leave it. ``refuse_connections`` is a bool or ``KEEP``. Raises
        InvalidRequest, NotFound, ServiceOffline.
        """
        label_array = _convert.LabelArray(labels)
        changes = _ffi.GatewayChanges()
        _lib.gwdb_gateway_changes_init(ctypes.byref(changes))
        changes.name = _convert.text(name, "name")
        changes.labels = label_array.pointer
        changes.label_count = label_array.count
        if description is not KEEP:
            changes.set_description = 1
            changes.description = _convert.optional_text(
                description, "description"
            )
        if refuse_connections is not KEEP:
            changes.set_refuse_connections = 1
            changes.refuse_connections = _convert.flag(
                refuse_connections, "refuse_connections"
            )

        self._store._call(
            _lib.gwdb_gateway_update,
            _convert.text(team, "team"),
            _convert.text(gateway_id, "gateway_id"),
            ctypes.byref(changes),
        )

    def delete(self, team: str, gateway_id: str) -> None:
        """Delete gateway ``gateway_id`` and its status report.

        Raises InvalidRequest, NotFound, ServiceOffline.
        """
        self._store._call(
            _lib.gwdb_gateway_delete,
            _convert.text(team, "team"),
            _convert.text(gateway_id, "gateway_id"),
        )

    def status(self, team: str, gateway_id: str) -> Record:
        """Return the latest status report of gateway ``gateway_id``.

        The dict has ``active_connections``, ``gateway_id``, ``status``
        (``ONLINE`` or ``OFFLINE``), ``total_storage_bytes``, ``updated_at``
        and ``used_storage_bytes``. A gateway that never reported, or whose
        report is older than the store's status staleness, reads as
        ``OFFLINE``. Raises InvalidRequest, NotFound.
        """
        response = self._store._call(
            _lib.gwdb_gateway_status,
            _convert.text(team, "team"),
            _convert.text(gateway_id, "gateway_id"),
        )
        return parse_record(response.body)

    def report_status(
        self,
        team: str,
        gateway_id: str,
        status: str,
        active_connections: int = 0,
        total_storage_bytes: int = 0,
        used_storage_bytes: int = 0,
    ) -> None:
        """Store a status report from a gateway agent, stamped with now.

        ``status`` is ``"ONLINE"`` or ``"OFFLINE"``; the counters are
        integers from 0 to 2**63 - 1 with ``used_storage_bytes`` at most
        ``total_storage_bytes``. Raises InvalidRequest, NotFound,
        ServiceOffline.
        """
        report = _ffi.StatusReport()
        _lib.gwdb_status_report_init(ctypes.byref(report))
        report.online = _online_flag(status)
        counters = {
            "active_connections": active_connections,
            "total_storage_bytes": total_storage_bytes,
            "used_storage_bytes": used_storage_bytes,
        }
        for field, value in counters.items():
            checked = _convert.integer(
                value, field, 0, INT64_MAX, COUNTER_RULE
            )
            setattr(report, field, checked)

        self._store._call(
            _lib.gwdb_gateway_report_status,
            _convert.text(team, "team"),
            _convert.text(gateway_id, "gateway_id"),
            ctypes.byref(report),
        )

    def list(
        self,
        team: str,
        offset: str | None = None,
        count: int = 100,
        descending: bool = False,
        prev: bool = False,
        contains: str | None = None,
        status: str | None = None,
    ) -> Page:
        """Return one page of the gateways of ``team``.

        Paging works as in ``store.tokens.list()``. ``contains`` keeps
        gateways whose name contains the text, ASCII case-insensitively;
        ``status`` keeps gateways in that lifecycle state (``"ACTIVE"`` is
        the only one). Raises InvalidRequest as ``tokens.list()`` does, and
        for a ``status`` other than ``"ACTIVE"``.
        """
        query = ListQuery(offset, count, descending, prev, contains, status)
        return self._store._list_page(_lib.gwdb_gateway_list, team, query)

    def iter(
        self,
        team: str,
        offset: str | None = None,
        count: int = 100,
        descending: bool = False,
        contains: str | None = None,
        status: str | None = None,
    ) -> Iterator[Record]:
        """Yield every gateway of ``team`` after ``offset``, page by page.

        ``count`` is the page size. A walk returns every gateway that
        exists for the whole walk exactly once. Raises as ``list()``.
        """

        def fetch(page_offset: str | None) -> Page:
            return self.list(
                team, page_offset, count, descending, False, contains, status
            )

        return walk(fetch, offset)


def _online_flag(status: str) -> int:
    if not isinstance(status, str):
        raise TypeError(f"status must be str, not {type(status).__name__}")
    if status not in ("ONLINE", "OFFLINE"):
        message = f'status must be "ONLINE" or "OFFLINE", got {status!r}'
        raise InvalidRequest(message, [{"path": "status", "message": message}])
    return 1 if status == "ONLINE" else 0
