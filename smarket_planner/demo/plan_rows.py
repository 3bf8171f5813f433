"""The rows a demo plan is drawn up in, and the helpers the Northwind and scale plans share."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as midnight
from random import Random
from typing import Any

from smarket_planner.resources import resource

Row = dict[str, object]
Report = Callable[[str, float], None]

# A few transactions, parents before children, so every foreign key points at a written row.
TRANSACTIONS = (
    ("function", "person"),
    ("task_force", "membership", "open_role"),
    ("goal", "goal_owner", "kpi", "kpi_owner", "check_in"),
    ("activity", "raci_assignment"),
    ("deliverable", "dependency"),
    ("risk", "decision", "decision_commitment"),
    ("question", "lesson", "lesson_function", "credit"),
)
TABLE_ORDER = tuple(name for group in TRANSACTIONS for name in group)

_LATIN = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "\u0131": "i"})


def load(name: str) -> Any:
    """One of the shipped demo data files."""
    with resource("demo", name).open(encoding="utf-8") as handle:
        return json.load(handle)


def email_local(name: str) -> str:
    """The part of an e-mail address before the @, made from a person's name."""
    plain = unicodedata.normalize("NFKD", name.translate(_LATIN)).encode("ascii", "ignore")
    words = ("".join(c for c in word if c.isalnum()) for word in plain.decode().lower().split())
    return ".".join(word for word in words if word)


def check_in_value(
    rng: Random, baseline: float, target: float, elapsed: float, trend: float, decimals: int
) -> float:
    """A KPI's value after ``elapsed`` of its time, moving toward target at ``trend`` pace."""
    progress = elapsed * trend + rng.gauss(0.0, 0.03)
    return max(0.0, round(baseline + (target - baseline) * progress, decimals))


def confidence(rng: Random, trend: float) -> int:
    """How sure the reporter is (1-10): high when on track, low when drifting away."""
    return max(1, min(10, round(2 + 7 * min(trend, 1.0) + rng.choice((-1, 0, 0, 1)))))


def situation(trend: float) -> str:
    """Which pool of check-in notes fits a KPI's trend."""
    if trend >= 1.05:
        return "ahead"
    if trend >= 0.9:
        return "on_track"
    return "behind" if trend >= 0.6 else "off_track"


class PlanRows:
    """The rows of a new plan, table by table, each stamped as written by the demo."""

    def __init__(self, today: date) -> None:
        self.today = today
        moment = datetime.combine(today, midnight(), tzinfo=UTC)
        self._stamp: Row = {"version": 1, "created_at": moment, "changed_at": moment, "changed_by": "demo"}
        self.tables: dict[str, list[Row]] = {name: [] for name in TABLE_ORDER}

    def add(self, table: str, **values: object) -> int:
        """Add a row with the next id of its table; return that id."""
        rows = self.tables[table]
        row_id = len(rows) + 1
        rows.append({"id": row_id, **values, **self._stamp})
        return row_id

    def link(self, table: str, **values: int) -> None:
        """Add a row of a table that pairs two things (goal owners, commitments)."""
        row: Row = dict(values)
        self.tables[table].append(row)

    def day(self, offset: int) -> date:
        """The date ``offset`` days from today."""
        return self.today + timedelta(days=offset)

    def add_functions(self) -> dict[str, int]:
        """The company's functions with their colours; return their ids by name."""
        return {item["name"]: self.add("function", **item) for item in load("company.json")["functions"]}
