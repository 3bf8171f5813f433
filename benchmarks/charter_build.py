"""Time a 60-member charter against a bare ReportLab document with the same paragraphs and tables.

    .venv/bin/python benchmarks/charter_build.py [--members 60] [--repeat 5] [--keep FOLDER]

Builds, through the services, a plan in a temporary folder: the demo company with its
"Pulse 3.0 Launch" grown to 60 members across the seven functions, 6 goals, 12 KPIs with
weekly check-ins, 10 activities with a RACI, 20 deliverables with dependencies, 8 risks and
5 decisions. Then times, in one process, best of ``--repeat`` after one warm-up each:

(a) ``charter_content`` (reading the task force from the plan),
(b) ``charter_bytes`` (typesetting the charter from that content), and
(c) a bare ReportLab document built from the same content: the same words in the same
    paragraph styles and tables, without the charter's extras.

The goal is (b)/(c) of at most 1.3; (a+b)/(c) is printed for information.

    .venv/bin/python benchmarks/charter_build.py --bare-only CONTENT.pickle OUT.pdf

only typesets the bare document (c) from a pickled ``CharterContent`` into a file, for
``cli_process.py``: a whole process importing ReportLab and the charter's styles and fonts,
but not the services, SQLAlchemy or the charter's graph drawing (NetworkX): they are imported
where the plan is built and read and the charter typeset.
"""

from __future__ import annotations

import argparse
import io
import pickle
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from figures import add_figure_option, record
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from smarket_planner.analysis.plan_index import day, number
from smarket_planner.charter.fonts import register_fonts
from smarket_planner.charter.model import CharterContent, CharterOptions, PageSize, Section
from smarket_planner.charter.sections_team import span
from smarket_planner.charter.sections_work import TOP_FINDINGS, raci_columns, raci_widths
from smarket_planner.charter.styles import ACCENT, MARGIN, RULE, styles
from smarket_planner.demo.plan_rows import load
from smarket_planner.domain.records import EntityKind as K

if TYPE_CHECKING:
    from smarket_planner.services import Plan

TEAM = "Pulse 3.0 Launch"
TODAY = date(2026, 11, 23)
GOALS, KPIS, ACTIVITIES, DELIVERABLES, RISKS, DECISIONS = 6, 12, 10, 20, 8, 5
_PAGE = re.compile(rb"/Type /Page\b(?!s)")
# Activities beyond the demo's and the scale texts': (name, description, accountable, responsible).
MORE_ACTIVITIES = (
    ("Launch event run of show", "Who books, runs and follows up the launch webinars.", "Marketing", "PR"),
    ("Analyst briefings", "Who briefs the analysts and answers their follow-up questions.", "PR", "Product"),
    (
        "Beta customer references",
        "Who asks beta customers to speak for us, and when.",
        "Customer Service",
        "Sales",
    ),
)


# --- The plan ---------------------------------------------------------------------------


def _people(plan: Plan, rng: Random, wanted: int, busy: set[int]) -> list[int]:
    """``wanted`` people not yet on the team: the demo's own first, then new hires."""
    from smarket_planner import services

    functions = {item.name: item.id for item in services.find(plan, K.FUNCTION)}
    free = [person.id for person in services.find(plan, K.PERSON) if person.id not in busy]
    chosen = free[:wanted]
    pools = load("names.json")
    names = list(pools["functions"])
    shares = [pools["functions"][name]["share"] for name in names]
    while len(chosen) < wanted:
        function = rng.choices(names, shares)[0]
        first, last = rng.choice(pools["first_names"]), rng.choice(pools["last_names"])
        person = services.create(
            plan,
            K.PERSON,
            name=f"{first} {last}",
            function_id=functions[function],
            title=rng.choice(pools["functions"][function]["titles"]),
            location=rng.choice(pools["locations"]),
        ).value
        chosen.append(person.id)
    return chosen


def _goals_and_kpis(plan: Plan, rng: Random, team: Any, members: list[int], today: date) -> None:
    """Goals up to ``GOALS`` and KPIs up to ``KPIS``, each new KPI with weekly check-ins so far."""
    from smarket_planner import services

    texts = load("scale.json")
    functions = {item.name: item.id for item in services.find(plan, K.FUNCTION)}
    goals = services.find(plan, K.GOAL, task_force_id=team.id)
    kpis = sum(len(services.find(plan, K.KPI, goal_id=goal.id)) for goal in goals)
    for spec in texts["goals"]:
        if len(goals) >= GOALS:
            break
        goal = services.create(
            plan,
            K.GOAL,
            task_force_id=team.id,
            title=spec["title"],
            description=spec["description"],
            owner_function_ids=tuple(functions[name] for name in spec["owners"]),
        ).value
        goals.append(goal)
        for kpi_spec in spec["kpis"][: KPIS - kpis]:
            kpi = services.create(
                plan,
                K.KPI,
                goal_id=goal.id,
                title=kpi_spec["title"],
                unit=kpi_spec["unit"],
                baseline=float(kpi_spec["baseline"]),
                target=float(kpi_spec["target"]),
                direction=kpi_spec["direction"],
                start_date=team.start_date,
                due_date=team.end_date,
                incentive_pct=float(rng.choice((0, 5, 10))),
                accountable_id=rng.choice(members),
                owner_function_ids=tuple(functions[name] for name in spec["owners"]),
            ).value
            kpis += 1
            when, weeks = team.start_date + timedelta(days=7), (team.end_date - team.start_date).days / 7
            step = 1
            while when <= today:
                share = min(1.0, step / weeks) * rng.uniform(0.7, 1.1)
                value = round(kpi.baseline + (kpi.target - kpi.baseline) * share, 1)
                services.record_check_in(plan, kpi.id, when, max(0.0, value), confidence=rng.randint(4, 9))
                when, step = when + timedelta(days=7), step + 1


def _activities(plan: Plan, rng: Random, team: Any) -> None:
    """Activities up to ``ACTIVITIES``, each with an A, an R, a C and an I among the functions."""
    from smarket_planner import services

    texts = load("scale.json")
    functions = {item.name: item.id for item in services.find(plan, K.FUNCTION)}
    have = {item.name for item in services.find(plan, K.ACTIVITY, task_force_id=team.id)}
    more = [dict(zip(("name", "description", "a", "r"), item, strict=True)) for item in MORE_ACTIVITIES]
    for spec in [*texts["activities"], *more]:
        if len(have) >= ACTIVITIES:
            break
        if spec["name"] in have:
            continue
        activity = services.create(
            plan, K.ACTIVITY, task_force_id=team.id, name=spec["name"], description=spec["description"]
        ).value
        have.add(spec["name"])
        others = [name for name in functions if name not in (spec["a"], spec["r"])]
        for letter, name in zip("ARCI", [spec["a"], spec["r"], *rng.sample(others, 2)], strict=True):
            services.set_raci(plan, activity.id, letter, function_id=functions[name])


def _work(plan: Plan, rng: Random, team: Any, members: list[int], today: date) -> None:
    """Deliverables up to ``DELIVERABLES`` chained to the last ones, risks and decisions."""
    from smarket_planner import services

    texts = load("scale.json")
    own = services.find(plan, K.DELIVERABLE, task_force_id=team.id)
    titles = {item.title for item in own}
    length = (team.end_date - team.start_date).days
    fresh = [title for title in texts["deliverables"] if title not in titles]
    for number_, title in enumerate(fresh[: DELIVERABLES - len(own)]):
        begins = team.start_date + timedelta(days=number_ * length // 10)
        due = min(team.end_date, begins + timedelta(days=rng.randint(7, 28)))
        status = "done" if due <= today else "planned" if begins > today else "in_progress"
        item = services.create(
            plan,
            K.DELIVERABLE,
            task_force_id=team.id,
            title=title,
            owner_id=rng.choice(members),
            duration_days=float((due - begins).days),
            start_date=begins,
            due_date=due,
            status=status,
        ).value
        upstream = rng.choice(own[-4:])
        services.add_dependency(plan, upstream.id, item.id, rng.choice(("blocking", "hand_off")))
        own.append(item)
    for spec in texts["risks"][: RISKS - len(services.find(plan, K.RISK, task_force_id=team.id))]:
        services.create(
            plan,
            K.RISK,
            task_force_id=team.id,
            title=spec["title"],
            description=spec["description"],
            mitigation=spec["mitigation"],
            severity=rng.choice(("low", "medium", "high", "critical")),
            likelihood=rng.choice(("rare", "unlikely", "possible", "likely")),
            owner_id=rng.choice(members),
            raised_by_id=rng.choice(members),
            raised_on=today - timedelta(days=rng.randint(1, 60)),
        )
    for spec in texts["decisions"][: DECISIONS - len(services.find(plan, K.DECISION, task_force_id=team.id))]:
        services.create(
            plan,
            K.DECISION,
            task_force_id=team.id,
            title=spec["title"],
            data=spec["data"],
            reasoning=spec["reasoning"],
            decided_on=today - timedelta(days=rng.randint(1, 60)),
            decided_by_id=team.lead_id,
            committed_person_ids=tuple(rng.sample(members, 3)),
        )


def build_plan(path: Path, size: int, today: date, seed: int) -> int:
    """The demo plan with its launch team grown to ``size`` members and fuller work; its id."""
    from smarket_planner import services
    from smarket_planner.demo.northwind import generate_demo

    generate_demo(path, seed=seed, force=True, today=today)
    rng = Random(seed)
    with services.open_existing(path) as plan:
        team = next(item for item in services.find(plan, K.TASK_FORCE) if item.name == TEAM)
        members = [item.person_id for item in services.find(plan, K.MEMBERSHIP, task_force_id=team.id)]
        for person in _people(plan, rng, size - len(members), set(members)):
            role = rng.choices(("core", "extended", "advisor"), (50, 35, 15))[0]
            services.add_member(
                plan, team.id, person, role=role, allocation_pct=float(rng.choice((10, 20, 25, 30, 50)))
            )
            members.append(person)
        _goals_and_kpis(plan, rng, team, members, today)
        _activities(plan, rng, team)
        _work(plan, rng, team, members, today)
        return int(team.id)


# --- The bare ReportLab document ---------------------------------------------------------
#
# What the baseline includes: a SimpleDocTemplate of the charter's paper and margins (one
# portrait page template), the fonts the charter registers, the charter's own paragraph
# styles (so lines wrap alike), and every text the charter prints, gathered from the same
# CharterContent and formatted with the same helpers (dates, numbers), as Paragraphs, in
# tables of the same rows, columns and column widths (cells holding several paragraphs hold
# them as a list, as the charter's do), each with a plain TableStyle: a coloured header row
# repeated on every page, a grid, top alignment and the charter's cell padding.
#
# What it leaves out (the charter's extras): markup() on every text (control characters,
# right-to-left order, a font per run of CJK), the shaping and CJK detection per paragraph,
# coloured chips and bullets, zebra stripes and group rows' shading, CondPageBreak before
# headings, KeepTogether, the sparklines and score bars (empty cells instead), the nested
# title, score and signature tables (their words are in plain tables or lists instead), the
# dependency graph drawing (its heading, legend and critical path line are kept), landscape
# pages and the footer's "page x of y" canvas. Texts are escaped with xml.sax.saxutils.escape
# (a plain document of user text needs that much: "FP&A Manager").


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(text), styles()[style])


def _plain_table(rows: list[list[Any]], widths: list[float]) -> Table:
    grid = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return grid


def _head(*texts: str) -> list[Any]:
    return [_p(text, "head") for text in texts]


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "\u2014"
    joiner = "" if unit in ("%", "\u20ac", "$", "\u00a3") or not unit else " "
    return f"{number(value)}{joiner}{unit}"


def _bare_team(content: CharterContent, width: float) -> list[Flowable]:
    team = content.task_force
    facts = [
        ("Sponsor", content.person_name(team.sponsor_id) or "not named"),
        ("Lead", content.person_name(team.lead_id) or "not named"),
        ("Runs", span(team.start_date, team.end_date)),
        ("Members", str(len(content.memberships))),
    ]
    out: list[Flowable] = [
        _p("TASK FORCE CHARTER", "label"),
        _p(team.name, "title"),
        _p(f"{team.kind.label} \u00b7 {team.status.label} \u00b7 {content.plan_title}", "subtitle"),
        _plain_table(
            [[_p(label, "label") for label, _ in facts], [_p(value, "value") for _, value in facts]],
            [width * share for share in (0.25, 0.25, 0.38, 0.12)],
        ),
        _p("Objective", "h1"),
        _p(team.objective or "No objective has been written yet.", "lead"),
    ]
    if team.why:
        out += [_p("Why it matters", "h2"), _p(team.why, "body")]
    rhythm = team.rhythm.describe() if team.rhythm else "No regular meeting has been agreed yet."
    out += [_p("Operating rhythm", "h1"), _p(rhythm, "body"), _p("Members", "h1")]
    rows = [_head("Name", "Role", "Allocation", "Dates")]
    for function in content.team_functions():
        group = sorted(
            (m for m in content.memberships if content.people[m.person_id].function_id == function.id),
            key=lambda m: (m.role != "lead", content.person_name(m.person_id)),
        )
        people = "1 person" if len(group) == 1 else f"{len(group)} people"
        load = number(sum(m.allocation_pct for m in group) / 100)
        rows.append([_p(f"{function.name} \u2014 {people}, {load} FTE", "cell_bold"), "", "", ""])
        for membership in group:
            person = content.people[membership.person_id]
            who = [_p(person.name, "cell_bold")] + ([_p(person.title, "small")] if person.title else [])
            when = span(membership.start_date or team.start_date, membership.end_date or team.end_date)
            role, share = membership.role.label, f"{number(membership.allocation_pct)}%"
            rows.append([who, _p(role), _p(share, "cell_right"), _p(when)])
    out.append(_plain_table(rows, [width * share for share in (0.42, 0.14, 0.12, 0.32)]))
    return out


def _bare_goals(content: CharterContent, width: float) -> list[Flowable]:
    rows = [_head("Goal", "Owned by")]
    for goal in content.goals:
        owners = [content.functions[i].name for i in goal.owner_function_ids if i in content.functions]
        owned = " alone (a silo goal)" if len(owners) == 1 else ""
        text = [_p(goal.title, "cell_bold")] + ([_p(goal.description, "small")] if goal.description else [])
        names = "<br/>".join(escape(name) for name in owners) + owned if owners else "No owner yet"
        rows.append([text, Paragraph(names, styles()["cell"])])
    out: list[Flowable] = [_p("Shared goals", "h1"), _plain_table(rows, [width * 0.64, width * 0.36])]
    rows = [_head("KPI", "Baseline", "Target", "Latest", "Status", "Pay", "Trend")]
    for line in content.kpis:
        kpi = line.kpi
        name = [_p(kpi.title, "cell_bold"), _p(line.goal_title, "small")]
        if line.accountable:
            name.append(_p(f"Accountable: {line.accountable}", "small"))
        pay = f"{number(kpi.incentive_pct)}%" if kpi.incentive_pct else "\u2014"
        amounts = (kpi.baseline, kpi.target, line.latest)
        rows.append(
            [
                name,
                *(_p(_amount(value, kpi.unit), "cell_right") for value in amounts),
                _p(line.status.label),
                _p(pay, "cell_right"),
                "",  # the charter draws a sparkline here
            ]
        )
    shares = (0.33, 0.11, 0.11, 0.11, 0.12, 0.07, 0.15)
    return [*out, _p("KPIs", "h1"), _plain_table(rows, [width * share for share in shares])]


def _bare_raci(content: CharterContent, width: float) -> list[Flowable]:
    columns = raci_columns(content)
    widths = raci_widths(content, width) or [width / 3] + [width * 2 / 3 / len(columns)] * len(columns)
    names = [
        content.functions[ident].name if kind == "function" else content.people[ident].name
        for kind, ident in columns
    ]
    rows = [[_p("Activity", "head"), *(_p(name, "head_center") for name in names)]]
    for activity in content.activities:
        cells = {
            ("function", c.function_id) if c.function_id is not None else ("person", c.person_id): c.letter
            for c in content.raci
            if c.activity_id == activity.id
        }
        accountable = sum(1 for letter in cells.values() if letter.value == "A")
        name = [_p(activity.name, "cell_bold")]
        if accountable != 1:
            name.append(
                _p("no one accountable" if not accountable else f"{accountable} accountable", "small")
            )
        letters = [cells[key].value if key in cells else "" for key in columns]
        rows.append([name, *(_p(letter, "cell_center") for letter in letters)])
    legend = (
        "A accountable (exactly one per activity) \u00b7 R responsible \u00b7 C consulted \u00b7 I informed"
    )
    return [_p("RACI", "h1"), _plain_table(rows, widths), _p(legend, "small")]


def _bare_graph(content: CharterContent) -> list[Flowable]:
    legend = (
        "\u25ac critical path \u00a0\u00a0 \u2504 another task force\u2019s deliverable \u00a0\u00a0 "
        "the bar on the left of a box is its owner\u2019s function \u00a0\u00a0 shaded: done"
    )
    out = [_p("Dependency graph", "h1"), _p(legend, "small")]
    titles = {item.id: item.title for item in content.deliverables}
    chain = [titles[ident] for ident in content.critical_path if ident in titles]
    if chain:
        out.append(_p("Critical path: " + " \u2192 ".join(chain), "body"))
    return out


def _bare_logs(content: CharterContent, width: float) -> list[Flowable]:
    rows = [_head("Risk", "Severity", "Likelihood", "Status", "Owner")]
    for risk in content.risks:
        text = [_p(risk.title, "cell_bold")]
        if risk.description:
            text.append(_p(risk.description))
        if risk.mitigation:
            text.append(_p(f"Mitigation: {risk.mitigation}", "small"))
        raised = [content.person_name(risk.raised_by_id), day(risk.raised_on) if risk.raised_on else ""]
        if any(raised):
            text.append(_p(" ".join(part for part in ("Raised by", *raised) if part), "small"))
        owner = content.person_name(risk.owner_id) or "\u2014"
        labels = (risk.severity.label, risk.likelihood.label, risk.status.label, owner)
        rows.append([text, *(_p(label) for label in labels)])
    shares = (0.50, 0.12, 0.13, 0.11, 0.14)
    out: list[Flowable] = [_p("Risks", "h1"), _plain_table(rows, [width * share for share in shares])]
    rows = [_head("Decision", "Decided", "Committed")]
    for decision in content.decisions:
        text = [_p(decision.title, "cell_bold")]
        if decision.data:
            text.append(_p(f"Data: {decision.data}"))
        if decision.reasoning:
            text.append(_p(f"Reasoning: {decision.reasoning}"))
        when = day(decision.decided_on) if decision.decided_on else "\u2014"
        committed = [content.person_name(ident) for ident in decision.committed_person_ids]
        names = "<br/>".join(escape(name) for name in committed if name) or "\u2014"
        by = _p(content.person_name(decision.decided_by_id), "small")
        rows.append([text, [_p(when), by], Paragraph(names, styles()["cell"])])
    shares = (0.6, 0.16, 0.24)
    return [*out, _p("Decisions", "h1"), _plain_table(rows, [width * share for share in shares])]


def _bare_health(content: CharterContent, width: float) -> list[Flowable]:
    if content.health is None:
        note = "Alignment health is worked out for proposed, forming and active task forces only."
        return [_p("Alignment health", "h1"), _p(note, "body")]
    rows = [[_p("Component", "head"), _p("Score", "head_right"), "", _p("Points", "head_right")]]
    for part in content.health.components:
        points = f"{number(round(part.contribution, 1))} of {number(round(part.weight * 100))}"
        rows.append(
            [
                _p(part.name[:1].upper() + part.name[1:]),
                _p(f"{number(round(part.score))}/100", "cell_right"),
                "",  # the charter draws a score bar here
                _p(points, "cell_right"),
            ]
        )
    out: list[Flowable] = [
        _p("Alignment health", "h1"),
        _p(f"{round(content.health.score)}", "score"),
        _p("out of 100", "small"),
        _plain_table(rows, [width * 0.32, width * 0.14, width * 0.24, width * 0.18 - 8]),
    ]
    if content.findings:
        shown = content.findings[:TOP_FINDINGS]
        more = len(content.findings) - len(shown)
        out.append(_p("What to act on first" + (f" ({more} more in the app)" if more else ""), "h2"))
        for finding in shown:
            out += [_p(finding.message, "body"), _p(f"\u2192 {finding.action}", "small")]
    return out


def _bare_signatures(content: CharterContent, width: float) -> list[Flowable]:
    team = content.task_force
    signers = [
        ("Sponsor", content.person_name(team.sponsor_id)),
        ("Task force lead", content.person_name(team.lead_id)),
    ]
    signers += [(f"Head of {function.name}", "") for function in content.team_functions()]
    cells: list[Any] = [
        [Spacer(1, 30), _p(role, "cell_bold"), _p(name or "Name:", "small"), _p("Date: " + "_" * 22, "small")]
        for role, name in signers
    ]
    cells += [""] * (len(cells) % 2)
    rows = [cells[index : index + 2] for index in range(0, len(cells), 2)]
    intro = "We agree to this charter: its objective, the people and time we commit, and how we will work."
    return [_p("Signatures", "h1"), _p(intro, "body"), _plain_table(rows, [width / 2] * 2)]


def bare_bytes(content: CharterContent, options: CharterOptions) -> bytes:
    """The same words in the same styles and tables, typeset by ReportLab with nothing else."""
    register_fonts()
    portrait = A4 if options.page_size is PageSize.A4 else LETTER  # as the charter's paper()
    width = portrait[0] - 2 * MARGIN
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=portrait,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{content.task_force.name} \u2014 task force charter",
        invariant=1,
    )
    story = [
        *_bare_team(content, width),
        *_bare_goals(content, width),
        *_bare_raci(content, width),
        *_bare_graph(content),
        *_bare_logs(content, width),
        *_bare_health(content, width),
        *_bare_signatures(content, width),
    ]
    document.build(story)
    return buffer.getvalue()


# --- Measuring ---------------------------------------------------------------------------


@dataclass
class Timing:
    """The fastest run of one piece of work: wall-clock and CPU seconds, and what it returned."""

    wall: float = float("inf")
    cpu: float = float("inf")
    result: Any = None


def best_of(repeat: int, *works: Callable[[], Any]) -> list[Timing]:
    """Each work's fastest of ``repeat`` runs, after one warm-up each.

    The works take turns, so that a busy spell on the machine slows them alike. CPU time
    (this process only) is kept too: on a shared machine it moves less than the clock.
    """
    timings = [Timing(result=work()) for work in works]
    for _ in range(repeat):
        for work, timing in zip(works, timings, strict=True):
            began, cpu = time.perf_counter(), time.process_time()
            timing.result = work()
            timing.cpu = min(timing.cpu, time.process_time() - cpu)
            timing.wall = min(timing.wall, time.perf_counter() - began)
    return timings


def pages(pdf: bytes) -> int:
    """The number of pages of a PDF ReportLab wrote."""
    return len(_PAGE.findall(pdf))


def measure(
    plan: Plan, team_id: int, today: date, repeat: int, keep: Path | None, figures: Path | None = None
) -> None:
    """Print the three timings, the pages and sizes of both PDFs, and the ratios."""
    from smarket_planner.charter.document import charter_bytes
    from smarket_planner.services.reports.charter import charter_content

    options = CharterOptions()
    no_graph = CharterOptions(sections=options.sections - {Section.GRAPH})
    [reading] = best_of(repeat, lambda: charter_content(plan, team_id, today=today))
    content: CharterContent = reading.result
    charter, bare, graphless = best_of(
        repeat,
        lambda: charter_bytes(content, options),
        lambda: bare_bytes(content, options),
        lambda: charter_bytes(content, no_graph),
    )
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / "charter.pdf").write_bytes(charter.result)
        (keep / "bare.pdf").write_bytes(bare.result)
    print(
        f"Task force: {content.task_force.name}: {len(content.memberships)} members in "
        f"{len(content.team_functions())} functions, {len(content.goals)} goals, {len(content.kpis)} KPIs "
        f"({sum(len(line.trend) for line in content.kpis)} check-ins), {len(content.activities)} activities, "
        f"{len(content.deliverables)} deliverables, {len(content.dependencies)} dependencies, "
        f"{len(content.risks)} risks, {len(content.decisions)} decisions"
    )
    print(f"  {'':26}{'wall':>8}  {'CPU':>8}")
    rows = [
        ("(a) charter_content", reading, ""),
        (
            "(b) charter_bytes",
            charter,
            f"{pages(charter.result)} pages, {len(charter.result) / 1024:,.0f} KiB",
        ),
        ("(c) bare ReportLab", bare, f"{pages(bare.result)} pages, {len(bare.result) / 1024:,.0f} KiB"),
        ("(b) without the graph", graphless, "for information"),
    ]
    for label, timing, note in rows:
        print(f"  {label:<26}{timing.wall * 1000:5.0f} ms  {timing.cpu * 1000:5.0f} ms  {note}".rstrip())
    print(
        f"  {'(b)/(c)':<26}{charter.wall / bare.wall:7.2f}x  {charter.cpu / bare.cpu:7.2f}x  "
        f"goal: at most 1.3x (best of {repeat})"
    )
    print(
        f"  {'(a+b)/(c)':<26}{(reading.wall + charter.wall) / bare.wall:7.2f}x  "
        f"{(reading.cpu + charter.cpu) / bare.cpu:7.2f}x  for information"
    )
    size = f"{len(content.memberships)} members, {pages(charter.result)} pages; best of {repeat}, wall"
    record(
        figures,
        "charter, in process: charter_bytes vs bare ReportLab",
        charter.wall,
        bare.wall,
        goal=1.3,
        note=size,
    )
    record(
        figures,
        "charter, in process: charter_content + charter_bytes vs bare ReportLab",
        reading.wall + charter.wall,
        bare.wall,
        note=size,
    )


def main() -> int:
    """Build the plan in a temporary folder, then time the charter and the baseline on it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write charter.pdf and bare.pdf into this folder")
    parser.add_argument(
        "--bare-only",
        nargs=2,
        type=Path,
        metavar=("CONTENT", "PDF"),
        help="only typeset the bare document of a pickled CharterContent into PDF (for cli_process.py)",
    )
    add_figure_option(parser)
    args = parser.parse_args()
    if args.bare_only:
        source, target = args.bare_only
        content = pickle.loads(source.read_bytes())
        target.write_bytes(bare_bytes(content, CharterOptions()))
        return 0

    from smarket_planner import services

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "charter.smplan"
        began = time.perf_counter()
        team_id = build_plan(target, args.members, args.today, args.seed)
        print(f"Built the plan in {time.perf_counter() - began:.1f} s (today {args.today})")
        with services.open_existing(target) as plan:
            measure(plan, team_id, args.today, args.repeat, args.keep, args.figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
