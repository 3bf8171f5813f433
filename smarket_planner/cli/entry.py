"""Where the command starts: the app by default, else the sub-command asked for."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from smarket_planner.cli import commands, exchange, review, staffing, transfer
from smarket_planner.cli.common import EXIT_BAD_PLAN, EXIT_FAILED, fail
from smarket_planner.cli.parsers import build_app_parser, build_parser


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
    return open_app(
        app_args.plan, smoke=app_args.smoke, screenshot=app_args.screenshot, trace=app_args.startup_trace
    )


def run_command(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one sub-command, turning plan and domain errors into one line and an exit code."""
    from smarket_planner.domain.errors import (
        DomainError,
        PasswordNeededError,
        PlanExistsError,
        PlanFileError,
    )

    try:
        return command(args)
    except PlanExistsError as error:
        return fail(f"{error} Add --force to replace it.", EXIT_BAD_PLAN)
    except PasswordNeededError as error:
        return fail(f"{error} Give it in the PGPASSWORD environment variable or in ~/.pgpass.", EXIT_BAD_PLAN)
    except PlanFileError as error:
        return fail(str(error), EXIT_BAD_PLAN)
    except DomainError as error:
        return fail(str(error), EXIT_FAILED)
    except KeyboardInterrupt:
        return fail("interrupted; every change made so far is saved", EXIT_FAILED)
    except BrokenPipeError:
        # The reader (say, `head`) went away: stop quietly, as Python's documentation advises.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


def open_app(
    plan: str | None, *, smoke: bool = False, screenshot: Path | None = None, trace: bool = False
) -> int:
    """Open the desktop app (Qt is loaded only here)."""
    if importlib.util.find_spec("PySide6") is None:
        return fail("the desktop app needs PySide6: pip install 'smarket-planner[gui]'", EXIT_FAILED)
    app = importlib.import_module("smarket_planner.ui.app.app")
    return int(app.run(plan, smoke=smoke, screenshot=screenshot, trace=trace))


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": commands.cmd_new,
    "demo": commands.cmd_demo,
    "check": commands.cmd_check,
    "charter": commands.cmd_charter,
    "review": review.cmd_review,
    "staffing": staffing.cmd_staffing,
    "export": commands.cmd_export,
    "roster": exchange.cmd_roster,
    "import": exchange.cmd_import,
    "copy": transfer.cmd_copy,
    "upgrade": transfer.cmd_upgrade,
}
