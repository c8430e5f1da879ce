"""Text arguments: Unicode round trips and clear errors, never truncation."""

from __future__ import annotations

import pytest

import gatewaydb
from conftest import register

NON_ASCII = "Ünïcødé ☃ 日本語 🚀"


def test_non_ascii_description_round_trips(store: gatewaydb.Store) -> None:
    record = store.tokens.create("acme", description=NON_ASCII)

    assert record["description"] == NON_ASCII
    assert store.tokens.get("acme", record["id"])["description"] == NON_ASCII


def test_non_ascii_labels_round_trip(store: gatewaydb.Store) -> None:
    labels = {"région": "Zürich", "emoji": "🚀"}

    gateway = register(store, "acme", "gw-1", labels=labels)

    assert gateway["labels"] == labels


def test_description_limit_counts_characters(store: gatewaydb.Store) -> None:
    # 1024 four-byte characters: 4096 bytes, but within the limit.
    record = store.tokens.create("acme", description="🚀" * 1024)
    assert len(record["description"]) == 1024

    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.tokens.create("acme", description="🚀" * 1025)
    assert [error["path"] for error in raised.value.errors] == ["description"]


def test_contains_with_non_ascii(store: gatewaydb.Store) -> None:
    wanted = store.tokens.create("acme", description=NON_ASCII)
    store.tokens.create("acme", description="plain")

    assert store.tokens.list("acme", contains="日本").items == [wanted]


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.tokens.create("acme", description="before\x00after"),
        lambda s: s.tokens.create("ac\x00me"),
        lambda s: s.tokens.create("acme", labels={"k\x00": "v"}),
        lambda s: s.tokens.create("acme", labels={"k": "v\x00"}),
        lambda s: s.tokens.list("acme", contains="a\x00b"),
        lambda s: s.gateways.register("gwst_x\x00", "gw"),
        lambda s: s.gateways.get("acme", "\x00"),
    ],
    ids=[
        "description",
        "team",
        "label key",
        "label value",
        "contains",
        "token",
        "gateway id",
    ],
)
def test_embedded_nul_is_value_error(store: gatewaydb.Store, call) -> None:
    with pytest.raises(ValueError, match="NUL"):
        call(store)

    assert store.tokens.list("acme").items == []


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.tokens.create("acme", description="bad \udcff"),
        lambda s: s.tokens.create("acme", labels={"k": "\ud800"}),
        lambda s: s.tokens.create("\udcffacme"),
        lambda s: s.request("POST", "/v1/x", "\ud800"),
    ],
    ids=["description", "label value", "team", "body"],
)
def test_lone_surrogate_is_value_error(store: gatewaydb.Store, call) -> None:
    with pytest.raises(ValueError, match="Unicode"):
        call(store)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.tokens.create(b"acme"),
        lambda s: s.tokens.create("acme", description=b"bytes"),
        lambda s: s.tokens.create("acme", labels={b"k": "v"}),
        lambda s: s.tokens.create("acme", labels={"k": b"v"}),
        lambda s: s.tokens.create("acme", labels=[("k", "v")]),
        lambda s: s.tokens.get("acme", 5),
        lambda s: s.gateways.register(b"gwst_", "gw"),
        lambda s: s.gateways.list("acme", status=b"ACTIVE"),
    ],
    ids=[
        "team",
        "description",
        "label key",
        "label value",
        "labels list",
        "id int",
        "token",
        "status",
    ],
)
def test_wrong_type_is_type_error(store: gatewaydb.Store, call) -> None:
    with pytest.raises(TypeError, match="must be"):
        call(store)


def test_error_message_names_argument(store: gatewaydb.Store) -> None:
    with pytest.raises(ValueError) as raised:
        store.tokens.create("acme", description="a\x00b")

    assert "description" in str(raised.value)
    assert "index 1" in str(raised.value)


def test_control_characters_in_label_rejected(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest):
        store.tokens.create("acme", labels={"k": "line\nbreak"})


def test_non_ascii_team_is_invalid_request(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.tokens.create("ümlaut")

    assert "team_name" in [error["path"] for error in raised.value.errors]


def test_non_ascii_query_through_request(store: gatewaydb.Store) -> None:
    wanted = store.tokens.create("acme", description="café")

    response = store.request(
        "GET", "/v1/teams/acme/gateway_setup_tokens?contains=caf%C3%A9"
    )

    assert response.json() == {"list": [wanted]}
