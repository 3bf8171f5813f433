"""The ``smarket-planner`` command: the desktop app by default, sub-commands for headless work.

Exit codes: 0 ok; 1 the operation failed (or ``--strict`` found problems); 2 a usage
error; 3 the plan or input file cannot be used (one line on stderr, the file untouched).
"""

from smarket_planner.cli.common import EXIT_BAD_PLAN, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from smarket_planner.cli.entry import main, main_gui

__all__ = ["EXIT_BAD_PLAN", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "main", "main_gui"]
