"""The whole plan as JSON: exported, imported into an empty plan and exported again, byte for byte."""

from __future__ import annotations

import json
import logging
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from sqlalchemy.orm import Session

from smarket_planner import services
from smarket_planner.analysis.graph_picture import GraphKind, node_key
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind, PlanFileError
from smarket_planner.domain import fields as domain_fields
from smarket_planner.domain.enums import (
    DecisionStanding,
    DeliverableStatus,
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    LessonOutcome,
    LifecycleStatus,
    MembershipRole,
    RaciLetter,
    RhythmFrequency,
    RiskLikelihood,
    RiskSeverity,
    RiskStatus,
    TaskForceKind,
)
from smarket_planner.services import Plan
from smarket_planner.services.actions.crud import insert_step
from smarket_planner.services.actions.edits import Compound, Step, apply
from smarket_planner.services.exchange.plan_json import (
    CHILDREN,
    FIELDS,
    REFERENCE_FIELDS,
    SCHEMA_VERSION,
    export_plan_json,
    schema,
    shared_name_keys,
    write_plan_json,
)
from smarket_planner.services.exchange.plan_json_read import (
    ImportSummary,
    PlanDocument,
    PlanImportError,
    import_plan_json,
    read_plan_json,
)
from smarket_planner.services.views.graph_view import kept_places, place_nodes, view_name
from tests.services.helpers import Listener, plan_data
from tests.services.plan_copies import Copies

K = EntityKind
DOCS = Path(__file__).resolve().parents[3] / "docs" / "plan-json.md"


def published_schema_check(text: str) -> None:
    """The text is valid against the schema as shipped (its $refs and all), dates checked."""
    Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        json.loads(text)
    )


def round_trip(source: Plan, folder: Path, target: str | None = None) -> tuple[str, str]:
    """Export the plan, import the file into a new empty plan (at ``target``, or a file in ``folder``),
    export that: both texts."""
    first = folder / "plan.json"
    write_plan_json(source, first)
    with services.new_plan(target or folder / "copy.smplan") as copy:
        import_plan_json(copy, first)
        return first.read_text(encoding="utf-8"), export_plan_json(copy)


@pytest.fixture
def demo(copies: Copies) -> Plan:
    """The Northwind demo plan, open, on the back-end under test."""
    return copies.demo(date(2026, 3, 2))


@pytest.fixture
def demo_file(demo: Plan, tmp_path: Path) -> Path:
    """The demo plan written as JSON."""
    path = tmp_path / "northwind.json"
    write_plan_json(demo, path)
    return path


# --- the format covers the plan ------------------------------------------------------------------


def test_the_file_names_every_field_the_plan_keeps() -> None:
    parents = {child: parent for children in CHILDREN.values() for _, child, parent in children}
    for kind, names in FIELDS.items():
        written = {REFERENCE_FIELDS.get(name, name) for name in names} | {parents.get(kind, "")}
        if "rhythm" in names:
            written |= {"rhythm_frequency", "rhythm_weekday", "rhythm_time", "rhythm_label"}
        assert set(domain_fields.FIELD_RULES[kind]) <= written, f"{kind} loses a field"
    assert set(FIELDS) | {K.VIEW_POSITION} == set(EntityKind)


def test_shared_names_get_keys_that_no_one_else_goes_by() -> None:
    naturals = [(1, "Sam Lee"), (2, "Sam Lee"), (3, "Sam Lee (2)"), (4, "Ana"), (5, "Sam Lee")]
    assert shared_name_keys(naturals) == {2: "Sam Lee (3)", 5: "Sam Lee (4)"}
    assert shared_name_keys([(1, "Ana"), (2, "Bo")]) == {}


# --- the demo plan -------------------------------------------------------------------------------


def test_demo_plan_round_trips_byte_for_byte(demo: Plan, tmp_path: Path, copies: Copies) -> None:
    first, second = round_trip(demo, tmp_path, copies.fresh("copy"))
    assert second == first
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert first == json.dumps(json.loads(first), indent=2, ensure_ascii=False) + "\n"
    published_schema_check(first)
    document = json.loads(first)
    assert document["format"] == "smarket-planner-plan" and document["schema_version"] == SCHEMA_VERSION
    assert document["title"] == demo.title
    assert not re.search(r'"(id|version|created_at|changed_at|changed_by|\w+_id)":', first)


def test_demo_file_names_things_as_people_do(demo_file: Path) -> None:
    document = json.loads(demo_file.read_text(encoding="utf-8"))
    emails = {person["email"] for person in document["people"]}
    team = document["task_forces"][0]
    assert team["lead"] in emails and team["sponsor"] in emails
    assert all(member["person"] in emails for member in team["memberships"])
    assert {owner for goal in team["goals"] for owner in goal["owners"]} <= {
        function["name"] for function in document["functions"]
    }
    teams = {item["name"]: {d["title"] for d in item["deliverables"]} for item in document["task_forces"]}
    ends = [
        (d[end]["task_force"], d[end]["deliverable"])
        for d in document["dependencies"]
        for end in ("upstream", "downstream")
    ]
    assert all(title in teams[name] for name, title in ends)
    across = [
        d for d in document["dependencies"] if d["upstream"]["task_force"] != d["downstream"]["task_force"]
    ]
    assert across, "the demo has work handed across task forces"


def test_import_writes_everything_as_one_undo_step(demo: Plan, demo_file: Path, copies: Copies) -> None:
    expected = services.counts(demo)
    with services.new_plan(copies.fresh("copy"), title="Scratch") as copy:
        heard = Listener()
        copy.changes.subscribe(heard)
        outcome = import_plan_json(copy, demo_file)
        assert isinstance(outcome.value, ImportSummary)
        assert outcome.label == "Import northwind.json"
        assert {kind: outcome.value.counts[kind] for kind in expected} == expected
        assert services.counts(copy) == expected and copy.title == demo.title
        assert len(heard.batches) == 1, "one edit, announced once"
        announced = {notice.kind: len(notice.ids) for notice in heard.batches[0]}
        assert announced == {kind: count for kind, count in expected.items() if count}

        undone = services.undo(copy, outcome)
        assert set(services.counts(copy).values()) == {0} and copy.title == "Scratch"
        services.undo(copy, undone)
        assert services.counts(copy) == expected and copy.title == demo.title
        assert export_plan_json(copy) == demo_file.read_text(encoding="utf-8")


def test_a_read_document_says_what_it_holds_and_writes_nothing(demo: Plan, demo_file: Path) -> None:
    before = demo_file.read_bytes()
    document = read_plan_json(demo_file)
    assert isinstance(document, PlanDocument)
    assert {kind: document.counts[kind] for kind in services.counts(demo)} == services.counts(demo)
    assert demo_file.read_bytes() == before


# --- refusals ------------------------------------------------------------------------------------


def test_a_plan_that_holds_things_is_refused_and_left_alone(
    demo: Plan, demo_file: Path, plain_english: Callable[[str], None]
) -> None:
    before = plan_data(demo)
    with pytest.raises(PlanImportError) as refused:
        import_plan_json(demo, demo_file)
    plain_english(str(refused.value))
    assert "already holds 7 functions, 40 people and 5 task forces" in str(refused.value)
    assert "smarket-planner new" in str(refused.value)
    assert plan_data(demo) == before


def test_a_newer_format_is_refused(demo_file: Path, plain_english: Callable[[str], None]) -> None:
    document = json.loads(demo_file.read_text(encoding="utf-8"))
    document["schema_version"] = SCHEMA_VERSION + 1
    document["something_new"] = {"that": "this reader cannot know"}
    demo_file.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(PlanImportError) as refused:
        read_plan_json(demo_file)
    assert str(refused.value) == (
        "This file was written by a newer smarket-planner (plan format 2); this version reads format 1. "
        "Update smarket-planner to import it."
    )
    plain_english(str(refused.value))


def _person(number: int) -> Callable[[dict[str, Any]], Any]:
    return lambda document: document["people"][number]


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], Any] | bytes, str]] = {
    "not JSON at all": (
        b"{\n  'format': smarket-planner-plan\n",
        "is not valid JSON (the trouble starts at row 2",
    ),
    "not text": (b"\xff\xfe\x00\x01PK\x03\x04", "is not valid UTF-8"),
    "NaN": (b'{"format": "smarket-planner-plan", "schema_version": 1, "x": NaN}', "is not valid JSON"),
    "nested too deep": (b"[" * 50_000 + b"]" * 50_000, "is not valid JSON"),
    "JSON of another kind": (b'{"name": "Quarterly budget", "rows": []}', "holds JSON of another kind"),
    "a list": (b"[1, 2, 3]", "holds JSON of another kind"),
    "no version": (lambda d: d.pop("schema_version"), "does not say in which plan format"),
    "a person without function": (
        lambda d: _person(3)(d).pop("function"),
        "(people, item 4) has no function.",
    ),
    "a function not in the file": (
        lambda d: _person(0)(d).update(function="Salse"),
        "names the function 'Salse', but the file holds no such function.",
    ),
    "a lead not in the file": (
        lambda d: d["task_forces"][0].update(lead="zoe@nowhere.example"),
        "names the person 'zoe@nowhere.example' as its lead, but the file holds no such person.",
    ),
    "a deliverable not in the file": (
        lambda d: d["dependencies"][0]["upstream"].update(deliverable="Moon landing"),
        "names the deliverable 'Moon landing' of task force",
    ),
    "a bad enum value": (
        lambda d: d["task_forces"][1]["deliverables"][2].update(status="finished"),
        "deliverables, item 3): the status must be one of: planned, in_progress, blocked, done, cancelled "
        "(not 'finished').",
    ),
    "a date that is not a date": (
        lambda d: d["task_forces"][0].update(start_date="2026-02-30"),
        "the start date must be a date such as 2026-03-31 (not '2026-02-30').",
    ),
    "a check-in date that is words": (
        lambda d: d["task_forces"][0]["goals"][0]["kpis"][0]["check_ins"][0].update(checked_on="yesterday"),
        "check-ins, item 1): the date must be a date such as 2026-03-31 (not 'yesterday').",
    ),
    "a very long name": (
        lambda d: _person(0)(d).update(name="Ana " * 50_000),
        "the name is too long (200,000 characters; at most 120).",
    ),
    "a very long objective": (
        lambda d: d["task_forces"][0].update(objective="x" * 100_001),
        "the objective is too long (100,001 characters; at most 100,000).",
    ),
    "a name of control characters": (
        lambda d: _person(0)(d).update(name="\x00\x07\x1b"),
        "Name cannot be empty.",
    ),
    "right-to-left text too long": (
        lambda d: d["functions"][0].update(name="\u202e\u0645\u0628\u064a\u0639\u0627\u062a\u202c " * 20),
        "(functions, item 1): the name is too long",
    ),
    "a capacity past 100": (
        lambda d: _person(2)(d).update(capacity_pct=150),
        "capacity must be from 0 to 100",
    ),
    "a colour that is a word": (
        lambda d: d["functions"][0].update(colour="red"),
        "Colour must be written as #RRGGBB",
    ),
    "two letters for one holder": (
        lambda d: d["task_forces"][0]["activities"][0]["raci"][0].update(function="Sales", person="x"),
        "must name exactly one of: function, person.",
    ),
    "the same person twice": (
        lambda d: d["people"].append(dict(d["people"][0])),
        "as does the person at people, item 1; give one of them a key of its own.",
    ),
    "functions that differ in case only": (
        lambda d: d["functions"].append(dict(d["functions"][0], name="SALES")),
        "There is already a function called 'Sales'.",
    ),
    "an end before the start": (
        lambda d: d["task_forces"][0].update(end_date="2000-01-01"),
        "The end (2000-01-01) cannot be before the start",
    ),
    "people that are not a list": (
        lambda d: d.update(people="everyone"),
        "The plan: the people must be a list.",
    ),
    "a person written as text": (
        lambda d: d["people"].__setitem__(2, "Ana Ruiz"),
        "The person (people, item 3) is not written as a person",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_files_are_refused_in_one_plain_line(
    case: str, demo_file: Path, copies: Copies, plain_english: Callable[[str], None]
) -> None:
    breakage, expected = BROKEN[case]
    if isinstance(breakage, bytes):
        demo_file.write_bytes(breakage)
    else:
        document = json.loads(demo_file.read_text(encoding="utf-8"))
        breakage(document)
        demo_file.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    written = demo_file.read_bytes()
    with services.new_plan(copies.fresh("empty")) as empty:
        before = plan_data(empty)
        with pytest.raises(PlanImportError) as refused:
            import_plan_json(empty, demo_file)
        assert plan_data(empty) == before
        assert set(services.counts(empty).values()) == {0}
    message = str(refused.value)
    plain_english(message)
    assert expected in message
    assert len(message) < 400
    assert demo_file.read_bytes() == written, "the file read is never changed"


def test_a_surrogate_half_is_refused(tmp_path: Path, plain_english: Callable[[str], None]) -> None:
    path = tmp_path / "half.json"
    path.write_text(
        '{"format": "smarket-planner-plan", "schema_version": 1, "title": "\\ud800",'
        ' "functions": [], "people": [], "task_forces": []}',
        encoding="utf-8",
    )
    with pytest.raises(PlanImportError) as refused:
        read_plan_json(path)
    plain_english(str(refused.value))


def test_a_number_too_large_for_the_plan_is_refused(
    demo_file: Path, plain_english: Callable[[str], None]
) -> None:
    text = demo_file.read_text(encoding="utf-8")
    demo_file.write_text(re.sub(r'"baseline": [^,]+', '"baseline": 1e400', text, count=1), encoding="utf-8")
    with pytest.raises(PlanImportError) as refused:
        read_plan_json(demo_file)
    plain_english(str(refused.value))
    assert "(task forces, item 1; goals, item 1; KPIs, item 1): Baseline must be a real number" in str(
        refused.value
    )


def test_a_missing_file_is_refused(tmp_path: Path, plain_english: Callable[[str], None]) -> None:
    with pytest.raises(PlanImportError) as refused:
        read_plan_json(tmp_path / "nowhere.json")
    plain_english(str(refused.value))
    assert "cannot be read" in str(refused.value)


# --- names shared, places in graphs --------------------------------------------------------------


def _build(plan: Plan, make: Callable[[Callable[..., int]], None]) -> None:
    """Make things in one undo step through the services; ``make`` gets ``add(kind, **values) -> id``."""

    def build(session: Session, made: list[Step[Any]]) -> None:
        def add(kind: EntityKind, /, **values: Any) -> int:
            made.append(insert_step(session, kind, values, ""))
            return int(made[-1].value.id)

        make(add)

    apply(plan, Compound(build, "Build"))


def test_shared_names_and_places_survive(
    tmp_path: Path, copies: Copies, caplog: pytest.LogCaptureFixture
) -> None:
    def make(add: Callable[..., int]) -> None:
        sales = add(K.FUNCTION, name="Sales", colour="#112233")
        sams = [add(K.PERSON, name="Sam Lee", function_id=sales) for _ in range(3)]
        ana = add(K.PERSON, name="Ana Ruiz", function_id=sales, email="ana@example.com")
        gone = add(K.PERSON, name="Gone Soon", function_id=sales)
        launch = add(K.TASK_FORCE, name="Launch", kind="campaign", status="active", lead_id=sams[2])
        briefs = [add(K.DELIVERABLE, task_force_id=launch, title="Brief", owner_id=sams[1]) for _ in range(2)]
        other = add(K.TASK_FORCE, name="Other", kind="other", status="forming", reformed_from_id=None)
        waits = add(K.DELIVERABLE, task_force_id=other, title="Brief")
        add(K.DEPENDENCY, upstream_id=briefs[1], downstream_id=waits, kind="hand_off")
        view = view_name(GraphKind.PEOPLE)
        for key, x in ((node_key(K.PERSON, sams[1]), 1.5), (node_key(K.TASK_FORCE, launch), -2.0)):
            add(K.VIEW_POSITION, view=view, node_key=key, x=x, y=x * 2)
        add(
            K.VIEW_POSITION,
            view=view_name(GraphKind.FUNCTIONS, other),
            node_key=node_key(K.FUNCTION, sales),
            x=0,
            y=0,
        )
        add(
            K.VIEW_POSITION,
            view=view_name(GraphKind.DELIVERABLES, launch),
            node_key=node_key(K.DELIVERABLE, briefs[1]),
            x=3,
            y=4,
        )
        add(K.VIEW_POSITION, view=view, node_key=node_key(K.PERSON, gone), x=9, y=9)
        assert ana

    with services.new_plan(copies.fresh("source")) as source:
        _build(source, make)
        gone = services.find(source, K.PERSON, name="Gone Soon")[0].id
        services.delete(source, K.PERSON, gone)  # its place in the people graph stays behind
        with caplog.at_level(logging.WARNING):
            first, second = round_trip(source, tmp_path, copies.fresh("copy"))
    assert second == first
    assert "Left out 1 place(s)" in caplog.text and f"person:{gone}" in caplog.text
    document = json.loads(first)
    assert [person.get("key") for person in document["people"]] == [None, "Sam Lee (2)", "Sam Lee (3)", None]
    launch = document["task_forces"][0]
    assert launch["lead"] == "Sam Lee (3)"
    assert [d.get("key") for d in launch["deliverables"]] == [None, "Brief (2)"]
    assert launch["deliverables"][0]["owner"] == "Sam Lee (2)"
    assert document["dependencies"] == [
        {
            "upstream": {"task_force": "Launch", "deliverable": "Brief (2)"},
            "downstream": {"task_force": "Other", "deliverable": "Brief"},
            "kind": "hand_off",
        }
    ]
    assert document["places"] == [
        {"graph": "people", "task_force": None, "node": {"person": "Sam Lee (2)"}, "x": 1.5, "y": 3.0},
        {"graph": "people", "task_force": None, "node": {"task_force": "Launch"}, "x": -2.0, "y": -4.0},
        {"graph": "functions", "task_force": "Other", "node": {"function": "Sales"}, "x": 0.0, "y": 0.0},
        {
            "graph": "deliverables",
            "task_force": "Launch",
            "node": {"deliverable": {"task_force": "Launch", "deliverable": "Brief (2)"}},
            "x": 3.0,
            "y": 4.0,
        },
    ]


def test_places_point_at_the_new_things(tmp_path: Path, copies: Copies) -> None:
    def make(add: Callable[..., int]) -> None:
        sales = add(K.FUNCTION, name="Sales", colour="#112233")
        for number in range(4):  # ids in the copy differ from ids in the source
            add(K.PERSON, name=f"Filler {number}", function_id=sales)
        ana = add(K.PERSON, name="Ana", function_id=sales)
        add(K.VIEW_POSITION, view=view_name(GraphKind.PEOPLE), node_key=node_key(K.PERSON, ana), x=7, y=8)

    path = tmp_path / "plan.json"
    with services.new_plan(copies.fresh("source")) as source:
        _build(source, make)
        services.delete(source, K.PERSON, services.find(source, K.PERSON, name="Filler 0")[0].id)
        write_plan_json(source, path)
    with services.new_plan(copies.fresh("copy")) as copy:
        import_plan_json(copy, path)
        ana = services.find(copy, K.PERSON, name="Ana")[0].id
        places = kept_places(copy, view_name(GraphKind.PEOPLE))
        assert {key: (p.x, p.y) for key, p in places.items()} == {node_key(K.PERSON, ana): (7.0, 8.0)}
        place_nodes(
            copy, view_name(GraphKind.PEOPLE), {node_key(K.PERSON, ana): (1.0, 1.0)}
        )  # still editable


def test_write_replaces_a_file_whole(demo: Plan, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "out.json"
    path.write_text("an older export", encoding="utf-8")
    write_plan_json(demo, path)
    assert path.read_text(encoding="utf-8") == export_plan_json(demo)
    assert [entry.name for entry in folder.iterdir()] == ["out.json"], "no draft is left behind"
    with pytest.raises(PlanFileError):
        write_plan_json(demo, tmp_path / "no such folder" / "out.json")


def test_the_example_in_the_docs_imports(tmp_path: Path, copies: Copies) -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    example = next(block for block in blocks if '"format": "smarket-planner-plan"' in block)
    path = tmp_path / "example.json"
    path.write_text(example, encoding="utf-8")
    published_schema_check(example)
    with services.new_plan(copies.fresh("example")) as plan:
        summary = import_plan_json(plan, path).value
        assert summary.counts[K.DEPENDENCY] == 1 and summary.counts[K.VIEW_POSITION] == 1
        assert [summary.counts[kind] for kind in (K.QUESTION, K.LESSON, K.CREDIT)] == [1, 1, 2]
        assert summary.counts[K.OPEN_ROLE] == 1
        again = json.loads(export_plan_json(plan))
    assert again["people"][1]["key"] == "Sam Lee (2)"


# --- any plan ------------------------------------------------------------------------------------

NAMES = ("Sam Lee", "Sam Lee", "Sam Lee (2)", "Ana Ruiz", "ana@example.com", "Zoë  O'Brien")
NAMES += ("\u0633\u0627\u0631\u0627 \u0627\u062d\u0645\u062f\u06cc", "\u674e\u96f7")  # Persian, Chinese
EMAILS = ("ana@example.com", "sam@example.com", "Li.Lei@Example.org")
FUNCTIONS = ("Sales", "Marketing", "\u03a9mega", "\u0645\u0627\u0644\u064a\u0629", "PR")
TITLES = ("Brief", "Brief", "Launch plan", "Pricing  page", "\u05ea\u05d5\u05db\u05e0\u05d9\u05ea")
TEAM_WORDS = ("", "Ünïcode", "\u0641\u0631\u064a\u0642")  # the last is Arabic
TAGS = ("", "pricing", "pricing, launch timing", " Leads ,leads,, hand-off ", "\u0642\u064a\u0645\u0629, PR")
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=24)  # control characters, any script
NUMBER = st.floats(allow_nan=False, allow_infinity=False)
PERCENT = st.floats(0, 100)
DAY = st.dates(date(1999, 1, 1), date(2040, 12, 31))
Ref = tuple[Any, ...]  # ("ref", kind, n): the n-th thing of a kind made; ("refs", kind, [n, ...]) several


@dataclass
class Spec:
    """A small random plan: the title, and the things to make in order, referring to earlier ones."""

    title: str = ""
    calls: list[tuple[EntityKind, dict[str, Any]]] = field(default_factory=list)


class _Drawn:
    """Draws a plan's things into a spec, each referring only to things drawn before it."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw, self.spec = draw, Spec(title=draw(TEXT))
        self.made: dict[EntityKind, int] = {}
        self.work_of: list[int] = []  # the task force of each deliverable, by number

    def call(self, kind: EntityKind, /, **values: Any) -> Ref:
        self.spec.calls.append((kind, values))
        self.made[kind] = self.made.get(kind, 0) + 1
        return ("ref", kind, self.made[kind] - 1)

    def one(self, kind: EntityKind) -> Ref | None:
        count = self.made.get(kind, 0)
        return (
            self.draw(st.one_of(st.none(), st.integers(0, count - 1).map(lambda n: ("ref", kind, n))))
            if count
            else None
        )

    def some(self, kind: EntityKind, most: int = 2) -> Ref:
        count = self.made.get(kind, 0)
        return (
            "refs",
            kind,
            self.draw(st.lists(st.integers(0, count - 1), unique=True, max_size=min(most, count)))
            if count
            else [],
        )

    def span(self) -> tuple[date | None, date | None]:
        start, end = sorted(self.draw(st.lists(DAY, min_size=2, max_size=2)))
        return self.draw(st.sampled_from([start, None])), self.draw(st.sampled_from([end, None]))

    def pick(self, choices: Any) -> Any:
        return self.draw(st.sampled_from(choices))

    def team(self, number: int) -> None:
        """A task force with its members, goals, KPIs, check-ins, RACI, work, risks, decisions, open
        questions, lessons and credits."""
        draw, start, end = self.draw, *self.span()
        frequency = self.pick([None, *RhythmFrequency])
        team = self.call(
            K.TASK_FORCE,
            name=f"Team {number} {self.pick(TEAM_WORDS)}".strip(),
            kind=self.pick(TaskForceKind),
            status=self.pick(LifecycleStatus),
            objective=draw(TEXT),
            sponsor_id=self.one(K.PERSON),
            lead_id=self.one(K.PERSON),
            start_date=start,
            end_date=end,
            rhythm_frequency=frequency,
            rhythm_label=draw(TEXT),
            rhythm_weekday=None if frequency is None else draw(st.one_of(st.none(), st.integers(0, 6))),
            rhythm_time=None if frequency is None else self.pick([None, "09:00", "23:59"]),
            reformed_from_id=self.one(K.TASK_FORCE) if number else None,
        )
        for person in self.some(K.PERSON, 4)[2]:
            start, end = self.span()
            self.call(
                K.MEMBERSHIP,
                task_force_id=team,
                person_id=("ref", K.PERSON, person),
                role=self.pick(MembershipRole),
                allocation_pct=draw(PERCENT),
                start_date=start,
                end_date=end,
            )
        for _ in range(draw(st.integers(0, 2))):
            goal = self.call(
                K.GOAL,
                task_force_id=team,
                title=self.pick(TITLES),
                owner_function_ids=self.some(K.FUNCTION, 3),
            )
            for _ in range(draw(st.integers(0, 2))):
                start, end = self.span()
                kpi = self.call(
                    K.KPI,
                    goal_id=goal,
                    title=self.pick(TITLES),
                    baseline=draw(NUMBER),
                    target=draw(NUMBER),
                    direction=self.pick(KpiDirection),
                    start_date=start,
                    due_date=end,
                    weight=draw(st.floats(0, 1e6)),
                    incentive_pct=draw(PERCENT),
                    commitment=self.pick(KpiCommitment),
                    accountable_id=self.one(K.PERSON),
                    owner_function_ids=self.some(K.FUNCTION),
                )
                for _ in range(draw(st.integers(0, 2))):
                    self.call(
                        K.CHECK_IN,
                        kpi_id=kpi,
                        checked_on=draw(DAY),
                        value=draw(NUMBER),
                        confidence=draw(st.integers(1, 10)),
                        note=draw(TEXT),
                    )
        for _ in range(draw(st.integers(0, 2))):
            activity = self.call(
                K.ACTIVITY, task_force_id=team, name=self.pick(TITLES), description=draw(TEXT)
            )
            for holder in (K.FUNCTION, K.PERSON):
                for chosen in self.some(holder)[2]:
                    self.call(
                        K.RACI,
                        activity_id=activity,
                        letter=self.pick(RaciLetter),
                        **{f"{holder}_id": ("ref", holder, chosen)},
                    )
        for _ in range(draw(st.integers(0, 3))):
            start, end = self.span()
            self.call(
                K.DELIVERABLE,
                task_force_id=team,
                title=self.pick(TITLES),
                owner_id=self.one(K.PERSON),
                duration_days=draw(st.floats(0, 400)),
                start_date=start,
                due_date=end,
                status=self.pick(DeliverableStatus),
                finished_on=self.pick([None, end]),
            )
            self.work_of.append(number)
        if draw(st.booleans()):
            self.call(
                K.RISK,
                task_force_id=team,
                title=self.pick(TITLES),
                description=draw(TEXT),
                severity=self.pick(RiskSeverity),
                likelihood=self.pick(RiskLikelihood),
                status=self.pick(RiskStatus),
                owner_id=self.one(K.PERSON),
                raised_by_id=self.one(K.PERSON),
                raised_on=self.span()[0],
                mitigation=draw(TEXT),
            )
        if draw(st.booleans()):
            self.call(
                K.DECISION,
                task_force_id=team,
                title=self.pick(TITLES),
                decided_on=self.span()[1],
                data=draw(TEXT),
                decided_by_id=self.one(K.PERSON),
                reasoning=draw(TEXT),
                committed_person_ids=self.some(K.PERSON, 3),
                standing=self.pick(DecisionStanding),
            )
        self.learned(team)

    def learned(self, team: Ref) -> None:
        """Open and answered questions, lessons about some functions, credits to people or functions."""
        draw = self.draw
        for _ in range(draw(st.integers(0, 2))):
            answer = self.pick(["", *TITLES])
            asked, due = self.span()
            self.call(
                K.QUESTION,
                task_force_id=team,
                question=self.pick(TITLES),
                asked_by_id=self.one(K.PERSON),
                answerer_id=self.one(K.PERSON),
                due_on=due,
                answer=answer,
                evidence=draw(TEXT),
                answered_on=self.pick([None, asked]) if answer else None,
            )
        for _ in range(draw(st.integers(0, 2))):
            self.call(
                K.LESSON,
                task_force_id=team,
                title=self.pick(TITLES),
                outcome=self.pick(LessonOutcome),
                what_happened=draw(TEXT),
                why=draw(TEXT),
                evidence=draw(TEXT),
                next_time=draw(TEXT),
                function_ids=self.some(K.FUNCTION, 3),
                tags=self.pick(TAGS),
                recorded_on=self.span()[1],
            )
        for _ in range(draw(st.integers(0, 2))):
            person = self.one(K.PERSON)
            function = self.one(K.FUNCTION) if person else ("ref", K.FUNCTION, 0)
            self.call(
                K.CREDIT,
                task_force_id=team,
                for_what=self.pick(TITLES),
                person_id=person,
                function_id=function,
            )


@st.composite
def plans(draw: st.DrawFn) -> Spec:
    """Functions, people with and without e-mails and with shared names, task forces with all their
    work, dependencies within and across task forces, and places dragged in graphs."""
    plan = _Drawn(draw)
    for name in draw(st.lists(st.sampled_from(FUNCTIONS), min_size=1, max_size=3, unique=True)):
        plan.call(
            K.FUNCTION,
            name=name,
            colour=draw(st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)),
            description=draw(TEXT),
        )
    emails: set[str] = set()
    for _ in range(draw(st.integers(1, 6))):
        email = plan.pick([None, *EMAILS])
        email = None if email is None or email.lower() in emails else email
        emails.add((email or "").lower())
        plan.call(
            K.PERSON,
            name=plan.pick(NAMES),
            function_id=plan.one(K.FUNCTION) or ("ref", K.FUNCTION, 0),
            email=email,
            title=draw(TEXT),
            capacity_pct=draw(PERCENT),
        )
    for number in range(draw(st.integers(1, 3))):
        plan.team(number)
    work = plan.made.get(K.DELIVERABLE, 0)
    if work >= 2:
        pair = st.tuples(st.integers(0, work - 1), st.integers(0, work - 1)).filter(lambda p: p[0] != p[1])
        pairs = draw(st.lists(pair, unique=True, max_size=4))
        if plan.work_of[0] != plan.work_of[-1] and (work - 1, 0) not in pairs:
            pairs.append((work - 1, 0))  # work handed from one task force to another
        for upstream, downstream in pairs:
            plan.call(
                K.DEPENDENCY,
                upstream_id=("ref", K.DELIVERABLE, upstream),
                downstream_id=("ref", K.DELIVERABLE, downstream),
                kind=plan.pick(DependencyKind),
            )
    nodes = [kind for kind in (K.PERSON, K.FUNCTION, K.TASK_FORCE, K.DELIVERABLE) if plan.made.get(kind)]
    places = set()
    for _ in range(draw(st.integers(0, 4))):
        node = plan.pick(nodes)
        places.add(
            (plan.pick(GraphKind), plan.one(K.TASK_FORCE), draw(st.integers(0, plan.made[node] - 1)), node)
        )
    for graph, team, number, node in sorted(places, key=repr):
        plan.call(
            K.VIEW_POSITION,
            view=("view", graph, team),
            node_key=("node", node, number),
            x=draw(NUMBER),
            y=draw(NUMBER),
        )
    return plan.spec


def make_plan(plan: Plan, spec: Spec) -> None:
    """Make the spec's things through the services, in one transaction."""
    made: dict[EntityKind, list[int]] = {}

    def real(value: Any) -> Any:
        if not isinstance(value, tuple):
            return value
        if value[0] == "ref":
            return made[value[1]][value[2]]
        if value[0] == "refs":
            return tuple(made[value[1]][number] for number in value[2])
        if value[0] == "view":
            return view_name(value[1], None if value[2] is None else real(value[2]))
        return node_key(value[1], made[value[1]][value[2]])  # ("node", kind, n)

    def make(add: Callable[..., int]) -> None:
        for kind, values in spec.calls:
            made.setdefault(kind, []).append(
                add(kind, **{name: real(value) for name, value in values.items()})
            )

    _build(plan, make)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(spec=plans())
def test_any_plan_round_trips_byte_for_byte(spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with services.new_plan(Path(folder) / "source.smplan", title=spec.title) as source:
            make_plan(source, spec)
            expected = services.counts(source)
            first, second = round_trip(source, Path(folder))
        assert second == first
        published_schema_check(first)
        document = read_plan_json(Path(folder) / "plan.json")
        assert {kind: document.counts[kind] for kind in expected} == expected


# --- a large plan --------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_scale_plan_imports_in_seconds(tmp_path: Path) -> None:
    generate_demo(tmp_path / "scale.smplan", people=2_000, today=date(2026, 3, 2))
    with services.open_existing(tmp_path / "scale.smplan") as scale:
        began = time.perf_counter()
        first, second = round_trip(scale, tmp_path)
        took = time.perf_counter() - began
    assert second == first
    assert took < 90, f"export, import and export again took {took:.0f} s"
