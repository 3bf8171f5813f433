"""The window's module loads no database migrations, graph library or PDF typesetter before it shows."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("alembic", "networkx", "reportlab")


def loaded_by(module: str) -> list[str]:
    """Which of the heavy libraries importing ``module`` brings in, in a fresh interpreter."""
    probe = f"import sys; import {module}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    return done.stdout.split()


@pytest.mark.parametrize(
    "module",
    ["smarket_planner.ui.app.main_window", "smarket_planner.ui.app.app", "smarket_planner.services"],
)
def test_the_window_imports_none_of_the_heavy_libraries(module: str) -> None:
    assert loaded_by(module) == []


def test_the_probe_sees_a_heavy_library_when_one_is_imported() -> None:
    assert loaded_by("smarket_planner.analysis.findings") == ["networkx"]
    assert "reportlab" in loaded_by("smarket_planner.charter.document")
