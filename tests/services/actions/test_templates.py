"""Task forces from templates: everything the template holds, in one undo step, on any plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import DomainError, EntityKind
from smarket_planner.domain.enums import DependencyKind, LifecycleStatus, RaciLetter, TaskForceKind
from smarket_planner.resources import resource
from smarket_planner.services import Plan
from smarket_planner.services.actions.templates import (
    TEMPLATE_KEYS,
    TemplateError,
    create_from_template,
    lay_out,
    list_templates,
    load_template,
    read_template_file,
)
from tests.services.helpers import assert_undo_redo, plan_data
from tests.services.plan_copies import Copies

K = EntityKind
START, END = date(2027, 1, 4), date(2027, 6, 30)


@pytest.fixture
def demo(copies: Copies) -> Plan:
    """A private copy of the demo plan."""
    return copies.demo(date(2026, 11, 23))


def test_there_is_one_template_per_kind_of_task_force() -> None:
    infos = list_templates()
    assert [info.kind for info in infos] == [
        kind for kind in TaskForceKind if kind is not TaskForceKind.OTHER
    ]
    for info in infos:
        assert info.name and info.description.endswith(".")
        assert len(info.functions) >= 3, f"{info.name} is not cross-functional"
        assert info.goals and info.kpis and info.activities and info.deliverables
        assert "RACI activities" in info.contents()


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_every_template_reads_as_shared_work(key: str) -> None:
    template = load_template(key)
    for goal in template.goals:
        assert len(goal.owners) >= 2, f"'{goal.title}' is a silo goal"
    for goal in template.goals:
        for kpi in goal.kpis:
            # Pay rides only on committed KPIs: people sandbag stretch goals that carry pay.
            assert kpi.incentive_pct == 0 or kpi.commitment.value == "committed", kpi.title
    for activity in template.activities:
        letters = [letter for _, letter in activity.raci]
        assert letters.count(RaciLetter.ACCOUNTABLE) == 1 and RaciLetter.RESPONSIBLE in letters


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_a_template_on_an_empty_plan_creates_what_it_says(plan: Plan, key: str) -> None:
    template = load_template(key)
    outcome = assert_undo_redo(
        plan, lambda: create_from_template(plan, key, name="Team", start_date=START, end_date=END)
    )
    task_force = services.get(plan, K.TASK_FORCE, outcome.value.id)
    assert task_force.kind is template.kind and task_force.status is LifecycleStatus.PROPOSED
    assert task_force.objective == template.objective and task_force.rhythm == template.rhythm
    counts = services.counts(plan)
    assert counts[K.FUNCTION] == len(template.functions)
    assert counts[K.GOAL] == len(template.goals)
    assert counts[K.KPI] == sum(len(goal.kpis) for goal in template.goals)
    assert counts[K.ACTIVITY] == len(template.activities)
    assert counts[K.RACI] == sum(len(activity.raci) for activity in template.activities)
    assert counts[K.DELIVERABLE] == len(template.deliverables)
    assert counts[K.DEPENDENCY] == sum(len(item.depends_on) for item in template.deliverables)
    for kpi in services.find(plan, K.KPI):
        assert (kpi.start_date, kpi.due_date) == (START, END)
        assert len(kpi.owner_function_ids) >= 1


@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_a_template_on_the_demo_plan_reuses_its_functions(demo: Plan, key: str) -> None:
    functions_before = services.find(demo, K.FUNCTION)
    outcome = assert_undo_redo(
        demo,
        lambda: create_from_template(demo, key, name="New team", start_date=START, sponsor_id=1, lead_id=2),
    )
    assert services.find(demo, K.FUNCTION) == functions_before
    assert (outcome.value.sponsor_id, outcome.value.lead_id) == (1, 2)
    goals = services.find(demo, K.GOAL, task_force_id=outcome.value.id)
    assert len(goals) == len(load_template(key).goals)


def test_missing_functions_are_added_and_names_match_without_case(plan: Plan) -> None:
    services.create(plan, K.FUNCTION, name="sales", colour="#123456")
    create_from_template(plan, "campaign", name="Spring")
    names = sorted(function.name for function in services.find(plan, K.FUNCTION))
    assert names == ["Finance", "Marketing", "PR", "Product", "sales"]
    marketing = services.find(plan, K.FUNCTION, name="Marketing")[0]
    assert marketing.colour == "#cf6a1f"


def test_deliverables_start_when_the_work_they_wait_for_is_done(plan: Plan) -> None:
    create_from_template(plan, "lead_qualification", name="Reset", start_date=START)
    dates = {d.title: (d.start_date, d.due_date) for d in services.find(plan, K.DELIVERABLE)}
    definition = dates["Shared definition of a sales-accepted lead"]
    assert definition == (START, date(2027, 1, 18))
    assert dates["Lead scoring model"][0] == definition[1]  # blocking
    assert dates["Sales process and campaign training for both teams"][0] == START  # non-blocking
    assert dates["CRM routing rules"][0] == dates["Lead scoring model"][1]
    kinds = {d.kind for d in services.find(plan, K.DEPENDENCY)}
    assert kinds == set(DependencyKind)


def test_without_a_start_date_deliverables_have_no_dates() -> None:
    dates = lay_out(load_template("retention").deliverables, None)
    assert set(dates.values()) == {(None, None)}


def test_a_blank_task_force_is_only_the_task_force(plan: Plan) -> None:
    outcome = assert_undo_redo(plan, lambda: create_from_template(plan, None, name="Skunkworks"))
    assert outcome.label == "New task force 'Skunkworks'"
    assert outcome.value.kind is TaskForceKind.OTHER and outcome.value.status is LifecycleStatus.PROPOSED
    counts = services.counts(plan)
    assert counts[K.TASK_FORCE] == 1 and sum(counts.values()) == 1


def test_a_refused_task_force_leaves_nothing_behind(demo: Plan) -> None:
    before = plan_data(demo)
    taken = services.find(demo, K.TASK_FORCE)[0].name
    with pytest.raises(DomainError, match="already a task force"):
        create_from_template(demo, "campaign", name=taken.upper())
    with pytest.raises(DomainError, match="cannot be before the start"):
        create_from_template(demo, "campaign", name="Later", start_date=END, end_date=START)
    with pytest.raises(DomainError, match="cannot be empty"):
        create_from_template(demo, "campaign", name="  ")
    assert plan_data(demo) == before


def test_an_unknown_template_is_named(plan: Plan) -> None:
    with pytest.raises(TemplateError, match="no task-force template called 'picnic'"):
        create_from_template(plan, "picnic", name="Picnic")


def _damaged(tmp_path: Path, change: dict[str, object]) -> Path:
    data = json.loads(resource("templates", "campaign.json").read_text(encoding="utf-8"))
    data |= change
    path = tmp_path / "campaign.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "party"}, "kind of the file must be one of"),
        ({"name": ""}, "the file has no name"),
        ({"goals": [{"title": "Win", "owners": ["Legal"], "kpis": []}]}, "names the function 'Legal'"),
        ({"activities": [{"name": "Leads", "raci": {"Sales": "R"}}]}, "activity 1 needs exactly one A"),
        ({"activities": [{"name": "Leads", "raci": {"Sales": "X"}}]}, "the letter 'X'"),
        (
            {
                "deliverables": [
                    {"title": "B", "duration_days": 3, "depends_on": [{"title": "A", "kind": "blocking"}]}
                ]
            },
            "'B' depends on 'A', which is not listed before it",
        ),
        ({"deliverables": [{"title": "A", "duration_days": "long"}]}, "duration days of deliverable 1"),
        ({"goals": "none"}, "'goals' must be a list"),
    ],
)
def test_a_damaged_template_gives_a_plain_message(
    tmp_path: Path, change: dict[str, object], words: str, plain_english: Callable[[str], None]
) -> None:
    with pytest.raises(TemplateError) as caught:
        read_template_file(_damaged(tmp_path, change))
    message = str(caught.value)
    assert message.startswith("The task-force template campaign.json is damaged: ")
    assert words in message
    plain_english(message)


def test_a_template_that_is_not_json_gives_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "retention.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(DomainError, match=r"retention.json cannot be read: it is not valid JSON\."):
        read_template_file(path)
