"""store.check, store.compact and store.sync."""

from __future__ import annotations

from pathlib import Path

import pytest

import gatewaydb
from gatewaydb import _ffi
from conftest import register

needs_check = pytest.mark.skipif(
    not _ffi.has_function("gwdb_check"),
    reason="the loaded library does not export gwdb_check",
)
needs_compact = pytest.mark.skipif(
    not _ffi.has_function("gwdb_compact"),
    reason="the loaded library does not export gwdb_compact",
)


@needs_check
def test_check_clean_store(store: gatewaydb.Store) -> None:
    register(store, "acme", "gw-1", labels={"env": "dev"})
    store.tokens.create("acme", description="second")

    assert store.check() == []


@needs_check
def test_check_reports_damaged_record(tmp_path: Path) -> None:
    marker = "check-marker-" + "z" * 40
    with gatewaydb.open(tmp_path / "db") as store:
        store.tokens.create("acme", description=marker)

    data_file = tmp_path / "db" / "data.mdb"
    data = data_file.read_bytes()
    assert marker.encode() in data
    damaged = marker[:-1] + "y"
    data_file.write_bytes(data.replace(marker.encode(), damaged.encode()))

    with gatewaydb.open(tmp_path / "db") as store:
        violations = store.check()

    assert len(violations) >= 1
    assert all(isinstance(violation, str) for violation in violations)


@needs_compact
def test_compact_copies_records(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db") as store:
        gateway = register(store, "acme", "gw-1")
        token = store.tokens.create("acme", description="kept")
        store.compact(tmp_path / "copy")

    with gatewaydb.open(tmp_path / "copy") as copy:
        assert copy.gateways.get("acme", gateway["id"]) == gateway
        assert copy.tokens.get("acme", token["id"]) == token


@needs_compact
def test_compact_into_existing_directory(
    store: gatewaydb.Store, tmp_path: Path
) -> None:
    (tmp_path / "exists").mkdir()

    with pytest.raises(gatewaydb.InvalidRequest):
        store.compact(tmp_path / "exists")


def test_sync_on_durable_store(store: gatewaydb.Store) -> None:
    store.tokens.create("acme")

    assert store.sync() is None


def test_maintenance_after_close(tmp_path: Path) -> None:
    store = gatewaydb.open(tmp_path / "db")
    store.close()

    with pytest.raises(ValueError, match="closed"):
        store.sync()
