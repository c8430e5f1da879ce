"""store.check, gatewaydb.check_path, store.compact and store.sync."""

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
needs_check_path = pytest.mark.skipif(
    not _ffi.has_function("gwdb_check_path"),
    reason="the loaded library does not export gwdb_check_path",
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


PAGE_SIZE = 4096
MARKER = "check-path-marker-" + "z" * 40


def closed_store_with_marker(directory: Path) -> Path:
    """Create a store with a token whose description is MARKER; close it."""
    with gatewaydb.open(directory) as store:
        register(store, "acme", "gw-1")
        store.tokens.create("acme", description=MARKER)
    return directory / "data.mdb"


@needs_check_path
def test_check_path_clean_store(tmp_path: Path) -> None:
    closed_store_with_marker(tmp_path / "db")

    assert gatewaydb.check_path(tmp_path / "db") == []


@needs_check_path
def test_check_path_damaged_record(tmp_path: Path) -> None:
    data_file = closed_store_with_marker(tmp_path / "db")
    data = data_file.read_bytes()
    damaged = MARKER[:-1] + "y"
    data_file.write_bytes(data.replace(MARKER.encode(), damaged.encode()))

    violations = gatewaydb.check_path(str(tmp_path / "db"))

    assert len(violations) >= 1


@needs_check_path
def test_check_path_damaged_page_header(tmp_path: Path) -> None:
    data_file = closed_store_with_marker(tmp_path / "db")
    data = bytearray(data_file.read_bytes())
    # The leaf page that stores the record: its header starts with its own
    # page number, which the audit compares with the number it followed.
    start = data.index(MARKER.encode()) // PAGE_SIZE * PAGE_SIZE
    data[start : start + 8] = (999_999).to_bytes(8, "little")
    data_file.write_bytes(bytes(data))

    violations = gatewaydb.check_path(tmp_path / "db")

    assert any(v.startswith("page structure:") for v in violations)


@needs_check_path
def test_check_path_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(gatewaydb.UnknownError, match="does not exist"):
        gatewaydb.check_path(tmp_path / "missing")


@needs_check_path
def test_check_path_rejects_nul(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NUL"):
        gatewaydb.check_path(f"{tmp_path}/db\0x")


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
