"""What task forces learned in the plan JSON file: open questions, lessons, credits, work finished and
decisions that held, written out, read back the same, and refused in plain words when wrong."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import DecisionStanding, LessonOutcome
from smarket_planner.domain.records import Decision, Deliverable
from smarket_planner.services import Plan
from smarket_planner.services.actions.catalog import REFERENCES
from smarket_planner.services.exchange.plan_json import (
    SCHEMA_VERSION,
    export_plan_json,
    schema,
    write_plan_json,
)
from smarket_planner.services.exchange.plan_json_read import PlanImportError, import_plan_json, read_plan_json
from tests.services.helpers import plan_data
from tests.services.plan_copies import Copies
from tests.services.staffing import Staffed

K = EntityKind
LEARNED = (K.QUESTION, K.LESSON, K.CREDIT)


def _learn_more(s: Staffed) -> None:
    """Beyond the staffed plan's open question, lesson and credit: an answer, a lesson and a credit on
    Pursuit made between Launch's (so the file's order differs from the ids'), work finished, a
    decision reversed."""
    plan = s.plan
    services.create(
        plan,
        K.QUESTION,
        task_force_id=s.pursuit,
        question="Who signs for Acme?",
        answerer_id=s.dan,
        answer="Their CFO, above 50k",
        evidence="Procurement policy, page 4",
        answered_on=date(2026, 2, 20),
    )
    services.create(
        plan,
        K.LESSON,
        task_force_id=s.pursuit,
        title="Meet procurement early",
        outcome="worked",
        what_happened="Procurement joined in week one",
        why="The sponsor asked them",
        evidence="Signed three weeks early",
        next_time="Invite procurement to the kick-off",
        function_ids=[s.product, s.sales],
        tags="procurement, Speed,  speed ",
        recorded_on=date(2026, 5, 31),
    )
    services.create(
        plan, K.CREDIT, task_force_id=s.pursuit, for_what="The reference call", function_id=s.product
    )
    services.create(
        plan,
        K.CREDIT,
        task_force_id=s.launch,
        for_what="Demo scripts",
        person_id=s.cat,
        function_id=s.product,
    )
    services.create(plan, K.QUESTION, task_force_id=s.launch, question="Is the price list final?")
    services.update(plan, K.DELIVERABLE, s.lead_list, status="done", finished_on=date(2026, 2, 27))
    services.update(plan, K.DECISION, s.decision, standing="reversed")


def named(plan: Plan, kind: EntityKind) -> list[dict[str, Any]]:
    """Every thing of a kind as plain values, references given by name (no ids), in a fixed order."""
    names = {
        target: {record.id: str(dataclasses.asdict(record)["name"]) for record in services.find(plan, target)}
        for target in (K.PERSON, K.FUNCTION, K.TASK_FORCE)
    }
    found = []
    for record in services.find(plan, kind):
        values = dataclasses.asdict(record)
        for field in ("id", "version"):
            values.pop(field)
        for field, value in values.items():
            target = REFERENCES.get(field)
            if target in names and isinstance(value, tuple):
                values[field] = tuple(names[target][one] for one in value)
            elif target in names and value is not None:
                values[field] = names[target][value]
        found.append(values)
    return sorted(found, key=repr)


def test_what_task_forces_learned_round_trips(staffed: Staffed, tmp_path: Path, copies: Copies) -> None:
    _learn_more(staffed)
    first = tmp_path / "plan.json"
    write_plan_json(staffed.plan, first)
    with services.new_plan(copies.fresh("copy")) as copy:
        outcome = import_plan_json(copy, first)
        counted = {kind: outcome.value.counts[kind] for kind in LEARNED}
        assert counted == {K.QUESTION: 3, K.LESSON: 2, K.CREDIT: 3}
        for kind in (*LEARNED, K.DELIVERABLE, K.DECISION):
            assert named(copy, kind) == named(staffed.plan, kind), f"the {kind.plural} differ"
        assert export_plan_json(copy) == first.read_text(encoding="utf-8")
        services.undo(copy, outcome)
        assert set(services.counts(copy).values()) == {0}, "undo takes what was learned too"


def test_the_file_names_what_was_learned_as_people_do(staffed: Staffed) -> None:
    _learn_more(staffed)
    document = json.loads(export_plan_json(staffed.plan))
    launch, pursuit = document["task_forces"]
    assert launch["questions"] == [
        {
            "question": "Why do webinar sign-ups stall after the first mailing?",
            "asked_by": "ann@example.com",
            "answerer": "cat@example.com",
            "due_on": "2026-03-01",
            "answer": "",
            "evidence": "",
            "answered_on": None,
        },
        {
            "question": "Is the price list final?",
            "asked_by": None,
            "answerer": None,
            "due_on": None,
            "answer": "",
            "evidence": "",
            "answered_on": None,
        },
    ]
    assert pursuit["questions"][0]["answered_on"] == "2026-02-20"
    assert launch["lessons"] == [
        {
            "title": "Agree the lead definition before the first campaign",
            "outcome": "hurt",
            "what_happened": "",
            "why": "",
            "evidence": "",
            "next_time": "",
            "functions": ["Sales", "Marketing"],
            "tags": "leads, handover",
            "recorded_on": None,
        }
    ]
    assert pursuit["lessons"][0]["functions"] == ["Sales", "Product"]
    assert pursuit["lessons"][0]["tags"] == "procurement, Speed"
    assert launch["credits"] == [
        {"for_what": "Running every RACI review", "person": "ann@example.com", "function": None},
        {"for_what": "Demo scripts", "person": "cat@example.com", "function": "Product"},
    ]
    assert pursuit["credits"] == [{"for_what": "The reference call", "person": None, "function": "Product"}]
    assert [(d["title"], d["finished_on"]) for d in launch["deliverables"]] == [
        ("Lead list", "2026-02-27"),
        ("Launch webinar", None),
    ]
    assert launch["decisions"][0]["standing"] == DecisionStanding.REVERSED.value


def test_a_file_written_before_questions_and_lessons_still_imports(
    staffed: Staffed, tmp_path: Path, copies: Copies
) -> None:
    """Format 1 as written before: no questions, lessons or credits, no finished dates, no standing."""
    document = json.loads(export_plan_json(staffed.plan))
    for team in document["task_forces"]:
        for part in ("questions", "lessons", "credits"):
            del team[part]
        for work in team["deliverables"]:
            del work["finished_on"]
        for decision in team["decisions"]:
            del decision["standing"]
    assert document["schema_version"] == SCHEMA_VERSION == 1
    path = tmp_path / "older.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with services.new_plan(copies.fresh("copy")) as copy:
        counts = import_plan_json(copy, path).value.counts
        assert [counts[kind] for kind in LEARNED] == [0, 0, 0]
        decisions = [d for d in services.find(copy, K.DECISION) if isinstance(d, Decision)]
        assert [d.standing for d in decisions] == [DecisionStanding.IN_FORCE]
        work = [d for d in services.find(copy, K.DELIVERABLE) if isinstance(d, Deliverable)]
        assert len(work) == 3 and {d.finished_on for d in work} == {None}


def _launch(part: str, number: int = 0) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def item(document: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = document["task_forces"][0][part][number]
        return found

    return item


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "a lesson about a function not in the file": (
        lambda d: _launch("lessons")(d)["functions"].append("Legal"),
        "The lesson 'Agree the lead definition before the first campaign' (task forces, item 1; lessons, "
        "item 1) names the function 'Legal' as one of the functions it concerns, but the file holds no "
        "such function.",
    ),
    "a question for someone not in the file": (
        lambda d: _launch("questions")(d).update(answerer="zoe@example.com"),
        "(task forces, item 1; questions, item 1) names the person 'zoe@example.com' as the one to answer, "
        "but the file holds no such person.",
    ),
    "a question asked by someone not in the file": (
        lambda d: _launch("questions")(d).update(asked_by="Zoe"),
        "names the person 'Zoe' as the one who asked, but the file holds no such person.",
    ),
    "a credit to a function not in the file": (
        lambda d: _launch("credits")(d).update(function="Legal"),
        "The credit 'Running every RACI review' (task forces, item 1; credits, item 1) names the function "
        "'Legal', but the file holds no such function.",
    ),
    "a credit that thanks no one": (
        lambda d: _launch("credits")(d).update(person=None),
        "The credit 'Running every RACI review' (task forces, item 1; credits, item 1) must name at least "
        "one of: person, function.",
    ),
    "a credit for nothing": (
        lambda d: _launch("credits")(d).pop("for_what"),
        "The credit (task forces, item 1; credits, item 1) has no reason for the thanks.",
    ),
    "a question without its question": (
        lambda d: _launch("questions")(d).update(question=""),
        "(task forces, item 1; questions, item 1): the question cannot be empty.",
    ),
    "an answer date without the answer": (
        lambda d: _launch("questions")(d).update(answered_on="2026-03-02"),
        "(task forces, item 1; questions, item 1): A question answered on a date needs its answer.",
    ),
    "an outcome of another kind": (
        lambda d: _launch("lessons")(d).update(outcome="great"),
        "(task forces, item 1; lessons, item 1): the outcome must be one of: worked, hurt, mixed "
        "(not 'great').",
    ),
    "a lesson's functions as text": (
        lambda d: _launch("lessons")(d).update(functions="Sales, Marketing"),
        "(task forces, item 1; lessons, item 1): the functions must be a list.",
    ),
    "a standing of another kind": (
        lambda d: _launch("decisions")(d).update(standing="final"),
        "(task forces, item 1; decisions, item 1): the standing must be one of: in_force, held, reversed "
        "(not 'final').",
    ),
    "a finished date that is words": (
        lambda d: _launch("deliverables")(d).update(finished_on="last week"),
        "(task forces, item 1; deliverables, item 1): the date finished must be a date such as 2026-03-31 "
        "(not 'last week').",
    ),
    "questions that are not a list": (
        lambda d: d["task_forces"][0].update(questions="none yet"),
        "The task force 'Launch' (task forces, item 1): the questions must be a list.",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_what_was_learned_is_refused_in_one_plain_line_when_wrong(
    case: str, staffed: Staffed, tmp_path: Path, copies: Copies, plain_english: Callable[[str], None]
) -> None:
    breakage, expected = BROKEN[case]
    document = json.loads(export_plan_json(staffed.plan))
    breakage(document)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(PlanImportError) as refused:
        read_plan_json(path)
    message = str(refused.value)
    plain_english(message)
    assert expected in message
    with services.new_plan(copies.fresh("empty")) as empty:
        before = plan_data(empty)
        with pytest.raises(PlanImportError):
            import_plan_json(empty, path)
        assert plan_data(empty) == before


def test_the_schema_offers_the_outcomes_and_standings_the_plan_knows() -> None:
    defs = schema()["$defs"]
    assert defs["lesson"]["properties"]["outcome"]["enum"] == [one.value for one in LessonOutcome]
    assert defs["decision"]["properties"]["standing"]["enum"] == [one.value for one in DecisionStanding]
