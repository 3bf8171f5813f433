"""What plans written by older releases held, in raw SQL terms, and how to write one at a given revision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, inspect, text

from smarket_planner.domain.rules import name_key

STAMP = {
    "version": 1,
    "created_at": "2026-01-05 09:00:00.000000",
    "changed_at": "2026-01-06 10:30:00.000000",
    "changed_by": "ann",
}

# What a plan written by the previous release held, table by table, in raw SQL terms.
OLD_PLAN: dict[str, list[dict[str, object]]] = {
    "plan_meta": [{"key": "application", "value": "smarket_planner"}, {"key": "title", "value": "Nordics"}],
    "function": [
        {"id": 1, "name": "Sales", "colour": "#1f77b4", "description": "Owns the quota", **STAMP},
        {"id": 2, "name": "Marketing", "colour": "#ff7f0e", "description": "", **STAMP},
    ],
    "person": [
        {
            "id": 1,
            "name": "Ann Lee",
            "function_id": 1,
            "title": "Head of sales",
            "email": "ann@example.com",
            "location": "Oslo",
            "capacity_pct": 80.0,
            **STAMP,
        },
        {
            "id": 2,
            "name": "Bo Berg",
            "function_id": 2,
            "title": "Campaign lead",
            "email": None,
            "location": "",
            "capacity_pct": 100.0,
            **STAMP,
        },
    ],
    "task_force": [
        {
            "id": 1,
            "name": "Nordic launch",
            "kind": "product_launch",
            "status": "active",
            "objective": "Launch in the Nordics",
            "why": "Grow outside Germany",
            "sponsor_id": 1,
            "lead_id": 2,
            "start_date": "2026-01-05",
            "end_date": "2026-06-30",
            "rhythm_frequency": "weekly",
            "rhythm_weekday": 1,
            "rhythm_time": "09:00",
            "rhythm_label": "Stand-up",
            "reformed_from_id": None,
            **STAMP,
        }
    ],
    "membership": [
        {
            "id": 1,
            "task_force_id": 1,
            "person_id": 1,
            "role": "lead",
            "allocation_pct": 40.0,
            "start_date": "2026-01-05",
            "end_date": None,
            **STAMP,
        },
        {
            "id": 2,
            "task_force_id": 1,
            "person_id": 2,
            "role": "core",
            "allocation_pct": 20.0,
            "start_date": None,
            "end_date": None,
            **STAMP,
        },
    ],
    "goal": [{"id": 1, "task_force_id": 1, "title": "Win the Nordics", "description": "", **STAMP}],
    "goal_owner": [{"goal_id": 1, "function_id": 1}, {"goal_id": 1, "function_id": 2}],
    "kpi": [
        {
            "id": 1,
            "goal_id": 1,
            "title": "Qualified leads",
            "unit": "leads",
            "baseline": 10.0,
            "target": 200.0,
            "direction": "up",
            "start_date": "2026-01-05",
            "due_date": "2026-06-30",
            "weight": 1.0,
            "incentive_pct": 5.0,
            "commitment": "committed",
            "accountable_id": 1,
            **STAMP,
        }
    ],
    "kpi_owner": [{"kpi_id": 1, "function_id": 1}, {"kpi_id": 1, "function_id": 2}],
    "check_in": [
        {
            "id": 1,
            "kpi_id": 1,
            "checked_on": "2026-02-01",
            "value": 45.0,
            "confidence": 7,
            "note": "On track",
            **STAMP,
        }
    ],
    "activity": [{"id": 1, "task_force_id": 1, "name": "Lead qualification", "description": "", **STAMP}],
    "raci_assignment": [
        {"id": 1, "activity_id": 1, "letter": "A", "function_id": 1, "person_id": None, **STAMP},
        {"id": 2, "activity_id": 1, "letter": "R", "function_id": None, "person_id": 2, **STAMP},
    ],
    "deliverable": [
        {
            "id": 1,
            "task_force_id": 1,
            "title": "Qualified leads list",
            "owner_id": 2,
            "duration_days": 5.0,
            "start_date": "2026-01-12",
            "due_date": "2026-01-16",
            "status": "done",
            **STAMP,
        },
        {
            "id": 2,
            "task_force_id": 1,
            "title": "First calls",
            "owner_id": 1,
            "duration_days": 10.0,
            "start_date": "2026-01-19",
            "due_date": None,
            "status": "in_progress",
            **STAMP,
        },
    ],
    "dependency": [{"id": 1, "upstream_id": 1, "downstream_id": 2, "kind": "hand_off", **STAMP}],
    "risk": [
        {
            "id": 1,
            "task_force_id": 1,
            "title": "Pricing slips",
            "description": "",
            "severity": "high",
            "likelihood": "possible",
            "status": "open",
            "owner_id": 1,
            "raised_by_id": 2,
            "raised_on": "2026-01-10",
            "mitigation": "Weekly review",
            **STAMP,
        }
    ],
    "decision": [
        {
            "id": 1,
            "task_force_id": 1,
            "title": "Sweden first",
            "decided_on": "2026-01-12",
            "decided_by_id": 1,
            "data": "Pilot pipeline",
            "reasoning": "Largest pipeline",
            **STAMP,
        }
    ],
    "decision_commitment": [{"decision_id": 1, "person_id": 1}, {"decision_id": 1, "person_id": 2}],
}


# Places dragged in graph views (revision 0002 on), keyed by view and node; 0003 gave them an id and a stamp.
PLACES: list[dict[str, object]] = [
    {"view": "people:portfolio", "node_key": "person:1", "x": 12.5, "y": -4.0, **STAMP},
    {"view": "deliverables:task-force:1", "node_key": "deliverable:2", "x": 0.0, "y": 7.0, **STAMP},
]


def fill_old_plan(connection: Connection, *, numbered_by_the_database: bool = False) -> None:
    """Write the old plan's rows into a plan at an older revision, as that release would have stored them.

    Rows are given only the columns the revision has (a folded key worked out as the release did); with
    ``numbered_by_the_database`` the ids are left to the tables' own counters, as a server plan's were.
    """
    tables = set(inspect(connection).get_table_names())
    for table, rows in [*OLD_PLAN.items(), ("view_position", PLACES)]:
        if table not in tables:
            continue
        columns = {column["name"] for column in inspect(connection).get_columns(table)}
        if numbered_by_the_database:
            columns.discard("id")
        kept = [_row_for(row, columns) for row in rows]
        names = list(kept[0])
        listed = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join(f":{name}" for name in names)
        connection.execute(text(f'INSERT INTO "{table}" ({listed}) VALUES ({marks})'), kept)


def _row_for(row: dict[str, object], columns: set[str]) -> dict[str, Any]:
    kept = {name: value for name, value in row.items() if name in columns}
    if "name_key" in columns:
        kept["name_key"] = name_key(str(row["name"]))
    return kept
