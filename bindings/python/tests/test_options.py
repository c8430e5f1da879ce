"""gatewaydb.open options and the Store life cycle."""

from __future__ import annotations

import logging
import os
import stat
import threading
from datetime import timedelta
from pathlib import Path

import pytest

import gatewaydb
from conftest import FakeClock, register


def test_open_creates_store_files(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db") as store:
        assert store.path == str(tmp_path / "db")

    for name in ("data.mdb", "lock.mdb"):
        mode = stat.S_IMODE(os.stat(tmp_path / "db" / name).st_mode)
        assert mode == 0o600, name


def test_data_survives_reopen(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db") as store:
        record = store.tokens.create("acme")

    with gatewaydb.open(str(tmp_path / "db")) as store:
        assert store.tokens.get("acme", record["id"]) == record


def test_close_is_idempotent(tmp_path: Path) -> None:
    store = gatewaydb.open(tmp_path / "db")

    store.close()
    store.close()

    assert store.closed
    assert "closed" in repr(store)


def test_calls_after_close_raise(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db") as store:
        pass

    with pytest.raises(ValueError, match="closed"):
        store.tokens.list("acme")
    with pytest.raises(ValueError, match="closed"):
        store.request("GET", "/v1/teams/acme/gateways")
    with pytest.raises(ValueError, match="closed"):
        store.stats()


def test_with_block_closes_on_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        with gatewaydb.open(tmp_path / "db") as store:
            raise RuntimeError("boom")

    assert store.closed
    with gatewaydb.open(tmp_path / "db") as reopened:
        assert not reopened.closed


def test_tombstone_retention_seconds(tmp_path: Path) -> None:
    clock = FakeClock()
    with gatewaydb.open(
        tmp_path / "db", clock=clock, tombstone_retention=60
    ) as store:
        first = register(store, "acme", "gw-1")
        second = register(store, "acme", "gw-2")
        store.gateways.delete("acme", first["id"])

        clock.advance(59)
        page = store.gateways.list("acme", offset=first["id"])
        assert page.items == [second]

        clock.advance(2)
        with pytest.raises(gatewaydb.InvalidRequest):
            store.gateways.list("acme", offset=first["id"])


def test_tombstone_retention_timedelta(tmp_path: Path) -> None:
    clock = FakeClock()
    with gatewaydb.open(
        tmp_path / "db",
        clock=clock,
        tombstone_retention=timedelta(milliseconds=1500),
    ) as store:
        record = store.tokens.create("acme")
        store.tokens.delete("acme", record["id"])

        clock.advance(1.4)
        assert store.tokens.list("acme", offset=record["id"]).items == []
        clock.advance(0.2)
        with pytest.raises(gatewaydb.InvalidRequest):
            store.tokens.list("acme", offset=record["id"])


def test_status_staleness(tmp_path: Path) -> None:
    clock = FakeClock()
    with gatewaydb.open(
        tmp_path / "db", clock=clock, status_staleness=10
    ) as store:
        record = register(store, "acme", "gw-1")
        store.gateways.report_status("acme", record["id"], "ONLINE")

        clock.advance(9)
        assert store.gateways.status("acme", record["id"])["status"] == (
            "ONLINE"
        )
        clock.advance(2)
        assert store.gateways.status("acme", record["id"])["status"] == (
            "OFFLINE"
        )


def test_failing_clock_falls_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_clock() -> int:
        raise RuntimeError("clock broke")

    with gatewaydb.open(tmp_path / "db", clock=broken_clock) as store:
        with caplog.at_level(logging.ERROR, logger="gatewaydb"):
            record = store.tokens.create("acme")

    assert record["created_at"] >= "2024"
    assert "clock callback raised" in caplog.text


def test_failing_clock_logs_are_limited(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    calls = 0

    def broken_clock() -> int:
        nonlocal calls
        calls += 1
        raise RuntimeError("clock broke")

    with caplog.at_level(logging.ERROR, logger="gatewaydb"):
        with gatewaydb.open(tmp_path / "db", clock=broken_clock) as store:
            for _ in range(5):
                store.tokens.create("acme")

    assert calls >= 5
    failures = [r for r in caplog.records if "clock callback" in r.message]
    assert len(failures) == 1
    assert "failure 1," in failures[0].message


def test_clock_returning_wrong_type_falls_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with gatewaydb.open(tmp_path / "db", clock=lambda: 1.5) as store:
        with caplog.at_level(logging.ERROR, logger="gatewaydb"):
            record = store.tokens.create("acme")

    assert record["created_at"] >= "2024"
    assert "not int" in caplog.text


def test_clock_called_from_other_threads(tmp_path: Path) -> None:
    seen: set[int] = set()
    clock = FakeClock()

    def recording_clock() -> int:
        seen.add(threading.get_ident())
        return clock()

    with gatewaydb.open(tmp_path / "db", clock=recording_clock) as store:
        worker = threading.Thread(target=store.tokens.create, args=("acme",))
        worker.start()
        worker.join()

    assert worker.ident in seen


def test_failing_random_is_unknown_error(tmp_path: Path) -> None:
    def broken_random(size: int) -> bytes:
        return b""

    with gatewaydb.open(tmp_path / "db", random=broken_random) as store:
        with pytest.raises(gatewaydb.UnknownError):
            store.tokens.create("acme")
        assert store.tokens.list("acme").items == []


def test_max_readers_accepted(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db", max_readers=8) as store:
        assert store.tokens.list("acme").items == []


def test_logger_option_accepted(tmp_path: Path) -> None:
    logger = logging.getLogger("gatewaydb.test")

    with gatewaydb.open(tmp_path / "db", logger=logger) as store:
        store.tokens.create("acme")
        store.request("GET", "/v1/nowhere")


@pytest.mark.parametrize(
    "options,error",
    [
        ({"map_size_max": 0}, ValueError),
        ({"map_size_max": "1G"}, TypeError),
        ({"max_readers": 2**32}, ValueError),
        ({"read_only": 1}, TypeError),
        ({"tombstone_retention": -1}, ValueError),
        ({"tombstone_retention": "1h"}, TypeError),
        ({"tombstone_retention": float("inf")}, ValueError),
        ({"status_staleness": True}, TypeError),
    ],
)
def test_bad_option_values(
    tmp_path: Path, options: dict, error: type[Exception]
) -> None:
    with pytest.raises(error):
        gatewaydb.open(tmp_path / "db", **options)


def test_stats_counts_records(store: gatewaydb.Store) -> None:
    register(store, "acme", "gw-1")
    store.tokens.create("other")

    stats = store.stats()

    assert stats["teams"] == 2
    assert stats["setup_tokens"] == 2
    assert stats["gateways"] == 1
    assert stats["map_size_max"] > 0
    assert [team["team"] for team in stats["per_team"]] == ["acme", "other"]
    assert stats["per_team"][0]["gateways"] == 1


def test_library_version() -> None:
    assert gatewaydb.library_version().startswith("1.")
    assert os.path.exists(gatewaydb.library_path)


def test_no_sync_then_sync(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db", no_sync=True) as store:
        records = [store.tokens.create("acme") for _ in range(20)]
        store.sync()

    with gatewaydb.open(tmp_path / "db") as store:
        assert store.tokens.list("acme").items == records
        store.sync()


def test_second_open_in_process_raises(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db"):
        with pytest.raises(ValueError, match="already has it open"):
            gatewaydb.open(tmp_path / "db")
        with pytest.raises(ValueError, match="already has it open"):
            gatewaydb.open(f"{tmp_path}/./db")

    with gatewaydb.open(tmp_path / "db") as reopened:
        assert reopened.tokens.list("acme").items == []
