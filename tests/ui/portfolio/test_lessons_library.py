"""The portfolio's Lessons page: every lesson searched and filtered, read whole, its task force opened."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import LessonOutcome, TaskForceKind
from smarket_planner.ui.app.portfolio_view import PortfolioView
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.portfolio import lessons_library
from smarket_planner.ui.portfolio.lessons_library import NO_LESSONS, LessonsLibrary
from smarket_planner.ui.portfolio.lessons_model import (
    COLUMN_DATE,
    COLUMN_OUTCOME,
    COLUMN_TASK_FORCE,
    COLUMN_TITLE,
    LessonFilter,
    tag_key,
)
from tests.ui.conftest import DEMO_TODAY

K = EntityKind
WORKED, HURT, MIXED = LessonOutcome.WORKED, LessonOutcome.HURT, LessonOutcome.MIXED

# The lessons made below, the newest first: (title, team, outcome, functions, tags, written on).
LESSONS = [
    (
        "Security review answered late",
        "Halvorsen Pursuit",
        HURT,
        ("Product",),
        "security",
        date(2026, 11, 20),
    ),
    (
        "Analyst preview cost a week",
        "Pulse Launch",
        MIXED,
        ("PR", "Product"),
        "analysts, Press",
        date(2026, 11, 18),
    ),
    (
        "Support heard of the beta from customers",
        "Pulse Launch",
        HURT,
        ("Service",),
        "launch timing",
        date(2026, 11, 9),
    ),
    (
        "Pricing huddle ended the discount drift",
        "Pulse Launch",
        WORKED,
        ("Sales",),
        "Pricing",
        date(2026, 10, 14),
    ),
    (
        "City pages doubled sign-ups",
        "Spring Campaign",
        WORKED,
        ("Marketing",),
        "events, pricing",
        date(2026, 6, 3),
    ),
    ("Dropping the podcast paid for Zürich", "Spring Campaign", MIXED, ("Marketing", "PR"), "budget", None),
]
TEAMS = {
    "Halvorsen Pursuit": TaskForceKind.ACCOUNT_PURSUIT,
    "Pulse Launch": TaskForceKind.PRODUCT_LAUNCH,
    "Spring Campaign": TaskForceKind.CAMPAIGN,
}
FUNCTIONS = {
    "Sales": "#2f7ed8",
    "Marketing": "#cf6a1f",
    "Product": "#8b5fd6",
    "PR": "#d64c8f",
    "Service": "#1f9471",
}


def _id(outcome: Any) -> int:
    return int(outcome.value.id)


def _names(session: PlanSession, kind: EntityKind) -> dict[str, int]:
    return {record.name: record.id for record in services.find(session.plan, kind)}  # type: ignore[attr-defined]


def learn(session: PlanSession, title: str, team: str, outcome: LessonOutcome, **more: Any) -> int:
    """Write down a lesson of a team, as its review does."""
    values: dict[str, Any] = {
        "what_happened": f"What happened: {title}.",
        "why": f"Why: {title}.",
        "evidence": f"The data: {title}.",
        "next_time": f"Next time: {title}.",
    }
    values.update(more)
    task_force = _names(session, K.TASK_FORCE)[team]
    return _id(
        services.create(
            session.plan, K.LESSON, task_force_id=task_force, title=title, outcome=outcome, **values
        )
    )


@pytest.fixture
def plan_with_lessons(session: PlanSession) -> PlanSession:
    """Three task forces of three kinds, five functions, and the six lessons above."""
    for name, colour in FUNCTIONS.items():
        services.create(session.plan, K.FUNCTION, name=name, colour=colour)
    for name, kind in TEAMS.items():
        services.create(session.plan, K.TASK_FORCE, name=name, kind=kind, status="active")
    functions = _names(session, K.FUNCTION)
    for title, team, outcome, concerns, tags, day in reversed(LESSONS):
        learn(
            session,
            title,
            team,
            outcome,
            function_ids=[functions[name] for name in concerns],
            tags=tags,
            recorded_on=day,
        )
    return session


@pytest.fixture
def library(plan_with_lessons: PlanSession, qtbot: Any) -> Iterator[LessonsLibrary]:
    """The library on its own, shown at a realistic size."""
    shown = LessonsLibrary(plan_with_lessons)
    qtbot.addWidget(shown)
    shown.resize(1000, 650)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown


def titles(library: LessonsLibrary) -> list[str]:
    return [lesson.record.title for lesson in library.shown_lessons()]


def choose(box: QComboBox, text: str) -> None:
    index = box.findText(text)
    assert index >= 0, f"{text!r} is not offered: {[box.itemText(i) for i in range(box.count())]}"
    box.setCurrentIndex(index)


def cell(library: LessonsLibrary, row: int, column: int) -> str:
    return str(library.model.index(row, column).data())


def test_every_lesson_is_listed_the_newest_first_with_its_columns(library: LessonsLibrary) -> None:
    assert titles(library) == [title for title, *_ in LESSONS]
    assert [cell(library, 1, column) for column in range(library.model.columnCount())] == [
        "Analyst preview cost a week",
        "\u00b1 Mixed",
        "Pulse Launch",
        "Product launch",
        "Product, PR",  # as the plan lists its functions
        "analysts, Press",
        cell(library, 1, COLUMN_DATE),
    ]
    assert (
        cell(library, 0, COLUMN_OUTCOME) == "\u2717 Hurt"
        and cell(library, 3, COLUMN_OUTCOME) == "\u2713 Worked"
    )
    assert "2026" in cell(library, 0, COLUMN_DATE) and cell(library, 5, COLUMN_DATE) == ""  # undated: last
    assert library.count.text() == "6 lessons"
    assert not library.clear_button.isEnabled()
    # The first lesson is read at once.
    assert library.detail.lesson is not None and library.detail.lesson.record.title == LESSONS[0][0]


def test_sorting_by_a_column_and_back_to_the_newest_first(library: LessonsLibrary) -> None:
    library.table.sortByColumn(COLUMN_TITLE, Qt.SortOrder.AscendingOrder)
    assert titles(library) == sorted((title for title, *_ in LESSONS), key=str.casefold)
    library.table.sortByColumn(COLUMN_TASK_FORCE, Qt.SortOrder.AscendingOrder)
    # By team, each team's lessons still the newest first.
    assert titles(library)[:4] == [LESSONS[0][0], LESSONS[1][0], LESSONS[2][0], LESSONS[3][0]]
    library.table.sortByColumn(COLUMN_DATE, Qt.SortOrder.DescendingOrder)
    assert titles(library) == [title for title, *_ in LESSONS]
    library.search.setText("pulse")  # a filter keeps the order chosen
    library.table.sortByColumn(COLUMN_DATE, Qt.SortOrder.AscendingOrder)
    assert titles(library) == [LESSONS[3][0], LESSONS[2][0], LESSONS[1][0]]


def test_the_filters_offer_what_the_lessons_have(library: LessonsLibrary) -> None:
    offered = {
        name: [box.itemText(i) for i in range(box.count())]
        for name, box in (
            ("kind", library.kind_box),
            ("function", library.function_box),
            ("tag", library.tag_box),
        )
    }
    assert offered["kind"] == ["All kinds", "Product launch", "Account pursuit", "Campaign"]
    assert offered["function"] == ["All functions", "Marketing", "PR", "Product", "Sales", "Service"]
    # "Pricing" and "pricing" are one tag, spelt as first written (the oldest lesson's way).
    assert offered["tag"] == [
        "All tags",
        "analysts",
        "budget",
        "events",
        "launch timing",
        "Press",
        "pricing",
        "security",
    ]
    assert not library.function_box.itemIcon(1).isNull()  # the function's chip


def test_each_filter_narrows_the_list(library: LessonsLibrary) -> None:
    choose(library.kind_box, "Product launch")
    assert titles(library) == [LESSONS[1][0], LESSONS[2][0], LESSONS[3][0]]
    assert library.count.text() == "3 of 6 lessons" and library.clear_button.isEnabled()
    choose(library.kind_box, "All kinds")
    choose(library.function_box, "PR")
    assert titles(library) == [LESSONS[1][0], LESSONS[5][0]]
    choose(library.function_box, "All functions")
    choose(library.tag_box, "pricing")  # whatever the case it was written in
    assert titles(library) == [LESSONS[3][0], LESSONS[4][0]]
    choose(library.tag_box, "All tags")
    library.outcome_buttons[WORKED].click()
    assert titles(library) == [LESSONS[3][0], LESSONS[4][0]]
    library.outcome_buttons[HURT].click()  # one outcome at a time
    assert not library.outcome_buttons[WORKED].isChecked()
    assert titles(library) == [LESSONS[0][0], LESSONS[2][0]]
    library.outcome_buttons[HURT].click()  # clicked again: every outcome
    assert len(titles(library)) == 6


def test_the_search_reads_every_text_in_any_case_and_without_accents(library: LessonsLibrary) -> None:
    library.search.setText("ZURICH")
    assert titles(library) == [LESSONS[5][0]]
    library.search.setText("next time: city")  # the words anywhere in the lesson
    assert titles(library) == [LESSONS[4][0]]
    library.search.setText("halvorsen")  # its task force's name
    assert titles(library) == [LESSONS[0][0]]
    library.search.setText("launch timing")  # a tag
    assert titles(library) == [LESSONS[2][0]]
    library.search.setText("service beta")  # a function's name and a word of the title
    assert titles(library) == [LESSONS[2][0]]


def test_filters_and_search_combine_and_the_outcome_counts_follow_the_others(library: LessonsLibrary) -> None:
    counts = {outcome: button.text() for outcome, button in library.outcome_buttons.items()}
    assert counts == {WORKED: "Worked (2)", HURT: "Hurt (2)", MIXED: "Mixed (2)"}
    choose(library.kind_box, "Product launch")
    assert [button.text() for button in library.outcome_buttons.values()] == [
        "Worked (1)",
        "Hurt (1)",
        "Mixed (1)",
    ]
    choose(library.function_box, "Product")
    library.outcome_buttons[MIXED].click()
    assert titles(library) == [LESSONS[1][0]]
    library.search.setText("support")
    assert titles(library) == []
    library.search.setText("analyst")
    assert titles(library) == [LESSONS[1][0]]
    assert library.model.filter == LessonFilter(
        search="analyst",
        kind=TaskForceKind.PRODUCT_LAUNCH,
        function_id=library.function_box.currentData(),
        outcome=MIXED,
    )


def test_clear_filters_shows_every_lesson_again(library: LessonsLibrary) -> None:
    library.search.setText("pricing")
    choose(library.kind_box, "Campaign")
    choose(library.tag_box, "events")
    library.outcome_buttons[WORKED].click()
    assert titles(library) == [LESSONS[4][0]]
    library.clear_button.click()
    assert len(titles(library)) == 6 and library.search.text() == ""
    assert [box.currentIndex() for box in (library.kind_box, library.function_box, library.tag_box)] == [
        0,
        0,
        0,
    ]
    assert not any(button.isChecked() for button in library.outcome_buttons.values())
    assert not library.clear_button.isEnabled() and library.count.text() == "6 lessons"


def test_filters_matching_nothing_say_so_with_a_link_that_clears_them(library: LessonsLibrary) -> None:
    library.search.setText("no such words anywhere")
    assert library.stack.currentWidget() is library.hint
    assert (
        "No lesson matches these filters." in library.hint.text() and "Clear filters" in library.hint.text()
    )
    assert library.bar.isVisible()  # the filters stay, to loosen them
    assert library.detail.lesson is None
    library.hint.linkActivated.emit("clear")
    assert library.stack.currentWidget() is library.splitter and len(titles(library)) == 6


def test_a_plan_without_lessons_says_where_they_come_from(session: PlanSession, qtbot: Any) -> None:
    empty = LessonsLibrary(session)
    qtbot.addWidget(empty)
    empty.show()
    assert empty.stack.currentWidget() is empty.hint
    assert NO_LESSONS in empty.hint.text() and "review" in NO_LESSONS and "dispersed" in NO_LESSONS
    assert "Clear filters" not in empty.hint.text()
    assert not empty.bar.isVisible()  # nothing to filter yet


def test_the_detail_pane_shows_the_whole_lesson(library: LessonsLibrary) -> None:
    assert library.choose_lesson(library.shown_lessons()[1].id)
    text = library.detail.text.toPlainText()
    for expected in (
        "Analyst preview cost a week",
        "Mixed",
        "Pulse Launch",
        "Product launch",
        "Product, PR",  # as the plan lists its functions
        "analysts, Press",
        "What happened",
        "What happened: Analyst preview cost a week.",
        "Why: Analyst preview cost a week.",
        "The data",
        "The data: Analyst preview cost a week.",
        "Next time: Analyst preview cost a week.",
    ):
        assert expected in text, expected
    assert library.table.currentIndex().row() == 1


def test_a_part_not_written_down_says_so(plan_with_lessons: PlanSession, library: LessonsLibrary) -> None:
    learn(
        plan_with_lessons, "Short lesson", "Pulse Launch", WORKED, evidence="", recorded_on=date(2026, 12, 1)
    )
    assert titles(library)[0] == "Short lesson"
    assert library.choose_lesson(library.shown_lessons()[0].id)
    assert "Not written down." in library.detail.text.toPlainText()


def test_the_arrows_walk_the_list_and_the_pane_follows(library: LessonsLibrary) -> None:
    library.focus_search()
    QTest.keyClick(library.search, Qt.Key.Key_Down)  # from the search into the list
    assert library.table.hasFocus()
    QTest.keyClick(library.table, Qt.Key.Key_Down)
    QTest.keyClick(library.table, Qt.Key.Key_Down)
    assert library.detail.lesson is not None and library.detail.lesson.record.title == LESSONS[2][0]
    library.search.setText("zurich")
    QTest.keyClick(library.search, Qt.Key.Key_Escape)  # Escape clears the search
    assert library.search.text() == "" and len(titles(library)) == 6


def test_the_lesson_read_stays_chosen_while_filtering(library: LessonsLibrary) -> None:
    pricing = library.shown_lessons()[3]
    library.choose_lesson(pricing.id)
    choose(library.kind_box, "Product launch")
    assert library.detail.lesson is not None and library.detail.lesson.id == pricing.id
    assert library.table.currentIndex().row() == titles(library).index(pricing.record.title)


def test_go_to_task_force_emits_its_id(
    plan_with_lessons: PlanSession, library: LessonsLibrary, qtbot: Any
) -> None:
    teams = _names(plan_with_lessons, K.TASK_FORCE)
    library.choose_lesson(library.shown_lessons()[0].id)
    with qtbot.waitSignal(library.task_force_activated) as opened:
        library.detail.go_button.click()
    assert opened.args == [teams["Halvorsen Pursuit"]]
    library.choose_lesson(library.shown_lessons()[4].id)
    library.table.setFocus()
    with qtbot.waitSignal(library.task_force_activated) as opened:
        QTest.keyClick(library.table, Qt.Key.Key_Return)  # Enter in the list
    assert opened.args == [teams["Spring Campaign"]]


def test_lessons_added_changed_and_removed_through_the_services_show(
    plan_with_lessons: PlanSession, library: LessonsLibrary
) -> None:
    new = learn(plan_with_lessons, "Brief Sales before launch", "Spring Campaign", HURT, tags="enablement")
    assert "Brief Sales before launch" in titles(library) and library.count.text() == "7 lessons"
    assert library.tag_box.findText("enablement") >= 0
    services.update(plan_with_lessons.plan, K.LESSON, new, title="Brief Sales a week before launch")
    assert "Brief Sales a week before launch" in titles(library)
    team = _names(plan_with_lessons, K.TASK_FORCE)["Spring Campaign"]
    services.update(plan_with_lessons.plan, K.TASK_FORCE, team, name="Spring Roadshow")
    assert library.shown_lessons()[-1].task_force_name == "Spring Roadshow"
    services.delete(plan_with_lessons.plan, K.LESSON, new)
    assert "Brief Sales a week before launch" not in titles(library) and len(titles(library)) == 6


def test_a_hidden_library_reads_the_lessons_when_it_shows_again(
    plan_with_lessons: PlanSession, library: LessonsLibrary
) -> None:
    library.hide()
    learn(plan_with_lessons, "Learned while hidden", "Pulse Launch", WORKED, recorded_on=date(2026, 12, 5))
    assert "Learned while hidden" not in titles(library)  # not read until it is looked at
    library.show()
    assert titles(library)[0] == "Learned while hidden"


def test_typing_filters_the_lessons_read_once_without_asking_the_plan_again(
    library: LessonsLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(lessons_library, "learned_lessons", lambda plan: asked.append(plan) or [])
    for text in ("p", "pr", "pri", "pric", "pricing"):
        library.search.setText(text)
    choose(library.kind_box, "Campaign")
    assert not asked and titles(library) == [LESSONS[4][0]]


def test_thousands_of_lessons_filter_quickly(library: LessonsLibrary) -> None:
    seed = library.model.lessons
    many = [
        replace(lesson, record=replace(lesson.record, id=number))
        for number in range(1, 3001)
        for lesson in (seed[number % len(seed)],)
    ]
    library.model.load(many)
    started = time.perf_counter()
    for text in ("z", "zu", "zur", "zuri"):
        library.search.setText(text)
    assert time.perf_counter() - started < 1.0  # four keystrokes over 3,000 lessons
    assert library.model.rowCount() == 500


def test_tags_are_compared_folded() -> None:
    assert tag_key("  Launch   Timing ") == tag_key("launch timing") == "launch timing"
    assert tag_key("Zürich") == "zurich"


def test_the_portfolio_has_a_lessons_page_that_opens_task_forces(
    plan_with_lessons: PlanSession, qtbot: Any
) -> None:
    view = PortfolioView(plan_with_lessons, today=DEMO_TODAY)
    qtbot.addWidget(view)
    view.resize(1000, 650)
    with qtbot.waitActive(view):  # the keyboard's focus lives in the active window
        view.show()
        view.activateWindow()
    titles_of_pages = [view.pages.tabText(i) for i in range(view.pages.count())]
    assert titles_of_pages == ["Timeline and Load", "Demand by Function", "Graph", "Lessons"]
    view.pages.setCurrentWidget(view.lessons)
    assert QApplication.focusWidget() is view.lessons.search  # the keyboard starts in the search
    view.lessons.choose_lesson(view.lessons.shown_lessons()[0].id)
    with qtbot.waitSignal(view.task_force_activated) as opened:
        view.lessons.detail.go_button.click()
    assert opened.args == [_names(plan_with_lessons, K.TASK_FORCE)["Halvorsen Pursuit"]]
    assert view.lessons.model.kinds() == [
        TaskForceKind.PRODUCT_LAUNCH,
        TaskForceKind.ACCOUNT_PURSUIT,
        TaskForceKind.CAMPAIGN,
    ]


def test_a_narrow_page_puts_the_outcomes_below_the_other_filters(library: LessonsLibrary) -> None:
    assert library.top_row.indexOf(library.outcomes) >= 0  # 1000 points: one row
    library.resize(560, 650)
    QApplication.processEvents()
    assert library.width() <= 600  # the page is never held wide for its filters
    assert library.second_row.indexOf(library.outcomes) >= 0
    library.resize(1000, 650)
    QApplication.processEvents()
    assert library.top_row.indexOf(library.outcomes) >= 0
