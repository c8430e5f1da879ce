"""List pages read as MessagePack give exactly the records JSON gives."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gatewaydb
from conftest import register
from gatewaydb import _ffi, paging

msgpack = pytest.importorskip("msgpack")


def list_both_ways(
    monkeypatch: pytest.MonkeyPatch, list_page, *args, **kwargs
) -> tuple[gatewaydb.Page, gatewaydb.Page]:
    """Call ``list_page`` with the MessagePack decoder, then with JSON."""
    assert paging.page_decoder() == "msgpack"
    from_msgpack = list_page(*args, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(paging, "_page_msgpack", None)
        assert paging.page_decoder() == "json"
        from_json = list_page(*args, **kwargs)
    return from_msgpack, from_json


def test_msgpack_is_used_when_installed() -> None:
    assert paging.page_decoder() == "msgpack"


def test_json_without_msgpack_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "msgpack", None)
    assert paging._page_msgpack_module() is None


def test_json_with_msgpack_before_1_0(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(msgpack, "version", (0, 6, 2))
    assert paging._page_msgpack_module() is None


def test_json_with_older_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        _ffi, "has_function", lambda name: name != "gwdb_response_body_msgpack"
    )
    assert paging._page_msgpack_module() is None


def test_gateway_pages_match(
    store: gatewaydb.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(store, "acme", "plain")
    register(
        store,
        "acme",
        "full",
        labels={"ünïcode": "välue ☃", "empty": ""},
        description='quote " backslash \\ tab \t',
        access_address="192.0.2.1",
        default_address="198.51.100.7",
        cloud_provider="aws",
    )
    queries = [
        {},
        {"count": 1},
        {"count": 1, "descending": True},
        {"contains": "FULL"},
        {"contains": "no-such-gateway"},
        {"status": "ACTIVE"},
    ]
    for query in queries:
        from_msgpack, from_json = list_both_ways(
            monkeypatch, store.gateways.list, "acme", **query
        )
        assert from_msgpack == from_json, query
        # Key order too, since frontends may serialize the dicts again.
        for left, right in zip(from_msgpack.items, from_json.items):
            assert list(left) == list(right)


def test_token_pages_match(
    store: gatewaydb.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.tokens.create("acme")
    store.tokens.create(
        "acme", labels={"env": "prod"}, description="snow ☃ and \\u0000"
    )
    from_msgpack, from_json = list_both_ways(
        monkeypatch, store.tokens.list, "acme"
    )
    assert from_msgpack == from_json
    assert len(from_msgpack) == 2


def test_pages_match_request_route(store: gatewaydb.Store) -> None:
    for index in range(3):
        register(store, "acme", f"gw-{index}", labels={"n": str(index)})
    page = store.gateways.list("acme", count=2)
    body = store.request("GET", "/v1/teams/acme/gateways?count=2").json()
    assert page.items == body["list"]


def test_empty_team_gives_empty_page(store: gatewaydb.Store) -> None:
    page = store.gateways.list("nobody")
    assert page.items == []
    assert page.next_offset is None
    assert page.prev_offset is None


def test_errors_raise_with_msgpack(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.gateways.list("acme", offset="not-a-uuid")
    assert raised.value.http_status == 400


# Text the engine accepts in descriptions and label values: any character
# but control characters and lone surrogates.
valid_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    description=st.none() | valid_text,
    labels=st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True),
        valid_text,
        max_size=4,
    ),
)
def test_random_records_decode_alike(
    store: gatewaydb.Store,
    monkeypatch: pytest.MonkeyPatch,
    description: str | None,
    labels: dict[str, str],
) -> None:
    created = store.tokens.create(
        "fuzz", labels=labels, description=description
    )
    from_msgpack, from_json = list_both_ways(
        monkeypatch, store.tokens.list, "fuzz", descending=True, count=1
    )
    assert from_msgpack == from_json
    assert from_msgpack.items[0]["id"] == created["id"]
    # Whatever decoder read it, the record is the JSON the API would send.
    assert json.loads(json.dumps(from_msgpack.items[0])) == created
