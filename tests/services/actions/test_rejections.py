"""Edits the plan refuses: the right error, a message a manager can read, and nothing changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import (
    DomainError,
    DuplicateError,
    EntityKind,
    InUseError,
    LifecycleError,
    NotFoundError,
    ReadOnlyPlanError,
    ValidationError,
)
from smarket_planner.services import (
    Plan,
    add_dependency,
    add_member,
    create,
    move_to,
    record_check_in,
    reform,
    remove_dependency,
    set_raci,
    update,
)
from tests.services.helpers import SQLITE_ONLY, Rejected, file_data, plan_data
from tests.services.staffing import Staffed

K = EntityKind
Action = Callable[[Staffed], object]
JAN, FEB = date(2026, 1, 31), date(2026, 2, 1)
MISSING = 999


def case(error: type[DomainError], action: Action, *expected: str, id: str) -> object:
    """One refused action, the error it must raise, and words its message must hold."""
    return pytest.param(error, action, expected, id=id)


Bad, Twice, Gone, Used, Order = ValidationError, DuplicateError, NotFoundError, InUseError, LifecycleError
KPI, MEMBER, PERSON, TEAM = K.KPI, K.MEMBERSHIP, K.PERSON, K.TASK_FORCE
NAN, INF = float("nan"), float("inf")

NUMBERS = [
    case(
        Bad, lambda s: add_member(s.plan, s.pursuit, s.ann, allocation_pct=101), "100", id="allocation > 100"
    ),
    case(Bad, lambda s: add_member(s.plan, s.pursuit, s.ann, allocation_pct=-1), id="allocation < 0"),
    case(Bad, lambda s: update(s.plan, MEMBER, s.fay_on_launch, allocation_pct=150), id="allocation changed"),
    case(Bad, lambda s: update(s.plan, PERSON, s.eve, capacity_pct=120), id="capacity > 100"),
    case(
        Bad,
        lambda s: create(s.plan, KPI, goal_id=s.pursuit_goal, title="C", baseline=NAN),
        "Baseline",
        id="nan",
    ),
    case(
        Bad, lambda s: create(s.plan, KPI, goal_id=s.pursuit_goal, title="C", target=INF), "Target", id="inf"
    ),
    case(Bad, lambda s: update(s.plan, KPI, s.leads_kpi, baseline="nan"), id="baseline nan as text"),
    case(Bad, lambda s: update(s.plan, KPI, s.leads_kpi, target=-INF), id="target changed to -inf"),
    case(Bad, lambda s: record_check_in(s.plan, s.leads_kpi, FEB, NAN), "Value", id="check-in nan"),
    case(Bad, lambda s: record_check_in(s.plan, s.leads_kpi, FEB, INF), id="check-in inf"),
    case(
        Bad, lambda s: update(s.plan, K.CHECK_IN, s.check_ins[0], value=-INF), id="check-in changed to -inf"
    ),
    case(
        Bad,
        lambda s: record_check_in(s.plan, s.leads_kpi, FEB, 1, confidence=0),
        "1 to 10",
        id="confidence 0",
    ),
    case(
        Bad,
        lambda s: record_check_in(s.plan, s.leads_kpi, FEB, 1, confidence=11),
        "1 to 10",
        id="confidence 11",
    ),
    case(Bad, lambda s: record_check_in(s.plan, s.leads_kpi, FEB, 1, confidence=5.5), id="confidence 5.5"),  # type: ignore[arg-type]
    case(Bad, lambda s: update(s.plan, K.CHECK_IN, s.check_ins[0], confidence=12), id="confidence changed"),
    case(Bad, lambda s: record_check_in(s.plan, s.leads_kpi, None, 1), "required", id="check-in undated"),  # type: ignore[arg-type]
]

DATES = [
    case(
        Bad,
        lambda s: create(
            s.plan, TEAM, name="Late", kind="campaign", status="proposed", start_date=FEB, end_date=JAN
        ),
        "2026-01-31",
        id="task force ends early",
    ),
    case(Bad, lambda s: update(s.plan, TEAM, s.launch, end_date="2025-12-31"), id="task force changed"),
    case(Bad, lambda s: add_member(s.plan, s.pursuit, s.ann, start_date=FEB, end_date=JAN), id="membership"),
    case(
        Bad,
        lambda s: update(s.plan, MEMBER, s.fay_on_launch, start_date=FEB, end_date=JAN),
        id="membership changed",
    ),
    case(
        Bad,
        lambda s: create(
            s.plan, K.DELIVERABLE, task_force_id=s.launch, title="Brief", start_date=FEB, due_date=JAN
        ),
        id="deliverable",
    ),
    case(
        Bad,
        lambda s: create(s.plan, KPI, goal_id=s.launch_goal, title="Calls", start_date=FEB, due_date=JAN),
        id="kpi",
    ),
    case(Bad, lambda s: update(s.plan, KPI, s.leads_kpi, due_date="2025-01-01"), id="kpi changed"),
]

NAMES = [
    case(
        Bad,
        lambda s: create(s.plan, K.FUNCTION, name="", colour="#000000"),
        "empty",
        id="empty function name",
    ),
    case(
        Bad,
        lambda s: create(s.plan, K.FUNCTION, name=" \t ", colour="#000000"),
        "empty",
        id="blank function name",
    ),
    case(
        Bad,
        lambda s: create(s.plan, K.FUNCTION, name="F" * 121, colour="#000000"),
        "too long",
        id="long name",
    ),
    case(Bad, lambda s: update(s.plan, PERSON, s.eve, name=""), id="person name emptied"),
    case(Bad, lambda s: create(s.plan, PERSON, name="P" * 121, function_id=s.sales), id="long person name"),
    case(
        Bad,
        lambda s: create(s.plan, TEAM, name="", kind="campaign", status="proposed"),
        id="empty task force name",
    ),
    case(
        Bad,
        lambda s: create(s.plan, K.GOAL, task_force_id=s.launch, title="G" * 201),
        "200",
        id="long goal title",
    ),
    case(
        Bad, lambda s: create(s.plan, K.ACTIVITY, task_force_id=s.launch, name=""), id="empty activity name"
    ),
    case(
        Twice,
        lambda s: create(s.plan, K.FUNCTION, name="sales", colour="#000000"),
        "'Sales'",
        id="function case",
    ),
    case(Twice, lambda s: update(s.plan, K.FUNCTION, s.marketing, name=" SALES "), id="function renamed"),
    case(
        Twice,
        lambda s: create(s.plan, TEAM, name="LAUNCH", kind="campaign", status="proposed"),
        id="task force case",
    ),
    case(
        Twice,
        lambda s: create(s.plan, PERSON, name="Al", function_id=s.sales, email="ANN@example.com"),
        "ann@example.com",
        id="e-mail",
    ),
    case(Twice, lambda s: update(s.plan, PERSON, s.eve, email="ben@example.com"), id="e-mail changed"),
]

LINKS = [
    case(Bad, lambda s: add_dependency(s.plan, s.webinar, s.webinar), "itself", id="deliverable on itself"),
    case(Twice, lambda s: add_dependency(s.plan, s.lead_list, s.webinar), id="dependency twice"),
    case(Twice, lambda s: add_member(s.plan, s.launch, s.ann), "Ann Archer", id="membership twice"),
    case(
        Twice,
        lambda s: create(s.plan, K.RACI, activity_id=s.lead_management, letter="R", person_id=s.cat),
        id="raci twice",
    ),
    case(Bad, lambda s: set_raci(s.plan, s.lead_management, "R"), id="raci for nobody"),
    case(
        Bad,
        lambda s: set_raci(s.plan, s.lead_management, "R", function_id=s.sales, person_id=s.ann),
        id="raci for two",
    ),
    case(
        Bad,
        lambda s: set_raci(s.plan, s.lead_management, "X", person_id=s.eve),
        "R, A, C",
        id="raci letter unknown",
    ),
    case(
        Bad,
        lambda s: update(s.plan, MEMBER, s.fay_on_launch, person_id=s.eve),
        "person",
        id="membership person",
    ),
    case(
        Bad,
        lambda s: update(s.plan, MEMBER, s.fay_on_launch, task_force_id=s.pursuit),
        id="membership task force",
    ),
    case(Bad, lambda s: update(s.plan, TEAM, s.launch, status="proposed"), "status", id="status by update"),
    case(Bad, lambda s: update(s.plan, K.RACI, s.cat_informed, person_id=s.eve), id="raci holder changed"),
    case(
        Bad,
        lambda s: update(s.plan, K.DEPENDENCY, s.leads_to_webinar, upstream_id=s.account_plan),
        id="dependency end",
    ),
    case(
        Bad,
        lambda s: update(s.plan, K.CHECK_IN, s.check_ins[0], kpi_id=s.revenue_kpi),
        id="check-in kpi changed",
    ),
    case(Bad, lambda s: update(s.plan, PERSON, s.eve, shoe_size=9), "shoe_size", id="unknown field"),
    case(Bad, lambda s: create(s.plan, K.FUNCTION, name="Finance"), "Colour", id="missing field"),
    case(
        Bad,
        lambda s: create(s.plan, TEAM, name="Party", kind="party", status="proposed"),
        "campaign",
        id="unknown kind",
    ),
]

LIFECYCLE = [
    case(Order, lambda s: move_to(s.plan, s.launch, "forming"), "cannot go back", id="back"),
    case(Order, lambda s: move_to(s.plan, s.launch, "proposed"), id="back to the start"),
    case(Order, lambda s: move_to(s.plan, s.launch, "active"), "already active", id="same status"),
    case(Bad, lambda s: move_to(s.plan, s.launch, "finished"), "dispersed", id="unknown status"),
    case(
        Order,
        lambda s: reform(s.plan, s.launch, name="Launch II"),
        "dispersed or archived",
        id="reform active",
    ),
    case(Order, lambda s: reform(s.plan, s.pursuit, name="Pursuit II"), id="reform forming"),
]

MISSING_THINGS = [
    case(Gone, lambda s: add_member(s.plan, s.launch, MISSING), "person", id="member"),
    case(Gone, lambda s: add_member(s.plan, MISSING, s.eve), "task force", id="task force"),
    case(Gone, lambda s: create(s.plan, PERSON, name="Gus", function_id=MISSING), "function", id="function"),
    case(Gone, lambda s: update(s.plan, TEAM, s.launch, lead_id=MISSING), "lead", id="lead"),
    case(
        Gone,
        lambda s: update(s.plan, K.GOAL, s.launch_goal, owner_function_ids=[s.sales, MISSING]),
        id="owner",
    ),
    case(
        Gone, lambda s: update(s.plan, K.DECISION, s.decision, committed_person_ids=[MISSING]), id="committed"
    ),
    case(Gone, lambda s: set_raci(s.plan, s.win_loss, "C", function_id=MISSING), id="raci function"),
    case(Gone, lambda s: set_raci(s.plan, MISSING, "C", function_id=s.sales), "activity", id="activity"),
    case(Gone, lambda s: record_check_in(s.plan, MISSING, FEB, 1), "KPI", id="kpi"),
    case(Gone, lambda s: add_dependency(s.plan, s.webinar, MISSING), "deliverable", id="deliverable"),
    case(Gone, lambda s: remove_dependency(s.plan, MISSING), "dependency", id="dependency"),
    case(Gone, lambda s: services.get(s.plan, PERSON, MISSING), id="get"),
    case(Gone, lambda s: update(s.plan, K.RISK, MISSING, title="Gone"), id="update"),
    case(Gone, lambda s: services.delete(s.plan, K.DECISION, MISSING), id="delete"),
    case(Gone, lambda s: services.advance(s.plan, MISSING), id="advance"),
    case(Gone, lambda s: move_to(s.plan, MISSING, "active"), id="move"),
    case(Gone, lambda s: reform(s.plan, MISSING, name="Ghost"), id="reform"),
]

IN_USE = [
    case(
        Used,
        lambda s: services.delete(s.plan, PERSON, s.ann),
        "Ann Archer",
        "lead of 1 task force",
        "maker of 1 decision",
        id="lead",
    ),
    case(
        Used,
        lambda s: services.delete(s.plan, PERSON, s.cat),
        "Cat Chen",
        "owner of 1 deliverable",
        "owner of 1 risk",
        id="owner",
    ),
    case(
        Used,
        lambda s: services.delete(s.plan, PERSON, s.ben),
        "sponsor of 1 task force",
        "accountable for 1 KPI",
        "raised 1 risk",
        id="sponsor",
    ),
    case(
        Used,
        lambda s: services.delete(s.plan, K.FUNCTION, s.sales),
        "Sales",
        "the function of 2 people",
        id="function",
    ),
    case(
        Used,
        lambda s: services.delete(s.plan, K.FUNCTION, s.product),
        "the function of 2 people",
        id="members' function",
    ),
]


@pytest.mark.parametrize(
    ("error", "action", "expected"), NUMBERS + DATES + NAMES + LINKS + LIFECYCLE + MISSING_THINGS + IN_USE
)
def test_refused(
    staffed: Staffed, rejected: Rejected, error: type[DomainError], action: Action, expected: tuple[str, ...]
) -> None:
    message = rejected(staffed.plan, error, lambda: action(staffed))
    for words in expected:
        assert words in message, f"{words!r} not in {message!r}"


def test_an_archived_task_force_cannot_advance(staffed: Staffed, rejected: Rejected) -> None:
    services.move_to(staffed.plan, staffed.pursuit, "archived")
    message = rejected(staffed.plan, LifecycleError, lambda: services.advance(staffed.plan, staffed.pursuit))
    assert "archived" in message


def test_a_reformed_task_force_needs_a_name(staffed: Staffed, rejected: Rejected) -> None:
    services.disperse(staffed.plan, staffed.launch)
    for name in ("", "   ", "L" * 121):
        rejected(staffed.plan, ValidationError, lambda: reform(staffed.plan, staffed.launch, name=name))  # noqa: B023


def test_a_refused_edit_inside_a_larger_one_leaves_no_part_behind(
    staffed: Staffed, rejected: Rejected
) -> None:
    plan = staffed.plan
    services.disperse(plan, staffed.launch)
    # The new task force would be stored before its name clash is found... it must not be.
    rejected(plan, DuplicateError, lambda: services.reform(plan, staffed.launch, name="pursuit"))
    rejected(
        plan,
        ValidationError,
        lambda: services.reform(plan, staffed.launch, name="Launch II", start_date=FEB, end_date=JAN),
    )


def test_undo_is_refused_while_others_rely_on_what_it_would_remove(
    staffed: Staffed, rejected: Rejected
) -> None:
    plan = staffed.plan
    gus = services.create(plan, K.PERSON, name="Gus Green", function_id=staffed.sales)
    services.update(plan, K.TASK_FORCE, staffed.pursuit, lead_id=gus.value.id)
    message = rejected(plan, InUseError, lambda: services.undo(plan, gus))
    assert "Gus Green" in message


@SQLITE_ONLY
def test_a_plan_on_a_read_only_file_refuses_every_edit(staffed: Staffed, tmp_path: Path) -> None:
    plan = staffed.plan
    path = plan.path
    assert path is not None
    earlier = services.create(plan, K.RISK, task_force_id=staffed.pursuit, title="Budget freeze")
    before = plan_data(plan)
    plan.close()
    os.chmod(path, 0o444)
    try:
        with services.open_existing(path) as read_only:
            assert read_only.read_only
            s = staffed
            for action in (
                lambda: services.create(read_only, K.FUNCTION, name="Finance", colour="#9467bd"),
                lambda: services.update(read_only, K.PERSON, s.eve, title="Director"),
                lambda: services.delete(read_only, K.RISK, s.risk),
                lambda: services.add_member(read_only, s.pursuit, s.ann),
                lambda: services.advance(read_only, s.pursuit),
                lambda: services.record_check_in(read_only, s.leads_kpi, FEB, 1),
                lambda: services.set_raci(read_only, s.win_loss, None, person_id=s.fay),
                lambda: services.remove_dependency(read_only, s.leads_to_webinar),
                lambda: services.undo(read_only, earlier),
            ):
                heard: list[object] = []
                read_only.changes.subscribe(heard.append)
                with pytest.raises(DomainError) as caught:
                    action()
                assert type(caught.value) is ReadOnlyPlanError
                assert heard == []
                message = str(caught.value)
                assert message.endswith(".") and "\n" not in message
                for word in ("None", "NoneType", "Traceback", "sqlite", "SQL"):
                    assert word not in message
            assert services.get(read_only, K.PERSON, s.eve).title == "Manager"  # reading still works
    finally:
        os.chmod(path, 0o644)
    assert file_data(path) == before


@pytest.mark.parametrize(
    ("kind", "first", "second"),
    [
        (K.TASK_FORCE, "Österreich Launch", "ÖSTERREICH LAUNCH"),
        (K.TASK_FORCE, "Österreich Launch", "O\u0308sterreich launch"),  # the Ö as O and a combining mark
        (K.TASK_FORCE, "Ωmega Team", "ωMEGA TEAM"),
        (K.FUNCTION, "Straße", "STRASSE"),
        (K.FUNCTION, "Продажи", "ПРОДАЖИ"),
    ],
)
def test_names_are_one_name_in_any_case_and_any_script(
    plan: Plan, rejected: Rejected, kind: EntityKind, first: str, second: str
) -> None:
    """SQLite folds only ASCII; the plan folds every script, so a second spelling is refused."""
    extra = {"colour": "#1f77b4"} if kind is K.FUNCTION else {"kind": "campaign", "status": "proposed"}
    services.create(plan, kind, name=first, **extra)
    message = rejected(plan, DuplicateError, lambda: services.create(plan, kind, name=second, **extra))
    assert first in message  # the one already there, as the plan spells it
