"""Take pictures of the review dialog: each of its five steps, and the README's picture of it.

    .venv/bin/python docs/make_review_dialog_images.py [--out docs/images] [--dark] [--pages FOLDER]

Runs offscreen on a fresh demo plan dated 2026-11-23, in a 1280x800 window, and reviews the dispersed
Data Days Spring Campaign. Where the demo's campaign has no lessons, credits, questions or finish
dates of its own, this script writes a couple of each through the services first; --unmeasured adds
an aspirational KPI without a check-in (to look at a KPI not measured). Writes review-dialog.png (the
scorecard step) to --out, and every step as review-step-N.png to --pages. With --dark, in the dark
colour scheme, named with a -dark suffix.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain.enums import KpiCommitment
from smarket_planner.domain.records import Deliverable, EntityKind, Function, Goal, Person
from smarket_planner.services import Plan
from smarket_planner.services.reports.analysis import task_force_ids_named
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import CONFIG_ENV, AppSettings
from smarket_planner.ui.app.smoke import SIZE, settle
from smarket_planner.ui.kit.scheme import ColourScheme
from smarket_planner.ui.review.review_dialog import ReviewDialog

K = EntityKind
TODAY = date(2026, 11, 23)
TEAM = "Data Days Spring Campaign"
DIALOG = (1180, 740)  # the review's own size, beside a 1280x800 window


LESSONS: list[dict[str, Any]] = [
    {
        "title": "Book the follow-up calls before the event, not after it",
        "outcome": "hurt",
        "what_happened": "Registrations beat the target, but only 142 of 180 meetings were booked: the "
        "SDRs reached most attendees a week after each city's event.",
        "why": "Follow-up capacity was planned for an average week, not for the day after 600 people had "
        "met us, and the hand-over from the event list to the SDR queue had no owner.",
        "evidence": "Median time to first call: 6 days in Munich and Berlin, 2 days in Vienna, where "
        "meetings per attendee were twice as high.",
        "next_time": "Hand the SDRs the attendee list the evening of the event and hold two days of their "
        "calendar for it. Track time to first call as a KPI.",
        "functions": ("Sales", "Marketing"),
        "tags": "events, follow-up, hand-over",
        "recorded_on": date(2026, 6, 2),
    },
    {
        "title": "One landing page per city doubled the sign-up rate",
        "outcome": "worked",
        "what_happened": "City pages with the local venue, speakers and a customer from that city "
        "converted at 31%, against 15% for the national page.",
        "why": "Visitors saw people like them; local partners shared their own city's page.",
        "evidence": "Web analytics, 10 Feb to 20 Apr 2026: 8,212 visits and 2,548 registrations.",
        "next_time": "Start from the city page template; ask each local customer for a quote early.",
        "functions": ("Marketing",),
        "tags": "landing pages, events",
        "recorded_on": date(2026, 6, 2),
    },
]
CREDITS = [
    ("Yuki Sato", "A daily funnel report the whole team could read in one minute"),
    ("Sales", "Taking every attendee call, even the ones that were not theirs to take"),
]
QUESTIONS: list[dict[str, Any]] = [
    {
        "question": "Which city's attendees turned into the most pipeline, per euro spent?",
        "asked_by": "Helena Voss",
        "answerer": "Yuki Sato",
        "due_on": date(2026, 6, 15),
        "answer": "Vienna: EUR 41 of pipeline for each euro spent, against 18 on average.",
        "evidence": "CRM opportunities sourced from the roadshow, as of 10 Jun 2026.",
        "answered_on": date(2026, 6, 10),
    },
    {
        "question": "Should the next campaign meet twice a week during event weeks?",
        "asked_by": "Ben Carter",
        "answerer": "Chloé Dubois",
        "due_on": date(2026, 7, 15),
    },
]


def add_review_content(plan: Plan, team: int, unmeasured: bool = False) -> None:
    """Lessons, credits, questions and finish dates for the campaign, each only if it has none yet;
    with ``unmeasured``, an aspirational KPI without a check-in too."""
    people = {p.name: p.id for p in services.find(plan, K.PERSON) if isinstance(p, Person)}
    functions = {f.name: f.id for f in services.find(plan, K.FUNCTION) if isinstance(f, Function)}
    if not services.find(plan, K.LESSON, task_force_id=team):
        for lesson in LESSONS:
            values = {key: value for key, value in lesson.items() if key != "functions"}
            ids = tuple(functions[name] for name in lesson["functions"])
            services.create(plan, K.LESSON, task_force_id=team, function_ids=ids, **values)
    if not services.find(plan, K.CREDIT, task_force_id=team):
        for who, for_what in CREDITS:
            thanked = {"person_id": people[who]} if who in people else {"function_id": functions[who]}
            services.create(plan, K.CREDIT, task_force_id=team, for_what=for_what, **thanked)
    if not services.find(plan, K.QUESTION, task_force_id=team):
        for question in QUESTIONS:
            values = dict(question)
            values["asked_by_id"] = people[str(values.pop("asked_by"))]
            values["answerer_id"] = people[str(values.pop("answerer"))]
            services.create(plan, K.QUESTION, task_force_id=team, **values)
    work = [d for d in services.find(plan, K.DELIVERABLE, task_force_id=team) if isinstance(d, Deliverable)]
    if not any(item.finished_on for item in work):
        late = {"Data Days e-book and landing pages": 6, "SDR follow-up of every attendee": 9}
        for item in work:
            if item.status.value == "done" and item.due_date:
                finished = item.due_date + timedelta(days=late.get(item.title, -1))
                services.update(plan, K.DELIVERABLE, item.id, finished_on=finished)
    if unmeasured:
        goal = next(g for g in services.find(plan, K.GOAL, task_force_id=team) if isinstance(g, Goal))
        services.create(
            plan,
            K.KPI,
            goal_id=goal.id,
            title="Attendees who became opportunities",
            unit="%",
            baseline=0.0,
            target=12.0,
            commitment=KpiCommitment.ASPIRATIONAL,
        )


def main() -> int:
    """Write the pictures and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "images")
    parser.add_argument("--pages", type=Path, help="also save every step here as review-step-N.png")
    parser.add_argument("--dark", action="store_true", help="in the dark colour scheme, as NAME-dark.png")
    parser.add_argument("--unmeasured", action="store_true", help="add a KPI without a check-in")
    args = parser.parse_args()
    suffix = "-dark" if args.dark else ""
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ[CONFIG_ENV] = scratch  # a clean recent list, not the developer's
        plan_path = Path(scratch) / "Northwind demo.smplan"
        generate_demo(plan_path, today=TODAY)
        with services.open_existing(plan_path) as plan:
            (team,) = task_force_ids_named(plan, [TEAM])
            add_review_content(plan, team, args.unmeasured)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        settings = AppSettings(Path(scratch))
        if args.dark:
            settings.set_colour_scheme(ColourScheme.DARK)
        window = MainWindow(settings)
        window.resize(*SIZE)
        window.show()
        window.open_plan(str(plan_path))
        assert window.session is not None and window.workspace is not None and window.reviews is not None
        window.workspace.select_task_force(team)
        settle()
        window.reviews.close_all()
        dialog: ReviewDialog = window.reviews.open(team, today=TODAY)
        dialog.resize(*DIALOG)
        settle()
        for step in range(len(dialog.pages)):
            dialog.go_to(step)
            if step == 2:
                dialog.lessons.view.selectRow(0)
            settle()
            picture = dialog.grab()
            if step == 0:
                path = args.out / f"review-dialog{suffix}.png"
                picture.save(str(path))
                written.append(path)
            if args.pages is not None:
                args.pages.mkdir(parents=True, exist_ok=True)
                path = args.pages / f"review-step-{step + 1}{suffix}.png"
                picture.save(str(path))
                written.append(path)
        dialog.close()
        window.close()
        del app
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
