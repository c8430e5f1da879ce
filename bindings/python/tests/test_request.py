"""store.request: the one-call HTTP entry point for frontends."""

from __future__ import annotations

import json

import pytest

import gatewaydb
from conftest import TOKEN_KEYS, TOKEN_VALUE_PATTERN


def test_post_token_returns_201(store: gatewaydb.Store) -> None:
    response = store.request(
        "POST", "/v1/teams/acme/gateway_setup_tokens", b'{"labels":{"a":"b"}}'
    )

    assert response.status == 201
    assert response.code == "ok"
    assert response.ok
    assert response.headers == [("Content-Type", "application/json")]
    assert list(response.json()) == TOKEN_KEYS
    assert response.json()["details"] == {"labels": {"a": "b"}}


def test_body_is_compact_json(store: gatewaydb.Store) -> None:
    response = store.request(
        "POST", "/v1/teams/acme/gateway_setup_tokens", "{}"
    )

    document = response.json()
    compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    assert response.body.decode() == compact


def test_empty_body_creates_token(store: gatewaydb.Store) -> None:
    response = store.request("POST", "/v1/teams/acme/gateway_setup_tokens")

    assert response.status == 201


def test_token_route_returns_value(store: gatewaydb.Store) -> None:
    record, value = store.tokens.create_with_value("acme")

    response = store.request(
        "GET", f"/v1/teams/acme/gateway_setup_tokens/{record['id']}/token"
    )

    assert response.status == 200
    assert response.json() == {"token": value}
    assert TOKEN_VALUE_PATTERN.match(value)


def test_created_token_value_not_in_repr(store: gatewaydb.Store) -> None:
    response = store.request("POST", "/v1/teams/acme/gateway_setup_tokens")

    assert response.token_value is not None
    assert TOKEN_VALUE_PATTERN.match(response.token_value)
    assert response.token_value not in repr(response)


def test_delete_returns_204_without_body(store: gatewaydb.Store) -> None:
    record = store.tokens.create("acme")

    response = store.request(
        "DELETE", f"/v1/teams/acme/gateway_setup_tokens/{record['id']}"
    )

    assert response.status == 204
    assert response.body == b""
    assert response.headers == []
    assert response.json() is None


def test_unknown_path_is_404(store: gatewaydb.Store) -> None:
    response = store.request("GET", "/v1/nothing")

    assert response.status == 404
    assert response.code == "resource_does_not_exist"
    assert response.json()["code"] == "resource_does_not_exist"
    assert not response.ok


def test_other_method_is_405_with_allow(store: gatewaydb.Store) -> None:
    response = store.request("PATCH", "/v1/teams/acme/gateway_setup_tokens")

    assert response.status == 405
    assert response.json()["code"] == "unsupported_method"
    assert response.header("Allow") == "GET, POST"


def test_malformed_json_is_400_without_errors(store: gatewaydb.Store) -> None:
    response = store.request(
        "POST", "/v1/teams/acme/gateway_setup_tokens", b"{"
    )

    assert response.status == 400
    document = response.json()
    assert document["code"] == "invalid_request"
    assert "errors" not in document


def test_body_after_nul_byte_is_not_dropped(store: gatewaydb.Store) -> None:
    # A C string would stop at the NUL and see a valid "{}".
    response = store.request(
        "POST", "/v1/teams/acme/gateway_setup_tokens", b"{}\x00trailing"
    )

    assert response.status == 400


def test_invalid_utf8_body_is_400(store: gatewaydb.Store) -> None:
    response = store.request(
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        b'{"description":"\xff\xfe"}',
    )

    assert response.status == 400
    assert response.json()["code"] == "invalid_request"


def test_field_errors_listed(store: gatewaydb.Store) -> None:
    response = store.request(
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        b'{"description":5,"registration_type":"other"}',
    )

    paths = sorted(error["path"] for error in response.json()["errors"])
    assert paths == ["description", "registration_type"]


def test_query_errors_listed_together(store: gatewaydb.Store) -> None:
    response = store.request(
        "GET", "/v1/teams/acme/gateways?count=0&descending=maybe&bogus=1"
    )

    assert response.status == 400
    paths = [error["path"] for error in response.json()["errors"]]
    assert "count" in paths
    assert "descending" in paths


def test_agent_routes(store: gatewaydb.Store) -> None:
    _, value = store.tokens.create_with_value("acme")

    registered = store.request(
        "POST",
        "/v1/gateway_registrations",
        json.dumps({"token": value, "name": "gw-1"}),
    )
    gateway_id = registered.json()["id"]
    reported = store.request(
        "PUT",
        f"/v1/teams/acme/gateways/{gateway_id}/status",
        b'{"status":"ONLINE","active_connections":1,'
        b'"total_storage_bytes":9,"used_storage_bytes":3}',
    )
    status = store.request(
        "GET", f"/v1/teams/acme/gateways/{gateway_id}/status"
    )

    assert registered.status == 201
    assert reported.status == 204
    assert status.json()["status"] == "ONLINE"


def test_put_gateway_echoes_record(store: gatewaydb.Store) -> None:
    _, value = store.tokens.create_with_value("acme")
    record = store.gateways.register(value, "gw-1")
    record["name"] = "gw-renamed"
    record["labels"] = None

    response = store.request(
        "PUT", f"/v1/teams/acme/gateways/{record['id']}", json.dumps(record)
    )

    assert response.status == 204
    assert store.gateways.get("acme", record["id"])["name"] == "gw-renamed"


def test_request_never_raises_api_errors(store: gatewaydb.Store) -> None:
    for method, target in [
        ("GET", "/v1/teams/bad%20team/gateways"),
        ("GET", "/v1/teams/acme/gateways/nope"),
        ("DELETE", "/v1/teams/acme/gateways"),
        ("POST", "/v1/gateway_registrations"),
        ("GET", ""),
        ("", "/v1/teams/acme/gateways"),
    ]:
        response = store.request(method, target)
        assert response.status >= 400, (method, target)


def test_request_argument_types(store: gatewaydb.Store) -> None:
    with pytest.raises(TypeError):
        store.request(b"GET", "/v1/teams/acme/gateways")  # type: ignore
    with pytest.raises(TypeError):
        store.request("GET", b"/v1/teams/acme/gateways")  # type: ignore
    with pytest.raises(TypeError):
        store.request("POST", "/v1/x", body=5)  # type: ignore
    with pytest.raises(ValueError):
        store.request("GET", "/v1/teams/acme\x00/gateways")


def test_bytearray_body(store: gatewaydb.Store) -> None:
    response = store.request(
        "POST", "/v1/teams/acme/gateway_setup_tokens", bytearray(b"{}")
    )

    assert response.status == 201
