"""Reads and lays out a graph off the GUI thread; the newest request wins, an older one is stopped."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from smarket_planner.analysis.graph_picture import GraphKind, GraphPicture
from smarket_planner.analysis.graph_placement import LayoutCancelled, Place, place_picture
from smarket_planner.domain.errors import DomainError
from smarket_planner.services import Plan
from smarket_planner.services.views import graph_view


@dataclass(frozen=True)
class GraphLayout:
    """A graph read from the plan and laid out: its picture, every node's place, and the kept ones."""

    picture: GraphPicture
    places: dict[str, Place]  # laid out, kept places included
    kept: dict[str, Place]  # where someone dragged nodes to
    fresh: bool = True  # False when only re-read after an edit (keep the view where it is)


def kept_of(plan: Plan, view: str) -> dict[str, Place]:
    """The dragged places of a graph, as plain points."""
    return {key: (spot.x, spot.y) for key, spot in graph_view.kept_places(plan, view).items()}


def lay_out_graph(
    plan: Plan,
    kind: GraphKind,
    task_force_ids: Collection[int] | None,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    fresh: bool = True,
) -> GraphLayout:
    """Read one graph, then place its nodes around the kept ones (may raise LayoutCancelled)."""
    picture = graph_view.load_graph(plan, kind, task_force_ids)
    one = next(iter(task_force_ids)) if task_force_ids is not None and len(task_force_ids) == 1 else None
    kept = kept_of(plan, graph_view.view_name(kind, one))
    if cancelled is not None and cancelled():
        raise LayoutCancelled()
    places = place_picture(picture, kept, progress=progress, cancelled=cancelled)
    return GraphLayout(picture, places, kept, fresh)


class _Relay(QObject):
    """Carries a layout from the worker thread back to the GUI thread."""

    progressed = Signal(int, float)
    done = Signal(int, object)
    failed = Signal(int, str)
    stopped = Signal(int)


SWITCH_EVERY = 0.001  # seconds: how often a running layout hands Python over to the window


class _Switching:
    """While any layout runs, Python switches threads every SWITCH_EVERY rather than every 5 ms,
    so that the window waits a millisecond, not five, each time it needs Python between two
    of igraph's rounds (measured with 2,000 people: longest freeze 43 ms, then 26-37 ms)."""

    lock = threading.Lock()
    running = 0
    usual = 0.005

    @classmethod
    @contextmanager
    def quick(cls) -> Iterator[None]:
        with cls.lock:
            if cls.running == 0:
                cls.usual = sys.getswitchinterval()
                sys.setswitchinterval(SWITCH_EVERY)
            cls.running += 1
        try:
            yield
        finally:
            with cls.lock:
                cls.running -= 1
                if cls.running == 0:
                    sys.setswitchinterval(cls.usual)


class _Job(QRunnable):
    def __init__(
        self, work: Callable[..., GraphLayout], generation: int, relay: _Relay, stop: threading.Event
    ) -> None:
        super().__init__()
        self.work, self.generation, self.relay, self.stop = work, generation, relay, stop
        self._last = -1.0

    def _progress(self, share: float) -> None:
        if share - self._last >= 0.02 or share >= 1.0:  # a few dozen signals, not thousands
            self._last = share
            self.relay.progressed.emit(self.generation, share)

    def run(self) -> None:
        # A layout makes objects by the hundred thousand; each full collection they set off
        # scans the whole heap holding the GIL, freezing the window for ~100 ms. Collections
        # wait until the layout is done (a second or two of garbage at most).
        collecting = gc.isenabled()
        gc.disable()
        try:
            with _Switching.quick():
                layout = self.work(progress=self._progress, cancelled=self.stop.is_set)
        except LayoutCancelled:
            self.relay.stopped.emit(self.generation)
        except DomainError as error:
            self.relay.failed.emit(self.generation, str(error))
        else:
            self.relay.done.emit(self.generation, layout)
        finally:
            if collecting:
                gc.enable()


class LayoutRunner(QObject):
    """Lays out one graph at a time on the thread pool; a newer request stops the one before."""

    progressed = Signal(float)  # 0..1
    finished = Signal(object)  # GraphLayout
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._stop = threading.Event()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed)
        self._relay.done.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._relay.stopped.connect(self._stopped)
        self.busy = False

    def start(self, work: Callable[..., GraphLayout]) -> None:
        """Run ``work(progress=, cancelled=)`` on a pool thread; an older run still going is stopped."""
        self._stop.set()
        self._stop = threading.Event()
        self._generation += 1
        self.busy = True
        QThreadPool.globalInstance().start(_Job(work, self._generation, self._relay, self._stop))

    def cancel(self) -> None:
        """Stop the run going on, if any."""
        self._stop.set()

    def _progressed(self, generation: int, share: float) -> None:
        if generation == self._generation:
            self.progressed.emit(share)

    def _done(self, generation: int, layout: object) -> None:
        if generation == self._generation:
            self.busy = False
            self.finished.emit(layout)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.busy = False
            self.failed.emit(message)

    def _stopped(self, generation: int) -> None:
        if generation == self._generation:
            self.busy = False
            self.cancelled.emit()
