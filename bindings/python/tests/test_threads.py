"""Many threads sharing one Store."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import gatewaydb

THREADS = 8
WRITES_PER_THREAD = 10
READS_PER_THREAD = 300


def test_threads_share_one_store(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db") as store:
        barrier = threading.Barrier(THREADS)

        def work(index: int) -> list[str]:
            team = f"team-{index % 2}"
            barrier.wait()
            created = []
            for number in range(WRITES_PER_THREAD):
                _, value = store.tokens.create_with_value(team)
                gateway = store.gateways.register(
                    value, f"gw-{index}-{number}"
                )
                created.append(gateway["id"])
            for number in range(READS_PER_THREAD):
                gateway_id = created[number % len(created)]
                assert store.gateways.get(team, gateway_id)["id"] == gateway_id
                page = store.gateways.list(team, count=5)
                assert len(page.items) == 5
                response = store.request("GET", f"/v1/teams/{team}/gateways")
                assert response.status == 200
            return created

        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(work, range(THREADS)))

        for team_index in range(2):
            team = f"team-{team_index}"
            walked = [item["id"] for item in store.gateways.iter(team)]
            expected = [
                gateway_id
                for index, created in enumerate(results)
                if index % 2 == team_index
                for gateway_id in created
            ]
            assert sorted(walked) == sorted(expected)
            assert len(walked) == len(set(walked))


def test_paging_walk_during_writes(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db") as store:
        existing = []
        for number in range(30):
            existing.append(store.tokens.create("acme")["id"])
        stop = threading.Event()

        def write() -> None:
            while not stop.is_set():
                record = store.tokens.create("acme")
                store.tokens.delete("acme", record["id"])

        writer = threading.Thread(target=write)
        writer.start()
        try:
            for _ in range(5):
                walked = [
                    item["id"] for item in store.tokens.iter("acme", count=4)
                ]
                # Tokens the writer creates may show up at the end; those
                # that exist throughout must appear once each, in order.
                assert len(walked) == len(set(walked))
                kept = [item for item in walked if item in existing]
                assert kept == existing
        finally:
            stop.set()
            writer.join()


def test_close_waits_for_running_calls(tmp_path: Path) -> None:
    store = gatewaydb.open(tmp_path / "db")
    for number in range(20):
        store.tokens.create("acme")
    started = threading.Barrier(5)
    outcomes: list[str] = []

    def read_until_closed() -> None:
        started.wait()
        while True:
            try:
                store.tokens.list("acme", count=20)
            except ValueError:
                outcomes.append("closed")
                return

    readers = [threading.Thread(target=read_until_closed) for _ in range(4)]
    for reader in readers:
        reader.start()
    started.wait()
    store.close()
    for reader in readers:
        reader.join()

    assert outcomes == ["closed"] * 4
