"""The portfolio's read side: task forces on a timeline, weekly allocation sums per person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind, LifecycleStatus
from smarket_planner.services import Plan
from smarket_planner.services.views.portfolio_view import (
    allocation_heatmap,
    heatmap_rows,
    people_on,
    timeline,
    week_start,
)
from tests.services.helpers import stored_rows
from tests.services.plan_copies import Copies

K = EntityKind
MONDAY = date(2026, 3, 2)


def _id(outcome: services.Outcome[object]) -> int:
    assert outcome.value is not None
    return outcome.value.id  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def small(plan: Plan) -> dict[str, int]:
    """Two functions, four people, four task forces with dated, undated and open memberships."""
    ids: dict[str, int] = {}
    ids["sales"] = _id(services.create(plan, K.FUNCTION, name="Sales", colour="#2f7ed8"))
    ids["marketing"] = _id(services.create(plan, K.FUNCTION, name="Marketing", colour="#cf6a1f"))
    for name, function, capacity in (
        ("Zoë Adams", "sales", 100.0),
        ("Ann Baker", "sales", 50.0),
        ("Carl Diaz", "marketing", 100.0),
        ("Dora 100% Eng", "marketing", 80.0),
    ):
        person = services.create(
            plan, K.PERSON, name=name, function_id=ids[function], capacity_pct=capacity, title="Manager"
        )
        ids[name.split()[0].lower()] = _id(person)
    spans = {
        "launch": ("active", MONDAY, MONDAY + timedelta(weeks=8) - timedelta(days=1)),  # 8 whole weeks
        "pursuit": ("forming", MONDAY + timedelta(days=17), MONDAY + timedelta(days=30)),  # Thu..Wed
        "open": ("proposed", None, None),
        "ended": ("active", MONDAY, MONDAY + timedelta(weeks=20)),
    }
    for name, (status, start, end) in spans.items():
        made = services.create(
            plan,
            K.TASK_FORCE,
            name=name.title(),
            kind="campaign",
            status=status,
            start_date=start,
            end_date=end,
        )
        ids[name] = _id(made)
    member = services.add_member
    ids["zoe_launch"] = _id(member(plan, ids["launch"], ids["zoë"], allocation_pct=50))
    ids["zoe_pursuit"] = _id(member(plan, ids["pursuit"], ids["zoë"], allocation_pct=40))
    ids["zoe_ended"] = _id(member(plan, ids["ended"], ids["zoë"], allocation_pct=30))
    services.disperse(plan, ids["ended"])
    # Ann: own dates inside Launch's, and an open-ended membership of an undated task force.
    start = MONDAY + timedelta(weeks=2)
    member(plan, ids["launch"], ids["ann"], allocation_pct=25, start_date=start, end_date=start)
    member(plan, ids["open"], ids["ann"], allocation_pct=10, start_date=MONDAY + timedelta(weeks=6))
    member(plan, ids["pursuit"], ids["carl"], allocation_pct=12.5)
    return ids


def test_timeline_sorts_bars_by_start_and_lists_undated_last(plan: Plan, small: dict[str, int]) -> None:
    bars = timeline(plan)
    assert [bar.name for bar in bars] == ["Launch", "Ended", "Pursuit", "Open"]
    launch = bars[0]
    assert (launch.start, launch.end, launch.status) == (
        MONDAY,
        MONDAY + timedelta(days=55),
        LifecycleStatus.ACTIVE,
    )
    assert not launch.estimated and launch.members == 2
    assert bars[1].status is LifecycleStatus.DISPERSED
    # "Open" has no dates, but Ann's membership starts: the bar starts there, open-ended.
    opened = bars[3]
    assert (opened.start, opened.end, opened.estimated, opened.undated) == (
        MONDAY + timedelta(weeks=6),
        None,
        True,
        False,
    )


def test_a_task_force_with_no_dates_anywhere_is_undated(plan: Plan, small: dict[str, int]) -> None:
    services.create(plan, K.TASK_FORCE, name="Someday", kind="other", status="proposed")
    last = timeline(plan)[-1]
    assert (last.name, last.undated, last.start, last.end, last.members) == ("Someday", True, None, None, 0)


def test_heat_map_sums_overlapping_memberships_per_iso_week(plan: Plan, small: dict[str, int]) -> None:
    heat = allocation_heatmap(plan, MONDAY + timedelta(days=3), 10)
    assert heat.weeks[0] == MONDAY and len(heat.weeks) == 10
    rows = {row.name: row for row in heat.rows}
    # Zoë: Launch 50% for 8 weeks; Pursuit 40% touches weeks 3, 4 and 5 (partly); Ended is dispersed.
    assert rows["Zoë Adams"].loads == (50, 50, 90, 90, 90, 50, 50, 50, 0, 0)
    assert rows["Zoë Adams"].over(2) is False
    # Ann (capacity 50): 25% for one day of week 3, then 10% from week 7 on, open-ended.
    assert rows["Ann Baker"].loads == (0, 0, 25, 0, 0, 0, 10, 10, 10, 10)
    # Carl's membership has no dates of its own: Pursuit's dates count.
    assert rows["Carl Diaz"].loads == (0, 0, 12.5, 12.5, 12.5, 0, 0, 0, 0, 0)
    assert rows["Dora 100% Eng"].loads == (0,) * 10
    shares = rows["Zoë Adams"].shares(MONDAY + timedelta(weeks=3))
    assert [(s.task_force_name, s.allocation_pct) for s in shares] == [("Launch", 50), ("Pursuit", 40)]


def test_heat_map_groups_by_function_name_and_flags_over_capacity(plan: Plan, small: dict[str, int]) -> None:
    services.add_member(plan, small["pursuit"], small["ann"], allocation_pct=60)
    heat = allocation_heatmap(plan, MONDAY, 6)
    assert [row.name for row in heat.rows] == ["Carl Diaz", "Dora 100% Eng", "Ann Baker", "Zoë Adams"]
    assert heat.group_sizes == ((small["marketing"], 2), (small["sales"], 2))
    ann = heat.rows[2]
    assert ann.loads == (0, 0, 85, 60, 60, 0)
    assert [ann.over(index) for index in range(6)] == [False, False, True, True, True, False]


def test_heat_map_filters_search_and_pages(plan: Plan, small: dict[str, int]) -> None:
    sales = allocation_heatmap(plan, MONDAY, 4, function_id=small["sales"])
    assert [row.name for row in sales.rows] == ["Ann Baker", "Zoë Adams"] and sales.total == 2
    assert [r.name for r in allocation_heatmap(plan, MONDAY, 4, search="ZOË").rows] in (
        ["Zoë Adams"],
        [],  # SQLite folds ASCII case only
    )
    assert [r.name for r in allocation_heatmap(plan, MONDAY, 4, search="zoë").rows] == ["Zoë Adams"]
    assert [r.name for r in allocation_heatmap(plan, MONDAY, 4, search="100%").rows] == ["Dora 100% Eng"]
    assert allocation_heatmap(plan, MONDAY, 4, search="manager").total == 4  # titles match too
    page = allocation_heatmap(plan, MONDAY, 4, offset=1, limit=2)
    assert [row.name for row in page.rows] == ["Dora 100% Eng", "Ann Baker"]
    assert (page.offset, page.total) == (1, 4)


def test_rows_of_just_some_people_and_who_sits_where(plan: Plan, small: dict[str, int]) -> None:
    rows = heatmap_rows(plan, {small["zoë"], 9999}, MONDAY, 3)
    assert [(row.name, row.loads) for row in rows] == [("Zoë Adams", (50, 50, 90))]
    assert people_on(plan, membership_ids=[small["zoe_ended"]]) == {small["zoë"]}
    assert people_on(plan, task_force_ids=[small["pursuit"]]) == {small["zoë"], small["carl"]}
    assert people_on(plan) == set()


def test_heat_map_keeps_the_pencilled_part_of_each_week_apart(plan: Plan, small: dict[str, int]) -> None:
    heat = allocation_heatmap(plan, MONDAY, 10)
    rows = {row.name: row for row in heat.rows}
    zoe, ann, carl = rows["Zoë Adams"], rows["Ann Baker"], rows["Carl Diaz"]
    # Zoë: Launch (active) is ink; Pursuit (forming) 40% in weeks 3 to 5 is pencil.
    assert zoe.tentative_loads == (0, 0, 40, 40, 40, 0, 0, 0, 0, 0)
    assert [zoe.confirmed(week) for week in range(6)] == [50, 50, 50, 50, 50, 50]
    assert [zoe.load(week, confirmed_only=True) for week in (2, 3)] == [50, 50]
    pencilled = {(a.task_force_name, a.pencilled) for a in zoe.assignments}
    assert pencilled == {("Launch", False), ("Pursuit", True)}
    # Ann: the proposed, undated task force books her 10% in pencil from week 7; Launch's day is ink.
    assert ann.tentative_loads == (0, 0, 0, 0, 0, 0, 10, 10, 10, 10)
    assert ann.confirmed(2) == 25 and ann.confirmed(6) == 0
    assert carl.tentative_loads == carl.loads == (0, 0, 12.5, 12.5, 12.5, 0, 0, 0, 0, 0)
    third = MONDAY + timedelta(weeks=3)
    assert [s.task_force_name for s in zoe.shares(third, confirmed_only=True)] == ["Launch"]
    assert rows["Dora 100% Eng"].tentative_loads == (0,) * 10


def test_a_week_over_capacity_only_in_pencil_says_which_team_would_make_it_so(
    plan: Plan, small: dict[str, int]
) -> None:
    services.add_member(plan, small["pursuit"], small["ann"], allocation_pct=40)
    ann = allocation_heatmap(plan, MONDAY, 6, search="Ann").rows[0]
    # Week 3: Launch 25% (ink) + Pursuit 40% (pencil) = 65% of 50%: over only if Pursuit goes ahead.
    assert ann.loads[2] == 65 and ann.over(2) and not ann.over(2, confirmed_only=True)
    assert [ann.over_in_pencil(week) for week in range(6)] == [False, False, True, False, False, False]
    assert ann.pencil_note(2, MONDAY + timedelta(weeks=2)) == "Over capacity only if Pursuit goes ahead"
    assert ann.pencil_note(3, MONDAY + timedelta(weeks=3)) == ""  # 40% of 50%: not over at all
    # Inked, the same load is over for certain, and no note says otherwise.
    services.advance(plan, small["pursuit"])
    ann = allocation_heatmap(plan, MONDAY, 6, search="Ann").rows[0]
    assert ann.tentative_loads == (0,) * 6 and ann.over(2, confirmed_only=True)
    assert not ann.over_in_pencil(2) and ann.pencil_note(2, MONDAY + timedelta(weeks=2)) == ""


def test_two_pencilled_teams_are_named_together_or_apart(plan: Plan, small: dict[str, int]) -> None:
    later = _id(
        services.create(
            plan,
            K.TASK_FORCE,
            name="Later",
            kind="campaign",
            status="proposed",
            start_date=MONDAY + timedelta(days=17),
            end_date=MONDAY + timedelta(days=30),
        )
    )
    services.add_member(plan, small["pursuit"], small["dora"], allocation_pct=50)
    membership = _id(services.add_member(plan, later, small["dora"], allocation_pct=40))
    week = MONDAY + timedelta(weeks=3)
    dora = allocation_heatmap(plan, MONDAY, 6, search="Dora").rows[0]  # capacity 80%
    assert dora.loads[3] == dora.tentative_loads[3] == 90
    assert dora.pencil_note(3, week) == "Over capacity only if both Pursuit and Later go ahead"
    services.update(plan, K.MEMBERSHIP, membership, allocation_pct=85)
    dora = allocation_heatmap(plan, MONDAY, 6, search="Dora").rows[0]
    assert dora.pencil_note(3, week) == "Over capacity if Later goes ahead"


def test_bars_count_their_open_roles_and_say_which_are_pencilled(plan: Plan, small: dict[str, int]) -> None:
    for team, title in (("pursuit", "Solutions engineer"), ("pursuit", ""), ("launch", "PR person")):
        team_id, function_id = small[team], small["marketing"]
        services.create(plan, K.OPEN_ROLE, task_force_id=team_id, function_id=function_id, title=title)
    ended = services.create(plan, K.OPEN_ROLE, task_force_id=small["ended"], function_id=small["sales"])
    assert ended.value is not None
    bars = {bar.name: bar for bar in timeline(plan)}
    assert {name: bar.open_roles for name, bar in bars.items()} == {
        "Launch": 1,
        "Pursuit": 2,
        "Open": 0,
        "Ended": 0,  # dispersed: its open role will never be staffed
    }
    assert {name: bar.pencilled for name, bar in bars.items()} == {
        "Launch": False,
        "Pursuit": True,
        "Open": True,
        "Ended": False,
    }


# A plan file of 2,000 people; on a server, where it would take long to make, one of 500 (shared with
# the analysis tests).
SCALE = {"sqlite": {"people": 2000, "task_forces": 200}, "postgresql": {"people": 500, "task_forces": 50}}


@pytest.fixture
def scale_plan(copies: Copies, backend: str) -> Plan:
    """A generated plan of many people and task forces (only read)."""
    return copies.demo(date(2026, 11, 23), shared=True, **SCALE[backend])


def _as_day(value: date | str | None) -> date | None:
    """A date as the bare driver hands it back (SQLite: ISO text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _brute_force(plan: Plan, first: date, weeks: int, *, pencil: bool = False) -> dict[int, list[float]]:
    """Every person's weekly sum (or its pencilled part), checking every membership against every week."""
    query = """
        SELECT m.person_id, m.allocation_pct,
               coalesce(m.start_date, t.start_date), coalesce(m.end_date, t.end_date), t.status
        FROM membership m JOIN task_force t ON t.id = m.task_force_id
        WHERE t.status NOT IN ('dispersed', 'archived')"""
    memberships = stored_rows(plan, query)
    people = [ident for (ident,) in stored_rows(plan, "SELECT id FROM person")]
    sums = {person: [0.0] * weeks for person in people}
    for person, pct, begins, ends, status in memberships:
        if pencil and status not in ("proposed", "forming"):
            continue
        start, end = _as_day(begins), _as_day(ends)
        for week in range(weeks):
            monday = first + timedelta(weeks=week)
            if (start is None or start <= monday + timedelta(days=6)) and (end is None or end >= monday):
                sums[person][week] += pct
    return sums


def test_heat_map_of_a_large_plan_matches_a_brute_force_count(scale_plan: Plan, backend: str) -> None:
    first, weeks = week_start(date(2026, 11, 23)) - timedelta(weeks=4), 16
    expected = _brute_force(scale_plan, first, weeks)
    heat = allocation_heatmap(scale_plan, first, weeks)
    people = SCALE[backend]["people"]
    assert heat.total == len(heat.rows) == people
    got = {row.person_id: row.loads for row in heat.rows}
    assert got.keys() == expected.keys()
    for person, loads in expected.items():
        assert got[person] == pytest.approx(loads), person
    assert any(row.over(week) for row in heat.rows for week in range(weeks))
    assert sum(1 for loads in expected.values() if any(loads)) > 0.75 * people
    pencilled = _brute_force(scale_plan, first, weeks, pencil=True)
    tentative = {row.person_id: row.tentative_loads for row in heat.rows}
    for person, loads in pencilled.items():
        assert tentative[person] == pytest.approx(loads), person
    assert sum(1 for loads in pencilled.values() if any(loads)) > 0.1 * people


def test_pages_of_a_large_plan_add_up_to_the_whole(scale_plan: Plan) -> None:
    first = date(2026, 11, 23)
    whole = allocation_heatmap(scale_plan, first, 8)
    pages = []
    step = whole.total // 7 + 1  # seven pages, the last one short
    for offset in range(0, whole.total, step):
        pages.extend(allocation_heatmap(scale_plan, first, 8, offset=offset, limit=step).rows)
    assert pages == list(whole.rows)
    assert sum(size for _, size in whole.group_sizes) == whole.total
