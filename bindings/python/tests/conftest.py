"""Fixtures shared by the binding tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import gatewaydb

# 2026-12-04T16:20:59 UTC in microseconds since the Unix epoch.
START_US = 1_796_401_259_000_000

UUID_PATTERN = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
TIMESTAMP_PATTERN = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"
)
TOKEN_VALUE_PATTERN = re.compile(r"^gwst_[A-Za-z0-9_-]{43}$")

TOKEN_KEYS = [
    "created_at",
    "description",
    "details",
    "id",
    "registration_type",
]
GATEWAY_KEYS = [
    "access_address",
    "cloud_provider",
    "created_at",
    "default_address",
    "description",
    "id",
    "labels",
    "name",
    "refuse_connections",
    "status",
]
STATUS_KEYS = [
    "active_connections",
    "gateway_id",
    "status",
    "total_storage_bytes",
    "updated_at",
    "used_storage_bytes",
]


class FakeClock:
    """A settable clock in microseconds; each reading advances it by step."""

    def __init__(self, now: int = START_US, step: int = 1) -> None:
        self.now = now
        self.step = step

    def __call__(self) -> int:
        value = self.now
        self.now += self.step
        return value

    def advance(self, seconds: float) -> None:
        self.now += round(seconds * 1_000_000)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[gatewaydb.Store]:
    with gatewaydb.open(tmp_path / "db", clock=clock) as opened:
        yield opened


def register(
    store: gatewaydb.Store,
    team: str,
    name: str,
    labels: dict[str, str] | None = None,
    **fields: str,
) -> dict:
    """Create a setup token in ``team`` and register a gateway with it."""
    _, value = store.tokens.create_with_value(team, labels=labels)
    return store.gateways.register(value, name, **fields)
