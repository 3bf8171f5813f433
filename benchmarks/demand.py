"""Time demand by function against the over-allocation peaks, on a plan file or a PostgreSQL plan.

    .venv/bin/python benchmarks/demand.py [--plan PATH_OR_URL] [--into URL] [--open-roles 2000]

Without ``--plan``, generates a scale plan first (as ``over_allocation.py`` does): into a temporary
folder, or with ``--into`` into that empty PostgreSQL database (then ``ANALYZE``). The scale plan
has no open roles, so ``--open-roles`` of them are added to every plan but one given by URL
(a plan file given is copied first, and the copy gets them). Both measurements run through the
same open plan, taking turns, best of ``--repeat``. The issue's goal is a ratio of at most 1.2:
``demand_by_function`` (a year of weeks for every function, from one grouped query) against
``allocation_peaks``; on a server, which keeps the overloads worked out, also against the peaks
worked out from nothing. Also prints, for information, the same chart worked out from the
records ``load_plan_data`` reads, and the findings of functions short of people.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from random import Random

from figures import add_figure_option, record
from over_allocation import TODAY, analyze, best_of, best_of_each
from sqlalchemy import insert, select

from smarket_planner import services
from smarket_planner.analysis.demand import plan_demand
from smarket_planner.analysis.staffing_findings import function_short_findings
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain.enums import MembershipRole
from smarket_planner.services import Plan
from smarket_planner.services.views.allocation_sql import server_peaks
from smarket_planner.services.views.analysis_data import (
    TOLERANCE,
    UNDATED_DAYS,
    allocation_peaks,
    load_plan_data,
)
from smarket_planner.services.views.demand_view import demand_by_function
from smarket_planner.storage.model import FunctionRow, OpenRoleRow, TaskForceRow

SHARES = (10.0, 20.0, 25.0, 50.0, 100.0)


def add_open_roles(plan: Plan, count: int, today: date, seed: int) -> int:
    """Add ``count`` open roles to random task forces, a third undated, the rest around ``today``."""
    draw = Random(seed)
    with plan.store.session(write=True) as session:
        teams = list(session.scalars(select(TaskForceRow.id)))
        functions = list(session.scalars(select(FunctionRow.id)))
        rows = []
        for number in range(count):
            first = today + timedelta(days=draw.randint(-60, 300))
            dated = number % 3 != 0
            rows.append(
                {
                    "task_force_id": draw.choice(teams),
                    "function_id": draw.choice(functions),
                    "title": f"Role {number + 1}",
                    "role": MembershipRole.CORE,
                    "allocation_pct": draw.choice(SHARES),
                    "start_date": first if dated else None,
                    "end_date": first + timedelta(days=draw.randint(14, 180)) if dated else None,
                }
            )
        if rows:
            session.execute(insert(OpenRoleRow), rows)
    return count


def measure(plan: Plan, today: date, repeat: int, figures: Path | None = None) -> None:
    """Print the two timings, their ratio, and the chart and findings worked out from the records."""

    def demand() -> int:
        return len(demand_by_function(plan, today=today).functions)

    def peaks() -> int:
        return len(allocation_peaks(plan, today=today))

    demand()  # the first runs compile the statements and warm the page cache
    peaks()
    (baseline, over), (charted, functions) = best_of_each(repeat, peaks, demand)
    data = load_plan_data(plan, today=today)
    from_records, _ = best_of(1, lambda: len(plan_demand(data).functions))
    shortages, short = best_of(1, lambda: len(function_short_findings(data)))
    assert demand_by_function(plan, today=today) == plan_demand(data), "the two charts differ"
    size = f"{len(data.people):,} people, {len(data.open_roles):,} open roles"
    print(f"Plan: {plan.location} (today {today}; {size})")
    print(f"  allocation_peaks     {baseline * 1000:8.1f} ms  ({over:,} overloads found)")
    print(f"  demand_by_function   {charted * 1000:8.1f} ms  ({functions} functions, 52 weeks)")
    print(f"  ratio                {charted / baseline:8.2f}x  (goal: at most 1.2x; best of {repeat})")
    print(f"  from the records     {from_records * 1000:8.1f} ms  (plan_demand of load_plan_data: the same)")
    print(f"  short functions      {shortages * 1000:8.1f} ms  ({short} findings)")
    where = "PostgreSQL" if plan.path is None else "plan file"
    size = f"{where}, {size}"
    name = f"demand by function vs over-allocation peaks ({where})"
    record(figures, name, charted, baseline, goal=1.2, note=f"{size}; best of {repeat}")
    name = f"demand by function from load_plan_data's records ({where})"
    record(figures, name, from_records, None, note=f"{size}; once, for information")
    if plan.path is None:
        measure_afresh(plan, today, repeat, charted, figures)


def measure_afresh(plan: Plan, today: date, repeat: int, charted: float, figures: Path | None) -> None:
    """On a server: the demand against the overloads worked out from nothing (the kept ones are read)."""

    def from_nothing() -> int:
        with plan.store.session() as session:
            return len(server_peaks(session, today, UNDATED_DAYS, TOLERANCE))

    afresh, _ = best_of(repeat, from_nothing)
    print(f"  peaks from nothing   {afresh * 1000:8.1f} ms  (demand is {charted / afresh:.2f}x of that)")
    note = f"PostgreSQL; best of {repeat}; for information (the server keeps the overloads worked out)"
    record(figures, "demand by function vs over-allocation peaks from nothing", charted, afresh, note=note)


def main() -> int:
    """Generate (or open) a plan, add open roles, then time both reads on it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", help="an existing plan file or database URL instead of a new scale plan")
    parser.add_argument("--into", help="an empty PostgreSQL database to generate the scale plan into")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--task-forces", type=int, default=1_000)
    parser.add_argument("--open-roles", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--repeat", type=int, default=15)
    add_figure_option(parser)
    args = parser.parse_args()

    def generated(target: str | Path, *, force: bool = False) -> None:
        summary = generate_demo(
            target,  # type: ignore[arg-type]  # a file path, or a database URL as over_allocation.py gives
            people=args.people,
            task_forces=args.task_forces,
            seed=args.seed,
            today=args.today,
            force=force,
        )
        print(
            f"Generated {args.people:,} people, {args.task_forces:,} task forces in {summary.seconds:.1f} s"
        )

    with tempfile.TemporaryDirectory() as folder:
        target: str | Path
        if args.plan and "://" in args.plan:
            target = args.plan  # a shared database: read as it is
        elif args.plan:
            target = Path(folder) / "copy.smplan"
            shutil.copyfile(args.plan, target)
        elif args.into:
            target = args.into
            generated(target)
        else:
            target = Path(folder) / "scale.smplan"
            generated(target, force=True)
        with services.open_existing(target) as plan:
            if not (args.plan and "://" in args.plan):
                add_open_roles(plan, args.open_roles, args.today, args.seed)
            if args.into:
                analyze(args.into)
            measure(plan, args.today, args.repeat, args.figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
