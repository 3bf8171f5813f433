"""``smarket-planner review``: the after-action review of a task force, printed, or as a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from smarket_planner.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, day, fail

if TYPE_CHECKING:
    from datetime import date

    from smarket_planner.services import Plan
    from smarket_planner.services.reports.review import ReviewReport

INDENT = "  "


def add_review_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``review`` sub-command and its options."""
    review = commands.add_parser(
        "review", help="the after-action review of a task force: scorecard, work, lessons and credits"
    )
    review.add_argument("plan", help="the plan file or database URL")
    review.add_argument(
        "--task-force", required=True, metavar="NAME_OR_ID", help="the task force, by name or number"
    )
    review.add_argument("--today", type=day, help="review as of this date (ISO; default: today)")
    review.add_argument("-o", "--output", type=Path, metavar="OUT.pdf", help="write the review as a PDF")


def cmd_review(args: argparse.Namespace) -> int:
    """Print the review of one task force (or write it as a PDF with ``-o``)."""
    from smarket_planner.services import open_existing
    from smarket_planner.services.reports.analysis import task_force_ids_named
    from smarket_planner.services.reports.review import review_report

    out: Path | None = args.output
    if out is not None:
        if out.is_dir():
            return fail(f"{out} is a folder; give the file to write, ending in .pdf", EXIT_USAGE)
        if out.suffix.lower() != ".pdf":
            return fail(f"{out} should end in .pdf", EXIT_USAGE)
        if not out.parent.is_dir():
            return fail(f"the folder {out.parent} does not exist", EXIT_FAILED)
    with open_existing(args.plan, upgrade=False) as plan:
        (ident,) = task_force_ids_named(plan, [args.task_force])
        if out is not None:
            return _write_pdf(plan, ident, out, args.today)
        report = review_report(plan, ident, args.today)
    print("\n".join(review_lines(report)))
    return EXIT_OK


def _write_pdf(plan: Plan, ident: int, out: Path, today: date | None) -> int:
    """Write the review as a PDF and say where; a file that cannot be written is one line and exit 1."""
    from smarket_planner.services.reports.review_pdf import write_review_pdf

    try:
        written = write_review_pdf(plan, ident, out, today)
    except OSError as error:
        return fail(f"could not write {error.filename or out}: {error.strerror or error}", EXIT_FAILED)
    print(f"Wrote the review to {written}")
    return EXIT_OK


def review_lines(report: ReviewReport) -> list[str]:
    """The review as lines of text, section by section."""
    from smarket_planner.analysis.scorecard import grade_text

    team = report.task_force
    dates = " to ".join(str(day) for day in (team.start_date, team.end_date) if day is not None)
    lines = [
        f"Review of {team.name} ({team.kind.label.lower()}, {team.status.label.lower()}"
        + (f"; {dates}" if dates else "")
        + f"), as of {report.review.today}",
    ]
    for heading, summary in report.review.sections:
        lines += ["", heading, INDENT + summary]
        if heading == "KPI scorecard":
            for score in report.review.scorecard.scores:
                kpi = score.kpi
                unit = f" {kpi.unit}" if kpi.unit else ""
                final = "no check-ins" if score.final_value is None else f"final {score.final_value:g}{unit}"
                lines.append(
                    f"{INDENT * 2}{kpi.title} ({kpi.commitment.label.lower()}): {final}, baseline "
                    f"{kpi.baseline:g}, target {kpi.target:g}; grade {grade_text(score.grade)}, "
                    f"{score.verdict.label.lower()}"
                )
    lines += ["", f"Lessons ({len(report.lessons)})"]
    for lesson in report.lessons:
        lines.append(f"{INDENT}[{lesson.outcome.label}] {lesson.title}")
        if lesson.next_time:
            lines.append(f"{INDENT * 2}Next time: {lesson.next_time}")
    lines += ["", f"Credits ({len(report.credits)})"]
    lines += [f"{INDENT}{report.thanked(credit)}: {credit.for_what}" for credit in report.credits]
    lines += ["", f"Questions ({len(report.questions)})"]
    for question in report.questions:
        who = report.person(question.answerer_id)
        answer = question.answer.splitlines()[0] if question.answer else "open"
        lines.append(f"{INDENT}{question.question}" + (f" ({who})" if who else "") + f": {answer}")
    return lines
