"""The check report: each task force's health and findings, as terminal text or as stable JSON."""

from __future__ import annotations

import json
import math
import textwrap
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from smarket_planner.analysis.health import PortfolioSummary, healths, held_down, portfolio_summary
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, Health, PlanData, Severity
from smarket_planner.domain.enums import LifecycleStatus

SCHEMA = "smarket_planner.check/1"
WIDTH = 100  # a terminal's columns; no line of the text report is wider
LIVE = (LifecycleStatus.PROPOSED, LifecycleStatus.FORMING, LifecycleStatus.ACTIVE)
# The points line names each component in a word or two so that all seven fit in 100 columns.
SHORT_NAMES = {
    "incentive alignment": "incentives",
    "RACI completeness": "RACI",
    "allocation": "staffing",
    "dependency risk": "schedule",
}
_KIND_ORDER = {kind: index for index, kind in enumerate(FindingKind)}


@dataclass(frozen=True)
class TaskForceReport:
    """One task force in the report: who it is, how healthy, and its findings worst first."""

    id: int
    name: str
    status: LifecycleStatus
    health: Health
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Report:
    """The whole check: every task force's health and findings, the plan-wide ones, the summary."""

    plan: str
    generated_on: date
    task_forces: tuple[TaskForceReport, ...]
    plan_findings: tuple[Finding, ...]  # findings that name no task force
    summary: PortfolioSummary

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding of the report once, in the stable order."""
        unique = {id(f): f for tf in self.task_forces for f in tf.findings}
        unique.update((id(f), f) for f in self.plan_findings)
        return sort_findings(unique.values())


def sort_findings(findings: Collection[Finding], by_task_force: bool = True) -> tuple[Finding, ...]:
    """Findings worst first, then by task force ids (unless all are one team's), kind, names, sentence."""

    def key(f: Finding) -> tuple[object, ...]:
        names = tuple(e.name for e in f.entities)
        teams = f.task_force_ids if by_task_force else ()
        facts = json.dumps(_plain(f.facts), sort_keys=True)  # the last tie-break, for identical sentences
        return (-f.severity.rank, teams, _KIND_ORDER[f.kind], names, f.message, f.action, facts)

    return tuple(sorted(findings, key=key))


def build_report(
    plan: str, data: PlanData, findings: Sequence[Finding], task_force_ids: Collection[int] | None = None
) -> Report:
    """The report of the named task forces (by default the live ones), dated the plan's today.

    Plan-wide findings are left out when task forces are named, since they are no one team's.
    """
    chosen = sorted(
        (
            tf
            for tf in data.task_forces
            if (tf.id in task_force_ids if task_force_ids is not None else tf.status in LIVE)
        ),
        key=lambda tf: (tf.name.casefold(), tf.id),
    )
    by_team: defaultdict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        for task_force_id in dict.fromkeys(finding.task_force_ids):
            by_team[task_force_id].append(finding)
    parts = tuple(
        TaskForceReport(tf.id, tf.name, tf.status, score, sort_findings(by_team[tf.id], by_task_force=False))
        for tf, score in zip(chosen, healths(chosen, findings, data), strict=True)
    )
    plan_wide = sort_findings([f for f in findings if not f.task_force_ids and task_force_ids is None])
    unique = {id(f): f for part in parts for f in part.findings} | {id(f): f for f in plan_wide}
    summary = portfolio_summary([part.health for part in parts], list(unique.values()))
    return Report(plan, data.today, parts, plan_wide, summary)


def has_problems(report: Report) -> bool:
    """Whether any warning or error was found (the --strict test)."""
    return any(f.severity is not Severity.INFO for f in report.findings)


def render_text(report: Report) -> str:
    """The report as a manager reads it in a terminal, no line wider than 100 columns."""
    lines = _wrap(f"{report.plan} — check of {report.generated_on.isoformat()}", "", "")
    lines.append("=" * min(WIDTH, max(len(line) for line in lines)))
    for part in report.task_forces:
        lines.append("")
        health = part.health
        heading = f"{part.name} ({part.status.value}) — health {health.score:.0f}/100, {health.band.value}"
        lines += _wrap(heading, "", "  ")
        lines += _points(health)
        if health.open_errors:
            lines += _wrap(held_down(health), "  ", "  ")
        lines += _findings_text(part.findings)
    if report.plan_findings:
        lines += ["", "Across the plan"]
        lines += _findings_text(report.plan_findings)
    lines += ["", *_summary_text(report)]
    return "\n".join(lines) + "\n"


def _points(value: Health) -> list[str]:
    """The points each component adds to the parts' sum, in one line when it fits (they add up to it)."""
    points = _whole_points([c.contribution for c in value.components], int(f"{value.parts:.0f}"))
    items = [f"{SHORT_NAMES.get(c.name, c.name)} {p}" for c, p in zip(value.components, points, strict=True)]
    lines = ["  " + items[0]]
    for item in items[1:]:
        if len(lines[-1]) + len(" · ") + len(item) <= WIDTH:
            lines[-1] += " · " + item
        else:
            lines.append("  " + item)
    return lines


def _whole_points(parts: Sequence[float], total: int) -> list[int]:
    """Whole points that add up to the rounded total: the largest remainders get the spare points."""
    floors = [math.floor(part) for part in parts]
    by_remainder = sorted(range(len(parts)), key=lambda i: (floors[i] - parts[i], i))
    for i in by_remainder[: max(0, total - sum(floors))]:
        floors[i] += 1
    return floors


def _findings_text(findings: Sequence[Finding]) -> list[str]:
    """Findings grouped under ERROR, WARNING and INFO, each a bullet with its action below."""
    if not findings:
        return ["  No findings."]
    lines: list[str] = []
    for severity in sorted(Severity, key=lambda s: -s.rank):
        group = [f for f in findings if f.severity is severity]
        if group:
            lines.append(f"  {severity.name}")
        for finding in group:
            lines += _wrap(finding.message, "  • ", "    ")
            lines += _wrap(finding.action, "    → ", "      ")
    return lines


def _summary_text(report: Report) -> list[str]:
    """The portfolio in a few lines: mean health, the worst teams, findings counted."""
    summary = report.summary
    names = {part.id: part.name for part in report.task_forces}
    count = summary.task_force_count
    head = f"Portfolio: {count} task force{'s' if count != 1 else ''}"
    if summary.mean_health is not None:
        head += f", mean health {summary.mean_health:.0f}/100"
    lines = _wrap(head + ".", "", "  ")
    if summary.worst:
        worst = ", ".join(
            f"{names.get(h.task_force_id, h.task_force_id)} {h.score:.0f}" for h in summary.worst
        )
        lines += _wrap(f"Lowest health: {worst}.", "  ", "    ")
    counts = ", ".join(
        f"{n} {s.value}{'s' if n != 1 and s is not Severity.INFO else ''}"
        for s, n in summary.by_severity.items()
    )
    lines += _wrap(f"Findings: {counts}.", "  ", "    ")
    if summary.by_kind:
        kinds = ", ".join(f"{_label(kind)} {n}" for kind, n in summary.by_kind.items())
        lines += _wrap(f"By kind: {kinds}.", "  ", "    ")
    return lines


def _label(kind: FindingKind) -> str:
    """The kind as a manager says it, with KPI and RACI in capitals."""
    words = kind.value.replace("_", " ").replace("raci", "RACI").replace("kpi", "KPI")
    return words[0].upper() + words[1:]


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """The text wrapped to the report's width with the given indents."""
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest) or [first.rstrip()]


def _number(value: float) -> str:
    """A score to one decimal, without a trailing ".0"."""
    return f"{round(value, 1):g}"


def render_json(report: Report) -> str:
    """The report as JSON in the documented schema smarket_planner.check/1 (docs/check-json.md)."""
    names = {part.id: part.name for part in report.task_forces}
    summary = report.summary
    document = {
        "schema": SCHEMA,
        "plan": report.plan,
        "generated_on": report.generated_on.isoformat(),
        "task_forces": [
            {
                "id": part.id,
                "name": part.name,
                "status": part.status.value,
                "health": _health_json(part.health),
                "findings_by_severity": _by_severity(part.findings),
            }
            for part in report.task_forces
        ],
        "findings": [finding_json(finding) for finding in report.findings],
        "summary": {
            "task_force_count": summary.task_force_count,
            "mean_health": summary.mean_health,
            "worst_task_forces": [
                {"id": h.task_force_id, "name": names.get(h.task_force_id, ""), "health": h.score}
                for h in summary.worst
            ],
            "findings_by_severity": {s.value: n for s, n in summary.by_severity.items()},
            "findings_by_kind": {kind.value: n for kind, n in summary.by_kind.items()},
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _health_json(value: Health) -> dict[str, object]:
    """A health score and its components."""
    return {
        "score": value.score,
        "band": value.band.value,
        "parts": value.parts,
        "open_errors": value.open_errors,
        "ceiling": value.ceiling,
        "components": [
            {
                "name": c.name,
                "weight": c.weight,
                "score": round(c.score, 1),
                "contribution": round(c.contribution, 1),
                "reasons": list(c.reasons),
            }
            for c in value.components
        ],
    }


def _by_severity(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings counted per severity, worst first, zeros included."""
    return {s.value: sum(f.severity is s for f in findings) for s in sorted(Severity, key=lambda s: -s.rank)}


def finding_json(finding: Finding) -> dict[str, object]:
    """One finding with its entities and facts, dates as ISO strings."""
    return {
        "kind": finding.kind.value,
        "severity": finding.severity.value,
        "message": finding.message,
        "action": finding.action,
        "task_force_ids": list(finding.task_force_ids),
        "entities": [_plain(entity) for entity in finding.entities],
        "facts": _plain(finding.facts),
    }


def _plain(value: object) -> object:
    """A fact as JSON holds it: dates as ISO strings, enums as their values, keys sorted."""
    if isinstance(value, EntityRef):
        return {"kind": value.kind.value, "id": value.id, "name": value.name}
    if isinstance(value, Enum):
        return _plain(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, date):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _plain(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, set | frozenset):
        return sorted((_plain(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value)
