"""The staffed plan of the services tests, and sample values for every kind of thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan

K = EntityKind


@dataclass(frozen=True)
class Staffed:
    """A small plan of two task forces, and the ids of everything in it."""

    plan: Plan
    sales: int
    marketing: int
    product: int
    ann: int  # Sales; leads Launch, made the decision
    ben: int  # Marketing; sponsors Pursuit, accountable for a KPI, owns the lead list, raised the risk
    cat: int  # Product; owns the webinar and the risk
    dan: int  # Sales; leads Pursuit, owns the account plan
    eve: int  # Marketing; only a member of Pursuit
    fay: int  # Product; only a member (of both), with RACI cells and a commitment
    launch: int  # active
    pursuit: int  # forming
    ann_on_launch: int
    fay_on_launch: int
    fay_on_pursuit: int
    launch_goal: int  # owned by Sales and Marketing
    leads_kpi: int  # two check-ins, recorded out of date order
    revenue_kpi: int  # no check-ins
    check_ins: tuple[int, int]  # (2026-03-01: 55, 2026-02-01: 40)
    pursuit_goal: int  # a silo goal: Sales only
    pursuit_kpi: int
    lead_management: int  # Launch activity
    win_loss: int  # Pursuit activity
    sales_accountable: int  # RACI cells of lead management...
    marketing_responsible: int
    fay_consulted: int
    cat_informed: int
    dan_accountable: int  # ...and of win/loss reviews
    fay_responsible: int
    lead_list: int  # Launch deliverable, owned by Ben
    webinar: int  # Launch deliverable, owned by Cat
    account_plan: int  # Pursuit deliverable, owned by Dan
    leads_to_webinar: int  # blocking, within Launch
    leads_to_account_plan: int  # hand-off, across task forces
    risk: int
    decision: int  # committed: Ben and Fay
    question: int  # Launch: asked by Ann, for Cat to answer, open
    lesson: int  # Launch: concerns Sales and Marketing
    credit: int  # Launch: thanks Ann
    ben_placed: int  # where Ben was dragged to in the portfolio's people graph
    open_role: int  # Pursuit: a Product solutions engineer at 50% from March, still to be staffed


def _id(outcome: services.Outcome[object]) -> int:
    value = outcome.value
    assert value is not None
    return int(value.id)  # type: ignore[attr-defined]


def build_staffed(plan: Plan) -> Staffed:
    """Fill ``plan`` through the public services only."""

    def new(entity: EntityKind, /, **values: object) -> int:
        return _id(services.create(plan, entity, **values))

    sales = new(K.FUNCTION, name="Sales", colour="#1f77b4")
    marketing = new(K.FUNCTION, name="Marketing", colour="#ff7f0e", description="Demand generation")
    product = new(K.FUNCTION, name="Product", colour="#2ca02c")

    def person(name: str, function_id: int) -> int:
        email = name.split()[0].lower() + "@example.com"
        return new(K.PERSON, name=name, function_id=function_id, email=email, title="Manager")

    ann = person("Ann Archer", sales)
    ben = person("Ben Brook", marketing)
    cat = person("Cat Chen", product)
    dan = person("Dan Diaz", sales)
    eve = person("Eve Evans", marketing)
    fay = person("Fay Fox", product)

    launch = new(
        K.TASK_FORCE,
        name="Launch",
        kind="product_launch",
        status="proposed",
        objective="Launch the new analytics suite",
        why="Customers ask for it",
        lead_id=ann,
        start_date=date(2026, 1, 5),
        end_date=date(2026, 6, 30),
        rhythm_frequency="weekly",
        rhythm_weekday=1,
        rhythm_time="09:00",
        rhythm_label="Stand-up",
    )
    services.advance(plan, launch)
    services.move_to(plan, launch, "active")
    pursuit = new(
        K.TASK_FORCE,
        name="Pursuit",
        kind="account_pursuit",
        status="forming",
        sponsor_id=ben,
        lead_id=dan,
        start_date=date(2026, 2, 1),
        end_date=date(2026, 5, 31),
    )

    def member(task_force: int, person_id: int, role: str, pct: float) -> int:
        return _id(services.add_member(plan, task_force, person_id, role=role, allocation_pct=pct))

    ann_on_launch = member(launch, ann, "lead", 50)
    member(launch, ben, "core", 30)
    member(launch, cat, "core", 30)
    fay_on_launch = member(launch, fay, "extended", 10)
    member(pursuit, dan, "lead", 40)
    member(pursuit, eve, "core", 25)
    fay_on_pursuit = member(pursuit, fay, "advisor", 10)

    launch_goal = new(
        K.GOAL, task_force_id=launch, title="Win launch accounts", owner_function_ids=[sales, marketing]
    )
    leads_kpi = new(
        K.KPI,
        goal_id=launch_goal,
        title="Qualified leads",
        unit="leads",
        baseline=30,
        target=100,
        start_date=date(2026, 1, 5),
        due_date=date(2026, 6, 30),
        incentive_pct=10,
        accountable_id=ben,
        owner_function_ids=[sales, marketing],
    )
    revenue_kpi = new(
        K.KPI, goal_id=launch_goal, title="Launch revenue", baseline=5, target=20, owner_function_ids=[sales]
    )
    later = _id(services.record_check_in(plan, leads_kpi, date(2026, 3, 1), 55, confidence=7, note="Webinar"))
    earlier = _id(services.record_check_in(plan, leads_kpi, "2026-02-01", 40, confidence=6))
    pursuit_goal = new(K.GOAL, task_force_id=pursuit, title="Win the account", owner_function_ids=[sales])
    pursuit_kpi = new(
        K.KPI, goal_id=pursuit_goal, title="Deal size", baseline=0, target=2, owner_function_ids=[sales]
    )

    lead_management = new(K.ACTIVITY, task_force_id=launch, name="Lead management")
    win_loss = new(K.ACTIVITY, task_force_id=pursuit, name="Win/loss reviews")

    def letter(activity: int, value: str, **holder: int) -> int:
        return _id(services.set_raci(plan, activity, value, **holder))

    sales_accountable = letter(lead_management, "A", function_id=sales)
    marketing_responsible = letter(lead_management, "R", function_id=marketing)
    fay_consulted = letter(lead_management, "C", person_id=fay)
    cat_informed = letter(lead_management, "I", person_id=cat)
    dan_accountable = letter(win_loss, "A", person_id=dan)
    fay_responsible = letter(win_loss, "R", person_id=fay)

    lead_list = new(K.DELIVERABLE, task_force_id=launch, title="Lead list", owner_id=ben, duration_days=10)
    webinar = new(K.DELIVERABLE, task_force_id=launch, title="Launch webinar", owner_id=cat)
    account_plan = new(K.DELIVERABLE, task_force_id=pursuit, title="Account plan", owner_id=dan)
    leads_to_webinar = _id(services.add_dependency(plan, lead_list, webinar))
    leads_to_account_plan = _id(services.add_dependency(plan, lead_list, account_plan, "hand_off"))

    risk = new(
        K.RISK,
        task_force_id=launch,
        title="Webinar platform not ready",
        severity="high",
        owner_id=cat,
        raised_by_id=ben,
        raised_on=date(2026, 2, 10),
    )
    decision = new(
        K.DECISION,
        task_force_id=launch,
        title="Target mid-market first",
        decided_on=date(2026, 2, 15),
        decided_by_id=ann,
        data="Win rates by segment",
        committed_person_ids=[ben, fay],
    )
    question = new(
        K.QUESTION,
        task_force_id=launch,
        question="Why do webinar sign-ups stall after the first mailing?",
        asked_by_id=ann,
        answerer_id=cat,
        due_on=date(2026, 3, 1),
    )
    lesson = new(
        K.LESSON,
        task_force_id=launch,
        title="Agree the lead definition before the first campaign",
        outcome="hurt",
        function_ids=[sales, marketing],
        tags="leads, handover",
    )
    credit = new(K.CREDIT, task_force_id=launch, for_what="Running every RACI review", person_id=ann)
    ben_placed = new(K.VIEW_POSITION, view="people:portfolio", node_key=f"person:{ben}", x=120, y=-40)
    open_role = new(
        K.OPEN_ROLE,
        task_force_id=pursuit,
        function_id=product,
        title="Solutions engineer",
        allocation_pct=50,
        start_date=date(2026, 3, 1),
        skills="demos, pricing",
    )
    return Staffed(
        plan,
        sales,
        marketing,
        product,
        ann,
        ben,
        cat,
        dan,
        eve,
        fay,
        launch,
        pursuit,
        ann_on_launch,
        fay_on_launch,
        fay_on_pursuit,
        launch_goal,
        leads_kpi,
        revenue_kpi,
        (later, earlier),
        pursuit_goal,
        pursuit_kpi,
        lead_management,
        win_loss,
        sales_accountable,
        marketing_responsible,
        fay_consulted,
        cat_informed,
        dan_accountable,
        fay_responsible,
        lead_list,
        webinar,
        account_plan,
        leads_to_webinar,
        leads_to_account_plan,
        risk,
        decision,
        question,
        lesson,
        credit,
        ben_placed,
        open_role,
    )


def new_values(s: Staffed, kind: EntityKind) -> dict[str, Any]:
    """Values for one more thing of ``kind`` in the staffed plan."""
    table: dict[EntityKind, dict[str, Any]] = {
        K.FUNCTION: {"name": "Finance", "colour": "#9467bd"},
        K.PERSON: {"name": "Gus Green", "function_id": s.product, "email": "gus@example.com"},
        K.TASK_FORCE: {"name": "Retention drive", "kind": "retention", "status": "proposed"},
        K.MEMBERSHIP: {
            "task_force_id": s.pursuit,
            "person_id": s.cat,
            "role": "advisor",
            "allocation_pct": 5,
        },
        K.OPEN_ROLE: {
            "task_force_id": s.launch,
            "function_id": s.marketing,
            "title": "PR lead",
            "allocation_pct": 20,
            "skills": "press relations",
            "note": "For the launch week",
        },
        K.GOAL: {"task_force_id": s.pursuit, "title": "Expand", "owner_function_ids": [s.product, s.sales]},
        K.KPI: {
            "goal_id": s.pursuit_goal,
            "title": "Meetings held",
            "target": 12,
            "owner_function_ids": [s.sales],
        },
        K.CHECK_IN: {"kpi_id": s.pursuit_kpi, "checked_on": date(2026, 3, 3), "value": 1, "confidence": 4},
        K.ACTIVITY: {"task_force_id": s.pursuit, "name": "Sales tools"},
        K.RACI: {"activity_id": s.win_loss, "letter": "I", "function_id": s.marketing},
        K.DELIVERABLE: {"task_force_id": s.pursuit, "title": "Proposal", "owner_id": s.eve},
        K.DEPENDENCY: {"upstream_id": s.webinar, "downstream_id": s.account_plan, "kind": "non_blocking"},
        K.RISK: {"task_force_id": s.pursuit, "title": "Budget freeze", "likelihood": "likely"},
        K.DECISION: {"task_force_id": s.pursuit, "title": "Bid", "committed_person_ids": [s.dan, s.eve]},
        K.QUESTION: {"task_force_id": s.pursuit, "question": "Who signs for Acme?", "answerer_id": s.dan},
        K.LESSON: {"task_force_id": s.pursuit, "title": "Meet procurement early", "function_ids": [s.sales]},
        K.CREDIT: {"task_force_id": s.pursuit, "for_what": "The reference call", "function_id": s.product},
        K.VIEW_POSITION: {"view": "deliverables:task-force:1", "node_key": "deliverable:2", "x": 5, "y": 6},
    }
    return table[kind]


def existing(s: Staffed, kind: EntityKind) -> int:
    """A thing of ``kind`` already in the staffed plan (for a function: one with people)."""
    return {
        K.FUNCTION: s.marketing,
        K.PERSON: s.eve,
        K.TASK_FORCE: s.pursuit,
        K.MEMBERSHIP: s.fay_on_launch,
        K.OPEN_ROLE: s.open_role,
        K.GOAL: s.launch_goal,
        K.KPI: s.leads_kpi,
        K.CHECK_IN: s.check_ins[0],
        K.ACTIVITY: s.win_loss,
        K.RACI: s.cat_informed,
        K.DELIVERABLE: s.webinar,
        K.DEPENDENCY: s.leads_to_account_plan,
        K.RISK: s.risk,
        K.DECISION: s.decision,
        K.QUESTION: s.question,
        K.LESSON: s.lesson,
        K.CREDIT: s.credit,
        K.VIEW_POSITION: s.ben_placed,
    }[kind]


def changes(s: Staffed, kind: EntityKind) -> dict[str, Any]:
    """A change to ``existing(s, kind)`` that alters at least one stored value."""
    table: dict[EntityKind, dict[str, Any]] = {
        K.FUNCTION: {"colour": "#D62728", "description": "Brand and demand"},
        K.PERSON: {"title": "Director", "capacity_pct": 80},
        K.TASK_FORCE: {"objective": "Win Acme", "end_date": date(2026, 7, 31), "lead_id": s.eve},
        K.MEMBERSHIP: {"allocation_pct": 15, "role": "core"},
        K.OPEN_ROLE: {"allocation_pct": 40, "end_date": date(2026, 4, 30), "skills": "demos"},
        K.GOAL: {"title": "Win more launch accounts", "owner_function_ids": [s.sales, s.product]},
        K.KPI: {"target": 120.5, "owner_function_ids": [s.marketing], "accountable_id": s.cat},
        K.CHECK_IN: {"value": 57, "note": "Revised"},
        K.ACTIVITY: {"description": "Monthly, with the account team"},
        K.RACI: {"letter": "C"},
        K.DELIVERABLE: {"status": "in_progress", "start_date": "2026-03-02", "due_date": "2026-03-20"},
        K.DEPENDENCY: {"kind": "blocking"},
        K.RISK: {"status": "mitigating", "mitigation": "Book a backup platform"},
        K.DECISION: {"reasoning": "Shorter sales cycles", "committed_person_ids": [s.ben]},
        K.QUESTION: {"answer": "The second mailing went to the wrong list", "answered_on": date(2026, 3, 2)},
        K.LESSON: {"why": "Two definitions of a lead", "function_ids": [s.sales, s.product]},
        K.CREDIT: {"for_what": "Running every RACI review and the retro"},
        K.VIEW_POSITION: {"x": 140.25, "y": 12},
    }
    return table[kind]
