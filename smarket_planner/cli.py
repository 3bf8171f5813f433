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
    return parser


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
    app = importlib.import_module("smarket_planner.ui.app")
    return int(app.run(plan, smoke=smoke, screenshot=screenshot))


def cmd_new(args: argparse.Namespace) -> int:
    """Create an empty plan."""
    from smarket_planner.services import new_plan

    with new_plan(args.plan, title=args.title, force=args.force) as plan:
        print(f"Created the plan '{plan.title}' at {plan.location}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo plan, or a generated plan of the size asked for."""
    from smarket_planner.services.demo import generate_demo

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
    from smarket_planner.services.analysis import (
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


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": cmd_new,
    "demo": cmd_demo,
    "check": cmd_check,
}


if __name__ == "__main__":
    raise SystemExit(main())
