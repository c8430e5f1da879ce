"""Exception classes: hierarchy, attributes and the calls that raise them."""

from __future__ import annotations

from pathlib import Path

import pytest

import gatewaydb
from gatewaydb.errors import error_from_body
from conftest import register

EXPECTED = [
    (gatewaydb.InvalidRequest, "invalid_request", 400, 1),
    (gatewaydb.AuthenticationError, "authentication_error", 401, 2),
    (gatewaydb.NotFound, "resource_does_not_exist", 404, 3),
    (gatewaydb.AlreadyExists, "resource_already_exists", 409, 4),
    (gatewaydb.UnsupportedMethod, "unsupported_method", 405, 5),
    (gatewaydb.ServiceOffline, "service_offline", 503, 6),
    (gatewaydb.UnknownError, "unknown_error", 500, 7),
    (gatewaydb.InvalidArgument, "invalid_argument", 500, 8),
]


@pytest.mark.parametrize("cls,code,http_status,result_code", EXPECTED)
def test_class_attributes(
    cls: type[gatewaydb.Error], code: str, http_status: int, result_code: int
) -> None:
    body = b'{"code":"x","message":"what failed"}'

    error = error_from_body(result_code, body, "fallback")

    assert type(error) is cls
    assert isinstance(error, gatewaydb.Error)
    assert error.code == code
    assert error.http_status == http_status
    assert error.message == "what failed"
    assert error.errors == []
    assert str(error) == "what failed"


def test_errors_field_in_str() -> None:
    body = (
        b'{"code":"invalid_request","message":"bad body",'
        b'"errors":[{"path":"name","message":"name is empty"}]}'
    )

    error = error_from_body(1, body, "fallback")

    assert error.errors == [{"path": "name", "message": "name is empty"}]
    assert str(error) == "bad body (name: name is empty)"


def test_str_skips_error_repeating_message() -> None:
    body = (
        b'{"code":"invalid_request","message":"count 0 is invalid",'
        b'"errors":[{"path":"count","message":"count 0 is invalid"},'
        b'{"path":"offset","message":"offset x is invalid"}]}'
    )

    error = error_from_body(1, body, "fallback")

    assert str(error) == "count 0 is invalid (offset: offset x is invalid)"


def test_str_of_single_repeated_error() -> None:
    body = (
        b'{"code":"invalid_request","message":"count 0 is invalid",'
        b'"errors":[{"path":"count","message":"count 0 is invalid"}]}'
    )

    error = error_from_body(1, body, "fallback")

    assert str(error) == "count 0 is invalid"


def test_unparsable_body_uses_fallback() -> None:
    error = error_from_body(7, b"not json", "unknown_error")

    assert error.message == "unknown_error"


def test_corruption_is_unknown_error() -> None:
    assert gatewaydb.Corruption is gatewaydb.UnknownError
    assert issubclass(gatewaydb.InvalidArgument, gatewaydb.UnknownError)


def test_invalid_request_lists_every_field(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.tokens.create(
            "acme", labels={"": "empty key"}, description="x" * 1025
        )

    paths = sorted(error["path"] for error in raised.value.errors)
    assert paths == ["description", "labels"]
    for error in raised.value.errors:
        assert error["message"]


def test_label_value_error_path(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.tokens.create("acme", labels={"env": "bad\x01value"})

    assert [error["path"] for error in raised.value.errors] == ["labels.env"]


def test_already_exists_on_id_collision(tmp_path: Path) -> None:
    def repeating_random(size: int) -> bytes:
        return bytes(range(size))

    with gatewaydb.open(tmp_path / "db", random=repeating_random) as store:
        store.tokens.create("acme")
        with pytest.raises(gatewaydb.AlreadyExists) as raised:
            store.tokens.create("acme")

        assert raised.value.http_status == 409
        assert len(store.tokens.list("acme")) == 1


def test_unsupported_method_through_request(store: gatewaydb.Store) -> None:
    response = store.request("PUT", "/v1/teams/acme/gateway_setup_tokens")

    error = error_from_body(5, response.body, response.code)
    assert isinstance(error, gatewaydb.UnsupportedMethod)
    assert error.http_status == response.status


def test_read_only_store_rejects_writes(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db") as store:
        record = register(store, "acme", "gw-1")

    with gatewaydb.open(tmp_path / "db", read_only=True) as store:
        assert store.gateways.get("acme", record["id"]) == record
        with pytest.raises(gatewaydb.ServiceOffline) as raised:
            store.tokens.create("acme")
        assert raised.value.http_status == 503
        with pytest.raises(gatewaydb.ServiceOffline):
            store.gateways.delete("acme", record["id"])
        assert store.gateways.get("acme", record["id"]) == record


def test_read_only_missing_store_fails(tmp_path: Path) -> None:
    with pytest.raises(gatewaydb.ServiceOffline):
        gatewaydb.open(tmp_path / "missing", read_only=True)


def test_full_store_is_offline(tmp_path: Path) -> None:
    with gatewaydb.open(tmp_path / "db", map_size_max=256 * 1024) as store:
        with pytest.raises(gatewaydb.ServiceOffline):
            for _ in range(5000):
                store.tokens.create("acme", description="x" * 1000)
        # The store still serves reads after a rejected write.
        assert store.tokens.list("acme", count=1).items


def test_open_non_store_is_unknown_error(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_bytes(b"plain file")

    with pytest.raises(gatewaydb.UnknownError) as raised:
        gatewaydb.open(not_a_directory)

    assert "cannot open store" in raised.value.message
    assert "not a directory" in raised.value.message
    assert raised.value.http_status == 500


def test_corrupt_record_is_unknown_error(tmp_path: Path) -> None:
    marker = "corruption-marker-" + "q" * 40
    with gatewaydb.open(tmp_path / "db") as store:
        record = store.tokens.create("acme", description=marker)

    data_file = tmp_path / "db" / "data.mdb"
    data = data_file.read_bytes()
    assert marker.encode() in data
    # LMDB may keep older copies of the page, so change every copy.
    damaged = marker[:-1] + "r"
    data_file.write_bytes(data.replace(marker.encode(), damaged.encode()))

    with gatewaydb.open(tmp_path / "db") as store:
        with pytest.raises(gatewaydb.Corruption) as raised:
            store.tokens.get("acme", record["id"])
        assert raised.value.http_status == 500
        response = store.request(
            "GET", f"/v1/teams/acme/gateway_setup_tokens/{record['id']}"
        )
        assert response.status == 500
