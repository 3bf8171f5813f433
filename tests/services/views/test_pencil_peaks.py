"""Overloads told apart in ink and pencil on a real plan: the confirmed peaks read with the plan, and the
findings they give, on a plan file and on a server (where the overloads are kept without their runs)."""

from __future__ import annotations

from datetime import date, timedelta

from smarket_planner import services
from smarket_planner.analysis.model import AllocationPeak, Finding, FindingKind, Severity
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.reports.analysis import analyse
from smarket_planner.services.views.analysis_data import load_plan_data
from tests.conftest import assert_plain_english

K = EntityKind
TODAY = date(2026, 11, 23)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


class Booked:
    """Four Sales people booked on active, forming and proposed teams, each overloaded differently."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        sales = self.new(K.FUNCTION, name="Sales", colour="#1f77b4")
        self.ann, self.ben, self.cat, self.dan = (
            self.new(K.PERSON, name=name, function_id=sales) for name in ("Ann", "Ben", "Cat", "Dan")
        )
        self.autumn, self.board, self.channel, self.dealer, self.expo = (
            self.new(
                K.TASK_FORCE,
                name=name,
                kind="campaign",
                status=status,
                start_date=day(-20),
                end_date=day(200),
            )
            for name, status in (
                ("Autumn Push", "active"),
                ("Board Pack", "active"),
                ("Channel Week", "forming"),
                ("Dealer Day", "proposed"),
                ("Expo", "forming"),
            )
        )
        # Ann: 120% only with the forming Channel Week. Ben: 120% on two active teams.
        self.member(self.autumn, self.ann, 60)
        self.member(self.channel, self.ann, 60)
        self.member(self.autumn, self.ben, 60)
        self.member(self.board, self.ben, 60)
        # Cat: 110% all along with Channel Week; 190% for a month with Expo too (the peak, in
        # pencil); and later 110% on active teams alone, inside the same long overload.
        self.member(self.autumn, self.cat, 40)
        self.member(self.channel, self.cat, 70)
        self.member(self.expo, self.cat, 80, start_date=day(0), end_date=day(30))
        self.member(self.board, self.cat, 70, start_date=day(90), end_date=day(100))
        # Dan: over only if both pencilled teams go ahead.
        self.member(self.channel, self.dan, 70)
        self.member(self.dealer, self.dan, 50)

    def new(self, kind: EntityKind, /, **values: object) -> int:
        return services.create(self.plan, kind, **values).value.id  # type: ignore[no-any-return,union-attr]

    def member(self, task_force: int, person: int, pct: float, **dates: date) -> None:
        services.add_member(self.plan, task_force, person, allocation_pct=pct, **dates)  # type: ignore[arg-type]

    def overloads(self, task_force_ids: list[int] | None = None) -> dict[int, Finding]:
        """Each person's over-allocation finding, by person."""
        report = analyse(self.plan, today=TODAY, task_force_ids=task_force_ids)
        found = {}
        for finding in report.findings:
            if finding.kind is FindingKind.OVER_ALLOCATION:
                assert_plain_english(finding.message)
                found[next(e.id for e in finding.entities if e.kind is K.PERSON)] = finding
        return found


def test_only_active_teams_make_the_confirmed_peaks(plan: Plan) -> None:
    booked = Booked(plan)
    data = load_plan_data(plan, today=TODAY)
    assert sorted(data.confirmed_peaks, key=lambda peak: peak.person_id) == [
        AllocationPeak(booked.ben, 120.0, day(0), day(200), (booked.autumn, booked.board)),
        AllocationPeak(booked.cat, 110.0, day(90), day(100), (booked.autumn, booked.board)),
    ]
    (cat,) = [peak for peak in data.allocation_peaks if peak.person_id == booked.cat]
    assert (cat.peak_pct, cat.first_day, cat.last_day) == (190.0, day(0), day(30))
    assert cat.overload_days == (day(0), day(200))  # worked out on the server's path too


def test_an_overload_is_in_pencil_unless_active_teams_alone_overload_the_person(plan: Plan) -> None:
    booked = Booked(plan)
    found = booked.overloads()
    assert set(found) == {booked.ann, booked.ben, booked.cat, booked.dan}
    ann, ben, cat, dan = (found[person] for person in (booked.ann, booked.ben, booked.cat, booked.dan))
    assert (ann.severity, ann.facts["pencilled"]) == (Severity.WARNING, True)
    assert ann.message.endswith("so some of that work will slip if Channel Week goes ahead.")
    assert ann.facts["if_ahead_task_force_ids"] == (booked.channel,)
    assert (ben.severity, ben.facts["pencilled"]) == (Severity.WARNING, False)
    assert ben.message.endswith("across Autumn Push and Board Pack, so some of that work will slip.")
    assert (cat.severity, cat.facts["pencilled"]) == (Severity.ERROR, False)
    assert cat.message.startswith(
        "Cat is booked at 190%, of which 150% is pencilled on Channel Week and Expo, "
    )
    assert dan.message.endswith("if Channel Week and Dealer Day go ahead.")
    assert dan.severity is Severity.WARNING  # 20 points over, in pencil


def test_a_team_read_on_its_own_tells_ink_from_pencil_alike(plan: Plan) -> None:
    booked = Booked(plan)
    whole = booked.overloads()
    alone = booked.overloads([booked.expo])
    assert set(alone) == {booked.cat}
    assert alone[booked.cat].message == whole[booked.cat].message
    assert alone[booked.cat].facts == whole[booked.cat].facts


def test_when_the_forming_team_goes_active_the_overload_is_in_ink(plan: Plan) -> None:
    booked = Booked(plan)
    services.advance(plan, booked.channel)
    found = booked.overloads()
    assert found[booked.ann].facts["pencilled"] is False
    assert found[booked.ann].message.endswith("so some of that work will slip.")
    assert found[booked.dan].facts["pencilled"] is True  # Dealer Day is still only proposed
    assert found[booked.dan].message.endswith("if Dealer Day goes ahead.")
