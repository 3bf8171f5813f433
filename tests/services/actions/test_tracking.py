"""KPI check-ins, RACI letters and links between deliverables."""

from __future__ import annotations

from datetime import date

from smarket_planner import services
from smarket_planner.domain import CheckIn, DependencyKind, EntityKind, RaciAssignment, RaciLetter
from tests.services.helpers import assert_label, plan_data
from tests.services.staffing import Staffed

K = EntityKind


def test_record_check_in(staffed: Staffed) -> None:
    outcome = services.record_check_in(
        staffed.plan, staffed.leads_kpi, "2026-04-01", 70.5, confidence=9, note="  Webinar paid off  "
    )
    assert outcome.label == "Record check-in"
    assert outcome.value == CheckIn(
        outcome.value.id, staffed.leads_kpi, date(2026, 4, 1), 70.5, 9, "Webinar paid off"
    )
    history = services.find(staffed.plan, K.CHECK_IN, order=("checked_on",), kpi_id=staffed.leads_kpi)
    assert [check_in.value for check_in in history] == [40.0, 55.0, 70.5]


def test_a_check_in_takes_a_middling_confidence_unless_told(staffed: Staffed) -> None:
    check_in = services.record_check_in(staffed.plan, staffed.pursuit_kpi, date(2026, 3, 1), 1).value
    assert (check_in.confidence, check_in.note) == (5, "")


def test_two_check_ins_on_one_day_are_both_kept(staffed: Staffed) -> None:
    plan = staffed.plan
    services.record_check_in(plan, staffed.pursuit_kpi, date(2026, 3, 1), 1)
    services.record_check_in(plan, staffed.pursuit_kpi, date(2026, 3, 1), 2)
    assert len(services.find(plan, K.CHECK_IN, kpi_id=staffed.pursuit_kpi)) == 2


def test_set_raci_gives_a_letter_to_a_function_or_a_person(staffed: Staffed) -> None:
    plan = staffed.plan
    for_function = services.set_raci(
        plan, staffed.win_loss, RaciLetter.CONSULTED, function_id=staffed.marketing
    )
    assert_label(for_function)
    assert for_function.value == RaciAssignment(
        for_function.value.id, staffed.win_loss, RaciLetter.CONSULTED, staffed.marketing, None
    )
    for_person = services.set_raci(plan, staffed.win_loss, "I", person_id=staffed.eve).value
    assert isinstance(for_person, RaciAssignment)
    assert (for_person.letter, for_person.function_id, for_person.person_id) == ("I", None, staffed.eve)


def test_set_raci_changes_the_letter_in_place(staffed: Staffed) -> None:
    outcome = services.set_raci(staffed.plan, staffed.lead_management, "R", person_id=staffed.cat)
    assert outcome.value is not None
    assert (outcome.value.id, outcome.value.letter, outcome.value.version) == (staffed.cat_informed, "R", 2)
    assert [n.action for n in outcome.notices] == [services.ChangeAction.UPDATED]


def test_set_raci_with_the_same_letter_writes_nothing(staffed: Staffed) -> None:
    plan = staffed.plan
    before = plan_data(plan)
    outcome = services.set_raci(plan, staffed.lead_management, "A", function_id=staffed.sales)
    assert outcome.value == services.get(plan, K.RACI, staffed.sales_accountable)
    assert outcome.notices == ()
    assert plan_data(plan) == before


def test_set_raci_to_none_clears_the_cell(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = services.set_raci(plan, staffed.lead_management, None, person_id=staffed.fay)
    assert outcome.value is None
    assert_label(outcome)
    assert services.find(plan, K.RACI, id=staffed.fay_consulted) == []
    assert [(n.kind, n.action, n.ids) for n in outcome.notices] == [
        (K.RACI, services.ChangeAction.DELETED, (staffed.fay_consulted,))
    ]


def test_clearing_an_empty_cell_writes_nothing(staffed: Staffed) -> None:
    plan = staffed.plan
    before = plan_data(plan)
    outcome = services.set_raci(plan, staffed.lead_management, None, person_id=staffed.eve)
    assert (outcome.value, outcome.notices) == (None, ())
    assert plan_data(plan) == before


def test_add_dependency_within_and_across_task_forces(staffed: Staffed) -> None:
    plan = staffed.plan
    within = services.add_dependency(plan, staffed.webinar, staffed.lead_list, DependencyKind.NON_BLOCKING)
    assert within.label == "Add dependency"
    assert (within.value.upstream_id, within.value.downstream_id, within.value.kind) == (
        staffed.webinar,
        staffed.lead_list,
        DependencyKind.NON_BLOCKING,
    )
    across = services.add_dependency(plan, staffed.account_plan, staffed.webinar).value
    assert across.kind is DependencyKind.BLOCKING
    hand_off = services.get(plan, K.DEPENDENCY, staffed.leads_to_account_plan)
    assert hand_off.kind is DependencyKind.HAND_OFF


def test_remove_dependency_keeps_the_deliverables(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = services.remove_dependency(plan, staffed.leads_to_account_plan)
    assert outcome.label == "Remove dependency"
    assert [(n.kind, n.action) for n in outcome.notices] == [(K.DEPENDENCY, services.ChangeAction.DELETED)]
    assert services.find(plan, K.DEPENDENCY, upstream_id=staffed.lead_list) == [
        services.get(plan, K.DEPENDENCY, staffed.leads_to_webinar)
    ]
    assert len(services.find(plan, K.DELIVERABLE)) == 3
