"""What each benchmark script hands to ``run.py``: one figure per line of JSON, against its baseline.

A script given ``--figures FILE`` appends a line per figure it measured::

    {"figure": "first paint, demo plan", "value": 0.31, "baseline": 0.2, "unit": "s",
     "goal": 1.5, "note": "bare QMainWindow"}

``value`` and ``baseline`` are medians (or bests, as the script says) from the same run;
``goal`` is the largest ratio value/baseline the issue allows (None: shown for information;
a figure whose goal is a floor, such as a speed-up, gives ``"at_least": true``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def add_figure_option(parser: argparse.ArgumentParser) -> None:
    """Let a script be asked to append its figures to a file, for ``run.py``."""
    parser.add_argument("--figures", type=Path, help="append each figure as a line of JSON to this file")


def record(
    path: Path | None,
    figure: str,
    value: float,
    baseline: float | None,
    *,
    goal: float | None = None,
    unit: str = "s",
    note: str = "",
    at_least: bool = False,
) -> None:
    """Append one figure (nothing without ``--figures``)."""
    if path is None:
        return
    line: dict[str, Any] = {
        "figure": figure,
        "value": value,
        "baseline": baseline,
        "unit": unit,
        "goal": goal,
        "note": note,
        "at_least": at_least,
    }
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
