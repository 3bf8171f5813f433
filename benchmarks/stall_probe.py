"""How long the GUI thread stalls while a step runs: a timer meant to fire every 5 ms, and its late ticks.

``measure`` times one step (what it starts, until the window shows it is done) and the
longest gap between two ticks of the probe meanwhile, less the 5 ms a tick is meant to take.
Work done in the step's own call (not in the event loop) counts as a stall too: the window
could not have painted or answered a key while it ran. Qt must be imported after
``QT_QPA_PLATFORM`` is set (``responsiveness.py`` sets it to ``offscreen``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

TICK = 0.005  # seconds between two ticks of the probe
CHECK_MS = 1  # how often a step's end is looked for


@dataclass(frozen=True)
class Measured:
    """One step: seconds from its start until the window showed it done, the longest stall, when it began."""

    seconds: float
    stall: float
    began: float  # time.perf_counter() at its start


class StepTimedOut(RuntimeError):
    """A step did not finish within its time."""


class StallProbe(QObject):
    """A timer on the GUI thread that fires every 5 ms; the longest gap between its ticks while armed."""

    def __init__(self) -> None:
        """Start ticking (disarmed)."""
        super().__init__()
        self._armed = False
        self._last = time.perf_counter()
        self._longest = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(round(TICK * 1000))
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        """Note the gap since the tick before."""
        now = time.perf_counter()
        if self._armed:
            self._longest = max(self._longest, now - self._last)
        self._last = now

    def arm(self) -> None:
        """Start looking for stalls from now."""
        self._armed, self._last, self._longest = True, time.perf_counter(), 0.0

    def disarm(self) -> float:
        """Stop looking; the longest stall since armed (the longest gap less one tick), in seconds."""
        self._tick()
        self._armed = False
        return max(self._longest - TICK, 0.0)


class PaintWatch(QObject):
    """Notes whether a widget was painted while a condition held (what it shows is then on screen)."""

    def __init__(self, widget: QWidget, condition: Callable[[], bool]) -> None:
        """Watch ``widget``'s paint events from now on."""
        super().__init__()
        self.widget, self.condition, self.seen = widget, condition, False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note a paint that happens while the condition holds; let every event through."""
        if event.type() == QEvent.Type.Paint and watched is self.widget and not self.seen:
            self.seen = self.condition()
        return False

    def stop(self) -> None:
        """Stop watching."""
        self.widget.removeEventFilter(self)


class Pager:
    """Scrolls a view down a page at a time, each page once the one before is painted, to the very end."""

    PATIENCE = 0.5  # seconds to wait for a paint before scrolling on anyway

    def __init__(
        self, view: QAbstractScrollArea, more: Callable[[], bool], fetch: Callable[[], None]
    ) -> None:
        """Page through ``view``; ``more()``: whether its model holds more rows; ``fetch()`` loads them."""
        self.bar, self.more, self.fetch = view.verticalScrollBar(), more, fetch
        self.watch = PaintWatch(view.viewport(), lambda: True)
        self.watch.seen = True  # the first page is on screen already
        self.scrolled = time.perf_counter()

    def page_down(self) -> bool:
        """Scroll a page further once the page shown is painted; True once the end is on screen."""
        if not self.watch.seen and time.perf_counter() - self.scrolled < self.PATIENCE:
            return False
        if self.bar.value() >= self.bar.maximum():
            if not self.more():
                return True
            self.fetch()
        self.watch.seen, self.scrolled = False, time.perf_counter()
        self.bar.setValue(self.bar.value() + self.bar.pageStep())
        return False

    def stop(self) -> None:
        """Stop watching the view's paints."""
        self.watch.stop()


def wait_until(done: Callable[[], bool], timeout: float, what: str) -> float:
    """Run the event loop until ``done()`` holds; the moment it was seen to (raises after ``timeout`` s)."""
    if done():
        return time.perf_counter()
    loop = QEventLoop()
    seen: list[float] = []

    def check() -> None:
        """Stop the loop once done."""
        if not seen and done():
            seen.append(time.perf_counter())
            loop.quit()

    checker = QTimer()
    checker.setTimerType(Qt.TimerType.PreciseTimer)
    checker.setInterval(CHECK_MS)
    checker.timeout.connect(check)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.setInterval(round(timeout * 1000))
    deadline.timeout.connect(loop.quit)
    checker.start()
    deadline.start()
    loop.exec()
    checker.stop()
    deadline.stop()
    if not seen:
        raise StepTimedOut(f"{what}: not done after {timeout:g} s")
    return seen[0]


def idle(seconds: float) -> None:
    """Let the event loop run for a while."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def measure(
    probe: StallProbe,
    what: str,
    action: Callable[[], object],
    ready: Callable[[], bool],
    *,
    painted: Callable[[], QWidget] | None = None,
    timeout: float = 60.0,
    tail: float = 0.03,
) -> Measured:
    """Do ``action``, wait until ``ready()`` holds (and the widget ``painted()`` paints so); time, stall.

    ``painted`` is asked for its widget after ``action`` (which may make it); nothing paints
    before the event loop runs. The probe stays armed ``tail`` seconds longer, for the work
    that follows what was waited for.
    """
    watch: PaintWatch | None = None
    probe.arm()
    began = time.perf_counter()
    try:
        action()
        watch = PaintWatch(painted(), ready) if painted is not None else None
        ended = wait_until((lambda: watch.seen) if watch is not None else ready, timeout, what)
        idle(tail)
    finally:
        stall = probe.disarm()
        if watch is not None:
            watch.stop()
    return Measured(ended - began, stall, began)
