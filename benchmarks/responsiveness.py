"""Drive the real window offscreen through what a user does, and time each step and its longest GUI stall.

    .venv/bin/python benchmarks/responsiveness.py --demo PLAN --large PLAN [--runs 3] [--figures FILE]

On a fresh copy of each plan, per run: open it in the painted window (until the navigator
lists the task forces on screen), wait for the first whole-plan analysis to arrive, select
five task forces, show each tab once (the Charter until its preview is up, the Graph until
it is laid out), change a membership's allocation and undo it (each until the Team tab
shows it, then until the analysis after it is in), open the portfolio and scroll its heat
map end to end a page at a time. A probe timer meant to fire every 5 ms on the GUI thread
gives each step's longest stall: the longest gap between two ticks less 5 ms
(``stall_probe.py``). One warm-up run on the demo plan first; then ``--runs`` runs per plan.
Times and stalls are medians over the runs (within a run, selecting a task force is the
median of the five, its stall the longest; "switch tabs (all)" adds up the tabs).

Prints a table per plan, then each step's large/demo ratio of time. With ``--figures``:
each main step's longest stall on the large plan against the 50 ms limit (goal 1.0x), and
the large plan's time against the demo plan's for selecting a task force and for an edit's
round trip (goal 1.2x; the round trip includes the 0.7 s the analysis waits for edits to
settle, twice), and for the edit alone until shown (for information).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from figures import add_figure_option, record
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication, QWidget
from stall_probe import Measured, Pager, StallProbe, StepTimedOut, idle, measure, wait_until

from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.app.window_contract import PORTFOLIO
from smarket_planner.ui.app.workspace import Workspace
from smarket_planner.ui.graph.panel import GraphPanel
from smarket_planner.ui.kit.analysis_runner import AnalysisRunner
from smarket_planner.ui.kit.background import BackgroundRunner
from smarket_planner.ui.kit.record_model import ID_ROLE
from smarket_planner.ui.team.team_tab import TeamTab

LIMIT = 0.050  # seconds: the longest stall the issue allows on the large plan
SELECTIONS = 5  # task forces selected per run
OPEN, ANALYSIS = "open (after first paint)", "first analysis in"
SELECT, TABS = "select a task force", "switch tabs (all)"
EDIT, UNDO, ROUND_TRIP = "edit: until shown", "undo: until shown", "edit round trip"
PORTFOLIO_STEP, SCROLL = "open the portfolio", "scroll the heat map end to end"
STALL_NOTE = "baseline is the 50 ms limit, not a measurement"
MAIN_STEPS = (OPEN, ANALYSIS, SELECT, TABS, ROUND_TRIP, PORTFOLIO_STEP, SCROLL)
Results = dict[str, Measured]


class Arrivals:
    """Counts the analyses whose findings the window has taken in, and when the last came."""

    def __init__(self, runner: AnalysisRunner) -> None:
        """Listen after the window: its own slot has run when ours does."""
        self.count, self.at, self.failure = 0, 0.0, ""
        runner.finished.connect(self._arrived)
        runner.failed.connect(self._failed)

    def _arrived(self, _findings: object) -> None:
        """One more analysis in."""
        self.count, self.at = self.count + 1, time.perf_counter()

    def _failed(self, message: str) -> None:
        """Keep why an analysis failed."""
        self.failure = message

    def after(self, count: int) -> Callable[[], bool]:
        """Whether an analysis came in after ``count`` had (an analysis that failed ends the wait too)."""
        return lambda: self.count > count or bool(self.failure)


class Tour:
    """The window, the probe, and the steps driven through the window on one copy of a plan."""

    def __init__(self, window: MainWindow, probe: StallProbe, problems: list[str]) -> None:
        """Drive ``window``; ``problems`` collects what the window would have told the user."""
        self.window, self.probe, self.problems = window, probe, problems
        self.results: Results = {}

    def step(self, name: str, measured: Measured) -> Measured:
        """Keep a step's figures (failing on anything the window complained of meanwhile)."""
        if self.problems:
            raise RuntimeError(f"{name}: the window said {self.problems[0]}")
        self.results[name] = measured
        return measured

    def workspace(self) -> Workspace:
        """The open plan's workspace."""
        assert self.window.workspace is not None, "no plan is open"
        return self.window.workspace

    def settle(self) -> None:
        """Wait for background work (analysis, preview, layout) to end, then a moment more."""
        window = self.window
        runners: list[BackgroundRunner] = [window.analysis] if window.analysis is not None else []
        if window.workspace is not None:
            runners += [window.workspace.charter.previewer, window.workspace.graph.runner]
        wait_until(lambda: not any(runner.busy for runner in runners), 600, "settling")
        idle(0.1)

    def run(self, plan: Path) -> Results:
        """Every step on one plan copy, the plan closed at the end."""
        arrivals = self.open_plan(plan)
        self.select_task_forces()
        self.switch_tabs()
        self.edit_and_undo(arrivals)
        self.portfolio_and_heatmap()
        self.window.close_plan()
        idle(0.1)
        return self.results

    def open_plan(self, plan: Path) -> Arrivals:
        """Open the plan in the painted window; then wait for its first analysis."""
        window, listening = self.window, []
        window.close_plan()
        idle(0.2)  # the welcome view is painted

        def start() -> None:
            """Open the plan and listen for its analysis before any event is handled."""
            assert window.open_plan(str(plan)), f"could not open {plan}"
            assert window.analysis is not None
            listening.append(Arrivals(window.analysis))

        def listed() -> bool:
            """Whether the navigator lists task forces."""
            return window.workspace is not None and window.workspace.navigator.proxy.rowCount() > 0

        opened = self.step(
            OPEN,
            measure(
                self.probe, OPEN, start, listed, painted=lambda: self.workspace().navigator.view.viewport()
            ),
        )
        arrivals = listening[0]
        analysed = measure(self.probe, ANALYSIS, lambda: None, arrivals.after(0), timeout=600, tail=0.1)
        if arrivals.failure:
            raise RuntimeError(f"the analysis failed: {arrivals.failure}")
        self.step(ANALYSIS, Measured(arrivals.at - opened.began, analysed.stall, opened.began))
        self.settle()
        return arrivals

    def select_task_forces(self) -> None:
        """Select task forces spread over the list, the Overview tab in front."""
        workspace = self.workspace()
        workspace.tabs.setCurrentIndex(0)
        self.settle()
        proxy = workspace.navigator.proxy
        ids = [int(proxy.index(row, 0).data(ID_ROLE)) for row in range(proxy.rowCount())]
        runs = []
        for ident in spread(ids, workspace.current_task_force(), SELECTIONS):
            shown = partial(showing, workspace, ident)
            painted = answer(workspace.heading)
            select = partial(workspace.select_task_force, ident)
            runs.append(measure(self.probe, SELECT, select, shown, painted=painted))
            self.settle()
        seconds = statistics.median(run.seconds for run in runs)
        self.step(SELECT, Measured(seconds, max(run.stall for run in runs), runs[0].began))

    def switch_tabs(self) -> None:
        """Bring each tab to the front once, Overview last, until what it shows is up."""
        workspace = self.workspace()
        order = [*range(1, workspace.tabs.count()), 0]
        runs = []
        for index in order:
            page = workspace.tabs.widget(index)
            assert page is not None
            ready, painted = tab_shown(workspace, page)
            name = f"  tab: {getattr(page, 'title', '?')}"
            switch = partial(workspace.tabs.setCurrentIndex, index)
            measured = measure(self.probe, name, switch, ready, painted=painted)
            runs.append(self.step(name, measured))
            self.settle()
        total = sum(run.seconds for run in runs)
        self.step(TABS, Measured(total, max(run.stall for run in runs), runs[0].began))

    def edit_and_undo(self, arrivals: Arrivals) -> None:
        """Change a team member's allocation and undo it, each until shown and until analysed again."""
        workspace, session = self.workspace(), self.window.session
        assert session is not None
        team = next(page for page in workspace.pages if isinstance(page, TeamTab))
        workspace.tabs.setCurrentWidget(team)
        if not team.model.records():  # a task force with members to edit
            proxy = workspace.navigator.proxy
            for row in range(proxy.rowCount()):
                workspace.select_task_force(int(proxy.index(row, 0).data(ID_ROLE)))
                if team.model.records():
                    break
        self.settle()
        member = team.model.records()[0]
        before = member.allocation_pct
        after = before - 5 if before > 10 else before + 5

        def edit() -> None:
            """The edit, as the Team tab makes it."""
            changes = {"allocation_pct": after}
            session.update(EntityKind.MEMBERSHIP, member.id, member.version, changes, "Change allocation")

        parts = []
        for name, action, share in ((EDIT, edit, after), (UNDO, session.undo_stack.undo, before)):
            heard = arrivals.count
            ready = partial(at_share, team, member.id, share)
            shown = self.step(name, measure(self.probe, name, action, ready, painted=team.table.viewport))
            analysed = measure(self.probe, name, lambda: None, arrivals.after(heard), timeout=600, tail=0.1)
            if arrivals.failure:
                raise RuntimeError(f"the analysis failed: {arrivals.failure}")
            label = name.split(":")[0] + ": its analysis in"
            in_at = Measured(arrivals.at - shown.began, analysed.stall, shown.began)
            parts += [shown, self.step(label, in_at)]
            self.settle()
        ended = parts[-1].began + parts[-1].seconds
        stall = max(part.stall for part in parts)
        self.step(ROUND_TRIP, Measured(ended - parts[0].began, stall, parts[0].began))

    def portfolio_and_heatmap(self) -> None:
        """Open the portfolio until its heat map is on screen, then scroll that end to end, page by page."""
        window = self.window
        assert window.portfolio is not None
        heatmap = window.portfolio.heatmap
        table, model = heatmap.table, heatmap.model
        self.step(
            PORTFOLIO_STEP,
            measure(
                self.probe,
                PORTFOLIO_STEP,
                lambda: window.show_view(PORTFOLIO),
                lambda: model.rowCount() > 0,
                painted=table.viewport,
            ),
        )
        self.settle()
        pager = Pager(
            table, lambda: model.canFetchMore(QModelIndex()), lambda: model.fetchMore(QModelIndex())
        )
        try:
            self.step(SCROLL, measure(self.probe, SCROLL, lambda: None, pager.page_down, timeout=1800))
        finally:
            pager.stop()
        if model.loaded < model.total:
            raise RuntimeError(f"{SCROLL}: only {model.loaded} of {model.total} people loaded")


def showing(workspace: Workspace, ident: int) -> bool:
    """Whether the workspace shows this task force."""
    return workspace.current_task_force() == ident


def tab_shown(workspace: Workspace, page: QWidget) -> tuple[Callable[[], bool], Callable[[], QWidget]]:
    """When a tab shows what it should (the Charter its preview, the Graph its layout), and what paints it."""
    charter, graph = workspace.charter, workspace.graph
    if page is charter:
        return charter.preview_is_current, charter.view.viewport
    if page is graph:
        return partial(laid_out, graph), graph.view.viewport
    return partial(bool, True), answer(page)


def at_share(team: TeamTab, membership_id: int, share: float) -> bool:
    """Whether the Team tab shows a membership at this share of its member's time."""
    row = team.model.row_of(membership_id)
    return row is not None and team.model.record(row).allocation_pct == share


def answer(widget: QWidget) -> Callable[[], QWidget]:
    """A callable that answers this widget."""
    return lambda: widget


def laid_out(graph: GraphPanel) -> bool:
    """Whether the graph is laid out and on screen, with no newer layout on the way."""
    return graph.graph_layout is not None and not graph.runner.busy


def spread(ids: list[int], current: int | None, count: int) -> list[int]:
    """``count`` task forces spread over the list, each unlike the one before (and the current one)."""
    others = [ident for ident in ids if ident != current]
    if len(others) >= count:
        return [others[k * len(others) // count] for k in range(count)]
    cycle = others + ([current] if current is not None else [])
    return [cycle[k % len(cycle)] for k in range(count)] if len(cycle) > 1 else others[:count]


def copy_plan(plan: Path, folder: Path) -> Path:
    """A fresh copy of a plan file (with its journal files, if any) in its own folder."""
    folder.mkdir(parents=True)
    for source in [plan, *(plan.with_name(plan.name + tail) for tail in ("-wal", "-shm"))]:
        if source.exists():
            shutil.copyfile(source, folder / source.name)
    return folder / plan.name


def medians(runs: list[Results]) -> Results:
    """Each step's median time and median longest stall over the runs."""
    return {
        name: Measured(
            statistics.median(run[name].seconds for run in runs),
            statistics.median(run[name].stall for run in runs),
            0.0,
        )
        for name in runs[0]
    }


def ms(seconds: float) -> str:
    """Seconds as milliseconds, or as seconds when long."""
    return f"{seconds:8.2f} s " if seconds >= 10 else f"{seconds * 1000:8.0f} ms"


def print_tables(demo: Results, large: Results, runs: int) -> None:
    """A table per plan (step, time, longest stall), then each step's large/demo ratio of time."""
    for title, results in (("demo plan", demo), ("large plan", large)):
        print(f"\n{title} (medians of {runs} runs)\n{'step':34} {'time':>11} {'longest stall':>14}")
        for name, measured in results.items():
            flag = "  over 50 ms" if measured.stall > LIMIT else ""
            print(f"{name:34} {ms(measured.seconds)} {ms(measured.stall):>14}{flag}")
    print(f"\nlarge / demo, time\n{'step':34} {'ratio':>8}")
    for name, measured in large.items():
        base = demo.get(name)
        ratio = f"{measured.seconds / base.seconds:7.2f}x" if base and base.seconds > 0 else "      —"
        print(f"{name:34} {ratio}")


def record_figures(path: Path | None, demo: Results, large: Results, runs: int) -> None:
    """Each main step's stall on the large plan against 50 ms; three times, large plan against demo."""
    for name in MAIN_STEPS:
        record(
            path,
            f"GUI stall, large plan: {name}",
            large[name].stall,
            LIMIT,
            goal=1.0,
            note=f"longest stall in the step, median of {runs} runs; {STALL_NOTE}",
        )
    compared = (
        (SELECT, 1.2, f"median of {SELECTIONS} selections"),
        (ROUND_TRIP, 1.2, "edit and undo, each until shown and analysed (after the 0.7 s settle)"),
        (EDIT, None, "the edit alone, until the Team tab shows it"),
    )
    for name, goal, what in compared:
        record(
            path,
            f"{name}, large plan vs demo plan",
            large[name].seconds,
            demo[name].seconds,
            goal=goal,
            note=f"{what}, median of {runs} runs",
        )


def main() -> int:
    """Tour the window on both plans and print (and perhaps record) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, required=True, help="the demo plan (copied, never changed)")
    parser.add_argument("--large", type=Path, required=True, help="a large plan (copied, never changed)")
    parser.add_argument("--runs", type=int, default=3, help="runs per plan after a warm-up (default 3)")
    add_figure_option(parser)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    probe, problems = StallProbe(), []
    with tempfile.TemporaryDirectory(prefix="smarket-responsiveness-") as folder:
        window = MainWindow(AppSettings(Path(folder) / "settings"))
        window.complain = lambda title, message: problems.append(f"{title}: {message}")  # type: ignore[method-assign]
        window.resize(1280, 800)
        window.show()
        idle(0.3)
        began = time.perf_counter()
        try:
            Tour(window, probe, problems).run(copy_plan(args.demo, Path(folder) / "warm-up"))
            found: dict[str, list[Results]] = {"demo": [], "large": []}
            for run in range(args.runs):
                for which, plan in (("demo", args.demo), ("large", args.large)):
                    copy = copy_plan(plan, Path(folder) / f"{which}-{run}")
                    found[which].append(Tour(window, probe, problems).run(copy))
                    print(f"run {run + 1}/{args.runs} on the {which} plan done", file=sys.stderr, flush=True)
        except (StepTimedOut, RuntimeError, AssertionError) as error:
            print(f"responsiveness.py: {error}", file=sys.stderr)
            return 1
        finally:
            window.close()
    demo, large = medians(found["demo"]), medians(found["large"])
    print_tables(demo, large, args.runs)
    print(f"\n{time.perf_counter() - began:.0f} s in all")
    record_figures(args.figures, demo, large, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
