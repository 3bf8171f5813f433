"""Runs the alignment analysis off the GUI thread, shortly after edits settle, on what they touched."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal

from smarket_planner.services.actions.notices import ChangeNotice
from smarket_planner.services.reports import analysis
from smarket_planner.services.reports.plan_findings import PlanFindings
from smarket_planner.services.reports.touched import task_forces_touched
from smarket_planner.ui.kit.background import BackgroundRunner, Cancelled, Progress
from smarket_planner.ui.kit.session import PlanSession

SETTLE_MS = 700  # wait this long after the last edit before analysing again


class AnalysisRunner(BackgroundRunner):
    """Analyses the plan when it opens, then after each burst of edits only the task forces they touched.

    ``finished`` carries the findings to show (``PlanFindings``), the whole plan's each time.
    """

    analysing = Signal(bool)  # True from an edit until the analysis of it is in: what is shown is stale

    def __init__(self, session: PlanSession, *, synchronous: bool = False) -> None:
        super().__init__(session, synchronous=synchronous)
        self.session = session
        self.findings: PlanFindings | None = None  # the latest shown
        # The edits since the findings shown, oldest first: a run superseded by a newer one
        # leaves its edits here, so the newer run analyses them too.
        self._unheard: list[tuple[ChangeNotice, ...]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.run_update)
        session.changed.connect(self._edited)
        for done in (self.finished, self.failed, self.cancelled):
            done.connect(self._done)

    def _edited(self, notices: tuple[ChangeNotice, ...]) -> None:
        self._unheard.append(notices)
        self.analysing.emit(True)
        self._timer.start()

    def _done(self, *_result: object) -> None:
        if not self._timer.isActive():  # a newer edit waits to be analysed: still stale
            self.analysing.emit(False)

    def run_now(self) -> None:
        """Analyse the whole plan as it is now; an older run still going is ignored when it ends."""
        self._run(whole=True)

    def run_update(self) -> None:
        """Analyse again what the edits since the findings shown touched (the whole plan if need be)."""
        self._run(whole=False)

    def _run(self, *, whole: bool) -> None:
        plan, base = self.session.plan, self.findings
        heard = len(self._unheard)
        notices = [notice for batch in self._unheard[:heard] for notice in batch]

        def work(_progress: Progress, _cancelled: Cancelled) -> tuple[int, PlanFindings]:
            scope = None if whole or base is None else task_forces_touched(plan, notices, base)
            if base is None or scope is None:
                return heard, PlanFindings.of(analysis.analyse(plan))
            if not scope:
                return heard, replace(base, scope=())
            return heard, analysis.analyse_again(plan, base, scope)

        self.analysing.emit(True)
        self.start(work)

    def _finished(self, generation: int, result: object) -> None:
        """Keep the newest findings, and the edits that came in while they were worked out."""
        if self._heard(generation):
            assert isinstance(result, tuple)
            heard: int = result[0]
            findings: PlanFindings = result[1]
            del self._unheard[:heard]
            self.findings = result = findings
        super()._finished(generation, result)
