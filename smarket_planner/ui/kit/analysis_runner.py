"""Runs the alignment analysis off the GUI thread, shortly after edits settle."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal

from smarket_planner.services.reports import analysis
from smarket_planner.ui.kit.background import BackgroundRunner
from smarket_planner.ui.kit.session import PlanSession

SETTLE_MS = 700  # wait this long after the last edit before analysing again


class AnalysisRunner(BackgroundRunner):
    """Analyses the plan when it opens and after each burst of edits; reports the latest result."""

    analysing = Signal(bool)  # True from an edit until the analysis of it is in: what is shown is stale

    def __init__(self, session: PlanSession, *, synchronous: bool = False) -> None:
        super().__init__(session, synchronous=synchronous)
        self.session = session
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.run_now)
        session.changed.connect(self._edited)
        for done in (self.finished, self.failed, self.cancelled):
            done.connect(self._done)

    def _edited(self, _notices: object) -> None:
        self.analysing.emit(True)
        self._timer.start()

    def _done(self, *_result: object) -> None:
        if not self._timer.isActive():  # a newer edit waits to be analysed: still stale
            self.analysing.emit(False)

    def run_now(self) -> None:
        """Analyse the plan as it is now; an older run still going is ignored when it ends."""
        plan = self.session.plan
        self.analysing.emit(True)
        self.start(lambda _progress, _cancelled: analysis.analyse(plan))
