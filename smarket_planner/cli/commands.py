"""The sub-commands that make, check and print plans: new, demo, check, charter and export."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from smarket_planner.cli import exchange
from smarket_planner.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    PROGRAM,
    fail,
    is_address,
    share_password,
)
from smarket_planner.cli.parsers import GRAPH_FORMATS


def cmd_new(args: argparse.Namespace) -> int:
    """Create an empty plan."""
    from smarket_planner.services import new_plan

    with new_plan(args.plan, title=args.title, force=args.force) as plan:
        print(f"Created the plan '{plan.title}' at {plan.location}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo plan, or a generated plan of the size asked for."""
    from smarket_planner.demo.northwind import generate_demo
    from smarket_planner.services import check_new_place, copy_plan

    began = time.perf_counter()
    sizes = {"people": args.people, "task_forces": args.task_forces, "seed": args.seed, "today": args.today}
    if is_address(args.plan):
        check_new_place(args.plan)  # an unreachable server or a database in use is said at once
        with tempfile.TemporaryDirectory(prefix="smarket-demo-") as folder:
            summary = generate_demo(Path(folder) / "demo.smplan", **sizes)
            where = copy_plan(summary.path, args.plan).target  # one transaction: all of it or nothing
    else:
        summary = generate_demo(Path(args.plan), force=args.force, **sizes)
        where = str(summary.path)
    people = summary.counts.get("person", 0)
    teams = summary.counts.get("task_force", 0)
    print(
        f"Wrote a plan of {people:,} people and {teams:,} task forces to {where} "
        f"in {time.perf_counter() - began:.1f} s"
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Print the plan's health and findings, what it holds, its schema and file health."""
    from smarket_planner.services import as_this_version_reads_it, counts, open_existing, plan_facts
    from smarket_planner.services.reports.analysis import (
        analyse,
        has_problems,
        render_json,
        render_text,
        task_force_ids_named,
    )

    with open_existing(args.plan, upgrade=False) as plan:
        chosen = task_force_ids_named(plan, args.task_force) if args.task_force else None
        facts = plan_facts(plan)
        numbers = counts(plan)
        with as_this_version_reads_it(plan) as readable:  # an older plan is not upgraded by a check
            report = analyse(readable, today=args.today, task_force_ids=chosen)
    sound = facts.get("integrity", "ok") == "ok"
    failed = not sound or (args.strict and has_problems(report))
    if args.json:
        print(render_json(report))
        return EXIT_FAILED if failed else EXIT_OK
    print(f"Plan:      {plan.title}")
    print(f"Location:  {facts['location']}")
    schema = facts["schema"]
    note = (
        "" if schema == facts["current_schema"] else f" (upgraded to {facts['current_schema']} when opened)"
    )
    print(f"Schema:    {schema}{note}")
    if plan.read_only:
        print("Access:    read-only")
    if "integrity" in facts:
        print(f"Integrity: {facts['integrity']}")
    print()
    width = max(len(kind.plural) for kind in numbers)
    for kind, number in numbers.items():
        print(f"  {kind.plural[0].upper() + kind.plural[1:]:<{width}}  {number:>9,}")
    print()
    print(render_text(report))
    return EXIT_FAILED if failed else EXIT_OK


def cmd_charter(args: argparse.Namespace) -> int:
    """Write the charter of one task force to a file, or of several into a folder."""
    from smarket_planner.services import open_existing
    from smarket_planner.services.reports.analysis import task_force_ids_named
    from smarket_planner.services.reports.charter import (
        CharterOptions,
        PageSize,
        Section,
        parse_sections,
        write_task_force_charter,
    )
    from smarket_planner.services.reports.charter_batch import all_task_force_ids, export_charters

    try:
        sections = (
            parse_sections(args.sections.split(",")) if args.sections is not None else frozenset(Section)
        )
    except ValueError as error:
        return fail(str(error), EXIT_USAGE)
    if not sections:
        return fail("--sections names no section; leave it out to print them all", EXIT_USAGE)
    options = CharterOptions(page_size=PageSize(args.page_size), sections=sections)
    out: Path = args.output
    share_password(args.plan)  # for the processes that print charters side by side
    with open_existing(args.plan, upgrade=False) as plan:
        ids = all_task_force_ids(plan) if args.all else task_force_ids_named(plan, args.task_force)
        try:
            if not args.all and len(ids) == 1 and not out.is_dir():
                if out.suffix.lower() != ".pdf":
                    return fail(f"{out} should end in .pdf, or be a folder", EXIT_USAGE)
                if not out.parent.is_dir():
                    return fail(f"the folder {out.parent} does not exist", EXIT_FAILED)
                print(f"Wrote the charter to {write_task_force_charter(plan, ids[0], out, options)}")
                return EXIT_OK
            if not ids:
                print("The plan has no task forces, so there is no charter to print.")
                return EXIT_OK
            bar = _progress_bar()
            result = export_charters(plan, ids, out, options, processes=args.processes, progress=bar)
        except OSError as error:
            return fail(f"could not write {error.filename or out}: {error.strerror or error}", EXIT_FAILED)
    if sys.stderr.isatty():
        print(file=sys.stderr)  # end the progress bar's line
    for name, reason in result.failed:
        print(f"{PROGRAM}: could not print the charter of '{name}': {reason}", file=sys.stderr)
    print(f"Wrote {len(result.written)} of {len(ids)} charters to {out}")
    return EXIT_FAILED if result.failed else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write a graph (PNG, SVG, PDF, GraphML, GEXF, DOT), the plan as JSON, or its dates as a calendar."""
    from smarket_planner.analysis.graph_export import write_graph
    from smarket_planner.analysis.graph_model import GraphKind
    from smarket_planner.services import open_existing
    from smarket_planner.services.reports.analysis import task_force_ids_named
    from smarket_planner.services.views.graph_view import laid_out

    out: Path = args.output
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt in exchange.EXCHANGE_FORMATS and not out.is_dir() and out.parent.is_dir():
        return exchange.export_plan_file(args, fmt)
    if fmt not in GRAPH_FORMATS + exchange.EXCHANGE_FORMATS:
        choices = ", ".join(GRAPH_FORMATS)
        return fail(f"say which format to write with --format ({choices}), or end OUT in one", EXIT_USAGE)
    if args.dpi > 1200:
        return fail("--dpi goes up to 1200", EXIT_USAGE)
    if out.is_dir():
        return fail(f"{out} is a folder; give the file to write", EXIT_USAGE)
    if not out.parent.is_dir():
        return fail(f"the folder {out.parent} does not exist", EXIT_FAILED)
    drawn = fmt in ("png", "svg", "pdf")
    if drawn and importlib.util.find_spec("PySide6") is None:
        return fail("drawing a graph needs PySide6: pip install 'smarket-planner[gui]'", EXIT_FAILED)
    with open_existing(args.plan, upgrade=False) as plan:
        ids = task_force_ids_named(plan, args.task_force) if args.task_force else None
        picture, places = laid_out(plan, GraphKind(args.graph), ids)
    try:
        if drawn:
            render = importlib.import_module("smarket_planner.ui.graph.render")
            render.render_picture(picture, places, out, fmt, dpi=args.dpi)
        else:
            write_graph(picture, places, out, fmt)
    except OSError as error:
        return fail(f"could not write {error.filename or out}: {error.strerror or error}", EXIT_FAILED)
    print(f"Wrote the {picture.kind.label.lower()} graph ({len(picture.nodes)} nodes) to {out}")
    return EXIT_OK


def _progress_bar() -> Callable[[int, int, str], bool]:
    """A progress bar on a terminal, a line per charter otherwise (both on stderr)."""
    live = sys.stderr.isatty()

    def show(done: int, total: int, name: str) -> bool:
        if live:
            filled = round(30 * done / total)
            bar = "#" * filled + "-" * (30 - filled)
            print(f"\r[{bar}] {done}/{total} charters", end="", file=sys.stderr, flush=True)
        else:
            print(f"{done}/{total} {name}", file=sys.stderr, flush=True)
        return True

    return show
