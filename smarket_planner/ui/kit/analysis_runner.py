"""Runs the alignment analysis off the GUI thread, shortly after edits settle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from smarket_planner.domain.errors import DomainError
from smarket_planner.services.reports import analysis
from smarket_planner.ui.kit.session import PlanSession

SETTLE_MS = 700  # wait this long after the last edit before analysing again


class _Relay(QObject):
    """Carries a result from the worker thread back to the GUI thread."""

    done = Signal(int, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, session: PlanSession, generation: int, relay: _Relay) -> None:
        super().__init__()
        self.plan = session.plan
        self.generation = generation
        self.relay = relay

    def run(self) -> None:
        try:
            report = analysis.analyse(self.plan)
        except DomainError as error:
            self.relay.failed.emit(self.generation, str(error))
        else:
            self.relay.done.emit(self.generation, report)


class AnalysisRunner(QObject):
    """Analyses the plan when it opens and after each burst of edits; reports the latest result."""

    finished = Signal(object)  # the analysis Report
    failed = Signal(str)

    def __init__(self, session: PlanSession, *, synchronous: bool = False) -> None:
        super().__init__(session)
        self.session = session
        self.synchronous = synchronous  # tests run the analysis in place, not on a thread
        self._generation = 0
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.run_now)
        session.changed.connect(lambda _notices: self._timer.start())

    def run_now(self) -> None:
        """Analyse the plan as it is now; an older run still going is ignored when it ends."""
        self._generation += 1
        job = _Job(self.session, self._generation, self._relay)
        if self.synchronous:
            job.run()
        else:
            QThreadPool.globalInstance().start(job)

    def _done(self, generation: int, report: Any) -> None:
        if generation == self._generation:
            self.finished.emit(report)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.failed.emit(message)
