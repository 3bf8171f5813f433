"""A task force saved as the user's own template, listed beside the shipped ones, formed from."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import LessonOutcome, RaciLetter
from smarket_planner.domain.records import (
    Activity,
    Deliverable,
    Dependency,
    Function,
    Goal,
    Kpi,
    Person,
    Question,
    RaciAssignment,
    TaskForce,
)
from smarket_planner.resources import resource
from smarket_planner.services import Plan
from smarket_planner.services.actions.templates import (
    TEMPLATE_KEYS,
    TemplateError,
    TemplateExistsError,
    create_from_template,
    list_templates,
    load_template,
    read_template,
    read_template_file,
    read_user_templates,
    save_as_template,
    template_file_name,
)
from tests.services.helpers import assert_undo_redo, plan_data
from tests.services.plan_copies import Copies
from tests.services.staffing import Staffed

K = EntityKind
TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(copies: Copies) -> Plan:
    """A private copy of the demo plan."""
    return copies.demo(TODAY)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the user's templates go (not made yet: saving makes it)."""
    return tmp_path / "user data" / "templates"


def by_name(plan: Plan, name: str) -> TaskForce:
    found = services.find(plan, K.TASK_FORCE, name=name)
    assert len(found) == 1 and isinstance(found[0], TaskForce)
    return found[0]


def picture(plan: Plan, task_force_id: int) -> dict[str, Any]:
    """What a template carries of a task force, by name: goals, KPIs, RACI by function, deliverables."""
    functions = {f.id: f.name for f in services.find(plan, K.FUNCTION) if isinstance(f, Function)}
    people = {p.id: p.function_id for p in services.find(plan, K.PERSON) if isinstance(p, Person)}
    goals = []
    for goal in services.find(plan, K.GOAL, task_force_id=task_force_id):
        assert isinstance(goal, Goal)
        kpis = [
            (k.title, k.unit, k.baseline, k.target, k.direction, k.weight, k.incentive_pct, k.commitment,
             sorted(functions[f] for f in k.owner_function_ids))
            for k in services.find(plan, K.KPI, goal_id=goal.id)
            if isinstance(k, Kpi)
        ]  # fmt: skip
        goals.append(
            (goal.title, goal.description, sorted(functions[f] for f in goal.owner_function_ids), kpis)
        )
    raci = {}
    strength = "ARCI"
    for activity in services.find(plan, K.ACTIVITY, task_force_id=task_force_id):
        assert isinstance(activity, Activity)
        own: dict[str, str] = {}
        through: dict[str, str] = {}
        for cell in services.find(plan, K.RACI, activity_id=activity.id):
            assert isinstance(cell, RaciAssignment)
            if cell.function_id is not None:
                own[functions[cell.function_id]] = cell.letter.value
            elif cell.person_id is not None:
                name = functions[people[cell.person_id]]
                held = through.get(name, "I")
                through[name] = min(held, cell.letter.value, key=strength.index)
        raci[activity.name] = (activity.description, through | own)
    deliverables = {}
    ids = {}
    for item in services.find(plan, K.DELIVERABLE, task_force_id=task_force_id):
        assert isinstance(item, Deliverable)
        ids[item.id] = item.title
        deliverables[item.title] = item.duration_days
    links = sorted(
        (ids[link.upstream_id], ids[link.downstream_id], link.kind)
        for link in services.find(plan, K.DEPENDENCY)
        if isinstance(link, Dependency) and link.upstream_id in ids and link.downstream_id in ids
    )
    return {"goals": goals, "raci": raci, "deliverables": deliverables, "links": links}


def test_saving_then_forming_gives_the_same_goals_kpis_raci_and_deliverables(
    demo: Plan, folder: Path
) -> None:
    source = by_name(demo, "Pulse 3.0 Launch")
    path = save_as_template(demo, source.id, folder, name="Pulse launch", today=TODAY)
    assert path == folder / "pulse-launch.json"
    template = load_template("user:pulse-launch", folder)
    assert (template.kind, template.objective, template.why) == (source.kind, source.objective, source.why)
    assert template.rhythm == source.rhythm and template.name == "Pulse launch"
    assert (
        template.description
        == "The goals and KPIs, RACI and deliverables of Pulse 3.0 Launch, saved on 23 November 2026."
    )
    outcome = assert_undo_redo(
        demo,
        lambda: create_from_template(
            demo,
            "user:pulse-launch",
            name="Pulse 4.0 Launch",
            start_date=source.start_date,
            user_folder=folder,
        ),
    )
    new = outcome.value
    assert picture(demo, new.id) == picture(demo, source.id)
    assert (new.kind, new.objective, new.rhythm) == (source.kind, source.objective, source.rhythm)
    # Each deliverable starts no earlier than it did in the team it was saved from.
    starts = {d.title: d.start_date for d in services.find(demo, K.DELIVERABLE, task_force_id=source.id)}
    for item in services.find(demo, K.DELIVERABLE, task_force_id=new.id):
        assert isinstance(item, Deliverable)
        assert starts[item.title] is None or item.start_date is None or item.start_date >= starts[item.title]


def test_a_template_saved_on_one_plan_forms_on_an_empty_one(demo: Plan, plan: Plan, folder: Path) -> None:
    source = by_name(demo, "Pulse 3.0 Launch")
    save_as_template(demo, source.id, folder, name="Launch")
    before = {f.name: f.colour for f in services.find(demo, K.FUNCTION) if isinstance(f, Function)}
    new = create_from_template(plan, "user:launch", name="Launch", user_folder=folder).value
    made = {f.name: f.colour for f in services.find(plan, K.FUNCTION) if isinstance(f, Function)}
    assert made and all(before[name] == colour for name, colour in made.items())
    assert picture(plan, new.id) == picture(demo, source.id)


def test_people_letters_become_their_functions_and_people_stay_behind(staffed: Staffed, folder: Path) -> None:
    path = save_as_template(staffed.plan, staffed.launch, folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    # Sales A and Marketing R by function; Fay (C) and Cat (I) of Product: the stronger letter.
    assert data["activities"] == [
        {
            "name": "Lead management",
            "description": "",
            "raci": {"Sales": "A", "Marketing": "R", "Product": "C"},
        }
    ]
    assert {f["name"] for f in data["functions"]} == {"Sales", "Marketing", "Product"}
    assert "Ann" not in path.read_text(encoding="utf-8")  # no people: a template is for a new team
    # Only the links within the team: the hand-off to another team's account plan stays behind.
    assert data["deliverables"] == [
        {"title": "Lead list", "duration_days": 10},
        {
            "title": "Launch webinar",
            "duration_days": 5,
            "depends_on": [{"title": "Lead list", "kind": "blocking"}],
        },
    ]
    pursuit = save_as_template(staffed.plan, staffed.pursuit, folder)
    activity = json.loads(pursuit.read_text(encoding="utf-8"))["activities"][0]
    assert activity["raci"] == {"Sales": "A", "Product": "R"}  # Dan's A is Sales', Fay's R Product's


def test_lessons_are_saved_and_become_open_questions_of_the_new_team(staffed: Staffed, folder: Path) -> None:
    plan = staffed.plan
    services.update(
        plan, K.LESSON, staffed.lesson, why="Two definitions of a lead.", next_time="Agree one first."
    )
    save_as_template(plan, staffed.launch, folder, name="Launch again")
    template = load_template("user:launch-again", folder)
    [lesson] = template.lessons
    assert (lesson.title, lesson.outcome, lesson.learned_by) == (
        "Agree the lead definition before the first campaign",
        LessonOutcome.HURT,
        "Launch",
    )
    assert (lesson.functions, lesson.tags, lesson.why) == (
        ("Sales", "Marketing"),
        ("leads", "handover"),
        "Two definitions of a lead.",
    )
    assert template.info.lessons == 1 and "and 1 lesson as an open question" in template.info.contents()
    outcome = assert_undo_redo(
        plan, lambda: create_from_template(plan, "user:launch-again", name="Launch II", user_folder=folder)
    )
    questions = services.find(plan, K.QUESTION, task_force_id=outcome.value.id)
    assert len(questions) == 1 and isinstance(questions[0], Question) and questions[0].is_open
    assert questions[0].question == (
        "Learned by Launch: Agree the lead definition before the first campaign. What will we do differently?"
    )


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("..", "template"),
        ("con", "con-template"),
        (".hidden", "hidden"),
        ('Lançamento \uff0f Q3 *?<>|"', "lançamento-q3"),  # a full-width solidus
        ("x" * 120, "x" * 60),
    ],
)
def test_a_hostile_name_makes_a_plain_file_in_the_folder(
    staffed: Staffed, folder: Path, name: str, stem: str
) -> None:
    assert template_file_name(name) == stem
    path = save_as_template(staffed.plan, staffed.launch, folder, name=name)
    assert path.parent == folder and path.name == f"{stem}.json"
    assert list(folder.iterdir()) == [path] and list(folder.parent.iterdir()) == [folder]
    assert load_template(f"user:{stem}", folder).name == " ".join(name.split())


def test_a_hostile_task_force_name_is_only_text_in_the_file(staffed: Staffed, folder: Path) -> None:
    services.update(staffed.plan, K.TASK_FORCE, staffed.launch, name='../"Launch"\\\u202e\n')
    path = save_as_template(staffed.plan, staffed.launch, folder)
    assert path.parent == folder and path.name == "launch.json"
    assert read_template_file(path, "user:launch").lessons[0].learned_by == '../"Launch"\\\u202e'


def test_a_file_there_already_is_replaced_only_when_forced(
    staffed: Staffed, folder: Path, plain_english: Callable[[str], None]
) -> None:
    first = save_as_template(staffed.plan, staffed.launch, folder, name="Ours", description="First.")
    with pytest.raises(TemplateExistsError) as caught:
        save_as_template(staffed.plan, staffed.pursuit, folder, name="OURS", description="Second.")
    assert caught.value.path == first
    plain_english(str(caught.value))
    assert load_template("user:ours", folder).description == "First."
    again = save_as_template(
        staffed.plan, staffed.pursuit, folder, name="OURS", description="Second.", force=True
    )
    assert again == first and load_template("user:ours", folder).description == "Second."
    assert [p.name for p in folder.iterdir()] == ["ours.json"]  # no temporary file left behind


def test_an_empty_name_is_refused(staffed: Staffed, folder: Path) -> None:
    with pytest.raises(TemplateError, match="Give the template a name"):
        save_as_template(staffed.plan, staffed.launch, folder, name="  ")
    assert not folder.exists()


def test_a_folder_that_cannot_be_written_gives_a_plain_message(
    staffed: Staffed, folder: Path, plain_english: Callable[[str], None]
) -> None:
    folder.mkdir(parents=True)
    blocked = folder / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        save_as_template(staffed.plan, staffed.launch, blocked / "templates")
    assert str(caught.value).startswith("The template could not be saved in ")
    plain_english(str(caught.value))


def test_a_broken_user_template_is_left_out_and_says_why(
    staffed: Staffed, folder: Path, plain_english: Callable[[str], None]
) -> None:
    save_as_template(staffed.plan, staffed.launch, folder, name="Good one")
    (folder / ".hidden.json").write_text("{", encoding="utf-8")
    (folder / "broken.json").write_text("{ not json", encoding="utf-8")
    data = json.loads(resource("templates", "campaign.json").read_text(encoding="utf-8"))
    data["lessons"] = [{"title": "Fine", "functions": ["Legal"]}]
    (folder / "odd.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "notes.txt").write_text("not a template", encoding="utf-8")
    found = read_user_templates(folder)
    assert [info.key for info in found.templates] == ["user:good-one"]
    assert [problem.path.name for problem in found.problems] == ["broken.json", "odd.json"]
    assert (
        found.problems[0].message
        == "The task-force template broken.json cannot be read: it is not valid JSON."
    )
    assert "lesson 1 names the function 'Legal'" in found.problems[1].message
    for problem in found.problems:
        plain_english(problem.message)
    listed = list_templates(folder)
    assert [info.key for info in listed] == [*TEMPLATE_KEYS, "user:good-one"]
    assert list_templates(folder / "missing") == list_templates()


def test_user_keys_never_shadow_shipped_templates(staffed: Staffed, folder: Path) -> None:
    path = save_as_template(staffed.plan, staffed.launch, folder, name="Campaign")
    assert path.name == "campaign.json"
    infos = list_templates(folder)
    assert [info.key for info in infos].count("campaign") == 1 and infos[-1].key == "user:campaign"
    assert infos[-1].is_user and not any(info.is_user for info in infos[:-1])
    assert load_template("campaign", folder).functions == load_template("campaign").functions
    assert load_template("user:campaign", folder).kind is by_name(staffed.plan, "Launch").kind
    for key in ("user:../campaign", "user:", "user:.campaign", "user:sub/campaign"):
        with pytest.raises(TemplateError, match="no task-force template called"):
            load_template(key, folder)
    with pytest.raises(TemplateError, match="no task-force template called 'campaign'"):
        load_template("user:campaign")  # without the folder, a user's template is unknown
    path.unlink()
    with pytest.raises(TemplateError, match=r"campaign\.json is no longer in"):
        create_from_template(staffed.plan, "user:campaign", name="Gone", user_folder=folder)


def test_a_team_without_an_accountable_saves_as_it_is(staffed: Staffed, folder: Path) -> None:
    plan = staffed.plan
    services.delete(plan, K.RACI, staffed.sales_accountable)
    save_as_template(plan, staffed.launch, folder, name="Gaps")
    [activity] = load_template("user:gaps", folder).activities
    assert RaciLetter.ACCOUNTABLE not in {letter for _, letter in activity.raci}
    data = json.loads((folder / "gaps.json").read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="needs exactly one A"):
        read_template("gaps", data)  # a shipped template is held to one A


def test_deliverables_keep_their_offsets_and_a_circle_of_links_is_broken(plan: Plan, folder: Path) -> None:
    start = date(2027, 1, 4)
    values = {"name": "Loop", "kind": "campaign", "status": "proposed", "start_date": start}
    team = services.create(plan, K.TASK_FORCE, **values).value.id

    def item(title: str, begins: date | None) -> int:
        return int(
            services.create(
                plan, K.DELIVERABLE, task_force_id=team, title=title, duration_days=3, start_date=begins
            ).value.id
        )

    late, first, again = item("Brief", date(2027, 1, 14)), item("Brief", start), item("Plan", None)
    services.add_dependency(plan, again, late)  # Plan -> Brief (late) -> Plan: a circle
    services.add_dependency(plan, late, again, "hand_off")
    services.add_dependency(plan, first, again, "non_blocking")
    save_as_template(plan, team, folder, name="Loop")
    data = json.loads((folder / "loop.json").read_text(encoding="utf-8"))
    # The first brief waits for nothing, so it goes first; the circle breaks at the later brief,
    # whose link back from the plan is left out.
    assert data["deliverables"] == [
        {"title": "Brief", "duration_days": 3},
        {"title": "Brief (2)", "duration_days": 3, "offset_days": 10},
        {
            "title": "Plan",
            "duration_days": 3,
            "depends_on": [
                {"title": "Brief (2)", "kind": "hand_off"},
                {"title": "Brief", "kind": "non_blocking"},
            ],
        },
    ]
    new = create_from_template(plan, "user:loop", name="Loop II", start_date=start, user_folder=folder).value
    dates = {d.title: d.start_date for d in services.find(plan, K.DELIVERABLE, task_force_id=new.id)}
    assert dates == {"Brief": start, "Brief (2)": date(2027, 1, 14), "Plan": date(2027, 1, 17)}


@pytest.mark.parametrize(
    ("lessons", "words"),
    [
        ("none", "'lessons' must be a list"),
        ([{"outcome": "hurt"}], "lesson 1 has no title"),
        ([{"title": "T", "outcome": "sad"}], "the outcome of lesson 1 must be one of: worked, hurt, mixed"),
        (
            [{"title": "T", "functions": "Sales"}],
            "the functions of lesson 1 must be a list of function names",
        ),
        ([{"title": "T", "tags": [1]}], "the tags of lesson 1 must be a list of words"),
        ([{"title": "T", "why": 3}], "the why of lesson 1 is not text"),
    ],
)
def test_damaged_lessons_give_a_plain_message(
    tmp_path: Path, lessons: object, words: str, plain_english: Callable[[str], None]
) -> None:
    data = json.loads(resource("templates", "campaign.json").read_text(encoding="utf-8"))
    data["lessons"] = lessons
    path = tmp_path / "campaign.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        read_template_file(path)
    assert words in str(caught.value)
    plain_english(str(caught.value))


def test_old_template_files_hold_no_lessons_and_form_no_questions(plan: Plan) -> None:
    for key in TEMPLATE_KEYS:
        assert load_template(key).lessons == () and load_template(key).info.lessons == 0
    before = plan_data(plan)
    create_from_template(plan, "campaign", name="Spring")
    assert plan_data(plan) != before and not services.find(plan, K.QUESTION)


def test_lessons_written_as_one_string_of_tags_read_too() -> None:
    data = json.loads(resource("templates", "campaign.json").read_text(encoding="utf-8"))
    data["lessons"] = [{"title": "Book the venue early", "tags": "events, budget", "outcome": "worked"}]
    [lesson] = read_template("user:x", data).lessons
    assert (lesson.tags, lesson.outcome, lesson.learned_by) == (
        ("events", "budget"),
        LessonOutcome.WORKED,
        "",
    )
