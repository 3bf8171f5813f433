"""The task-force tab every workspace tab builds on: a sentence until there is a page, edits followed once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTableView

from smarket_planner import services
from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeNotice
from smarket_planner.ui.charter.charter_tab import CharterTab
from smarket_planner.ui.goals.goals_tab import GoalsTab
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab
from smarket_planner.ui.logs.logs_tab import LogsTab
from smarket_planner.ui.overview.overview_tab import OverviewTab
from smarket_planner.ui.team.team_tab import TeamTab
from smarket_planner.ui.work.deliverables_tab import DeliverablesTab
from smarket_planner.ui.work.raci_tab import RaciTab

TABS = (OverviewTab, TeamTab, GoalsTab, RaciTab, DeliverablesTab, LogsTab, CharterTab)


class Minutes(TaskForceTab):
    """A tab that notes every edit it is told about."""

    title = "Minutes"

    def __init__(self, session: PlanSession) -> None:
        super().__init__(session)
        self.heard: list[tuple[ChangeNotice, ...]] = []
        self.table = QTableView()
        self.set_page(self.table)

    def plan_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Note the edit."""
        self.heard.append(notices)


def _add_function(session: PlanSession, name: str) -> None:
    outcome = session.edit(
        lambda: services.create(session.plan, EntityKind.FUNCTION, name=name, colour="#1f77b4")
    )
    assert outcome is not None


@pytest.fixture
def tab(session: PlanSession, qtbot: Any) -> Minutes:
    minutes = Minutes(session)
    qtbot.addWidget(minutes)
    return minutes


def test_the_placeholder_is_a_quiet_centred_sentence_until_the_page_is_shown(tab: Minutes) -> None:
    assert tab.stack.currentWidget() is tab.empty and tab.empty.text() == ""
    assert tab.empty.alignment() == Qt.AlignmentFlag.AlignCenter and tab.empty.wordWrap()
    assert tab.empty.foregroundRole() == QPalette.ColorRole.PlaceholderText
    tab.show_page()
    assert tab.stack.currentWidget() is tab.table
    tab.show_placeholder("Select a task force to take its minutes.")
    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.text() == "Select a task force to take its minutes."


def test_edits_reach_the_tab_once_and_only_while_a_task_force_is_shown(
    tab: Minutes, session: PlanSession
) -> None:
    _add_function(session, "Sales")
    assert tab.heard == []
    tab.task_force_id = 1
    _add_function(session, "Marketing")
    assert len(tab.heard) == 1
    assert [notice.kind for notice in tab.heard[0]] == [EntityKind.FUNCTION]
    tab.task_force_id = None
    session.undo_stack.undo()
    assert len(tab.heard) == 1


@pytest.mark.parametrize("tab_type", TABS, ids=lambda tab_type: tab_type.__name__)
def test_every_workspace_tab_opens_on_a_sentence_asking_for_a_task_force(
    demo_session: PlanSession, qtbot: Any, tab_type: type[TaskForceTab]
) -> None:
    tab = tab_type(demo_session)
    qtbot.addWidget(tab)
    assert tab.task_force_id is None and tab.stack.currentWidget() is tab.empty
    assert tab.empty.text().startswith(("Select a task force", "Choose a task force"))
