"""Running the real ``smarket-planner`` command as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

RunCli = Callable[..., subprocess.CompletedProcess[str]]
# Variables that would hand the command a password or a server the test did not choose.
_PG_VARIABLES = ("PGPASSWORD", "PGPASSFILE", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE")


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run ``python -m smarket_planner ARGS`` in ``tmp_path`` (or ``cwd``); text out, never raises."""
    # ``env`` sets (or, with None, removes) variables of the command's environment; the
    # PostgreSQL ones of the test run itself are never handed on.

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str | None] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {name: value for name, value in os.environ.items() if name not in _PG_VARIABLES}
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        return subprocess.run(
            [sys.executable, "-m", "smarket_planner", *args],
            cwd=cwd or tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
            env=environment,
        )

    return run
