"""Change notices: every committed edit tells subscribers which things it created, changed or removed."""

from __future__ import annotations

from smarket_planner import services
from smarket_planner.domain import DomainError, EntityKind
from smarket_planner.services import ChangeAction, ChangeNotice
from tests.services.helpers import Listener
from tests.services.staffing import Staffed

K = EntityKind
CREATED, UPDATED, DELETED = ChangeAction.CREATED, ChangeAction.UPDATED, ChangeAction.DELETED


def as_sets(notices: tuple[ChangeNotice, ...]) -> dict[tuple[str, str], set[int]]:
    """Notices as {(kind, action): ids}, each kind and action once."""
    result: dict[tuple[str, str], set[int]] = {}
    for notice in notices:
        key = (notice.kind.value, notice.action.value)
        assert key not in result, f"{key} published twice in one batch"
        result[key] = set(notice.ids)
    return result


def test_create_announces_the_new_thing(staffed: Staffed, listener: Listener) -> None:
    outcome = services.create(staffed.plan, K.RISK, task_force_id=staffed.pursuit, title="Budget freeze")
    assert listener.batches == [(ChangeNotice(K.RISK, CREATED, (outcome.value.id,)),)]
    assert outcome.notices == listener.batches[0]


def test_update_announces_the_changed_thing(staffed: Staffed, listener: Listener) -> None:
    services.update(staffed.plan, K.PERSON, staffed.eve, title="Director")
    assert listener.batches == [(ChangeNotice(K.PERSON, UPDATED, (staffed.eve,)),)]


def test_an_edit_that_changes_nothing_announces_nothing(staffed: Staffed, listener: Listener) -> None:
    services.update(staffed.plan, K.PERSON, staffed.eve, title="Manager")
    services.set_raci(staffed.plan, staffed.lead_management, "A", function_id=staffed.sales)
    assert listener.batches == []


def test_a_lifecycle_move_announces_the_task_force(staffed: Staffed, listener: Listener) -> None:
    services.advance(staffed.plan, staffed.pursuit)
    assert listener.batches == [(ChangeNotice(K.TASK_FORCE, UPDATED, (staffed.pursuit,)),)]


def test_removing_a_task_force_announces_every_part_that_went_with_it(
    staffed: Staffed, listener: Listener
) -> None:
    s = staffed
    launch_team = services.find(s.plan, K.MEMBERSHIP, task_force_id=s.launch)
    assert len(launch_team) == 4
    services.delete(s.plan, K.TASK_FORCE, s.launch)
    (batch,) = listener.batches
    assert as_sets(batch) == {
        ("task_force", "deleted"): {s.launch},
        ("membership", "deleted"): {
            s.ann_on_launch,
            s.ann_on_launch + 1,
            s.ann_on_launch + 2,
            s.fay_on_launch,
        },
        ("goal", "deleted"): {s.launch_goal},
        ("kpi", "deleted"): {s.leads_kpi, s.revenue_kpi},
        ("check_in", "deleted"): set(s.check_ins),
        ("activity", "deleted"): {s.lead_management},
        ("raci", "deleted"): {s.sales_accountable, s.marketing_responsible, s.fay_consulted, s.cat_informed},
        ("deliverable", "deleted"): {s.lead_list, s.webinar},
        ("dependency", "deleted"): {s.leads_to_webinar, s.leads_to_account_plan},
        ("risk", "deleted"): {s.risk},
        ("decision", "deleted"): {s.decision},
        ("question", "deleted"): {s.question},
        ("lesson", "deleted"): {s.lesson},
        ("credit", "deleted"): {s.credit},
    }


def test_undo_of_a_removal_announces_everything_it_puts_back(staffed: Staffed, listener: Listener) -> None:
    removed = services.delete(staffed.plan, K.TASK_FORCE, staffed.launch)
    services.undo(staffed.plan, removed)
    gone, back = listener.batches
    assert {(kind, "created"): ids for (kind, _), ids in as_sets(gone).items()} == as_sets(back)


def test_removing_a_function_updates_what_it_co_owned(staffed: Staffed, listener: Listener) -> None:
    plan = staffed.plan
    finance = services.create(plan, K.FUNCTION, name="Finance", colour="#9467bd").value.id
    services.update(plan, K.GOAL, staffed.launch_goal, owner_function_ids=[staffed.sales, finance])
    services.update(plan, K.KPI, staffed.revenue_kpi, owner_function_ids=[finance])
    cell = services.set_raci(plan, staffed.lead_management, "I", function_id=finance).value
    assert cell is not None
    listener.batches.clear()

    services.delete(plan, K.FUNCTION, finance)

    assert as_sets(listener.batches[0]) == {
        ("function", "deleted"): {finance},
        ("goal", "updated"): {staffed.launch_goal},
        ("kpi", "updated"): {staffed.revenue_kpi},
        ("raci", "deleted"): {cell.id},
    }


def test_removing_a_person_who_is_only_a_member(staffed: Staffed, listener: Listener) -> None:
    s = staffed
    services.delete(s.plan, K.PERSON, s.fay)
    assert as_sets(listener.batches[0]) == {
        ("person", "deleted"): {s.fay},
        ("membership", "deleted"): {s.fay_on_launch, s.fay_on_pursuit},
        ("raci", "deleted"): {s.fay_consulted, s.fay_responsible},
        ("decision", "updated"): {s.decision},
    }


def test_removing_a_task_force_updates_the_one_reformed_from_it(staffed: Staffed, listener: Listener) -> None:
    plan = staffed.plan
    services.disperse(plan, staffed.launch)
    new = services.reform(plan, staffed.launch, name="Launch II").value
    listener.batches.clear()

    removed = services.delete(plan, K.TASK_FORCE, staffed.launch)
    services.undo(plan, removed)

    gone, back = (as_sets(batch) for batch in listener.batches)
    assert gone[("task_force", "deleted")] == {staffed.launch}
    assert gone[("task_force", "updated")] == {new.id}
    assert back[("task_force", "created")] == {staffed.launch}
    assert back[("task_force", "updated")] == {new.id}


def test_undo_and_redo_announce_the_reverse(staffed: Staffed, listener: Listener) -> None:
    plan = staffed.plan
    made = services.create(plan, K.ACTIVITY, task_force_id=staffed.launch, name="Social media")
    undone = services.undo(plan, made)
    redone = services.undo(plan, undone)
    changed = services.update(plan, K.ACTIVITY, made.value.id, description="Weekly posts")
    services.undo(plan, changed)
    ident = made.value.id
    assert [as_sets(batch) for batch in listener.batches] == [
        {("activity", "created"): {ident}},
        {("activity", "deleted"): {ident}},
        {("activity", "created"): {ident}},
        {("activity", "updated"): {ident}},
        {("activity", "updated"): {ident}},
    ]
    assert redone.notices == made.notices


def test_reform_announces_everything_it_made_in_one_batch(staffed: Staffed, listener: Listener) -> None:
    services.disperse(staffed.plan, staffed.launch)
    listener.batches.clear()
    outcome = services.reform(staffed.plan, staffed.launch, name="Launch II")
    (batch,) = listener.batches
    assert {(kind, action) for kind, action in as_sets(batch)} == {
        (kind, "created") for kind in ("task_force", "membership", "goal", "kpi", "activity", "raci")
    }
    assert as_sets(batch)[("membership", "created")] == {
        m.id for m in services.find(staffed.plan, K.MEMBERSHIP, task_force_id=outcome.value.id)
    }


def test_a_refused_edit_announces_nothing(staffed: Staffed, listener: Listener) -> None:
    plan = staffed.plan
    for refused in (
        lambda: services.update(plan, K.MEMBERSHIP, staffed.fay_on_launch, allocation_pct=120),
        lambda: services.create(plan, K.FUNCTION, name="SALES", colour="#000000"),
        lambda: services.delete(plan, K.PERSON, staffed.ann),
        lambda: services.move_to(plan, staffed.launch, "forming"),
        lambda: services.set_raci(plan, staffed.win_loss, "A"),
    ):
        listener.batches.clear()
        try:
            refused()
        except DomainError:
            pass
        else:
            raise AssertionError("the edit was not refused")
        assert listener.batches == []


def test_every_subscriber_hears_until_it_unsubscribes(staffed: Staffed) -> None:
    plan = staffed.plan
    first, second = Listener(), Listener()
    plan.changes.subscribe(first)
    plan.changes.subscribe(second)
    services.update(plan, K.PERSON, staffed.eve, title="Director")
    plan.changes.unsubscribe(first)
    services.update(plan, K.PERSON, staffed.eve, title="Head")
    plan.changes.unsubscribe(second)
    services.update(plan, K.PERSON, staffed.eve, title="Chief")
    assert len(first.batches) == 1
    assert len(second.batches) == 2
