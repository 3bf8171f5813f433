"""Long work off the GUI thread: the newest request wins, and its news comes back by signal."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from smarket_planner.domain.errors import DomainError

STEPS_APART = 50  # pass on progress every fiftieth of the way or so: a few dozen signals, not thousands
SWITCH_EVERY = 0.001  # seconds: how often quiet work hands Python over to the window


class Progress(Protocol):
    """Tells how far the work got (steps done, in all, what it is doing) and answers whether to go on."""

    def __call__(self, done: int, total: int, note: str = "", /) -> bool: ...


Cancelled = Callable[[], bool]  # True once the work should stop: cancelled, or a newer request came
Work = Callable[[Progress, Cancelled], object]


class _Quiet:
    """Keeps the window fluid while any quiet work runs: no garbage collection, quick thread switches."""

    # A layout makes objects by the hundred thousand; each full collection they set off scans the
    # whole heap holding the GIL, freezing the window for ~100 ms, so collections wait until the
    # work is done (a second or two of garbage at most). And Python switches threads every
    # SWITCH_EVERY rather than every 5 ms, so the window waits a millisecond, not five, each time
    # it needs Python between two of igraph's rounds (measured with 2,000 people: longest freeze
    # 43 ms, then 26-37 ms).

    lock = threading.Lock()
    running = 0
    collecting = True
    usual_switch = 0.005

    @classmethod
    @contextmanager
    def while_running(cls) -> Iterator[None]:
        """Quiet from the first quiet work's start to the last one's end."""
        with cls.lock:
            if cls.running == 0:
                cls.collecting, cls.usual_switch = gc.isenabled(), sys.getswitchinterval()
                gc.disable()
                sys.setswitchinterval(SWITCH_EVERY)
            cls.running += 1
        try:
            yield
        finally:
            with cls.lock:
                cls.running -= 1
                if cls.running == 0:
                    sys.setswitchinterval(cls.usual_switch)
                    if cls.collecting:
                        gc.enable()


class _Request(QRunnable):
    """One request to the runner, done on a pool thread; it never touches a widget, only emits."""

    def __init__(self, runner: BackgroundRunner, work: Work, generation: int, stop: threading.Event) -> None:
        super().__init__()
        self.runner, self.work, self.generation, self.stop = runner, work, generation, stop
        self._told: tuple[int, int, str] | None = None  # the progress last passed on

    def progress(self, done: int, total: int, note: str = "") -> bool:
        """Pass on how far the work got, unless it moved on only a little since last told; False to stop."""
        told = self._told
        if (
            told is None
            or done >= total
            or (total, note) != told[1:]
            or (done - told[0]) * STEPS_APART >= total
        ):
            self._told = (done, total, note)
            self.runner._progress_of.emit(self.generation, done, total, note)
        return not self.stop.is_set()

    def run(self) -> None:
        """Do the work and report its result, why it could not be done, or that it stopped."""
        runner = self.runner
        with runner.one_at_a_time or nullcontext(), _Quiet.while_running() if runner.quiet else nullcontext():
            if not runner._heard(self.generation):  # a newer request came while it waited its turn
                return
            try:
                result = self.work(self.progress, self.stop.is_set)
            except runner.stopped_by:
                runner._stopped_of.emit(self.generation)
            except (DomainError, OSError) as error:
                runner._failure_of.emit(self.generation, str(error))
            except Exception as error:
                # A bug: say so where the user is waiting, and still let it reach the error log.
                runner._failure_of.emit(self.generation, f"Something went wrong ({error}).")
                raise
            else:
                runner._result_of.emit(self.generation, result)


class BackgroundRunner(QObject):
    """Runs work on the thread pool; a newer request stops the one before, and only the newest reports."""

    progressed = Signal(int, int, str)  # steps done, steps in all, what is being done
    finished = Signal(object)  # what the work returned
    failed = Signal(str)  # why it could not be done, in a sentence for the user
    cancelled = Signal()  # it stopped when asked to

    # What a request on a pool thread emits, tagged with its generation; read on the GUI thread.
    _progress_of = Signal(int, int, int, str)
    _result_of = Signal(int, object)
    _failure_of = Signal(int, str)
    _stopped_of = Signal(int)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        synchronous: bool = False,
        quiet: bool = False,
        one_at_a_time: threading.Lock | None = None,
        stopped_by: tuple[type[Exception], ...] = (),
        every_request: bool = False,
    ) -> None:
        super().__init__(parent)
        self.synchronous = synchronous  # tests run the work in place, not on a thread
        self.quiet = quiet  # the garbage collector waits and threads switch quickly while it runs
        self.one_at_a_time = one_at_a_time  # work sharing this lock waits for each other's turn
        self.stopped_by = stopped_by  # what the work raises when it stops as asked
        self.every_request = every_request  # each request is done and reports, none replaces another
        self.busy = False  # a request that will report has not reported yet
        self._waiting = 0  # requests that will report and have not yet
        self.generation = 0  # counts the requests; the newest one's number
        self._stop = threading.Event()
        self._progress_of.connect(self._progressed)
        self._result_of.connect(self._finished)
        self._failure_of.connect(self._failed)
        self._stopped_of.connect(self._stopped)

    def start(self, work: Work) -> None:
        """Run ``work(progress, cancelled)`` on a pool thread; an older run still going is stopped."""
        if not self.every_request:
            self._stop.set()
            self._stop = threading.Event()
            self._waiting = 0
        self.generation += 1
        self._waiting += 1
        self.busy = True
        request = _Request(self, work, self.generation, self._stop)
        if self.synchronous:
            request.run()
        else:
            QThreadPool.globalInstance().start(request)

    def cancel(self) -> None:
        """Ask the work going on, if any, to stop."""
        self._stop.set()

    def _heard(self, generation: int) -> bool:
        """Whether news from this request is passed on: it is the newest, or every request reports."""
        return self.every_request or generation == self.generation

    def _ended(self, generation: int) -> bool:
        """Count a request as reported; False if its news is outdated."""
        if not self._heard(generation):
            return False
        self._waiting = max(self._waiting - 1, 0)
        self.busy = self._waiting > 0
        return True

    def _progressed(self, generation: int, done: int, total: int, note: str) -> None:
        if self._heard(generation):
            self.progressed.emit(done, total, note)

    def _finished(self, generation: int, result: object) -> None:
        if self._ended(generation):
            self.finished.emit(result)

    def _failed(self, generation: int, message: str) -> None:
        if self._ended(generation):
            self.failed.emit(message)

    def _stopped(self, generation: int) -> None:
        if self._ended(generation):
            self.cancelled.emit()
