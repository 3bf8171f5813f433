"""``smarket-planner staffing``: the open roles, who could take each and why, and the functions short
of people.

With ``--json``, one document of the schema ``smarket_planner.staffing/1``: ``schema``, ``plan``,
``today``, ``task_force`` (the one asked for, or null), ``open_roles`` (each with its task force,
function, share, days, skills and its best ``candidates``, reasons included) and
``functions_short`` (the findings of kind ``function_short`` exactly as ``check --json`` gives
them). Keys are only ever added within a schema; the same plan on the same day gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from smarket_planner.cli.common import EXIT_OK, day

if TYPE_CHECKING:
    from smarket_planner.services import Plan
    from smarket_planner.services.views.candidates_view import Candidate
    from smarket_planner.services.views.open_roles_view import OpenRoleView

SCHEMA = "smarket_planner.staffing/1"
SHOWN = 3  # candidates printed for each open role
INDENT = "  "


@dataclass(frozen=True)
class StaffingReport:
    """What the command prints: the open roles with their best candidates, and the short functions."""

    plan: str
    today: date
    task_force: tuple[int, str] | None  # the one asked for
    roles: list[tuple[OpenRoleView, tuple[date, date], list[Candidate]]]
    functions_short: list[dict[str, Any]]  # findings as ``check --json`` writes them


def add_staffing_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``staffing`` sub-command and its options."""
    staffing = commands.add_parser(
        "staffing",
        help="the open roles with the people who could take them, and the functions short of people",
    )
    staffing.add_argument("plan", help="the plan file or database URL")
    staffing.add_argument(
        "--task-force", metavar="NAME", help="only this task force's open roles (by name or number)"
    )
    staffing.add_argument("--today", type=day, help="as of this date (ISO; default: today)")
    staffing.add_argument("--json", action="store_true", help=f"JSON (schema {SCHEMA})")


def cmd_staffing(args: argparse.Namespace) -> int:
    """Print each open role with its best candidates, then the functions short of people."""
    from smarket_planner.services import as_this_version_reads_it, open_existing
    from smarket_planner.services.reports.analysis import task_force_ids_named

    today: date = args.today or date.today()
    with open_existing(args.plan, upgrade=False) as plan:
        chosen = task_force_ids_named(plan, [args.task_force])[0] if args.task_force else None
        with as_this_version_reads_it(plan) as readable:  # an older plan is not upgraded by a look
            report = staffing_report(readable, chosen, today)
    print(staffing_json(report) if args.json else "\n".join(staffing_lines(report)))
    return EXIT_OK


def staffing_report(plan: Plan, task_force_id: int | None, today: date) -> StaffingReport:
    """The open roles of one task force (or of every live one) with their best candidates, and the
    functions short of people, as the plan's analysis finds them."""
    from smarket_planner.domain import EntityKind, TaskForce
    from smarket_planner.services import get
    from smarket_planner.services.reports.analysis import finding_json
    from smarket_planner.services.views.candidates_view import candidates
    from smarket_planner.services.views.demand_view import function_shortages
    from smarket_planner.services.views.open_roles_view import open_roles
    from smarket_planner.services.views.role_bookings import role_days

    named = None
    if task_force_id is not None:
        team = get(plan, EntityKind.TASK_FORCE, task_force_id)
        assert isinstance(team, TaskForce)
        named = (team.id, team.name)
    roles = [
        (role, role_days(role, today), candidates(plan, role.id, limit=SHOWN, today=today))
        for role in open_roles(plan, task_force_id=task_force_id)
    ]
    short = [finding_json(finding) for finding in function_shortages(plan, today=today)]
    return StaffingReport(plan.title, today, named, roles, short)


def staffing_lines(report: StaffingReport) -> list[str]:
    """The report as lines of text: each team's open roles with their candidates, then the shortages."""
    from smarket_planner.analysis.plan_index import day as day_text
    from smarket_planner.analysis.plan_index import days

    where = f"on {report.task_force[1]}" if report.task_force else "on the live task forces"
    lines = [f"Open roles {where}, as of {day_text(report.today)}"]
    if not report.roles:
        lines += [f"{INDENT}None."]
    team = None
    for role, (first, last), found in report.roles:
        if role.task_force_id != team:
            team = role.task_force_id
            ink = "in pencil" if role.pencilled else "in ink"
            lines += ["", f"{role.task_force_name} ({role.status.label.lower()}: booked {ink})"]
        wants = f"; wants {', '.join(role.skills)}" if role.skills else ""
        lines.append(f"{INDENT}{role.summary}, {days(first, last)}{wants}")
        for rank, candidate in enumerate(found, 1):
            title = f", {candidate.title}" if candidate.title else ""
            lines.append(f"{INDENT * 2}{rank}. {candidate.name}{title}: {candidate.reason}")
        if not found:
            lines.append(f"{INDENT * 2}No one in {role.function_name} or with the skills wanted.")
    lines += ["", f"Functions short of people ({len(report.functions_short)})"]
    if not report.functions_short:
        lines.append(f"{INDENT}None.")
    for finding in report.functions_short:
        lines += [f"{INDENT}{finding['message']}", f"{INDENT * 2}→ {finding['action']}"]
    return lines


def staffing_json(report: StaffingReport) -> str:
    """The report as JSON in the schema smarket_planner.staffing/1."""
    team = report.task_force
    document = {
        "schema": SCHEMA,
        "plan": report.plan,
        "today": report.today.isoformat(),
        "task_force": None if team is None else {"id": team[0], "name": team[1]},
        "open_roles": [_role_json(role, days, found) for role, days, found in report.roles],
        "functions_short": report.functions_short,
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)


def _role_json(role: OpenRoleView, days: tuple[date, date], found: list[Candidate]) -> dict[str, Any]:
    """One open role with its candidates."""
    return {
        "id": role.id,
        "title": role.title,
        "name": role.name,
        "task_force": {
            "id": role.task_force_id,
            "name": role.task_force_name,
            "status": role.status.value,
            "pencilled": role.pencilled,
        },
        "function": {"id": role.function_id, "name": role.function_name},
        "role": role.role.value,
        "allocation_pct": role.allocation_pct,
        "first_day": days[0].isoformat(),
        "last_day": days[1].isoformat(),
        "skills": list(role.skills),
        "note": role.note,
        "candidates": [
            {
                "person_id": candidate.person_id,
                "name": candidate.name,
                "title": candidate.title,
                "function": {"id": candidate.function_id, "name": candidate.function_name},
                "same_function": candidate.same_function,
                "free_pct": candidate.free_pct,
                "can_take": candidate.can_take,
                "skills_matched": list(candidate.skills_matched),
                "worked_with": [{"person": who, "task_force": team} for who, team in candidate.worked_with],
                "reason": candidate.reason,
            }
            for candidate in found
        ],
    }
