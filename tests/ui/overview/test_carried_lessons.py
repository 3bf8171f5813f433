"""The Overview's lessons from earlier task forces: offered, read, and turned into the team's work."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.domain.records import Goal, Kpi, Risk
from smarket_planner.services.views.lessons_view import carried_lessons
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.goals.goals_tab import GoalsTab
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.logs_tab import LogsTab
from smarket_planner.ui.overview.carried_lessons import SHOWN_ON, CarriedLessons
from smarket_planner.ui.overview.lesson_parts import GoalChooser
from smarket_planner.ui.overview.overview_tab import OverviewTab
from smarket_planner.ui.work.raci_tab import RaciTab

K = EntityKind


def ids(session: PlanSession, kind: EntityKind = K.TASK_FORCE) -> dict[str, int]:
    return {record.name: record.id for record in services.find(session.plan, kind)}  # type: ignore[union-attr]


def learn(
    session: PlanSession, team: str, title: str, outcome: str = "hurt", functions: tuple[str, ...] = ()
) -> int:
    """A lesson the team learned, about some functions."""
    function_ids = [ids(session, K.FUNCTION)[name] for name in functions]
    return int(
        services.create(
            session.plan,
            K.LESSON,
            task_force_id=ids(session)[team],
            title=title,
            outcome=outcome,
            what_happened="Marketing passed 412 leads; Sales called 96.",
            why="Two definitions of a qualified lead.",
            next_time="Agree one lead definition in the first week.",
            function_ids=function_ids,
        ).value.id
    )


def forget_lessons(session: PlanSession) -> None:
    """Start from no lessons, whatever the demo's own review holds."""
    for lesson in services.find(session.plan, K.LESSON):
        services.delete(session.plan, K.LESSON, lesson.id)


@pytest.fixture
def lessons(demo_session: PlanSession) -> list[int]:
    """Three lessons of the dispersed campaign (Marketing, Sales) and one of the launch (no function)."""
    forget_lessons(demo_session)
    made = [
        learn(
            demo_session,
            "Data Days Spring Campaign",
            "Agree the lead definition first",
            "hurt",
            ("Marketing", "Sales"),
        ),
        learn(
            demo_session, "Data Days Spring Campaign", "Review the pipeline together", "worked", ("Sales",)
        ),
        learn(demo_session, "Data Days Spring Campaign", "Book the venue early", "mixed", ("Marketing",)),
    ]
    learn(demo_session, "Pulse 3.0 Launch", "Nobody else needs this")
    return made


def overview_of(session: PlanSession, qtbot: Any, team: str) -> OverviewTab:
    tab = OverviewTab(session)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    tab.show_task_force(ids(session)[team])
    return tab


def test_a_forming_team_is_offered_the_ranked_lessons(
    demo_session: PlanSession, lessons: list[int], qtbot: Any
) -> None:
    tab = overview_of(demo_session, qtbot, "DACH Market Entry")
    panel = tab.lessons
    ranked = carried_lessons(demo_session.plan, ids(demo_session)["DACH Market Entry"])
    assert [row.lesson_id for row in panel.rows] == [offer.lesson.id for offer in ranked]
    assert set(lessons) == {row.lesson_id for row in panel.rows}  # the launch's lesson is not offered
    assert panel.isVisible() and panel.title() == "Lessons from earlier task forces (3)"
    first = next(row for row in panel.rows if row.lesson_id == lessons[0])
    assert first.title.text() == "Agree the lead definition first"
    assert (
        "\u2717\u00a0Hurt" in first.meta.text()
        and "Learned by Data Days Spring Campaign" in first.meta.text()
    )
    assert "Marketing" in first.meta.text() and "Sales" in first.meta.text()
    assert not first.details.isVisible()
    panel.expand(first.lesson_id)
    assert first.details.isVisible() and first.opened
    for words in ("What happened:", "412 leads", "Why:", "Next time:", "first week"):
        assert words in first.details.text()
    first.toggle()
    assert not first.details.isVisible()


def test_more_than_three_lessons_show_three_and_the_rest_on_asking(
    demo_session: PlanSession, lessons: list[int], qtbot: Any
) -> None:
    learn(demo_session, "Data Days Spring Campaign", "A fourth lesson", "worked", ("Sales",))
    panel = overview_of(demo_session, qtbot, "DACH Market Entry").lessons
    assert [row.isVisible() for row in panel.rows] == [True, True, True, False]
    assert panel.more.isVisible() and panel.more.text() == "Show 1 more"
    panel.more.click()
    assert all(row.isVisible() for row in panel.rows) and panel.more.text() == "Show fewer"


def test_a_team_with_no_lessons_to_read_shows_no_panel(
    demo_session: PlanSession, lessons: list[int], qtbot: Any
) -> None:
    services.create(
        demo_session.plan,
        K.TASK_FORCE,
        name="Keep Halvorsen",
        kind=TaskForceKind.RETENTION,
        status=LifecycleStatus.PROPOSED,
    )
    tab = overview_of(demo_session, qtbot, "Keep Halvorsen")  # another kind of work, nobody on it yet
    assert tab.lessons.isHidden() and not tab.lessons.rows
    learn(demo_session, "Pulse 3.0 Launch", "Hand over to customer success", functions=("Customer Service",))
    assert tab.lessons.isHidden()  # nobody on the team is in Customer Service
    tab.show_task_force(ids(demo_session)["Data Days Spring Campaign"])  # dispersed: its review holds lessons
    assert tab.lessons.isHidden()
    tab.show_task_force(ids(demo_session)["DACH Market Entry"])
    assert not tab.lessons.isHidden()
    tab.show_task_force(None)
    assert tab.lessons.isHidden()


def test_a_lesson_turned_into_a_risk_is_one_undo_step(
    demo_session: PlanSession, lessons: list[int], qtbot: Any
) -> None:
    tab = overview_of(demo_session, qtbot, "DACH Market Entry")
    team = ids(demo_session)["DACH Market Entry"]
    before = len(services.find(demo_session.plan, K.RISK, task_force_id=team))
    steps = demo_session.undo_stack.count()
    row = next(row for row in tab.lessons.rows if row.lesson_id == lessons[0])
    with qtbot.waitSignal(tab.status_message) as said:
        row.actions_by_kind[K.RISK].trigger()
    risks = services.find(demo_session.plan, K.RISK, task_force_id=team)
    assert len(risks) == before + 1 and demo_session.undo_stack.count() == steps + 1
    risk = next(risk for risk in risks if risk.title == "Agree the lead definition first")  # type: ignore[union-attr]
    assert isinstance(risk, Risk) and risk.mitigation == "Agree one lead definition in the first week."
    assert said.args == [
        "Added the risk \u201cAgree the lead definition first\u201d to the Risks & Decisions tab."
    ]
    demo_session.undo_stack.undo()
    assert len(services.find(demo_session.plan, K.RISK, task_force_id=team)) == before
    demo_session.undo_stack.redo()
    assert len(services.find(demo_session.plan, K.RISK, task_force_id=team)) == before + 1


def test_an_activity_and_a_question_are_added_at_once(
    demo_session: PlanSession, lessons: list[int], qtbot: Any
) -> None:
    panel = overview_of(demo_session, qtbot, "DACH Market Entry").lessons
    team = ids(demo_session)["DACH Market Entry"]
    with qtbot.waitSignal(panel.said) as said:
        activity = panel.carry(lessons[1], K.ACTIVITY)
    assert activity is not None and activity.task_force_id == team  # type: ignore[union-attr]
    assert said.args[0].endswith("to the Responsibilities tab.") and panel.note.isHidden()
    question = panel.carry(lessons[1], K.QUESTION)
    assert question is not None and question.question.startswith("Learned by Data Days")  # type: ignore[union-attr]
    assert demo_session.undo_stack.count() == 2


def test_a_kpi_asks_which_goal_when_the_team_has_several(
    demo_session: PlanSession, lessons: list[int], qtbot: Any
) -> None:
    panel = overview_of(demo_session, qtbot, "DACH Market Entry").lessons
    found = services.find(demo_session.plan, K.GOAL, task_force_id=ids(demo_session)["DACH Market Entry"])
    goals = [goal for goal in found if isinstance(goal, Goal)]
    assert len(goals) > 1
    panel.rows[0].menu.aboutToShow.emit()
    assert panel.rows[0].actions_by_kind[K.KPI].text() == "&KPI to measure\u2026"
    asked: list[str] = []

    def choose(index: int | None) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, GoalChooser)
        asked.append(dialog.windowTitle())
        if index is None:
            dialog.reject()
        else:
            dialog.goals.setCurrentIndex(index)
            dialog.accept()

    steps = demo_session.undo_stack.count()
    QTimer.singleShot(0, lambda: choose(None))
    assert panel.carry(lessons[0], K.KPI) is None and demo_session.undo_stack.count() == steps
    QTimer.singleShot(0, lambda: choose(1))
    with qtbot.waitSignal(panel.said) as said:
        kpi = panel.carry(lessons[0], K.KPI)
    assert asked == ["Turn the Lesson into a KPI"] * 2
    assert (
        isinstance(kpi, Kpi) and kpi.goal_id == goals[1].id and kpi.title == "Agree the lead definition first"
    )
    assert f"under the goal \u201c{goals[1].title}\u201d on the Goals & KPIs tab" in said.args[0]
    demo_session.undo_stack.undo()
    assert not services.find(demo_session.plan, K.KPI, goal_id=goals[1].id, title=kpi.title)


def test_a_kpi_for_a_team_without_goals_says_to_add_a_goal_first(
    demo_session: PlanSession, lessons: list[int], qtbot: Any
) -> None:
    services.create(
        demo_session.plan,
        K.TASK_FORCE,
        name="Autumn Campaign",
        kind=TaskForceKind.CAMPAIGN,
        status=LifecycleStatus.FORMING,
    )
    tab = overview_of(demo_session, qtbot, "Autumn Campaign")
    panel = tab.lessons
    assert len(panel.rows) == 3  # a campaign too
    panel.rows[0].menu.aboutToShow.emit()
    assert panel.rows[0].actions_by_kind[K.KPI].text() == "&KPI to measure"  # nothing to ask
    steps = demo_session.undo_stack.count()
    with qtbot.waitSignal(tab.status_message) as said:
        assert panel.carry(lessons[0], K.KPI) is None
    assert said.args == [
        "Add a goal to Autumn Campaign first, on the Goals & KPIs tab: a KPI measures a goal."
    ]
    assert panel.note.isVisible() and panel.note.text() == said.args[0]
    assert demo_session.undo_stack.count() == steps


def test_the_panel_follows_lessons_added_and_changed_elsewhere(
    demo_session: PlanSession, lessons: list[int], qtbot: Any
) -> None:
    panel: CarriedLessons = overview_of(demo_session, qtbot, "DACH Market Entry").lessons
    panel.expand(lessons[0])
    new = learn(
        demo_session,
        "Data Days Spring Campaign",
        "Brief Sales before launch",
        "worked",
        ("Sales", "Marketing"),
    )
    assert new in [row.lesson_id for row in panel.rows] and len(panel.rows) == 4
    assert next(row for row in panel.rows if row.lesson_id == lessons[0]).opened  # still open
    services.update(demo_session.plan, K.LESSON, new, title="Brief Sales a week before launch")
    assert any(row.title.text() == "Brief Sales a week before launch" for row in panel.rows)
    services.delete(demo_session.plan, K.LESSON, new)
    assert len(panel.rows) == 3


def test_the_status_bar_names_the_tabs_as_the_workspace_does() -> None:
    workspace = {
        K.RISK: LogsTab.title,
        K.QUESTION: LogsTab.title,
        K.ACTIVITY: RaciTab.title,
        K.KPI: GoalsTab.title,
    }
    assert workspace == SHOWN_ON


def test_in_the_window_the_status_bar_says_where_and_ctrl_z_takes_it_back(
    demo_master: Path, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "demo.smplan"
    shutil.copyfile(demo_master, plan)
    window = MainWindow(AppSettings(tmp_path / "config"))
    monkeypatch.setattr(window, "complain", lambda title, message: pytest.fail(f"{title}: {message}"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_plan(str(plan)) and window.session is not None and window.workspace is not None
    session = window.session
    forget_lessons(session)
    lesson = learn(
        session, "Data Days Spring Campaign", "Agree the lead definition first", "hurt", ("Sales",)
    )
    window.workspace.select_task_force(ids(session)["DACH Market Entry"])
    panel = window.workspace.overview.lessons
    assert panel.isVisible() and [row.lesson_id for row in panel.rows] == [lesson]
    panel.rows[0].actions_by_kind[K.RISK].trigger()
    assert window.statusBar().currentMessage() == (
        "Added the risk \u201cAgree the lead definition first\u201d to the Risks & Decisions tab."
    )
    assert services.find(session.plan, K.RISK, title="Agree the lead definition first")
    assert window.commands.undo is not None and window.commands.undo.shortcut().matches(
        QKeySequence.StandardKey.Undo
    )
    window.commands.undo.trigger()
    assert not services.find(session.plan, K.RISK, title="Agree the lead definition first")
    window.close_plan()  # waits for an analysis the edit started
