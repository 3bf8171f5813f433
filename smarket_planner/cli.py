"""The ``smarket-planner`` command: the desktop app by default, sub-commands for headless work.

Exit codes: 0 ok; 1 the operation failed (or ``--strict`` found problems); 2 a usage
error; 3 the plan or input file cannot be used (one line on stderr, the file untouched).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from smarket_planner import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BAD_PLAN = 0, 1, 2, 3
PROGRAM = "smarket-planner"


class UsageError(Exception):
    """The command line itself is wrong."""


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date such as 2026-03-31") from None


def build_parser() -> argparse.ArgumentParser:
    """The command line: options and sub-commands."""
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Plan cross-functional task forces. With no command, opens the app.",
        epilog="To open the app: smarket-planner [PLAN] [--smoke [--screenshot FILE.png]]. "
        "Exit codes: 0 ok, 1 failed, 2 usage error, 3 plan file cannot be used.",
    )
    parser.add_argument("--version", action="version", version=f"{PROGRAM} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser("new", help="create a new, empty plan file")
    new.add_argument("plan", help="the plan file to create (.smplan), or a database URL")
    new.add_argument("--title", default="", help="the plan's name (default: the file name)")
    new.add_argument("--force", action="store_true", help="replace an existing file")

    demo = commands.add_parser("demo", help="write a realistic demo plan (or a large one)")
    demo.add_argument("plan", help="the plan file to write")
    demo.add_argument("--people", type=_positive, help="generate a plan of this many people")
    demo.add_argument("--task-forces", type=_positive, help="and this many task forces")
    demo.add_argument("--seed", type=int, default=7, help="the same seed gives the same plan")
    demo.add_argument("--today", type=_day, help="the date the plan is set around (ISO)")
    demo.add_argument("--force", action="store_true", help="replace an existing file")

    check = commands.add_parser("check", help="find what pulls task forces apart: health scores and findings")
    check.add_argument("plan", help="the plan file or database URL")
    check.add_argument(
        "--task-force",
        action="append",
        metavar="NAME",
        help="only this task force (by name; repeat for several)",
    )
    check.add_argument("--json", action="store_true", help="JSON (see docs/check-json.md)")
    check.add_argument("--strict", action="store_true", help="exit 1 if any warning or error is found")
    charter = commands.add_parser("charter", help="print task force charters as PDF files")
    charter.add_argument("plan", help="the plan file or database URL")
    which = charter.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--task-force",
        action="append",
        metavar="NAME_OR_ID",
        help="the task force to print, by name or number (repeat for several)",
    )
    which.add_argument("--all", action="store_true", help="every task force of the plan")
    charter.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="OUT",
        help="the PDF file to write; a folder for --all or several task forces",
    )
    charter.add_argument("--page-size", choices=("a4", "letter"), default="a4", help="the paper (default a4)")
    charter.add_argument(
        "--sections",
        metavar="LIST",
        help="the sections to print, separated by commas (default all): " + ", ".join(_section_names()),
    )
    charter.add_argument(
        "--processes", type=_positive, help="how many charters to write at once (default: CPUs)"
    )
    _add_export(commands)
    return parser


GRAPH_FORMATS = ("png", "svg", "pdf", "graphml", "gexf", "dot")


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser("export", help="write a dependency or collaboration graph to a file")
    export.add_argument("plan", help="the plan file or database URL")
    export.add_argument(
        "--format",
        choices=GRAPH_FORMATS,
        help="the file format (default: from the end of OUT's name)",
    )
    export.add_argument("-o", "--output", required=True, type=Path, metavar="OUT", help="the file to write")
    export.add_argument(
        "--graph",
        choices=("deliverables", "task-forces", "functions", "people"),
        default="deliverables",
        help="which graph (default deliverables)",
    )
    export.add_argument(
        "--task-force",
        action="append",
        metavar="NAME_OR_ID",
        help="only this task force's graph (repeat for several; default: every live task force)",
    )
    export.add_argument("--dpi", type=_positive, default=144, help="resolution of a PNG (default 144)")


def _section_names() -> list[str]:
    from smarket_planner.charter.model import Section

    return [section.value for section in Section]


def build_app_parser() -> argparse.ArgumentParser:
    """The command line that opens the app: an optional plan and the smoke-run options."""
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Open the app, on PLAN if given. For the sub-commands, see --help.",
    )
    parser.add_argument("plan", nargs="?", help="the plan file (.smplan) or database URL to open")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the window, show every tab and the portfolio once, then exit (0 if all went well)",
    )
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png", help="with --smoke: save the window")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = args_list[0] if args_list else ""
    if first in _COMMANDS or first in ("-h", "--help", "--version"):
        args = build_parser().parse_args(args_list)
        return run_command(_COMMANDS[args.command], args)
    app_args = build_app_parser().parse_args(args_list)
    if app_args.screenshot is not None and not app_args.smoke:
        build_app_parser().error("--screenshot goes with --smoke")
    return open_app(app_args.plan, smoke=app_args.smoke, screenshot=app_args.screenshot)


def main_gui() -> int:
    """The desktop launcher's entry point."""
    return main()


def run_command(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one sub-command, turning plan and domain errors into one line and an exit code."""
    from smarket_planner.domain.errors import DomainError, PlanExistsError, PlanFileError

    try:
        return command(args)
    except PlanExistsError as error:
        return _fail(f"{error} Add --force to replace it.", EXIT_BAD_PLAN)
    except PlanFileError as error:
        return _fail(str(error), EXIT_BAD_PLAN)
    except DomainError as error:
        return _fail(str(error), EXIT_FAILED)
    except KeyboardInterrupt:
        return _fail("interrupted; every change made so far is saved", EXIT_FAILED)
    except BrokenPipeError:
        # The reader (say, `head`) went away: stop quietly, as Python's documentation advises.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


def _fail(message: str, code: int) -> int:
    print(f"{PROGRAM}: {' '.join(message.split())}", file=sys.stderr)
    return code


def open_app(plan: str | None, *, smoke: bool = False, screenshot: Path | None = None) -> int:
    """Open the desktop app (Qt is loaded only here)."""
    if importlib.util.find_spec("PySide6") is None:
        return _fail("the desktop app needs PySide6: pip install 'smarket-planner[gui]'", EXIT_FAILED)
    app = importlib.import_module("smarket_planner.ui.app.app")
    return int(app.run(plan, smoke=smoke, screenshot=screenshot))


def cmd_new(args: argparse.Namespace) -> int:
    """Create an empty plan."""
    from smarket_planner.services import new_plan

    with new_plan(args.plan, title=args.title, force=args.force) as plan:
        print(f"Created the plan '{plan.title}' at {plan.location}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo plan, or a generated plan of the size asked for."""
    from smarket_planner.demo.northwind import generate_demo

    summary = generate_demo(
        Path(args.plan),
        people=args.people,
        task_forces=args.task_forces,
        seed=args.seed,
        force=args.force,
        today=args.today,
    )
    people = summary.counts.get("person", 0)
    teams = summary.counts.get("task_force", 0)
    print(
        f"Wrote a plan of {people:,} people and {teams:,} task forces to {summary.path} "
        f"in {summary.seconds:.1f} s"
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Print the plan's health and findings, what it holds, its schema and file health."""
    from smarket_planner.services import counts, open_existing, plan_facts
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
        report = analyse(plan, task_force_ids=chosen)
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
        return _fail(str(error), EXIT_USAGE)
    if not sections:
        return _fail("--sections names no section; leave it out to print them all", EXIT_USAGE)
    options = CharterOptions(page_size=PageSize(args.page_size), sections=sections)
    out: Path = args.output
    with open_existing(args.plan, upgrade=False) as plan:
        ids = all_task_force_ids(plan) if args.all else task_force_ids_named(plan, args.task_force)
        try:
            if not args.all and len(ids) == 1 and not out.is_dir():
                if out.suffix.lower() != ".pdf":
                    return _fail(f"{out} should end in .pdf, or be a folder", EXIT_USAGE)
                if not out.parent.is_dir():
                    return _fail(f"the folder {out.parent} does not exist", EXIT_FAILED)
                print(f"Wrote the charter to {write_task_force_charter(plan, ids[0], out, options)}")
                return EXIT_OK
            if not ids:
                print("The plan has no task forces, so there is no charter to print.")
                return EXIT_OK
            bar = _progress_bar()
            result = export_charters(plan, ids, out, options, processes=args.processes, progress=bar)
        except OSError as error:
            return _fail(f"could not write {error.filename or out}: {error.strerror or error}", EXIT_FAILED)
    if sys.stderr.isatty():
        print(file=sys.stderr)  # end the progress bar's line
    for name, reason in result.failed:
        print(f"{PROGRAM}: could not print the charter of '{name}': {reason}", file=sys.stderr)
    print(f"Wrote {len(result.written)} of {len(ids)} charters to {out}")
    return EXIT_FAILED if result.failed else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write one of the four graphs as a picture (PNG, SVG, PDF) or for other tools (GraphML, GEXF, DOT)."""
    from smarket_planner.analysis.graph_export import write_graph
    from smarket_planner.analysis.graph_picture import GraphKind
    from smarket_planner.services import open_existing
    from smarket_planner.services.reports.analysis import task_force_ids_named
    from smarket_planner.services.views.graph_view import laid_out

    out: Path = args.output
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in GRAPH_FORMATS:
        choices = ", ".join(GRAPH_FORMATS)
        return _fail(f"say which format to write with --format ({choices}), or end OUT in one", EXIT_USAGE)
    if args.dpi > 1200:
        return _fail("--dpi goes up to 1200", EXIT_USAGE)
    if out.is_dir():
        return _fail(f"{out} is a folder; give the file to write", EXIT_USAGE)
    if not out.parent.is_dir():
        return _fail(f"the folder {out.parent} does not exist", EXIT_FAILED)
    drawn = fmt in ("png", "svg", "pdf")
    if drawn and importlib.util.find_spec("PySide6") is None:
        return _fail("drawing a graph needs PySide6: pip install 'smarket-planner[gui]'", EXIT_FAILED)
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
        return _fail(f"could not write {error.filename or out}: {error.strerror or error}", EXIT_FAILED)
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


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": cmd_new,
    "demo": cmd_demo,
    "check": cmd_check,
    "charter": cmd_charter,
    "export": cmd_export,
}


if __name__ == "__main__":
    raise SystemExit(main())
