"""store.tokens: create, get, value, delete, list and iter."""

from __future__ import annotations

import pytest

import gatewaydb
from conftest import (
    TIMESTAMP_PATTERN,
    TOKEN_KEYS,
    TOKEN_VALUE_PATTERN,
    UUID_PATTERN,
    FakeClock,
)


def test_create_returns_record_shape(store: gatewaydb.Store) -> None:
    record = store.tokens.create("acme")

    assert list(record) == TOKEN_KEYS
    assert UUID_PATTERN.match(record["id"])
    assert TIMESTAMP_PATTERN.match(record["created_at"])
    assert record["description"] is None
    assert record["details"] is None
    assert record["registration_type"] == "gateway-agent"


def test_create_uses_injected_clock(
    store: gatewaydb.Store, clock: FakeClock
) -> None:
    clock.now = 1_796_401_259_123_456
    clock.step = 0

    record = store.tokens.create("acme")

    assert record["created_at"] == "2026-12-04T16:20:59.123456Z"


def test_create_with_labels_and_description(store: gatewaydb.Store) -> None:
    labels = {"env": "dev", "region": "us-west-2"}

    record = store.tokens.create("acme", labels=labels, description="first")

    assert record["details"] == {"labels": labels}
    assert record["description"] == "first"


def test_create_with_empty_labels_has_null_details(
    store: gatewaydb.Store,
) -> None:
    record = store.tokens.create("acme", labels={})

    assert record["details"] is None


def test_create_with_value_returns_secret(store: gatewaydb.Store) -> None:
    record, value = store.tokens.create_with_value("acme")

    assert TOKEN_VALUE_PATTERN.match(value)
    assert value not in repr(record)
    assert store.tokens.value("acme", record["id"]) == value


def test_token_values_differ(store: gatewaydb.Store) -> None:
    values = {store.tokens.create_with_value("acme")[1] for _ in range(5)}

    assert len(values) == 5


def test_get_returns_created_record(store: gatewaydb.Store) -> None:
    record = store.tokens.create("acme", labels={"a": "b"}, description="d")

    assert store.tokens.get("acme", record["id"]) == record


def test_get_accepts_upper_case_id(store: gatewaydb.Store) -> None:
    record = store.tokens.create("acme")

    assert store.tokens.get("acme", record["id"].upper()) == record


def test_get_from_other_team_is_not_found(store: gatewaydb.Store) -> None:
    record = store.tokens.create("acme")

    with pytest.raises(gatewaydb.NotFound) as raised:
        store.tokens.get("other", record["id"])

    assert raised.value.http_status == 404
    assert raised.value.code == "resource_does_not_exist"


def test_get_malformed_id_is_invalid(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.tokens.get("acme", "not-a-uuid")

    paths = [error["path"] for error in raised.value.errors]
    assert paths == ["gateway_setup_token_id"]
    assert "not-a-uuid" in raised.value.message


def test_get_bad_team_is_invalid(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.tokens.get("bad team!", "6116bb2a-7289-4528-92ee-8e92443c3b61")

    paths = [error["path"] for error in raised.value.errors]
    assert "team_name" in paths


def test_delete_removes_token(store: gatewaydb.Store) -> None:
    record = store.tokens.create("acme")

    assert store.tokens.delete("acme", record["id"]) is None

    with pytest.raises(gatewaydb.NotFound):
        store.tokens.get("acme", record["id"])
    with pytest.raises(gatewaydb.NotFound):
        store.tokens.value("acme", record["id"])
    with pytest.raises(gatewaydb.NotFound):
        store.tokens.delete("acme", record["id"])


def test_value_of_missing_token_is_not_found(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.NotFound):
        store.tokens.value("acme", "6116bb2a-7289-4528-92ee-8e92443c3b61")


def test_list_empty_team(store: gatewaydb.Store) -> None:
    page = store.tokens.list("nobody")

    assert page.items == []
    assert page.next_offset is None
    assert page.prev_offset is None
    assert len(page) == 0


def test_list_returns_creation_order(store: gatewaydb.Store) -> None:
    created = [store.tokens.create("acme") for _ in range(5)]

    page = store.tokens.list("acme")

    assert page.items == created
    assert list(page) == created


def test_list_descending(store: gatewaydb.Store) -> None:
    created = [store.tokens.create("acme") for _ in range(5)]

    page = store.tokens.list("acme", descending=True)

    assert page.items == created[::-1]


def test_list_contains_matches_description(store: gatewaydb.Store) -> None:
    store.tokens.create("acme", description="Production West")
    store.tokens.create("acme", description="staging")
    store.tokens.create("acme")
    wanted = store.tokens.create("acme", description="prod east")

    page = store.tokens.list("acme", contains="PROD")

    descriptions = [item["description"] for item in page.items]
    assert descriptions == ["Production West", "prod east"]
    assert page.items[-1] == wanted


def test_list_empty_contains_means_no_filter(store: gatewaydb.Store) -> None:
    for _ in range(3):
        store.tokens.create("acme")

    assert len(store.tokens.list("acme", contains="")) == 3


def test_list_is_per_team(store: gatewaydb.Store) -> None:
    store.tokens.create("acme")
    other = store.tokens.create("other")

    assert store.tokens.list("other").items == [other]


def test_iter_walks_every_page(store: gatewaydb.Store) -> None:
    created = [store.tokens.create("acme") for _ in range(7)]

    walked = list(store.tokens.iter("acme", count=2))

    assert walked == created


def test_iter_descending(store: gatewaydb.Store) -> None:
    created = [store.tokens.create("acme") for _ in range(5)]

    walked = list(store.tokens.iter("acme", count=2, descending=True))

    assert walked == created[::-1]


def test_iter_with_filter(store: gatewaydb.Store) -> None:
    wanted = []
    for index in range(9):
        description = "keep" if index % 3 == 0 else "drop"
        record = store.tokens.create("acme", description=description)
        if description == "keep":
            wanted.append(record)

    walked = list(store.tokens.iter("acme", count=1, contains="KEEP"))

    assert walked == wanted
