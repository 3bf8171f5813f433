"""A plan with an open role to staff: a PR manager wanted on the DACH team, and who could take it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from tests.services.plan_copies import Copies

K = EntityKind
TODAY = date(2026, 3, 1)  # the day before the DACH team starts


@dataclass(frozen=True)
class TeamToStaff:
    """The ids of the plan's task forces, open roles and people, each person's situation said."""

    plan: Plan
    marketing: int
    sales: int
    finance: int
    dach: int  # forming, 2 Mar to 30 Jun 2026: Priya leads, Sam is on it
    launch: int  # active all 2026
    spring: int  # active, March and April only
    autumn: int  # proposed, May and June
    pulse: int  # dispersed in 2025: Priya, Olga, Sam and Will were on it
    old_guard: int  # dispersed, though its dates run through 2026
    ad_hoc: int  # active, no dates at all
    pr_manager: int  # DACH's open role: Marketing at 20%, German and pricing wanted
    old_guard_role: int  # an open role left on a dispersed team
    priya: int  # Marketing, on the DACH team
    sam: int  # Sales, on the DACH team
    olga: int  # Marketing, Launch 70% (free 30), knows German, worked with Priya on Pulse 3.0
    ned: int  # Marketing, capacity 80, Ad hoc 40% undated (free 40), knows pricing
    will: int  # Marketing, Launch 80% (free 20, just enough), worked with Sam on Pulse 3.0
    ivan: int  # Marketing, Old Guard 80% (dispersed, so free 100)
    mia: int  # Marketing, Launch 30% (free 70 throughout)
    lars: int  # Marketing, Autumn Push 40% from 1 Jun (free 100 at the start, 60 at worst)
    uma: int  # Marketing, Launch 90% (free 10)
    zoe: int  # Marketing, Launch 50% and Spring 50% (fully booked in March and April)
    gerd: int  # Finance, knows German and pricing, free
    fiona: int  # Finance, knows "pricing strategy": not the skill wanted
    sven: int  # Sales, no skills: not a candidate


def build_team_to_staff(plan: Plan) -> TeamToStaff:
    """Fill ``plan`` through the public services only."""

    def new(entity: EntityKind, /, **values: object) -> int:
        value = services.create(plan, entity, **values).value
        return int(value.id)

    marketing = new(K.FUNCTION, name="Marketing", colour="#ff7f0e")
    sales = new(K.FUNCTION, name="Sales", colour="#1f77b4")
    finance = new(K.FUNCTION, name="Finance", colour="#9467bd")

    def person(name: str, function_id: int, skills: str = "", capacity: float = 100) -> int:
        return new(
            K.PERSON,
            name=name,
            function_id=function_id,
            skills=skills,
            capacity_pct=capacity,
            title="Manager",
        )

    def team(name: str, status: str, first: date | None, last: date | None) -> int:
        return new(K.TASK_FORCE, name=name, kind="other", status=status, start_date=first, end_date=last)

    def member(task_force: int, person_id: int, pct: float, **dates: date) -> None:
        services.add_member(plan, task_force, person_id, allocation_pct=pct, **dates)  # type: ignore[arg-type]

    priya = person("Priya Patel", marketing)
    sam = person("Sam Stone", sales)
    olga = person("Olga Orlova", marketing, "german, Events")
    ned = person("Ned Nash", marketing, "Pricing", capacity=80)
    will = person("Will Wood", marketing)
    ivan = person("Ivan Iles", marketing)
    mia = person("Mia Moss", marketing)
    lars = person("Lars Lund", marketing)
    uma = person("Uma Underwood", marketing)
    zoe = person("Zoe Zane", marketing)
    gerd = person("Gerd Gross", finance, "German, pricing")
    fiona = person("Fiona Fry", finance, "pricing strategy")
    sven = person("Sven Sand", sales)

    dach = team("DACH Market Entry", "forming", date(2026, 3, 2), date(2026, 6, 30))
    launch = team("Launch", "active", date(2026, 1, 1), date(2026, 12, 31))
    spring = team("Spring Campaign", "active", date(2026, 3, 2), date(2026, 4, 30))
    autumn = team("Autumn Push", "proposed", date(2026, 5, 1), date(2026, 6, 30))
    pulse = team("Pulse 3.0", "active", date(2025, 1, 1), date(2025, 6, 30))
    old_guard = team("Old Guard", "active", date(2026, 1, 1), date(2026, 12, 31))
    ad_hoc = team("Ad hoc", "active", None, None)

    member(dach, priya, 30)
    member(dach, sam, 20)
    for someone in (priya, olga, sam, will):
        member(pulse, someone, 50)
    member(launch, olga, 70)
    member(ad_hoc, ned, 40)
    member(launch, will, 80)
    member(old_guard, ivan, 80)
    member(launch, mia, 30)
    member(autumn, lars, 40, start_date=date(2026, 6, 1))
    member(launch, uma, 90)
    member(launch, zoe, 50)
    member(spring, zoe, 50)
    member(launch, sven, 10)

    pr_manager = new(
        K.OPEN_ROLE,
        task_force_id=dach,
        function_id=marketing,
        title="PR manager",
        allocation_pct=20,
        skills="German, pricing",
        note="Press in Germany, Austria and Switzerland",
    )
    old_guard_role = new(K.OPEN_ROLE, task_force_id=old_guard, function_id=marketing, allocation_pct=10)
    services.disperse(plan, pulse)
    services.disperse(plan, old_guard)
    return TeamToStaff(
        plan,
        marketing,
        sales,
        finance,
        dach,
        launch,
        spring,
        autumn,
        pulse,
        old_guard,
        ad_hoc,
        pr_manager,
        old_guard_role,
        priya,
        sam,
        olga,
        ned,
        will,
        ivan,
        mia,
        lars,
        uma,
        zoe,
        gerd,
        fiona,
        sven,
    )


def team_to_staff(copies: Copies, *, shared: bool = False) -> TeamToStaff:
    """The plan (made once per run and back-end): a private copy, or with ``shared`` the plan itself."""
    opened, made = copies.open("team to staff", _made, shared=shared)
    assert isinstance(made, TeamToStaff)
    return dataclasses.replace(made, plan=opened)


def _made(target: str) -> TeamToStaff:
    with services.new_plan(target) as plan:
        return build_team_to_staff(plan)
