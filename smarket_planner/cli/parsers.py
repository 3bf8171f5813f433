"""The command line's shape: every sub-command with its options, and the app's own options."""

from __future__ import annotations

import argparse
from pathlib import Path

from smarket_planner import __version__
from smarket_planner.cli.common import PROGRAM, day, positive
from smarket_planner.cli.exchange import EXCHANGE_FORMATS, add_exchange_commands
from smarket_planner.cli.review import add_review_command
from smarket_planner.cli.staffing import add_staffing_command
from smarket_planner.cli.transfer import add_transfer_commands


def build_parser() -> argparse.ArgumentParser:
    """The command line: options and sub-commands."""
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Plan cross-functional task forces. With no command, opens the app.",
        epilog="To open the app: smarket-planner [PLAN] [--smoke [--screenshot FILE.png]]. "
        "Exit codes: 0 ok, 1 failed, 2 usage error, 3 plan file cannot be used. "
        "PLAN is a plan file or a PostgreSQL database URL, postgresql+psycopg://user@host:port/db "
        "(its password from PGPASSWORD or ~/.pgpass).",
    )
    parser.add_argument("--version", action="version", version=f"{PROGRAM} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser("new", help="create a new, empty plan file (or plan database)")
    new.add_argument("plan", help="the plan file to create (.smplan), or the URL of an empty database")
    new.add_argument("--title", default="", help="the plan's name (default: the file or database name)")
    new.add_argument("--force", action="store_true", help="replace an existing file")

    demo = commands.add_parser("demo", help="write a realistic demo plan (or a large one)")
    demo.add_argument("plan", help="the plan file to write, or the URL of an empty database")
    demo.add_argument("--people", type=positive, help="generate a plan of this many people")
    demo.add_argument("--task-forces", type=positive, help="and this many task forces")
    demo.add_argument("--seed", type=int, default=7, help="the same seed gives the same plan")
    demo.add_argument("--today", type=day, help="the date the plan is set around (ISO)")
    demo.add_argument("--force", action="store_true", help="replace an existing file")

    check = commands.add_parser("check", help="find what pulls task forces apart: health scores and findings")
    check.add_argument("plan", help="the plan file or database URL")
    check.add_argument(
        "--task-force",
        action="append",
        metavar="NAME",
        help="only this task force (by name; repeat for several)",
    )
    check.add_argument(
        "--today",
        type=day,
        help="judge the plan as of this date (ISO; default: today), so that a report can be made again",
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
        "--processes", type=positive, help="how many charters to write at once (default: CPUs)"
    )
    add_review_command(commands)
    add_staffing_command(commands)
    _add_export(commands)
    add_exchange_commands(commands)
    add_transfer_commands(commands)
    return parser


GRAPH_FORMATS = ("png", "svg", "pdf", "graphml", "gexf", "dot")


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export", help="write a graph, the whole plan as JSON, or its dates as a calendar (.ics) to a file"
    )
    export.add_argument("plan", help="the plan file or database URL")
    export.add_argument(
        "--format",
        choices=GRAPH_FORMATS + EXCHANGE_FORMATS,
        help="the file format (default: from the end of OUT's name); json and ics for the plan and its dates",
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
    export.add_argument("--dpi", type=positive, default=144, help="resolution of a PNG (default 144)")


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
    parser.add_argument(
        "--startup-trace",
        action="store_true",
        help="print to stderr the milliseconds since the process started at: window shown, first paint, "
        "task forces listed, first analysis done",
    )
    return parser
