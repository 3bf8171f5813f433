"""The plan as the analysis reads it, and over-allocation peaks worked out by the database."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest

from smarket_planner import services
from smarket_planner.analysis.model import AllocationPeak, PlanData
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.services import Plan
from smarket_planner.services.views.analysis_data import allocation_peaks, load_plan_data
from tests.services.plan_copies import Copies
from tests.services.staffing import Staffed

K = EntityKind
TODAY = date(2026, 11, 23)
RESTING = (LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED)
# Every tuple of records in PlanData, and the kind of thing it holds.
RECORD_FIELDS = {
    "functions": K.FUNCTION,
    "people": K.PERSON,
    "task_forces": K.TASK_FORCE,
    "memberships": K.MEMBERSHIP,
    "goals": K.GOAL,
    "kpis": K.KPI,
    "activities": K.ACTIVITY,
    "raci": K.RACI,
    "deliverables": K.DELIVERABLE,
    "dependencies": K.DEPENDENCY,
    "questions": K.QUESTION,
    "open_roles": K.OPEN_ROLE,
}


@pytest.fixture
def demo(copies: Copies) -> Plan:
    """The Northwind demo plan as of TODAY (these tests only read it)."""
    return copies.demo(TODAY, shared=True)


@pytest.fixture
def generated(copies: Copies) -> Plan:
    """A synthetic plan of 500 people and 50 task forces (only read)."""
    return copies.demo(TODAY, shared=True, people=500, task_forces=50)


def brute_force_peaks(plan: Plan, today: date) -> dict[int, list[AllocationPeak]]:
    """Everyone's overloads counted day by day in plain Python, from the records the services hand out:
    each run of days over capacity, with its peak (first day at the top, until the load leaves it)."""
    task_forces = {tf.id: tf for tf in services.find(plan, K.TASK_FORCE)}
    capacity = {person.id: person.capacity_pct for person in services.find(plan, K.PERSON)}
    spans: dict[int, list[tuple[date, date, float, int]]] = defaultdict(list)
    for member in services.find(plan, K.MEMBERSHIP):
        task_force = task_forces[member.task_force_id]  # type: ignore[attr-defined]
        if task_force.status in RESTING or member.allocation_pct == 0:  # type: ignore[attr-defined]
            continue
        first = member.start_date or task_force.start_date or today  # type: ignore[attr-defined]
        last = member.end_date or task_force.end_date or today + timedelta(days=90)  # type: ignore[attr-defined]
        first = max(first, today)  # from today on: a past overload is history
        if first <= last:
            spans[member.person_id].append(  # type: ignore[attr-defined]
                (first, last, member.allocation_pct, member.task_force_id)  # type: ignore[attr-defined]
            )
    peaks: dict[int, list[AllocationPeak]] = {}
    for person, items in spans.items():
        start = min(item[0] for item in items)
        days = [start + timedelta(days=n) for n in range((max(item[1] for item in items) - start).days + 1)]
        load = {
            day: round(sum(share for begins, ends, share, _ in items if begins <= day <= ends), 6)
            for day in days
        }
        over = [day for day in days if load[day] > capacity[person] + 1e-6]
        runs: list[list[date]] = []
        for day in over:
            if runs and runs[-1][-1] + timedelta(days=1) == day:
                runs[-1].append(day)
            else:
                runs.append([day])
        for run in runs:
            top = max(load[day] for day in run)
            first_day = next(day for day in run if load[day] == top)
            last_day = first_day
            while last_day + timedelta(days=1) in run and load[last_day + timedelta(days=1)] == top:
                last_day += timedelta(days=1)
            making = tuple(sorted(tf for begins, ends, _, tf in items if begins <= first_day <= ends))
            peaks.setdefault(person, []).append(AllocationPeak(person, top, first_day, last_day, making))
    return peaks


def by_person(peaks: list[AllocationPeak]) -> dict[int, list[AllocationPeak]]:
    """Peaks grouped by person, each person's in the order of their days."""
    grouped: dict[int, list[AllocationPeak]] = defaultdict(list)
    for peak in sorted(peaks, key=lambda peak: (peak.person_id, peak.first_day)):
        grouped[peak.person_id].append(peak)
    return dict(grouped)


def test_the_plan_is_read_as_the_services_hand_it_out(staffed: Staffed) -> None:
    data = load_plan_data(staffed.plan, today=TODAY)
    assert data.today == TODAY
    for name, kind in RECORD_FIELDS.items():
        assert getattr(data, name) == tuple(services.find(staffed.plan, kind)), name
    launch_goal = next(goal for goal in data.goals if goal.id == staffed.launch_goal)
    assert launch_goal.owner_function_ids == (staffed.sales, staffed.marketing)


def test_each_kpi_has_its_latest_check_in_not_its_last_recorded(staffed: Staffed) -> None:
    latest = load_plan_data(staffed.plan, today=TODAY).latest_check_ins
    assert set(latest) == {staffed.leads_kpi}  # the revenue KPI has none
    assert latest[staffed.leads_kpi] == services.get(staffed.plan, K.CHECK_IN, staffed.check_ins[0])
    assert latest[staffed.leads_kpi].checked_on == date(2026, 3, 1)


def test_the_latest_check_in_is_the_newest_of_every_kpi(demo: Plan) -> None:
    newest: dict[int, object] = {}
    for check_in in sorted(services.find(demo, K.CHECK_IN), key=lambda c: (c.checked_on, c.id)):  # type: ignore[attr-defined]
        newest[check_in.kpi_id] = check_in  # type: ignore[attr-defined]
    assert load_plan_data(demo, today=TODAY).latest_check_ins == newest


def test_one_task_force_is_read_with_the_people_it_involves(staffed: Staffed) -> None:
    data = load_plan_data(staffed.plan, today=TODAY, task_force_ids=[staffed.pursuit])
    # The Launch too, by name only: the Pursuit's account plan waits for the Launch's lead list.
    assert [tf.id for tf in data.task_forces] == [staffed.launch, staffed.pursuit]
    for name in ("memberships", "goals", "activities"):
        assert {item.task_force_id for item in getattr(data, name)} == {staffed.pursuit}, name
    assert {d.id for d in data.deliverables} == {staffed.lead_list, staffed.account_plan}
    assert {kpi.id for kpi in data.kpis} == {staffed.pursuit_kpi}
    assert {cell.activity_id for cell in data.raci} == {staffed.win_loss}
    assert [d.id for d in data.dependencies] == [staffed.leads_to_account_plan]  # not the Launch's own
    assert data.latest_check_ins == {}
    involved = {m.person_id for m in data.memberships} | {staffed.ben}  # Ben sponsors Pursuit
    involved |= {cell.person_id for cell in data.raci if cell.person_id is not None}
    assert {person.id for person in data.people} == involved
    assert len(data.functions) == 3  # every function: coverage asks for the ones missing
    assert [role.id for role in data.open_roles] == [staffed.open_role]
    assert data.scope == (staffed.pursuit,)
    launch = load_plan_data(staffed.plan, today=TODAY, task_force_ids=[staffed.launch])
    assert launch.open_roles == () and load_plan_data(staffed.plan, today=TODAY).scope is None


def test_one_task_force_is_read_with_its_questions_and_who_asked_and_answers_them(staffed: Staffed) -> None:
    plan = staffed.plan
    before = load_plan_data(plan, today=TODAY, task_force_ids=[staffed.launch])
    assert not {staffed.dan, staffed.eve} & {person.id for person in before.people}  # Pursuit's only
    services.update(plan, K.QUESTION, staffed.question, asked_by_id=staffed.eve, answerer_id=staffed.dan)
    data = load_plan_data(plan, today=TODAY, task_force_ids=[staffed.launch])
    assert data.questions == (services.get(plan, K.QUESTION, staffed.question),)
    assert {staffed.dan, staffed.eve} <= {person.id for person in data.people}
    assert load_plan_data(plan, today=TODAY, task_force_ids=[staffed.pursuit]).questions == ()


def test_the_whole_demo_plan_is_read(demo: Plan) -> None:
    data = load_plan_data(demo, today=TODAY)
    counts = services.counts(demo)
    for name, kind in RECORD_FIELDS.items():
        assert len(getattr(data, name)) == counts[kind], name
    assert data.allocation_peaks == tuple(allocation_peaks(demo, today=TODAY))


def test_priya_raman_peaks_at_130_percent_across_three_task_forces(demo: Plan) -> None:
    (peak,) = allocation_peaks(demo, today=TODAY)
    person = services.get(demo, K.PERSON, peak.person_id)
    assert (person.name, person.capacity_pct) == ("Priya Raman", 100.0)  # type: ignore[attr-defined]
    assert peak.peak_pct == 130.0
    # From today (the DACH team formed two weeks ago) until the launch ends.
    assert (peak.first_day, peak.last_day) == (TODAY, TODAY + timedelta(days=56))
    names = {services.get(demo, K.TASK_FORCE, ident).name for ident in peak.task_force_ids}  # type: ignore[attr-defined]
    assert names == {"Pulse 3.0 Launch", "Halvorsen Logistics Pursuit", "DACH Market Entry"}
    assert brute_force_peaks(demo, TODAY) == {peak.person_id: [peak]}


def test_one_task_force_keeps_the_peaks_it_is_part_of(demo: Plan) -> None:
    (peak,) = allocation_peaks(demo, today=TODAY)
    launch = services.find(demo, K.TASK_FORCE, name="Pulse 3.0 Launch")[0].id  # type: ignore[attr-defined]
    assert load_plan_data(demo, today=TODAY, task_force_ids=[launch]).allocation_peaks == (peak,)
    elsewhere = {tf.id for tf in services.find(demo, K.TASK_FORCE)} - set(peak.task_force_ids)
    assert load_plan_data(demo, today=TODAY, task_force_ids=elsewhere).allocation_peaks == ()


def test_peaks_match_a_day_by_day_count_for_every_person(generated: Plan) -> None:
    expected = brute_force_peaks(generated, TODAY)
    found = by_person(allocation_peaks(generated, today=TODAY))
    assert len(expected) > 20  # the plan has over-allocated people to find
    assert found == expected


def test_peaks_follow_the_dates_the_plan_has(plan: Plan) -> None:
    def new(kind: EntityKind, /, **values: object) -> int:
        return services.create(plan, kind, **values).value.id  # type: ignore[no-any-return,union-attr]

    def day(offset: int) -> date:
        return TODAY + timedelta(days=offset)

    sales = new(K.FUNCTION, name="Sales", colour="#1f77b4")
    ann, ben, cat, dan, eve = (
        new(K.PERSON, name=name, function_id=sales) for name in ("Ann", "Ben", "Cat", "Dan", "Eve")
    )
    undated = new(K.TASK_FORCE, name="Undated", kind="campaign", status="proposed")
    dated = new(
        K.TASK_FORCE, name="Dated", kind="campaign", status="active", start_date=day(30), end_date=day(200)
    )
    done = new(
        K.TASK_FORCE, name="Done", kind="campaign", status="active", start_date=day(-10), end_date=day(300)
    )
    services.disperse(plan, done)
    empty = new(
        K.TASK_FORCE, name="Empty", kind="campaign", status="active", start_date=day(0), end_date=day(300)
    )
    extra = new(
        K.TASK_FORCE, name="Extra", kind="campaign", status="active", start_date=day(0), end_date=day(300)
    )

    def member(
        task_force: int, person: int, pct: float, first: int | None = None, last: int | None = None
    ) -> None:
        dates = {} if first is None else {"start_date": day(first), "end_date": day(last or first)}
        services.add_member(plan, task_force, person, allocation_pct=pct, **dates)  # type: ignore[arg-type]

    # Ann: an undated team runs for the next quarter; her own dates beat the team's; the
    # dispersed team and a 0% share take no time.
    member(undated, ann, 60)
    member(dated, ann, 50, 80, 120)
    member(done, ann, 100)
    member(empty, ann, 0)
    # Ben: one share ends on the day the next starts, so both count on that one day.
    member(undated, ben, 60, 5, 10)
    member(dated, ben, 60, 10, 20)
    # Cat: over twice at the same height, with a dip to 70% between: two overloads.
    member(empty, cat, 70, 0, 100)
    member(undated, cat, 40, 10, 20)
    member(dated, cat, 40, 50, 60)
    # Eve: 120% for a while, under capacity again, then 130%: each overload with its own peak
    # and the task forces that cause it.
    member(undated, eve, 60, 0, 30)
    member(dated, eve, 60, 10, 20)
    member(empty, eve, 80, 40, 60)
    member(extra, eve, 50, 50, 55)
    # Dan: exactly at capacity is not over it.
    member(undated, dan, 50)
    member(empty, dan, 50)

    assert by_person(allocation_peaks(plan, today=TODAY)) == {
        ann: [AllocationPeak(ann, 110.0, day(80), day(90), (undated, dated))],
        ben: [AllocationPeak(ben, 120.0, day(10), day(10), (undated, dated))],
        cat: [
            AllocationPeak(cat, 110.0, day(10), day(20), (undated, empty)),
            AllocationPeak(cat, 110.0, day(50), day(60), (dated, empty)),
        ],
        eve: [
            AllocationPeak(eve, 120.0, day(10), day(20), (undated, dated)),
            AllocationPeak(eve, 130.0, day(50), day(55), (empty, extra)),
        ],
    }
    assert by_person(allocation_peaks(plan, today=TODAY)) == brute_force_peaks(plan, TODAY)


def test_an_empty_plan_has_no_peaks_and_nothing_to_read(plan: Plan) -> None:
    assert allocation_peaks(plan, today=TODAY) == []
    assert load_plan_data(plan, today=TODAY) == PlanData(today=TODAY)


def test_each_overload_of_a_person_is_its_own_finding(plan: Plan) -> None:
    """Over capacity twice, with a dip between: two findings, each with its own peak, dates and
    task forces, as a manager would fix them one at a time."""
    from smarket_planner.services.reports.analysis import FindingKind, analyse

    def new(kind: EntityKind, /, **values: object) -> int:
        return services.create(plan, kind, **values).value.id  # type: ignore[no-any-return,union-attr]

    def day(offset: int) -> date:
        return TODAY + timedelta(days=offset)

    sales = new(K.FUNCTION, name="Sales", colour="#1f77b4")
    eve = new(K.PERSON, name="Eve Ekdahl", function_id=sales)
    teams = [
        new(K.TASK_FORCE, name=name, kind="campaign", status="active", start_date=day(0), end_date=day(300))
        for name in ("Autumn Push", "Board Pack", "Channel Week", "Dealer Day")
    ]
    bookings = [(60, 0, 30), (60, 10, 20), (80, 40, 60), (50, 50, 55)]
    for team, (share, first, last) in zip(teams, bookings, strict=True):
        services.add_member(plan, team, eve, allocation_pct=share, start_date=day(first), end_date=day(last))
    report = analyse(plan, today=TODAY)
    found = sorted(
        (f for f in report.findings if f.kind is FindingKind.OVER_ALLOCATION),
        key=lambda f: f.facts["first_day"],
    )
    assert [(f.facts["peak_pct"], f.facts["first_day"], f.facts["last_day"]) for f in found] == [
        (120.0, day(10), day(20)),
        (130.0, day(50), day(55)),
    ]
    assert "Autumn Push and Board Pack" in found[0].message and "Channel Week" not in found[0].message
    assert "Channel Week and Dealer Day" in found[1].message and "Autumn Push" not in found[1].message
