"""Dependency loops, the critical path and work that ends after its team does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from smarket_planner.analysis.model import FindingKind, Severity
from smarket_planner.analysis.schedule import (
    CYCLES_PER_LOOP,
    critical_path,
    dependency_cycle_findings,
    schedule_findings,
)
from smarket_planner.domain.enums import DeliverableStatus, DependencyKind, LifecycleStatus
from smarket_planner.domain.records import Deliverable, EntityKind, TaskForce
from tests.analysis.builders import END, START, PlanBuilder, clean_plan

Plain = Callable[[str], None]


def test_a_blocking_loop_is_spelled_out_deliverable_by_deliverable(plain_english: Plain) -> None:
    b = PlanBuilder()
    launch = b.task_force("Atlas Launch")
    plan, brief, copy = (
        b.deliverable(launch, "Launch plan"),
        b.deliverable(launch, "Brief"),
        b.deliverable(launch, "Copy"),
    )
    b.dependency(brief, plan)
    b.dependency(plan, copy)
    b.dependency(copy, brief)
    b.dependency(brief, b.deliverable(launch, "Outside the loop"))
    [finding] = dependency_cycle_findings(b.build())
    assert finding.kind is FindingKind.DEPENDENCY_CYCLE
    assert finding.severity is Severity.ERROR
    assert "Brief → Launch plan → Copy → Brief" in finding.message
    assert [e.name for e in finding.entities] == ["Brief", "Launch plan", "Copy"]
    assert all(e.kind is EntityKind.DELIVERABLE for e in finding.entities)
    assert finding.task_force_ids == (launch.id,)
    assert "Copy → Brief" in finding.action
    assert finding.facts["more_loops_not_shown"] is False
    plain_english(finding.message)
    plain_english(finding.action)


def test_a_loop_across_teams_names_both_teams() -> None:
    b = PlanBuilder()
    one, two = b.task_force("Atlas Launch"), b.task_force("DACH Entry")
    leads, pitch = b.deliverable(one, "Leads"), b.deliverable(two, "Pitch")
    b.dependency(leads, pitch)
    b.dependency(pitch, leads)
    [finding] = dependency_cycle_findings(b.build())
    assert "Atlas Launch and DACH Entry" in finding.message
    assert "Leads → Pitch → Leads" in finding.message
    assert finding.task_force_ids == (one.id, two.id)


def test_each_loop_through_shared_deliverables_is_reported_and_capped() -> None:
    b = PlanBuilder()
    launch = b.task_force("Atlas Launch")
    hub = b.deliverable(launch, "Hub")
    spokes = [b.deliverable(launch, f"Spoke {n:02d}") for n in range(CYCLES_PER_LOOP + 2)]
    for spoke in spokes:
        b.dependency(hub, spoke)
        b.dependency(spoke, hub)
    findings = dependency_cycle_findings(b.build())
    assert len(findings) == CYCLES_PER_LOOP
    assert all(f.facts["more_loops_not_shown"] is True for f in findings)
    assert all(f.message.count("Hub") == 2 for f in findings)


def test_loops_that_do_not_block_are_no_cycle() -> None:
    b = PlanBuilder()
    launch = b.task_force("Atlas Launch")
    old = b.task_force("Old", status=LifecycleStatus.ARCHIVED)
    first, second = b.deliverable(launch, "First"), b.deliverable(launch, "Second")
    b.dependency(first, second)
    b.dependency(second, first, DependencyKind.NON_BLOCKING)
    then, again = b.deliverable(old, "Then"), b.deliverable(old, "Again")
    b.dependency(then, again)
    b.dependency(again, then)  # a dispersed team's loop no longer matters
    assert dependency_cycle_findings(b.build()) == []


@pytest.mark.parametrize(
    "kinds",
    [
        (DependencyKind.HAND_OFF, DependencyKind.HAND_OFF),
        (DependencyKind.BLOCKING, DependencyKind.HAND_OFF),
        (DependencyKind.HAND_OFF, DependencyKind.BLOCKING, DependencyKind.HAND_OFF),
    ],
    ids=["hand-offs", "blocking and a hand-off", "hand-off, blocking, hand-off"],
)
def test_a_loop_of_any_links_that_order_work_is_seen_everywhere(kinds: tuple[DependencyKind, ...]) -> None:
    """A hand-off makes the next deliverable start when this one ends, as a blocking link does: a loop
    of any mix of them can never start. The cycle finding, the critical path and the health's
    schedule part all see it."""
    from smarket_planner.analysis.health import health

    b = PlanBuilder()
    launch = b.task_force("Atlas Launch")
    work = [
        b.deliverable(launch, title, duration_days=2) for title in ("Brief", "Copy", "Review")[: len(kinds)]
    ]
    for index, kind in enumerate(kinds):
        b.dependency(work[index], work[(index + 1) % len(work)], kind)
    data = b.build()
    [loop] = dependency_cycle_findings(data)
    assert loop.severity is Severity.ERROR and "wait for each other in a circle" in loop.message
    assert sorted(loop.facts["deliverable_ids"]) == sorted(item.id for item in work)
    assert critical_path(data, launch.id).ignored_links  # the path leaves the loop out...
    [path] = [f for f in schedule_findings(data) if f.kind is FindingKind.CRITICAL_PATH]
    assert "leaving out a dependency loop" in path.message  # ...and says so
    parts = health(launch, [loop], data).components
    schedule = next(part for part in parts if part.name == "dependency risk")
    assert schedule.score < 100 and any("in a circle" in reason for reason in schedule.reasons)


def test_a_clean_plan_has_no_loops_and_nothing_late() -> None:
    data = clean_plan().build()
    assert dependency_cycle_findings(data) == []
    kinds = [f.kind for f in schedule_findings(data)]
    assert kinds == [FindingKind.CRITICAL_PATH]


def _fork() -> tuple[PlanBuilder, TaskForce, list[Deliverable]]:
    """A(3) -> B(5) -> D(2) -> E(4), with A -> C(2) -> D alongside B."""
    b = PlanBuilder()
    launch = b.task_force("Atlas Launch")
    a, bb, c, d, e = (
        b.deliverable(launch, title, duration_days=days)
        for title, days in (("A", 3), ("B", 5), ("C", 2), ("D", 2), ("E", 4))
    )
    b.dependency(a, bb)
    b.dependency(a, c, DependencyKind.HAND_OFF)
    b.dependency(bb, d)
    b.dependency(c, d)
    b.dependency(d, e)
    return b, launch, [a, bb, c, d, e]


def test_critical_path_by_hand_on_a_fork() -> None:
    b, launch, work = _fork()
    a, bb, c, d, e = (item.id for item in work)
    path = critical_path(b.build(), launch.id)
    assert path.deliverable_ids == (a, bb, d, e)
    assert path.total_days == 14
    expected = {  # earliest start, earliest finish, latest start, latest finish, slack
        a: (0, 3, 0, 3, 0),
        bb: (3, 8, 3, 8, 0),
        c: (3, 5, 6, 8, 3),
        d: (8, 10, 8, 10, 0),
        e: (10, 14, 10, 14, 0),
    }
    for node, numbers in expected.items():
        t = path.timings[node]
        assert (t.earliest_start, t.earliest_finish, t.latest_start, t.latest_finish, t.slack) == numbers
    assert path.waits_for is None
    assert path.ignored_links == ()


def test_non_blocking_links_and_cancelled_work_do_not_delay() -> None:
    b, launch, (a, _, _, _, e) = _fork()
    late = b.deliverable(launch, "Nice to have", duration_days=50, status=DeliverableStatus.CANCELLED)
    extra = b.deliverable(launch, "Newsletter", duration_days=30)
    b.dependency(late, a)
    b.dependency(extra, e, DependencyKind.NON_BLOCKING)
    path = critical_path(b.build(), launch.id)
    assert path.total_days == 30  # the newsletter runs alongside, from day 0
    assert path.deliverable_ids == (extra.id,)
    assert late.id not in path.timings
    assert path.timings[e.id].slack == 16


def test_another_teams_work_holds_the_path_until_its_due_date(plain_english: Plain) -> None:
    b = PlanBuilder()
    launch = b.task_force("Atlas Launch")
    other = b.task_force("Platform Release")
    release = b.deliverable(other, "GA release", due_date=START + timedelta(days=20))
    webinar = b.deliverable(launch, "Launch webinar", duration_days=5)
    b.dependency(release, webinar)
    data = b.build()
    path = critical_path(data, launch.id)
    assert path.timings[webinar.id].earliest_start == 20
    assert path.total_days == 25
    assert path.waits_for == release.id
    finding = next(f for f in schedule_findings(data) if f.task_force_ids == (launch.id,))
    assert "waits for GA release of Platform Release" in finding.message
    plain_english(finding.message)


def test_a_loop_is_left_out_of_the_critical_path_and_said_so() -> None:
    b = PlanBuilder()
    launch = b.task_force("Atlas Launch")
    first, second = (
        b.deliverable(launch, "First", duration_days=2),
        b.deliverable(launch, "Second", duration_days=3),
    )
    b.dependency(first, second)
    b.dependency(second, first)
    data = b.build()
    path = critical_path(data, launch.id)
    assert path.ignored_links == ((second.id, first.id),)
    assert path.deliverable_ids == (first.id, second.id)
    assert path.total_days == 5
    [finding] = [f for f in schedule_findings(data) if f.kind is FindingKind.CRITICAL_PATH]
    assert "leaving out a dependency loop" in finding.message


def test_critical_path_finding_per_live_team_with_slack_in_facts(plain_english: Plain) -> None:
    b, launch, _ = _fork()
    old = b.task_force("Old", status=LifecycleStatus.DISPERSED)
    b.deliverable(old, "Past work")
    b.task_force("Empty")
    [finding] = schedule_findings(b.build())
    assert finding.kind is FindingKind.CRITICAL_PATH
    assert finding.severity is Severity.INFO
    assert finding.task_force_ids == (launch.id,)
    assert "A → B → D → E" in finding.message
    assert "14 days" in finding.message
    assert [e.name for e in finding.entities] == ["A", "B", "D", "E"]
    timings = finding.facts["timings"]
    assert isinstance(timings, list)
    assert {row["title"]: row["slack_days"] for row in timings} == {"A": 0, "B": 0, "C": 3, "D": 0, "E": 0}
    plain_english(finding.message)
    plain_english(finding.action)


def test_a_deliverable_due_after_its_team_ends_is_late(plain_english: Plain) -> None:
    b = PlanBuilder()
    sales = b.function("Sales")
    ana = b.person("Ana Lee", sales)
    launch = b.task_force("Atlas Launch")
    b.member(launch, ana)
    b.deliverable(launch, "On time", ana, due_date=END)
    late = b.deliverable(launch, "Press tour", ana, due_date=END + timedelta(days=12))
    b.deliverable(launch, "Done late", ana, due_date=END + timedelta(days=5), status=DeliverableStatus.DONE)
    [finding] = [f for f in schedule_findings(b.build()) if f.kind is FindingKind.LATE_DELIVERABLE]
    assert finding.severity is Severity.WARNING
    assert finding.task_force_ids == (launch.id,)
    assert [(e.kind, e.id) for e in finding.entities] == [
        (EntityKind.DELIVERABLE, late.id),
        (EntityKind.PERSON, ana.id),
    ]
    assert "Press tour (Ana Lee)" in finding.message
    assert "12 days after Atlas Launch ends" in finding.message
    assert finding.facts["days_over"] == 12
    plain_english(finding.message)
    plain_english(finding.action)


@pytest.mark.parametrize("days", [100, 111])
def test_a_chain_longer_than_its_team_is_late_at_its_end(days: int) -> None:
    b = PlanBuilder()
    short = b.task_force("Short Sprint", start=date(2026, 9, 1), end=date(2026, 12, 10))  # 100 days
    first = b.deliverable(short, "Research", duration_days=60)
    last = b.deliverable(short, "Report", duration_days=days - 60)
    b.dependency(first, last)
    late = [f for f in schedule_findings(b.build()) if f.kind is FindingKind.LATE_DELIVERABLE]
    assert [e.id for f in late for e in f.entities] == ([] if days == 100 else [last.id])
