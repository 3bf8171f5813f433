"""Long work runs off the GUI thread; only the newest request's news comes back, by signal."""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from smarket_planner.domain.errors import DomainError
from smarket_planner.services.reports.plan_findings import PlanFindings
from smarket_planner.ui.kit.analysis_runner import AnalysisRunner
from smarket_planner.ui.kit.background import SWITCH_EVERY, BackgroundRunner, Cancelled, Progress, Work
from smarket_planner.ui.kit.session import PlanSession

WAIT_MS = 5_000


class Stop(Exception):
    """What the test work raises when it is asked to stop."""


def _heard(runner: BackgroundRunner) -> list[tuple[Any, ...]]:
    """Everything the runner says, in order."""
    said: list[tuple[Any, ...]] = []
    runner.progressed.connect(lambda done, total, note: said.append(("progress", done, total, note)))
    runner.finished.connect(lambda result: said.append(("finished", result)))
    runner.failed.connect(lambda message: said.append(("failed", message)))
    runner.cancelled.connect(lambda: said.append(("cancelled",)))
    return said


def test_work_runs_on_a_pool_thread_and_its_result_arrives_by_signal(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    threads: list[threading.Thread] = []

    def work(progress: Progress, cancelled: Cancelled) -> str:
        threads.append(threading.current_thread())
        return "done"

    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS) as arrived:
        runner.start(work)
        assert runner.busy
    assert arrived.args == ["done"] and not runner.busy
    assert threads and threads[0] is not threading.main_thread()


def test_progress_comes_a_few_dozen_times_not_every_step(qtbot: QtBot) -> None:
    runner = BackgroundRunner(synchronous=True)
    said = _heard(runner)
    goes_on: list[bool] = []

    def work(progress: Progress, cancelled: Cancelled) -> int:
        for step in range(1, 1001):
            goes_on.append(progress(step, 1000))
        progress(1, 2, "Lisbon")
        progress(1, 2, "Porto")  # another name is always told
        return len(goes_on)

    runner.start(work)
    steps = [news for news in said if news[0] == "progress"]
    assert 45 <= len(steps) <= 55
    assert steps[0] == ("progress", 1, 1000, "") and steps[-3] == ("progress", 1000, 1000, "")
    assert steps[-2:] == [("progress", 1, 2, "Lisbon"), ("progress", 1, 2, "Porto")]
    assert all(goes_on) and said[-1] == ("finished", 1000)


def test_a_newer_request_stops_the_older_one_and_drops_its_result(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    said = _heard(runner)
    begun, asked_to_stop = threading.Event(), threading.Event()

    def older(progress: Progress, cancelled: Cancelled) -> str:
        begun.set()
        while not cancelled():
            threading.Event().wait(0.005)
        asked_to_stop.set()
        return "older"

    runner.start(older)
    assert begun.wait(WAIT_MS / 1000)
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS) as arrived:
        runner.start(lambda progress, cancelled: "newer")
    assert asked_to_stop.wait(WAIT_MS / 1000)
    qtbot.wait(50)  # the older result has had time to arrive, and is dropped
    assert arrived.args == ["newer"] and said == [("finished", "newer")]


def test_a_domain_error_is_reported_in_the_users_words(qtbot: QtBot) -> None:
    runner = BackgroundRunner(synchronous=True)
    said = _heard(runner)

    def work(progress: Progress, cancelled: Cancelled) -> None:
        raise DomainError("The plan is closed.")

    runner.start(work)
    assert said == [("failed", "The plan is closed.")] and not runner.busy


def test_a_bug_is_reported_and_still_raised(qtbot: QtBot) -> None:
    runner = BackgroundRunner(synchronous=True)
    said = _heard(runner)

    def work(progress: Progress, cancelled: Cancelled) -> None:
        raise KeyError("goal")

    with pytest.raises(KeyError):
        runner.start(work)
    assert said == [("failed", "Something went wrong ('goal').")]


def test_cancel_stops_the_work_between_steps(qtbot: QtBot) -> None:
    runner = BackgroundRunner(stopped_by=(Stop,))
    said = _heard(runner)
    begun = threading.Event()

    def work(progress: Progress, cancelled: Cancelled) -> None:
        begun.set()
        while progress(0, 1):
            threading.Event().wait(0.005)
        raise Stop

    runner.start(work)
    assert begun.wait(WAIT_MS / 1000)
    with qtbot.waitSignal(runner.cancelled, timeout=WAIT_MS):
        runner.cancel()
    assert said[-1] == ("cancelled",) and not runner.busy


def test_work_replaced_while_it_waits_its_turn_is_never_done(qtbot: QtBot) -> None:
    turn = threading.Lock()
    runner = BackgroundRunner(one_at_a_time=turn)
    done: list[str] = []

    def doing(name: str) -> Work:
        def work(progress: Progress, cancelled: Cancelled) -> str:
            done.append(name)
            return name

        return work

    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS) as arrived, turn:  # other work holds the turn
        runner.start(doing("older"))
        runner.start(doing("newer"))
    assert arrived.args == ["newer"] and done == ["newer"] and not runner.busy


def test_when_every_request_counts_none_replaces_another(qtbot: QtBot) -> None:
    turn = threading.Lock()
    runner = BackgroundRunner(one_at_a_time=turn, every_request=True)
    said = _heard(runner)
    with turn:  # other work holds the turn while three saves are asked for
        for name in ("first", "second", "third"):
            runner.start(
                lambda progress, cancelled, name=name: f"{name} {'stopped' if cancelled() else 'done'}"
            )
    qtbot.waitUntil(lambda: len(said) == 3, timeout=WAIT_MS)
    assert sorted(said) == [
        ("finished", "first done"),
        ("finished", "second done"),
        ("finished", "third done"),
    ]
    assert not runner.busy


def test_work_cancelled_while_it_waits_its_turn_still_decides_for_itself(qtbot: QtBot) -> None:
    turn = threading.Lock()
    runner = BackgroundRunner(one_at_a_time=turn)
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS) as arrived, turn:
        runner.start(lambda progress, cancelled: "stopped at once" if cancelled() else "went on")
        runner.cancel()
    assert arrived.args == ["stopped at once"]


def test_quiet_work_runs_without_garbage_collection_and_with_quick_thread_switches(qtbot: QtBot) -> None:
    runner = BackgroundRunner(synchronous=True, quiet=True)
    usual = sys.getswitchinterval()
    seen: list[tuple[bool, float]] = []
    runner.start(lambda progress, cancelled: seen.append((gc.isenabled(), sys.getswitchinterval())))
    assert seen == [(False, SWITCH_EVERY)]
    assert gc.isenabled() and sys.getswitchinterval() == usual


def test_the_analysis_runs_in_place_for_tests(qtbot: QtBot, session: PlanSession) -> None:
    runner = AnalysisRunner(session, synchronous=True)
    reports: list[Any] = []
    runner.finished.connect(reports.append)
    runner.run_now()
    assert len(reports) == 1 and isinstance(reports[0], PlanFindings) and reports[0].findings == ()
    assert reports[0].scope is None  # the whole plan
    assert not runner.busy
