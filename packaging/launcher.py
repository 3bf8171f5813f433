"""The bundle's one program: the desktop app and every command, as ``smarket-planner`` runs them."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Charter batches run in worker processes started from this same program: they must be
    # told apart from a user's launch before anything else happens.
    multiprocessing.freeze_support()
    from smarket_planner.cli import main

    sys.exit(main())
