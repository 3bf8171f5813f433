"""Other clients of a plan hear what an edit changed: on a server by NOTIFY, in a file by its log."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from smarket_planner import services
from smarket_planner.domain import DomainError, EntityKind
from smarket_planner.services import ChangeAction, ChangeNotice, Plan
from smarket_planner.services.actions.notices import decode, encode
from smarket_planner.services.actions.watch import PlanWatch
from smarket_planner.storage import change_signals
from tests.services.staffing import Staffed

K = EntityKind


@pytest.fixture
def other(staffed: Staffed) -> Iterator[tuple[Plan, PlanWatch]]:
    """A second client on the staffed plan, listening."""
    opened = services.open_existing(staffed.plan.location)
    watch = PlanWatch(opened)
    yield opened, watch
    watch.close()
    opened.close()


def heard(watch: PlanWatch, wait: float = 2.0) -> tuple[ChangeNotice, ...]:
    """What the watch hears within ``wait`` seconds (a server's notice crosses a socket)."""
    deadline = time.monotonic() + wait
    while True:
        found = watch.poll()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def test_an_edit_in_one_client_is_heard_by_the_other(staffed: Staffed, other: tuple[Plan, PlanWatch]) -> None:
    second, watch = other
    published: list[tuple[ChangeNotice, ...]] = []
    second.changes.subscribe(published.append)
    outcome = services.update(staffed.plan, K.PERSON, staffed.eve, title="Director")
    assert heard(watch) == outcome.notices
    assert published == [outcome.notices]  # the second client's views are told
    assert services.get(second, K.PERSON, staffed.eve).title == "Director"
    assert heard(watch, wait=0.2) == ()  # once


def test_a_client_does_not_hear_its_own_edits_twice(staffed: Staffed) -> None:
    watch = PlanWatch(staffed.plan)
    try:
        services.update(staffed.plan, K.PERSON, staffed.eve, title="Director")
        assert heard(watch, wait=0.3) == ()
    finally:
        watch.close()


def test_a_refused_edit_is_heard_by_no_one(staffed: Staffed, other: tuple[Plan, PlanWatch]) -> None:
    _, watch = other
    with pytest.raises(DomainError):
        services.update(staffed.plan, K.PERSON, staffed.eve, name="")
    assert heard(watch, wait=0.3) == ()


def test_a_large_edit_arrives_whole(staffed: Staffed, other: tuple[Plan, PlanWatch]) -> None:
    _, watch = other
    made = [
        services.create(
            staffed.plan, K.CHECK_IN, kpi_id=staffed.revenue_kpi, checked_on=f"2026-01-{d:02}", value=d
        )
        for d in range(1, 29)
    ]
    expected = {notice for outcome in made for notice in outcome.notices}
    found: set[ChangeNotice] = set()
    deadline = time.monotonic() + 3
    while found != expected and time.monotonic() < deadline:
        found.update(watch.poll())
        time.sleep(0.02)
    assert found == expected


def test_notices_travel_in_parts_under_the_limit() -> None:
    notices = (
        ChangeNotice(K.PERSON, ChangeAction.CREATED, tuple(range(1, 5001))),
        ChangeNotice(K.FUNCTION, ChangeAction.UPDATED, (7,)),
    )
    payloads = encode("me", notices)
    assert len(payloads) > 1
    assert all(len(p.encode()) < change_signals.PAYLOAD_LIMIT for p in payloads)
    ids: list[int] = []
    kinds = set()
    for payload in payloads:
        origin, found = decode(payload)
        assert origin == "me"
        for notice in found:
            kinds.add(notice.kind)
            if notice.kind is K.PERSON:
                ids.extend(notice.ids)
    assert ids == list(range(1, 5001))
    assert kinds == {K.PERSON, K.FUNCTION}


def test_an_unreadable_payload_is_no_notice() -> None:
    assert decode("not json") == ("", ())
    assert decode('{"o": "x", "n": [["no such kind", "created", [1]]]}') == ("", ())


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_window_that_missed_entries_refreshes_everything(
    staffed: Staffed, other: tuple[Plan, PlanWatch], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, watch = other
    monkeypatch.setattr(change_signals, "LOG_LENGTH", 2)
    for title in ("One", "Two", "Three", "Four"):
        services.update(staffed.plan, K.PERSON, staffed.eve, title=title)
    found = {notice.kind: notice for notice in heard(watch)}
    assert found.keys() == set(services.actions.catalog.ROWS)  # everything may have changed
    assert staffed.eve in found[K.PERSON].ids
    assert heard(watch, wait=0.2) == ()
