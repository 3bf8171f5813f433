"""The New Task Force and Re-form dialogs: the user's own templates, and the lessons of earlier teams."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.records import Question, TaskForce
from smarket_planner.services.actions.templates import save_as_template
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.overview.task_force_dialog import NewTaskForceDialog, ReformDialog
from tests.services.helpers import plan_data

K = EntityKind


def ids(session: PlanSession) -> dict[str, int]:
    return {tf.name: tf.id for tf in services.find(session.plan, K.TASK_FORCE)}


def functions(session: PlanSession) -> dict[str, int]:
    return {f.name: f.id for f in services.find(session.plan, K.FUNCTION)}


@pytest.fixture(autouse=True)
def no_demo_lessons(request: pytest.FixtureRequest) -> None:
    """The demo campaign's own lessons taken out: these tests bring the lessons they count on."""
    if "demo_session" not in request.fixturenames:
        return
    plan = request.getfixturevalue("demo_session").plan
    for lesson in services.find(plan, K.LESSON):
        services.delete(plan, K.LESSON, lesson.id)


@pytest.fixture
def lessons(demo_session: PlanSession) -> dict[str, int]:
    """Two lessons of the dispersed spring campaign and one of the product launch, by title."""
    plan, team, fn = demo_session.plan, ids(demo_session), functions(demo_session)
    made = {}
    for title, outcome, learned_by, about, day in (
        ("Agree one lead definition first", "hurt", "Data Days Spring Campaign", ["Sales", "Marketing"], 6),
        ("A weekly joint pipeline review", "worked", "Data Days Spring Campaign", ["Sales"], 5),
        ("Brief PR two weeks before launch", "mixed", "Pulse 3.0 Launch", ["PR"], 9),
    ):
        made[title] = services.create(
            plan,
            K.LESSON,
            task_force_id=team[learned_by],
            title=title,
            outcome=outcome,
            function_ids=[fn[name] for name in about],
            recorded_on=date(2026, day, 30),
        ).value.id
    return made


def choose(dialog: NewTaskForceDialog, text: str) -> None:
    row = next(r for r in range(dialog.templates.count()) if dialog.templates.item(r).text() == text)
    dialog.templates.setCurrentRow(row)


def offered(dialog: NewTaskForceDialog | ReformDialog) -> list[str]:
    return [offer.lesson.record.title for offer in dialog.lessons.offers]


def test_the_users_templates_follow_the_shipped_ones_under_a_heading_of_their_own(
    demo_session: PlanSession, qtbot: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    save_as_template(demo_session.plan, ids(demo_session)["Pulse 3.0 Launch"], folder, name="Our launch")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    dialog = NewTaskForceDialog(demo_session, None, folder)
    qtbot.addWidget(dialog)
    texts = [dialog.templates.item(row).text() for row in range(dialog.templates.count())]
    assert texts == [
        "Blank", "Product launch", "Account pursuit", "Market entry", "Campaign", "Lead qualification",
        "Retention", "Your templates", "Our launch", "broken (cannot be used)",
    ]  # fmt: skip
    heading = dialog.templates.item(texts.index("Your templates"))
    assert heading.flags() == Qt.ItemFlag.NoItemFlags  # a heading, never chosen
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.name.setText("Pulse 4.0 Launch")
    choose(dialog, "broken (cannot be used)")
    assert "broken.json cannot be read: it is not valid JSON" in dialog.about.text()
    assert not ok.isEnabled()
    choose(dialog, "Our launch")
    assert dialog.template_key() == "user:our-launch" and ok.isEnabled()
    assert dialog.about.text().startswith("<i>Your template.</i>")
    assert "Creates 4 goals with 7 KPIs" in dialog.about.text()
    before = plan_data(demo_session.plan)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.created_id is not None
    goals = services.find(demo_session.plan, K.GOAL, task_force_id=dialog.created_id)
    assert len(goals) == len(
        services.find(demo_session.plan, K.GOAL, task_force_id=ids(demo_session)["Pulse 3.0 Launch"])
    )
    assert demo_session.undo_stack.count() == 1
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before


def test_without_a_folder_of_templates_only_the_shipped_ones_show(session: PlanSession, qtbot: Any) -> None:
    dialog = NewTaskForceDialog(session, None, None)
    qtbot.addWidget(dialog)
    assert dialog.templates.count() == 7
    empty = NewTaskForceDialog(session, None, Path("/nonexistent/templates"))
    qtbot.addWidget(empty)
    assert empty.templates.count() == 7


def test_the_lessons_follow_the_template_chosen(
    demo_session: PlanSession, lessons: dict[str, int], qtbot: Any
) -> None:
    dialog = NewTaskForceDialog(demo_session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.lessons.isVisibleTo(dialog) and not dialog.no_lessons.isVisibleTo(dialog)
    choose(dialog, "Campaign")  # the campaign's lessons first: same kind, and about its functions
    assert offered(dialog) == [
        "Agree one lead definition first",
        "A weekly joint pipeline review",
        "Brief PR two weeks before launch",
    ]
    reason = dialog.lessons.offers[0].reason
    assert reason.startswith("Learned by Data Days Spring Campaign, also a campaign")
    shown = dialog.lessons.toPlainText()
    assert (
        "Agree one lead definition first" in shown
        and "Hurt" in shown
        and "Data Days Spring Campaign" in shown
    )
    choose(dialog, "Product launch")
    assert offered(dialog)[0] == "Brief PR two weeks before launch"  # its own kind comes first
    dialog.templates.setCurrentRow(0)  # blank: kind Other, no functions
    assert offered(dialog) == []
    assert "No lessons yet from earlier task forces of kind Other." in dialog.lessons.toPlainText()


def test_a_plan_without_lessons_says_so_quietly(session: PlanSession, qtbot: Any) -> None:
    dialog = NewTaskForceDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.lessons.isVisibleTo(dialog) and dialog.no_lessons.isVisibleTo(dialog)
    assert "No task force in this plan has written down a lesson yet" in dialog.no_lessons.text()


def test_forming_from_a_template_with_lessons_asks_them_as_questions(
    demo_session: PlanSession, lessons: dict[str, int], qtbot: Any, tmp_path: Path
) -> None:
    spring = ids(demo_session)["Data Days Spring Campaign"]
    save_as_template(demo_session.plan, spring, tmp_path, name="Spring campaign")
    dialog = NewTaskForceDialog(demo_session, None, tmp_path)
    qtbot.addWidget(dialog)
    dialog.name.setText("Data Days Autumn")
    choose(dialog, "Spring campaign")
    assert "and 2 lessons as open questions" in dialog.about.text()
    dialog.accept()
    assert dialog.created_id is not None
    asked = services.find(demo_session.plan, K.QUESTION, task_force_id=dialog.created_id)
    assert sorted(q.question for q in asked if isinstance(q, Question)) == [
        "Learned by Data Days Spring Campaign: A weekly joint pipeline review. What will we do differently?",
        "Learned by Data Days Spring Campaign: Agree one lead definition first. What will we do differently?",
    ]


def test_re_forming_shows_the_lessons_of_the_team_it_re_forms_first(
    demo_session: PlanSession, lessons: dict[str, int], qtbot: Any
) -> None:
    spring = services.get(demo_session.plan, K.TASK_FORCE, ids(demo_session)["Data Days Spring Campaign"])
    assert isinstance(spring, TaskForce)
    dialog = ReformDialog(demo_session, spring.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert offered(dialog)[:2] == ["Agree one lead definition first", "A weekly joint pipeline review"]
    assert "which this team re-forms" in dialog.lessons.offers[0].reason
    assert dialog.lessons.isVisibleTo(dialog) and not dialog.no_lessons.isVisibleTo(dialog)


def test_re_forming_without_lessons_says_so_quietly(demo_session: PlanSession, qtbot: Any) -> None:
    dialog = ReformDialog(demo_session, ids(demo_session)["Data Days Spring Campaign"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.lessons.isVisibleTo(dialog) and dialog.no_lessons.isVisibleTo(dialog)
    assert dialog.no_lessons.text().startswith("No lessons yet from Data Days Spring Campaign")


def test_a_saved_templates_words_are_shown_as_written(
    demo_session: PlanSession, qtbot: Any, tmp_path: Path
) -> None:
    plan = demo_session.plan
    save_as_template(
        plan, ids(demo_session)["Pulse 3.0 Launch"], tmp_path, name="<b>Bold</b>", description="<img src=x>"
    )
    dialog = NewTaskForceDialog(demo_session, None, tmp_path)
    qtbot.addWidget(dialog)
    choose(dialog, "<b>Bold</b>")
    assert "&lt;img src=x&gt;" in dialog.about.text() and "<img" not in dialog.about.text()
    assert dialog.templates.currentItem().toolTip() == "<p>Your template: &lt;img src=x&gt;</p>"
