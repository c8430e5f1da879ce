"""Paging links, offsets and the Page type, through both list kinds."""

from __future__ import annotations

import pytest

import gatewaydb
from conftest import FakeClock, register


@pytest.fixture
def gateways(store: gatewaydb.Store) -> list[dict]:
    return [register(store, "acme", f"gw-{index}") for index in range(7)]


def ids(records: list[dict]) -> list[str]:
    return [record["id"] for record in records]


def test_first_page_links_next_only(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    page = store.gateways.list("acme", count=3)

    assert ids(page.items) == ids(gateways[:3])
    assert page.next_offset == gateways[2]["id"]
    assert page.prev_offset is None


def test_middle_page_links_both_ways(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    page = store.gateways.list("acme", offset=gateways[2]["id"], count=3)

    assert ids(page.items) == ids(gateways[3:6])
    assert page.next_offset == gateways[5]["id"]
    assert page.prev_offset == gateways[3]["id"]


def test_last_page_links_prev_only(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    page = store.gateways.list("acme", offset=gateways[5]["id"], count=3)

    assert ids(page.items) == ids(gateways[6:])
    assert page.next_offset is None
    assert page.prev_offset == gateways[6]["id"]


def test_prev_page_keeps_list_order(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    page = store.gateways.list(
        "acme", offset=gateways[5]["id"], count=3, prev=True
    )

    assert ids(page.items) == ids(gateways[2:5])
    assert page.next_offset == gateways[4]["id"]
    assert page.prev_offset == gateways[2]["id"]


def test_prev_without_offset_gives_last_items(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    page = store.gateways.list("acme", count=3, prev=True)

    assert ids(page.items) == ids(gateways[4:])
    assert page.next_offset is None
    assert page.prev_offset == gateways[4]["id"]


def test_descending_pages(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    newest_first = gateways[::-1]

    first = store.gateways.list("acme", count=4, descending=True)
    second = store.gateways.list(
        "acme", offset=first.next_offset, count=4, descending=True
    )

    assert ids(first.items) == ids(newest_first[:4])
    assert ids(second.items) == ids(newest_first[4:])
    assert second.next_offset is None


def test_following_prev_links_back_to_start(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    page = store.gateways.list("acme", count=2, prev=True)
    walked = list(page.items)
    while page.prev_offset is not None:
        page = store.gateways.list(
            "acme", offset=page.prev_offset, count=2, prev=True
        )
        walked = page.items + walked

    assert ids(walked) == ids(gateways)


def test_filtered_page_links_skip_non_matching(
    store: gatewaydb.Store, clock: FakeClock
) -> None:
    names = ["a-1", "b-1", "a-2", "b-2", "a-3"]
    created = [register(store, "acme", name) for name in names]

    page = store.gateways.list("acme", count=2, contains="A-")

    assert ids(page.items) == [created[0]["id"], created[2]["id"]]
    assert page.next_offset == created[2]["id"]
    rest = store.gateways.list(
        "acme", offset=page.next_offset, count=2, contains="A-"
    )
    assert ids(rest.items) == [created[4]["id"]]
    assert rest.next_offset is None
    assert rest.prev_offset == created[4]["id"]


def test_deleted_offset_still_marks_position(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    store.gateways.delete("acme", gateways[2]["id"])

    page = store.gateways.list("acme", offset=gateways[2]["id"], count=2)

    assert ids(page.items) == ids(gateways[3:5])


def test_unknown_offset_is_invalid(store: gatewaydb.Store) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.gateways.list(
            "acme", offset="a2dfd474-2db4-4bb2-8364-d5f76ade396e"
        )

    assert [error["path"] for error in raised.value.errors] == ["offset"]


def test_offset_of_other_team_is_invalid(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    with pytest.raises(gatewaydb.InvalidRequest):
        store.gateways.list("other", offset=gateways[0]["id"])


def test_offset_of_other_kind_is_invalid(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    with pytest.raises(gatewaydb.InvalidRequest):
        store.tokens.list("acme", offset=gateways[0]["id"])


@pytest.mark.parametrize("count", [0, -1, 1001, 2**32])
def test_count_out_of_range_is_invalid(
    store: gatewaydb.Store, count: int
) -> None:
    with pytest.raises(gatewaydb.InvalidRequest) as raised:
        store.gateways.list("acme", count=count)

    assert [error["path"] for error in raised.value.errors] == ["count"]


@pytest.mark.parametrize("count", [1, 1000])
def test_count_bounds_are_valid(store: gatewaydb.Store, count: int) -> None:
    assert store.tokens.list("acme", count=count).items == []


def test_count_must_be_int(store: gatewaydb.Store) -> None:
    with pytest.raises(TypeError):
        store.gateways.list("acme", count="10")
    with pytest.raises(TypeError):
        store.gateways.list("acme", descending="yes")


def test_link_header_of_request(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    middle = gateways[2]["id"]

    response = store.request(
        "GET",
        f"/v1/teams/acme/gateways?offset={middle}&count=2&descending=false"
        "&contains=gw&status=ACTIVE",
    )

    first, last = gateways[3]["id"], gateways[4]["id"]
    assert response.header("link") == (
        f"</v1/teams/acme/gateways?offset={last}&count=2&contains=gw"
        f'&status=ACTIVE>; rel="next", '
        f"</v1/teams/acme/gateways?offset={first}&count=2&prev=true"
        f'&contains=gw&status=ACTIVE>; rel="prev"'
    )
    assert response.next_offset == last
    assert response.prev_offset == first


def test_link_header_encodes_contains(
    store: gatewaydb.Store, gateways: list[dict]
) -> None:
    response = store.request(
        "GET", "/v1/teams/acme/gateways?count=1&descending=true&contains=g%20"
    )

    assert response.status == 200
    assert response.json() == {"list": []}
    assert response.header("Link") is None

    response = store.request(
        "GET", "/v1/teams/acme/gateways?count=1&descending=true&contains=gw-"
    )
    newest = gateways[-1]["id"]
    assert response.header("Link") == (
        f"</v1/teams/acme/gateways?offset={newest}&count=1&descending=true"
        '&contains=gw->; rel="next"'
    )


def test_page_is_immutable(store: gatewaydb.Store) -> None:
    page = store.tokens.list("acme")

    with pytest.raises(AttributeError):
        page.next_offset = "x"  # type: ignore[misc]
