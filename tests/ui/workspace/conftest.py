"""The navigator on a private copy of the demo plan, shown at the width it has in the window."""

from __future__ import annotations

from typing import Any

import pytest

from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.workspace.navigator import TaskForceNavigator


@pytest.fixture
def navigator(demo_session: PlanSession, qtbot: Any) -> TaskForceNavigator:
    widget = TaskForceNavigator(demo_session)
    qtbot.addWidget(widget)
    widget.resize(400, 600)
    widget.show()
    return widget
