"""What every sub-command shares: exit codes, one-line failures, and how dates and counts are read."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

# The exit codes and the program's name live apart, so ``--version`` needs nothing else.
from smarket_planner.cli.codes import EXIT_BAD_PLAN as EXIT_BAD_PLAN
from smarket_planner.cli.codes import EXIT_FAILED as EXIT_FAILED
from smarket_planner.cli.codes import EXIT_OK as EXIT_OK
from smarket_planner.cli.codes import EXIT_USAGE as EXIT_USAGE
from smarket_planner.cli.codes import PROGRAM as PROGRAM


class UsageError(Exception):
    """The command line itself is wrong."""


def positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date such as 2026-03-31") from None


def fail(message: str, code: int) -> int:
    """Say what went wrong in one line on stderr; return the exit code."""
    print(f"{PROGRAM}: {' '.join(message.split())}", file=sys.stderr)
    return code


def is_address(plan: str) -> bool:
    """Whether a plan is named by a database URL rather than a file path (as the plan opener tells them)."""
    return "://" in plan


def share_password(plan: str) -> None:
    """Put a password written in a database URL where helper processes find it (PGPASSWORD)."""
    # The plan opener takes a URL's password out of the plan's address, so a process that opens
    # the plan again by that address finds the password only where the database driver looks.
    if not is_address(plan):
        return
    try:
        parts = urlsplit(plan)
        password = parts.password
    except ValueError:
        return
    in_query = parse_qs(parts.query).get("password")
    if password is not None:
        os.environ["PGPASSWORD"] = unquote(password)
    elif in_query:
        os.environ["PGPASSWORD"] = in_query[-1]
