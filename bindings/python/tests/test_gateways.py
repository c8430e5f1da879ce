"""store.gateways: register, get, update, delete, status and lists."""

from __future__ import annotations

import pytest

import gatewaydb
from conftest import (
    GATEWAY_KEYS,
    STATUS_KEYS,
    TIMESTAMP_PATTERN,
    UUID_PATTERN,
    FakeClock,
    register,
)


def test_register_returns_record_shape(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")

    assert list(record) == GATEWAY_KEYS
    assert UUID_PATTERN.match(record["id"])
    assert TIMESTAMP_PATTERN.match(record["created_at"])
    assert record["name"] == "gw-1"
    assert record["status"] == "ACTIVE"
    assert record["labels"] == {}
    assert record["refuse_connections"] is False
    for field in (
        "access_address",
        "cloud_provider",
        "default_address",
        "description",
    ):
        assert record[field] is None


def test_register_copies_token_labels(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1", labels={"env": "prod"})

    assert record["labels"] == {"env": "prod"}


def test_register_sets_optional_fields(store: gatewaydb.Store) -> None:
    record = register(
        store,
        "acme",
        "gw-1",
        description="edge",
        access_address="10.0.0.1",
        default_address="gw.example.com",
        cloud_provider="aws",
    )

    assert record["description"] == "edge"
    assert record["access_address"] == "10.0.0.1"
    assert record["default_address"] == "gw.example.com"
    assert record["cloud_provider"] == "aws"


def test_register_joins_token_team(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")

    assert store.gateways.get("acme", record["id"]) == record
    with pytest.raises(gatewaydb.NotFound):
        store.gateways.get("other", record["id"])


def test_token_registers_many_gateways(store: gatewaydb.Store) -> None:
    _, value = store.tokens.create_with_value("acme")

    first = store.gateways.register(value, "gw-1")
    second = store.gateways.register(value, "gw-2")

    assert first["id"] != second["id"]


def test_register_unknown_token_fails(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.AuthenticationError) as raised:
        store.gateways.register("gwst_" + "A" * 43, "gw-1")

    assert raised.value.http_status == 401
    assert raised.value.code == "authentication_error"


def test_register_deleted_token_fails(store: gatewaydb.Store) -> None:
    record, value = store.tokens.create_with_value("acme")
    store.tokens.delete("acme", record["id"])

    with pytest.raises(gatewaydb.AuthenticationError):
        store.gateways.register(value, "gw-1")


def test_register_bad_name_is_invalid(store: gatewaydb.Store) -> None:
    _, value = store.tokens.create_with_value("acme")

    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.gateways.register(value, "bad name")

    assert [error["path"] for error in raised.value.errors] == ["name"]


def test_update_replaces_name_and_labels(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1", labels={"old": "1"})

    store.gateways.update("acme", record["id"], "gw-renamed", {"new": "2"})

    updated = store.gateways.get("acme", record["id"])
    assert updated["name"] == "gw-renamed"
    assert updated["labels"] == {"new": "2"}
    assert updated["created_at"] == record["created_at"]


def test_update_none_labels_clears_them(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1", labels={"old": "1"})

    store.gateways.update("acme", record["id"], "gw-1", None)

    assert store.gateways.get("acme", record["id"])["labels"] == {}


def test_update_keeps_description_by_default(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1", description="kept")

    store.gateways.update("acme", record["id"], "gw-1", {})

    assert store.gateways.get("acme", record["id"])["description"] == "kept"


def test_update_sets_and_clears_description(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1", description="old")
    gateway_id = record["id"]

    store.gateways.update("acme", gateway_id, "gw-1", {}, description="new")
    assert store.gateways.get("acme", gateway_id)["description"] == "new"

    store.gateways.update("acme", gateway_id, "gw-1", {}, description=None)
    assert store.gateways.get("acme", gateway_id)["description"] is None


def test_update_refuse_connections(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")
    gateway_id = record["id"]

    store.gateways.update(
        "acme", gateway_id, "gw-1", {}, refuse_connections=True
    )
    assert store.gateways.get("acme", gateway_id)["refuse_connections"]

    store.gateways.update("acme", gateway_id, "gw-2", {})
    assert store.gateways.get("acme", gateway_id)["refuse_connections"]

    store.gateways.update(
        "acme", gateway_id, "gw-1", {}, refuse_connections=False
    )
    assert not store.gateways.get("acme", gateway_id)["refuse_connections"]


def test_update_rejects_non_bool_flag(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")

    with pytest.raises(TypeError):
        store.gateways.update(
            "acme", record["id"], "gw-1", {}, refuse_connections=1
        )


def test_update_missing_gateway_is_not_found(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.NotFound):
        store.gateways.update(
            "acme", "a2dfd474-2db4-4bb2-8364-d5f76ade396e", "gw-1", {}
        )


def test_update_bad_name_changes_nothing(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1", labels={"a": "b"})

    with pytest.raises(gatewaydb.InvalidRequest):
        store.gateways.update("acme", record["id"], "", {"c": "d"})

    assert store.gateways.get("acme", record["id"]) == record


def test_delete_removes_gateway(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")

    assert store.gateways.delete("acme", record["id"]) is None

    with pytest.raises(gatewaydb.NotFound):
        store.gateways.get("acme", record["id"])
    with pytest.raises(gatewaydb.NotFound):
        store.gateways.status("acme", record["id"])
    with pytest.raises(gatewaydb.NotFound):
        store.gateways.delete("acme", record["id"])


def test_status_before_any_report(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")

    status = store.gateways.status("acme", record["id"])

    assert list(status) == STATUS_KEYS
    assert status == {
        "active_connections": 0,
        "gateway_id": record["id"],
        "status": "OFFLINE",
        "total_storage_bytes": 0,
        "updated_at": None,
        "used_storage_bytes": 0,
    }


def test_report_status_is_read_back(
    store: gatewaydb.Store, clock: FakeClock
) -> None:
    record = register(store, "acme", "gw-1")
    clock.now = 1_796_401_259_000_001
    clock.step = 0

    store.gateways.report_status(
        "acme",
        record["id"],
        "ONLINE",
        active_connections=3,
        total_storage_bytes=2**63 - 1,
        used_storage_bytes=5,
    )

    status = store.gateways.status("acme", record["id"])
    assert status["status"] == "ONLINE"
    assert status["active_connections"] == 3
    assert status["total_storage_bytes"] == 2**63 - 1
    assert status["used_storage_bytes"] == 5
    assert status["updated_at"] == "2026-12-04T16:20:59.000001Z"


def test_stale_report_reads_offline(
    store: gatewaydb.Store, clock: FakeClock
) -> None:
    record = register(store, "acme", "gw-1")
    store.gateways.report_status("acme", record["id"], "ONLINE", 1, 10, 2)

    clock.advance(301)

    status = store.gateways.status("acme", record["id"])
    assert status["status"] == "OFFLINE"
    assert status["active_connections"] == 1
    assert status["total_storage_bytes"] == 10


def test_report_used_above_total_is_invalid(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")

    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.gateways.report_status("acme", record["id"], "ONLINE", 0, 1, 2)

    paths = [error["path"] for error in raised.value.errors]
    assert "used_storage_bytes" in paths


@pytest.mark.parametrize(
    "counters",
    [(-1, 0, 0), (0, 2**63, 0), (0, 0, -5)],
)
def test_report_counter_out_of_range(
    store: gatewaydb.Store, counters: tuple[int, int, int]
) -> None:
    record = register(store, "acme", "gw-1")

    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.gateways.report_status("acme", record["id"], "ONLINE", *counters)

    assert len(raised.value.errors) == 1


def test_report_bad_status_is_invalid(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")

    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.gateways.report_status("acme", record["id"], "ACTIVE")

    assert [error["path"] for error in raised.value.errors] == ["status"]


def test_report_counter_type_error(store: gatewaydb.Store) -> None:
    record = register(store, "acme", "gw-1")

    with pytest.raises(TypeError):
        store.gateways.report_status("acme", record["id"], "ONLINE", "3")
    with pytest.raises(TypeError):
        store.gateways.report_status("acme", record["id"], "ONLINE", True)


def test_report_missing_gateway_is_not_found(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.NotFound):
        store.gateways.report_status(
            "acme", "a2dfd474-2db4-4bb2-8364-d5f76ade396e", "OFFLINE"
        )


def test_list_filters_by_name(store: gatewaydb.Store) -> None:
    register(store, "acme", "edge-West")
    register(store, "acme", "core")
    wanted = register(store, "acme", "EDGE-east")

    page = store.gateways.list("acme", contains="edge")

    assert [item["name"] for item in page.items] == ["edge-West", "EDGE-east"]
    assert page.items[-1] == wanted


def test_list_filters_by_status(store: gatewaydb.Store) -> None:
    created = [register(store, "acme", f"gw-{i}") for i in range(3)]

    assert store.gateways.list("acme", status="ACTIVE").items == created


def test_list_unknown_status_is_invalid(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.gateways.list("acme", status="RETIRED")

    assert [error["path"] for error in raised.value.errors] == ["status"]


def test_iter_walks_every_gateway(store: gatewaydb.Store) -> None:
    created = [register(store, "acme", f"gw-{i}") for i in range(7)]

    assert list(store.gateways.iter("acme", count=3)) == created
    assert list(store.gateways.iter("acme", count=3, status="ACTIVE")) == (
        created
    )


def test_deleting_token_keeps_gateways(store: gatewaydb.Store) -> None:
    record, value = store.tokens.create_with_value("acme")
    gateway = store.gateways.register(value, "gw-1")

    store.tokens.delete("acme", record["id"])

    assert store.gateways.get("acme", gateway["id"]) == gateway
