"""The check report: terminal text within 100 columns, and JSON in the documented, stable schema."""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smarket_planner.analysis.health import COMPONENTS
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.analysis.report import (
    SCHEMA,
    WIDTH,
    Report,
    build_report,
    has_problems,
    render_json,
    render_text,
)
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.records import EntityKind

from .builders import TODAY, CleanPlan, clean_plan

DOCS = Path(__file__).resolve().parents[2] / "docs" / "check-json.md"
LONG = (
    "Priya Raman is booked at 140% of her week from 2 to 27 November across Pulse 3.0 Launch and "
    "DACH Market Entry, so both teams will wait on her and the launch brief will slip past its date."
)


class Plan:
    """The clean launch plus a second, troubled launch and a dispersed team."""

    def __init__(self) -> None:
        self.clean: CleanPlan = clean_plan()
        b = self.clean.builder
        self.atlas = self.clean.launch
        self.pulse = b.task_force("Pulse 3.0 Launch")
        self.old = b.task_force("Old Campaign", status=LifecycleStatus.DISPERSED)
        priya = EntityRef(EntityKind.PERSON, self.clean.priya.id, self.clean.priya.name)
        brief = EntityRef(EntityKind.DELIVERABLE, 7, "Launch brief")
        self.over = Finding(
            FindingKind.OVER_ALLOCATION,
            Severity.ERROR,
            LONG,
            "Move 40% of Priya Raman's time off Pulse 3.0 Launch, or extend its dates.",
            (self.pulse.id, self.atlas.id),
            (priya,),
            {"peak_pct": 140.0, "first_day": date(2026, 11, 2), "last_day": date(2026, 11, 27)},
        )
        self.late = Finding(
            FindingKind.LATE_DELIVERABLE,
            Severity.WARNING,
            "The launch brief ends on 12 April, after Pulse 3.0 Launch disperses.",
            "Pull the launch brief in, or extend Pulse 3.0 Launch.",
            (self.pulse.id,),
            (brief,),
            {"due_date": date(2027, 4, 12), "days_late": 12},
        )
        self.stale = Finding(
            FindingKind.STALE_KPI,
            Severity.INFO,
            "No one has checked in on Launch awareness for six weeks.",
            "Ask Jonas Weber for a check-in on Launch awareness.",
            (self.pulse.id,),
            (EntityRef(EntityKind.KPI, 3, "Launch awareness"),),
        )
        self.silo = Finding(
            FindingKind.SILOED_FUNCTION,
            Severity.WARNING,
            "Finance hands no work to any other function.",
            "Put someone from Finance on a launch team.",
        )
        self.gone = Finding(FindingKind.STALE_KPI, Severity.INFO, "Old KPI.", "Archive it.", (self.old.id,))
        self.findings = [self.over, self.late, self.stale, self.silo, self.gone]

    def data(self) -> PlanData:
        return self.clean.build()

    def report(self, **options: Any) -> Report:
        return build_report("Demo plan", self.data(), self.findings, **options)


@pytest.fixture
def plan() -> Plan:
    return Plan()


def test_the_report_holds_the_live_task_forces_by_name_with_their_findings_worst_first(plan: Plan) -> None:
    report = plan.report()
    assert report.generated_on == TODAY
    assert [(tf.name, tf.status) for tf in report.task_forces] == [
        ("Atlas Launch", LifecycleStatus.ACTIVE),
        ("Pulse 3.0 Launch", LifecycleStatus.ACTIVE),
    ]
    atlas, pulse = report.task_forces
    assert atlas.findings == (plan.over,)
    assert pulse.findings == (plan.over, plan.late, plan.stale)
    assert report.plan_findings == (plan.silo,)
    # Within a severity, plan-wide findings come first, then by task force ids.
    assert report.findings == (plan.over, plan.silo, plan.late, plan.stale)
    assert report.summary.task_force_count == 2
    assert dict(report.summary.by_severity) == {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 1}


def test_a_task_force_lists_its_findings_by_kind_whatever_teams_they_share(plan: Plan) -> None:
    path = Finding(FindingKind.CRITICAL_PATH, Severity.INFO, "Path.", "Guard it.", (plan.pulse.id,))
    shared = Finding(
        FindingKind.STALE_KPI, Severity.INFO, "Shared.", "Check in.", (plan.atlas.id, plan.pulse.id)
    )
    report = build_report("Demo plan", plan.data(), [shared, path])
    assert report.task_forces[1].findings == (path, shared)
    assert report.findings == (shared, path)  # across the plan, by task force ids first


def test_naming_task_forces_leaves_out_the_rest_and_the_plan_wide_findings(plan: Plan) -> None:
    report = plan.report(task_force_ids={plan.old.id})
    assert [tf.name for tf in report.task_forces] == ["Old Campaign"]
    assert report.plan_findings == ()
    assert report.findings == (plan.gone,)


def test_has_problems_means_a_warning_or_an_error(plan: Plan) -> None:
    assert has_problems(plan.report())
    assert not has_problems(plan.report(task_force_ids={plan.old.id}))
    assert not has_problems(build_report("Clean", clean_plan().build(), []))


def test_text_has_a_heading_and_a_points_line_per_task_force(plan: Plan) -> None:
    lines = render_text(plan.report()).splitlines()
    assert lines[0] == "Demo plan — check of 2026-11-23"
    assert set(lines[1]) == {"="}
    atlas = lines.index("Atlas Launch (active) — health 75/100, amber")
    assert lines[atlas + 1] == (
        "  coverage 15 · shared KPIs 15 · incentives 20 · RACI 10 · staffing 10 · schedule 10 · KPI status 15"
    )
    assert lines[atlas + 2] == (
        "  One open error keeps it out of the green: its parts add up to 95, counted at 79%."
    )
    pulse = lines.index("Pulse 3.0 Launch (active) — health 56/100, red")
    points = lines[pulse + 1]
    assert (
        points
        == "  coverage 15 · shared KPIs 0 · incentives 20 · RACI 0 · staffing 15 · schedule 8 · KPI status 14"
    )
    assert sum(int(item.split()[-1]) for item in points.split(" · ")) == 72  # the parts, before the error


def test_text_groups_findings_by_severity_with_bullets_and_actions(plan: Plan) -> None:
    text = render_text(plan.report())
    lines = text.splitlines()
    pulse = next(i for i, line in enumerate(lines) if line.startswith("Pulse 3.0 Launch"))
    section = lines[pulse : lines.index("Across the plan")]
    headings = [line.strip() for line in section if line.strip() in {"ERROR", "WARNING", "INFO"}]
    assert headings == ["ERROR", "WARNING", "INFO"]
    bullets = [line for line in section if line.startswith("  • ")]
    actions = [line for line in section if line.startswith("    → ")]
    assert [b[4:14] for b in bullets] == ["Priya Rama", "The launch", "No one has"]
    assert len(actions) == 3
    # The long message wraps under its bullet, and wrapping keeps every word.
    first = section.index(bullets[0])
    assert section[first + 1].startswith("    ") and not section[first + 1].startswith("    →")
    assert " ".join(line.strip() for line in section[first : first + 2]).startswith("• " + LONG[:120])
    assert "Across the plan" in lines
    assert "  • Finance hands no work to any other function." in lines
    assert "    → Put someone from Finance on a launch team." in lines


def test_no_line_is_wider_than_100_columns(plan: Plan) -> None:
    plan.clean.builder.task_force("A" * 60 + " Launch With A Very Long Name For The Market Of " + "B" * 30)
    for line in render_text(plan.report()).splitlines():
        assert len(line) <= WIDTH, line


def test_a_clean_task_force_says_so_and_the_summary_closes_the_report(plan: Plan) -> None:
    text = render_text(build_report("Clean", clean_plan().build(), []))
    assert "  No findings." in text.splitlines()
    assert text.endswith(
        "Portfolio: 1 task force, mean health 100/100.\n"
        "  Lowest health: Atlas Launch 100.\n"
        "  Findings: 0 errors, 0 warnings, 0 info.\n"
    )
    summary = render_text(plan.report()).splitlines()[-4:]
    assert summary[0].startswith("Portfolio: 2 task forces, mean health ")
    assert summary[2] == "  Findings: 1 error, 2 warnings, 1 info."
    assert summary[3] == "  By kind: Over allocation 1, Late deliverable 1, Siloed function 1, Stale KPI 1."


def test_json_round_trips_with_the_documented_keys_in_order(plan: Plan) -> None:
    document = json.loads(render_json(plan.report()))
    assert list(document) == ["schema", "plan", "generated_on", "task_forces", "findings", "summary"]
    assert document["schema"] == SCHEMA
    assert document["generated_on"] == "2026-11-23"
    task_force = document["task_forces"][0]
    assert list(task_force) == ["id", "name", "status", "health", "findings_by_severity"]
    assert list(task_force["health"]) == ["score", "band", "parts", "open_errors", "ceiling", "components"]
    assert list(task_force["health"]["components"][0]) == [
        "name",
        "weight",
        "score",
        "contribution",
        "reasons",
    ]
    for finding in document["findings"]:
        assert list(finding) == [
            "kind",
            "severity",
            "message",
            "action",
            "task_force_ids",
            "entities",
            "facts",
        ]
        for entity in finding["entities"]:
            assert list(entity) == ["kind", "id", "name"]
    assert list(document["summary"]) == [
        "task_force_count",
        "mean_health",
        "worst_task_forces",
        "findings_by_severity",
        "findings_by_kind",
    ]


def test_json_findings_appear_once_worst_first_with_iso_dates(plan: Plan) -> None:
    document = json.loads(render_json(plan.report()))
    findings = document["findings"]
    assert [f["kind"] for f in findings] == [
        "over_allocation",
        "siloed_function",
        "late_deliverable",
        "stale_kpi",
    ]
    over = findings[0]
    assert over["task_force_ids"] == [plan.pulse.id, plan.atlas.id]
    assert over["entities"] == [{"kind": "person", "id": plan.clean.priya.id, "name": "Priya Raman"}]
    assert over["facts"] == {"first_day": "2026-11-02", "last_day": "2026-11-27", "peak_pct": 140.0}
    assert findings[2]["facts"] == {"days_late": 12, "due_date": "2027-04-12"}
    assert document["summary"]["findings_by_severity"] == {"error": 1, "warning": 2, "info": 1}
    assert list(document["summary"]["findings_by_kind"]) == [
        "over_allocation",
        "late_deliverable",
        "siloed_function",
        "stale_kpi",
    ]


def test_json_is_the_same_whatever_order_the_findings_come_in(plan: Plan) -> None:
    # Twins that differ only in their facts still come out in one order.
    twin = Finding(
        FindingKind.STALE_KPI, Severity.INFO, "Twin.", "Check in.", (plan.pulse.id,), (), {"days": 40}
    )
    plan.findings += [twin, Finding(twin.kind, twin.severity, twin.message, twin.action, twin.task_force_ids)]
    first = render_json(plan.report())
    for seed in range(5):
        random.Random(seed).shuffle(plan.findings)
        assert render_json(plan.report()) == first


def test_the_documented_example_has_the_keys_the_report_gives(plan: Plan) -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    example = json.loads(blocks[0])
    actual = json.loads(render_json(plan.report()))
    assert example["schema"] == SCHEMA
    assert date.fromisoformat(example["generated_on"])
    assert list(example) == list(actual)
    assert list(example["summary"]) == list(actual["summary"])
    assert list(example["summary"]["worst_task_forces"][0]) == ["id", "name", "health"]
    assert list(example["task_forces"][0]) == list(actual["task_forces"][0])
    assert list(example["task_forces"][0]["health"]) == list(actual["task_forces"][0]["health"])
    example_components = example["task_forces"][0]["health"]["components"]
    actual_components = actual["task_forces"][0]["health"]["components"]
    assert [list(c) for c in example_components] == [list(c) for c in actual_components]
    assert [c["name"] for c in example_components] == [c["name"] for c in actual_components]
    assert [list(f) for f in example["findings"]] == [list(actual["findings"][0])] * len(example["findings"])
    assert {tuple(e) for f in example["findings"] for e in f["entities"]} == {("kind", "id", "name")}


def test_the_docs_name_every_key_kind_and_component(plan: Plan) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    actual = json.loads(render_json(plan.report()))
    keys = set(actual) | set(actual["summary"]) | set(actual["task_forces"][0]) | set(actual["findings"][0])
    keys |= set(actual["task_forces"][0]["health"]) | set(actual["task_forces"][0]["health"]["components"][0])
    for key in keys | {kind.value for kind in FindingKind} | {c.name for c in COMPONENTS}:
        assert f"`{key}`" in docs, key
