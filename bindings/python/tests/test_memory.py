"""Resident memory stays flat over many calls, failing ones included."""

from __future__ import annotations

from pathlib import Path

import pytest

import gatewaydb
from conftest import register

CALLS = 100_000
CHECKPOINTS = 5
# Allowed growth between the first checkpoint and the last one. A leak of
# 100 bytes per call would add about 8 MB over the measured calls.
MAX_GROWTH_BYTES = 3 * 1024 * 1024


def resident_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("VmRSS missing from /proc/self/status")


def one_round(store: gatewaydb.Store, gateway_id: str, token_id: str) -> None:
    """Make ten calls: successes and every kind of error the reads give."""
    store.gateways.get("acme", gateway_id)
    store.tokens.get("acme", token_id)
    store.gateways.list("acme", count=3)
    store.tokens.list("acme", offset=token_id)
    store.gateways.status("acme", gateway_id)
    store.request("GET", f"/v1/teams/acme/gateways/{gateway_id}")
    store.request("PATCH", "/v1/teams/acme/gateways")
    with pytest.raises(gatewaydb.NotFound):
        store.gateways.get("acme", "a2dfd474-2db4-4bb2-8364-d5f76ade396e")
    with pytest.raises(gatewaydb.InvalidRequest):
        store.tokens.get("bad team", "x")
    with pytest.raises(gatewaydb.AuthenticationError):
        store.gateways.register("gwst_unknown", "gw")


def test_rss_flat_over_100k_calls(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db") as store:
        for number in range(5):
            gateway = register(store, "acme", f"gw-{number}")
        token_id = store.tokens.list("acme").items[0]["id"]
        store.tokens.value("acme", token_id)

        rounds = CALLS // 10
        samples = []
        for checkpoint in range(CHECKPOINTS):
            for _ in range(rounds // CHECKPOINTS):
                one_round(store, gateway["id"], token_id)
            samples.append(resident_bytes())

    growth = samples[-1] - samples[0]
    assert growth < MAX_GROWTH_BYTES, f"RSS samples: {samples}"
