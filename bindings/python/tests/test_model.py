"""Stateful property test: the store against a pure-Python model.

Hypothesis drives random creates, registrations, updates, deletes and list
calls with random paging parameters and filters, and every list page is
compared with the page the model computes.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
)

import gatewaydb
from conftest import FakeClock

TEAMS = ["red", "blue"]
KINDS = ["tokens", "gateways"]
NAMES = ["alpha", "Alpha-2", "beta", "gamma.x", "ALPHABET", "b_1"]
DESCRIPTIONS = st.one_of(
    st.none(),
    st.sampled_from(["Prod", "staging", "production EU", "", "ünï prod"]),
)
LABELS = st.dictionaries(
    st.sampled_from(["env", "region"]),
    st.sampled_from(["a", "b", ""]),
    max_size=2,
)
FILTERS = st.one_of(
    st.none(), st.sampled_from(["", "a", "PROD", "al", "x", "ü"])
)
TICKS = st.sampled_from([0, 0, 1, 7])
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"

ASCII_LOWER = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
)


def contains_text(haystack: str | None, needle: str | None) -> bool:
    """Model of the engine's ASCII case-insensitive substring filter."""
    if not needle:
        return True
    if haystack is None:
        return False
    return needle.translate(ASCII_LOWER) in haystack.translate(ASCII_LOWER)


def sort_key(record: dict[str, Any]) -> tuple[str, str]:
    return (record["created_at"], record["id"])


@dataclass
class ExpectedPage:
    ids: list[str]
    next_offset: str | None
    prev_offset: str | None


def expected_page(
    records: list[dict[str, Any]],
    offset_key: tuple[str, str] | None,
    count: int,
    descending: bool,
    prev: bool,
    matches: Callable[[dict[str, Any]], bool],
) -> ExpectedPage:
    """Compute a list page the way the contract defines paging."""
    ordered = sorted(records, key=sort_key, reverse=descending)
    matching = [record for record in ordered if matches(record)]

    def comes_before(a: tuple[str, str], b: tuple[str, str]) -> bool:
        return a > b if descending else a < b

    if offset_key is None:
        page = matching[-count:] if prev else matching[:count]
    elif prev:
        before = [r for r in matching if comes_before(sort_key(r), offset_key)]
        page = before[-count:]
    else:
        after = [r for r in matching if comes_before(offset_key, sort_key(r))]
        page = after[:count]

    if not page:
        return ExpectedPage([], None, None)
    first, last = sort_key(page[0]), sort_key(page[-1])
    has_next = any(comes_before(last, sort_key(r)) for r in matching)
    has_prev = any(comes_before(sort_key(r), first) for r in matching)
    return ExpectedPage(
        [record["id"] for record in page],
        page[-1]["id"] if has_next else None,
        page[0]["id"] if has_prev else None,
    )


@dataclass
class TeamModel:
    """What one team holds: live records and tombstones per kind."""

    live: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS}
    )
    deleted: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS}
    )


class StoreMachine(RuleBasedStateMachine):
    """Random operations on a real store, mirrored in TeamModel objects."""

    def __init__(self) -> None:
        super().__init__()
        self.directory = tempfile.mkdtemp(prefix="gatewaydb-model-")
        self.clock = FakeClock(step=0)
        self.store = gatewaydb.open(self.directory, clock=self.clock)
        self.teams = {team: TeamModel() for team in TEAMS}
        self.token_values: dict[str, str] = {}
        self.deleted_token_values: list[str] = []

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def live_ids(self, kind: str) -> list[tuple[str, str]]:
        return sorted(
            (team, record_id)
            for team, model in self.teams.items()
            for record_id in model.live[kind]
        )

    @initialize()
    def seed_every_team(self) -> None:
        for team in TEAMS:
            self.create_token(team, None, {}, 1)
            token_id = next(iter(self.teams[team].live["tokens"]))
            record = self.store.gateways.register(
                self.token_values[token_id], "seed"
            )
            self.teams[team].live["gateways"][record["id"]] = record

    def has_tokens(self) -> bool:
        return bool(self.live_ids("tokens"))

    def has_gateways(self) -> bool:
        return bool(self.live_ids("gateways"))

    @rule(
        team=st.sampled_from(TEAMS),
        description=DESCRIPTIONS,
        labels=LABELS,
        tick=TICKS,
    )
    def create_token(
        self, team: str, description: str | None, labels: dict, tick: int
    ) -> None:
        self.clock.now += tick

        record, value = self.store.tokens.create_with_value(
            team, labels=labels, description=description
        )

        assert record["description"] == description
        assert record["details"] == ({"labels": labels} if labels else None)
        self.teams[team].live["tokens"][record["id"]] = record
        self.token_values[record["id"]] = value

    @precondition(has_tokens)
    @rule(data=st.data(), name=st.sampled_from(NAMES), tick=TICKS)
    def register_gateway(self, data: Any, name: str, tick: int) -> None:
        team, token_id = data.draw(st.sampled_from(self.live_ids("tokens")))
        self.clock.now += tick

        record = self.store.gateways.register(
            self.token_values[token_id], name
        )

        token = self.teams[team].live["tokens"][token_id]
        labels = (token["details"] or {}).get("labels", {})
        assert record["labels"] == labels
        assert record["name"] == name
        self.teams[team].live["gateways"][record["id"]] = record

    @precondition(lambda self: bool(self.deleted_token_values))
    @rule(data=st.data())
    def register_with_deleted_token(self, data: Any) -> None:
        value = data.draw(st.sampled_from(self.deleted_token_values))

        with pytest.raises(gatewaydb.AuthenticationError):
            self.store.gateways.register(value, "late")

    @precondition(has_gateways)
    @rule(
        data=st.data(),
        name=st.sampled_from(NAMES),
        labels=LABELS,
        description=st.one_of(st.just(gatewaydb.KEEP), DESCRIPTIONS),
        refuse=st.one_of(st.just(gatewaydb.KEEP), st.booleans()),
    )
    def update_gateway(
        self, data: Any, name: str, labels: dict, description: Any, refuse: Any
    ) -> None:
        team, gateway_id = data.draw(
            st.sampled_from(self.live_ids("gateways"))
        )

        self.store.gateways.update(
            team,
            gateway_id,
            name,
            labels,
            description=description,
            refuse_connections=refuse,
        )

        record = self.teams[team].live["gateways"][gateway_id]
        record["name"] = name
        record["labels"] = labels
        if description is not gatewaydb.KEEP:
            record["description"] = description
        if refuse is not gatewaydb.KEEP:
            record["refuse_connections"] = refuse
        assert self.store.gateways.get(team, gateway_id) == record

    @precondition(has_tokens)
    @rule(data=st.data())
    def delete_token(self, data: Any) -> None:
        team, token_id = data.draw(st.sampled_from(self.live_ids("tokens")))

        self.store.tokens.delete(team, token_id)

        model = self.teams[team]
        model.deleted["tokens"][token_id] = model.live["tokens"].pop(token_id)
        self.deleted_token_values.append(self.token_values.pop(token_id))

    @precondition(has_gateways)
    @rule(data=st.data())
    def delete_gateway(self, data: Any) -> None:
        team, gateway_id = data.draw(
            st.sampled_from(self.live_ids("gateways"))
        )

        self.store.gateways.delete(team, gateway_id)

        model = self.teams[team]
        model.deleted["gateways"][gateway_id] = model.live["gateways"].pop(
            gateway_id
        )
        with pytest.raises(gatewaydb.NotFound):
            self.store.gateways.get(team, gateway_id)

    @rule(
        data=st.data(),
        kind=st.sampled_from(KINDS),
        team=st.sampled_from(TEAMS),
        count=st.integers(1, 4),
        descending=st.booleans(),
        prev=st.booleans(),
        contains=FILTERS,
        active_only=st.booleans(),
    )
    def list_page(
        self,
        data: Any,
        kind: str,
        team: str,
        count: int,
        descending: bool,
        prev: bool,
        contains: str | None,
        active_only: bool,
    ) -> None:
        offset, offset_key = self.draw_offset(data, kind, team)
        matches = self.filter_for(kind, contains)
        extra = {}
        if kind == "gateways" and active_only:
            extra["status"] = "ACTIVE"
        collection = getattr(self.store, kind)

        if offset is not None and offset_key is None:
            with pytest.raises(gatewaydb.InvalidRequest) as raised:
                collection.list(
                    team, offset, count, descending, prev, contains, **extra
                )
            assert "offset" in [e["path"] for e in raised.value.errors]
            return

        page = collection.list(
            team, offset, count, descending, prev, contains, **extra
        )

        records = list(self.teams[team].live[kind].values())
        expected = expected_page(
            records, offset_key, count, descending, prev, matches
        )
        assert [item["id"] for item in page.items] == expected.ids
        assert page.next_offset == expected.next_offset
        assert page.prev_offset == expected.prev_offset
        live = self.teams[team].live[kind]
        assert page.items == [live[item["id"]] for item in page.items]

    @rule(
        kind=st.sampled_from(KINDS),
        team=st.sampled_from(TEAMS),
        count=st.integers(1, 3),
        descending=st.booleans(),
        contains=FILTERS,
    )
    def walk_every_page(
        self,
        kind: str,
        team: str,
        count: int,
        descending: bool,
        contains: str | None,
    ) -> None:
        collection = getattr(self.store, kind)

        walked = list(
            collection.iter(
                team, count=count, descending=descending, contains=contains
            )
        )

        matches = self.filter_for(kind, contains)
        records = self.teams[team].live[kind].values()
        expected = sorted(
            (record for record in records if matches(record)),
            key=sort_key,
            reverse=descending,
        )
        assert walked == expected

    def filter_for(
        self, kind: str, contains: str | None
    ) -> Callable[[dict[str, Any]], bool]:
        field_name = "description" if kind == "tokens" else "name"
        return lambda record: contains_text(record[field_name], contains)

    def draw_offset(
        self, data: Any, kind: str, team: str
    ) -> tuple[str | None, tuple[str, str] | None]:
        """Draw an offset; the key is None when the store must reject it."""
        model = self.teams[team]
        valid = {**model.live[kind], **model.deleted[kind]}
        other_kind = "gateways" if kind == "tokens" else "tokens"
        invalid = [UNKNOWN_ID]
        invalid += sorted(model.live[other_kind])
        for other_team, other_model in self.teams.items():
            if other_team != team:
                invalid += sorted(other_model.live[kind])
                invalid += sorted(other_model.deleted[kind])

        choice = data.draw(st.sampled_from(["none", "valid", "invalid"]))
        if choice == "valid" and valid:
            offset = data.draw(st.sampled_from(sorted(valid)))
            return offset, sort_key(valid[offset])
        if choice == "invalid":
            return data.draw(st.sampled_from(invalid)), None
        return None, None


StoreMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_store_matches_model = StoreMachine.TestCase
