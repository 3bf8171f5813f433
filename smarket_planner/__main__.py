"""Run smarket_planner with ``python -m smarket_planner``."""

from smarket_planner.cli import main

raise SystemExit(main())
