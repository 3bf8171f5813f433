"""What every sub-command shares: exit codes, one-line failures, and how dates and counts are read."""

from __future__ import annotations

import argparse
import sys
from datetime import date

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BAD_PLAN = 0, 1, 2, 3
PROGRAM = "smarket-planner"


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
