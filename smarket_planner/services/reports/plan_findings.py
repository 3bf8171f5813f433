"""What the window shows of the analysis, kept up to date one edit at a time."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from smarket_planner.analysis.model import NETWORK_KINDS, Finding, FindingKind, Health
from smarket_planner.analysis.report import LIVE, Report, sort_findings


@dataclass(frozen=True)
class PlanFindings:
    """Each live task force's health and name, and every finding, worst first.

    ``scope`` says what the latest analysis looked at: the task forces named, or None for the
    whole plan.
    """

    health: Mapping[int, Health]
    names: Mapping[int, str]
    findings: tuple[Finding, ...]
    scope: tuple[int, ...] | None = None

    @classmethod
    def of(cls, report: Report) -> PlanFindings:
        """The findings of a whole-plan analysis."""
        return cls(
            {part.id: part.health for part in report.task_forces},
            {part.id: part.name for part in report.task_forces},
            report.findings,
        )

    def updated(
        self, report: Report, scope: Collection[int], shortages: Collection[Finding] = ()
    ) -> PlanFindings:
        """These findings with those of the task forces in ``scope`` replaced by ``report``'s of them.

        A finding naming any task force in scope is the new analysis's to give, except the
        plan-wide network's (who links whom), which only a whole-plan analysis gives. The functions
        short of people are all replaced by ``shortages``, worked out afresh for the whole plan. A
        task force no longer live (or gone) leaves the health shown, as in a whole-plan analysis.
        """
        redone = set(scope)
        live = [part for part in report.task_forces if part.id in redone and part.status in LIVE]
        health = {ident: value for ident, value in self.health.items() if ident not in redone}
        health.update((part.id, part.health) for part in live)
        names = {ident: name for ident, name in self.names.items() if ident not in redone}
        names.update((part.id, part.name) for part in live)
        kept = [
            f
            for f in self.findings
            if f.kind is not FindingKind.FUNCTION_SHORT
            and (f.kind in NETWORK_KINDS or redone.isdisjoint(f.task_force_ids))
        ]
        fresh = {id(f): f for part in live for f in part.findings if f.kind not in NETWORK_KINDS}
        found = sort_findings([*kept, *fresh.values(), *shortages])
        return PlanFindings(health, names, found, tuple(sorted(redone)))
