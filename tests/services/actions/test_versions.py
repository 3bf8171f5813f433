"""Edits carry the version the user saw: a change made since by someone else is never overwritten.

"Someone else" is a second client on the same plan (another window, process or computer),
opened here beside the test's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.errors import StaleEditError
from smarket_planner.services import Plan
from smarket_planner.services.actions.versions import when
from tests.services.helpers import Listener, plan_data
from tests.services.staffing import Staffed

K = EntityKind


@pytest.fixture
def other(staffed: Staffed) -> Iterator[Plan]:
    """A second client on the staffed plan: what a colleague's window would be."""
    opened = services.open_existing(staffed.plan.location)
    yield opened
    opened.close()


def refused(plan: Plan, action: Callable[[], object], plain_english: Callable[[str], None]) -> StaleEditError:
    """Run an edit that must be refused as stale: nothing changes, nothing is announced."""
    before = plan_data(plan)
    heard = Listener()
    plan.changes.subscribe(heard)
    try:
        with pytest.raises(StaleEditError) as caught:
            action()
    finally:
        plan.changes.unsubscribe(heard)
    assert heard.batches == []
    assert plan_data(plan) == before
    plain_english(str(caught.value))
    return caught.value


def test_an_edit_on_what_was_seen_lands(staffed: Staffed) -> None:
    plan = staffed.plan
    seen = services.get(plan, K.PERSON, staffed.eve)
    outcome = services.update(plan, K.PERSON, staffed.eve, seen=seen.version, title="Director")
    assert outcome.value.title == "Director"
    assert outcome.value.version == seen.version + 1


def test_a_stale_edit_is_refused_saying_who_changed_it_and_when(
    staffed: Staffed, other: Plan, plain_english: Callable[[str], None]
) -> None:
    plan = staffed.plan
    seen = services.get(plan, K.PERSON, staffed.eve)
    theirs = services.update(other, K.PERSON, staffed.eve, seen=seen.version, title="Head of brand")
    error = refused(
        plan,
        lambda: services.update(plan, K.PERSON, staffed.eve, seen=seen.version, title="Director"),
        plain_english,
    )
    assert services.get(plan, K.PERSON, staffed.eve).title == "Head of brand"  # theirs is kept
    assert (error.kind, error.ident, error.version) == (K.PERSON, staffed.eve, theirs.value.version)
    assert error.changed_at is not None
    assert str(error).startswith("Person 'Eve")
    assert when(error.changed_at) in str(error)
    assert "their change is kept" in str(error)
    # Seen again, the same change is applied over theirs, on purpose.
    again = services.update(plan, K.PERSON, staffed.eve, seen=error.version, title="Director")
    assert again.value.title == "Director"


def test_the_message_names_the_colleague_who_changed_it(
    staffed: Staffed, other: Plan, plain_english: Callable[[str], None]
) -> None:
    plan = staffed.plan
    seen = services.get(plan, K.TASK_FORCE, staffed.launch).version
    services.update(other, K.TASK_FORCE, staffed.launch, objective="Launch in Spain too")
    with other.store.session(write=True) as session:  # as if Priya's computer had made it
        row = session.get(services.actions.catalog.ROWS[K.TASK_FORCE], staffed.launch)
        assert row is not None
        row.changed_by = "priya"  # type: ignore[attr-defined]
    error = refused(
        plan,
        lambda: services.update(plan, K.TASK_FORCE, staffed.launch, seen=seen, objective="Mine"),
        plain_english,
    )
    assert str(error).startswith("Task force 'Launch")
    assert "was changed by priya" in str(error)


def test_a_stale_removal_is_refused(
    staffed: Staffed, other: Plan, plain_english: Callable[[str], None]
) -> None:
    plan = staffed.plan
    seen = services.get(plan, K.RISK, staffed.risk).version
    services.update(other, K.RISK, staffed.risk, title="Churn is worse than we thought")
    refused(plan, lambda: services.delete(plan, K.RISK, staffed.risk, seen=seen), plain_english)
    assert services.delete(plan, K.RISK, staffed.risk, seen=seen + 1).value.ids == (staffed.risk,)


def test_undo_never_overwrites_a_later_change_by_someone_else(
    staffed: Staffed, other: Plan, plain_english: Callable[[str], None]
) -> None:
    plan = staffed.plan
    mine = services.update(plan, K.PERSON, staffed.eve, title="Director")
    services.update(other, K.PERSON, staffed.eve, title="Head of brand")
    refused(plan, lambda: services.undo(plan, mine), plain_english)
    assert services.get(plan, K.PERSON, staffed.eve).title == "Head of brand"


def test_undo_goes_ahead_when_someone_changed_other_fields(staffed: Staffed, other: Plan) -> None:
    plan = staffed.plan
    before = services.get(plan, K.PERSON, staffed.eve)
    mine = services.update(plan, K.PERSON, staffed.eve, title="Director")
    services.update(other, K.PERSON, staffed.eve, location="Lisbon")
    services.undo(plan, mine)
    after = services.get(plan, K.PERSON, staffed.eve)
    assert (after.title, after.location) == (before.title, "Lisbon")


def test_undoing_an_addition_keeps_what_others_added_to_it(
    staffed: Staffed, other: Plan, plain_english: Callable[[str], None]
) -> None:
    plan = staffed.plan
    made = services.create(plan, K.TASK_FORCE, name="Nordics", kind="market_entry", status="proposed")
    services.add_member(other, made.value.id, staffed.eve)
    refused(plan, lambda: services.undo(plan, made), plain_english)
    assert [m.person_id for m in services.find(plan, K.MEMBERSHIP, task_force_id=made.value.id)] == [
        staffed.eve
    ]


def test_redoing_a_removal_keeps_what_others_changed_since(
    staffed: Staffed, other: Plan, plain_english: Callable[[str], None]
) -> None:
    plan = staffed.plan
    removed = services.delete(plan, K.DELIVERABLE, staffed.webinar)
    put_back = services.undo(plan, removed)
    services.update(other, K.DELIVERABLE, staffed.webinar, title="Webinar for partners")
    refused(plan, lambda: services.undo(plan, put_back), plain_english)
    assert services.get(plan, K.DELIVERABLE, staffed.webinar).title == "Webinar for partners"


def test_undoing_a_removal_after_someone_took_the_place_is_refused(
    staffed: Staffed, other: Plan, plain_english: Callable[[str], None]
) -> None:
    plan = staffed.plan
    gus = services.create(plan, K.PERSON, name="Gus Green", function_id=staffed.sales).value
    removed = services.delete(plan, K.PERSON, gus.id)
    newer = services.create(other, K.PERSON, name="Hal Hart", function_id=staffed.sales).value
    if newer.id != gus.id:  # PostgreSQL never hands out an id twice; SQLite may reuse the last one
        services.undo(plan, removed)
        assert services.get(plan, K.PERSON, gus.id).name == "Gus Green"
        return
    refused(plan, lambda: services.undo(plan, removed), plain_english)
    assert services.get(plan, K.PERSON, gus.id).name == "Hal Hart"


def test_undo_and_redo_of_ones_own_steps_never_conflict(staffed: Staffed) -> None:
    plan = staffed.plan
    first = services.advance(plan, staffed.pursuit)
    second = services.update(plan, K.TASK_FORCE, staffed.pursuit, objective="Win Acme")
    # Undo both, redo both: each redo finds the row at a newer version with the values it left.
    undone_second = services.undo(plan, second)
    undone_first = services.undo(plan, first)
    services.undo(plan, undone_first)
    services.undo(plan, undone_second)
    assert services.get(plan, K.TASK_FORCE, staffed.pursuit).objective == "Win Acme"


def test_when_reads_as_a_clock_today_and_a_date_before() -> None:
    now = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    today = now.astimezone().replace(hour=9, minute=5)
    assert when(today, now) == " at 09:05 today"
    assert when(datetime(2026, 11, 2, 12, 0, tzinfo=UTC), now).startswith(" on 2 Nov 2026 at ")
    assert when(None) == ""


def test_undoing_a_roster_import_keeps_a_later_change_to_someone_it_updated(
    staffed: Staffed, other: Plan, tmp_path: Path, plain_english: Callable[[str], None]
) -> None:
    from smarket_planner.services.exchange.roster_import import import_roster
    from smarket_planner.services.exchange.roster_matching import preview_roster

    plan = staffed.plan
    eve = services.get(plan, K.PERSON, staffed.eve)
    roster = tmp_path / "roster.csv"
    roster.write_text(f"Name,Email,Function,Title\n{eve.name},{eve.email},Marketing,Head of events\n")  # type: ignore[attr-defined]
    imported = import_roster(plan, preview_roster(plan, roster))
    assert services.get(plan, K.PERSON, staffed.eve).title == "Head of events"  # type: ignore[attr-defined]
    services.update(other, K.PERSON, staffed.eve, title="Head of brand")
    refused(plan, lambda: services.undo(plan, imported), plain_english)
    assert services.get(plan, K.PERSON, staffed.eve).title == "Head of brand"  # type: ignore[attr-defined]
