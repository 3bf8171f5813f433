"""The ``smarket-planner`` command: the desktop app by default, sub-commands for headless work.

Exit codes: 0 ok; 1 the operation failed (or ``--strict`` found problems); 2 a usage
error; 3 the plan or input file cannot be used (one line on stderr, the file untouched).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from smarket_planner.cli.codes import EXIT_BAD_PLAN, EXIT_FAILED, EXIT_OK, EXIT_USAGE, PROGRAM

__all__ = ["EXIT_BAD_PLAN", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "PROGRAM", "main", "main_gui"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (``--version`` answers before anything loads)."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words == ["--version"]:
        from smarket_planner import __version__

        print(f"{PROGRAM} {__version__}")
        return EXIT_OK
    from smarket_planner.cli.entry import main as run

    return run(words)


def main_gui() -> int:
    """The desktop launcher's entry point."""
    return main()
