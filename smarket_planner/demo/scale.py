"""Draw up a large synthetic plan: thousands of people, hundreds of task forces and their work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from random import Random
from typing import Any

from smarket_planner.demo.plan_rows import (
    PlanRows,
    Report,
    Row,
    check_in_value,
    confidence,
    email_local,
    load,
    situation,
)

MEMBERSHIPS_PER_PERSON = 5
CHECK_INS_PER_TASK_FORCE = 200
GOALS = 3
KPIS_PER_GOAL = 2
ACTIVITIES = 3
DELIVERABLES = 20
DEPENDENCIES = 30
RISKS = 4
DECISIONS = 3
STARTED = ("active", "dispersed", "archived")


def _decimals(baseline: float, target: float) -> int:
    return 0 if abs(target - baseline) >= 20 else 1


class ScalePlan:
    """Synthetic but plausible rows for a plan of a given size."""

    def __init__(self, rows: PlanRows, rng: Random, report: Report) -> None:
        self.rows, self.rng, self.report = rows, rng, report
        self.texts = load("scale.json")
        self.notes: dict[str, list[str]] = load("task_forces.json")["check_in_notes"]
        self.function_ids: dict[str, int] = {}
        self.leaders: list[int] = []
        self.members: list[list[int]] = []
        self.kpis: list[tuple[int, float, float, date, date, int]] = []

    def build(self, people: int, task_forces: int) -> None:
        """Draw up people, task forces and everything inside them."""
        self.function_ids = self.rows.add_functions()
        self._people(people)
        self.report("Drawing up task forces", 0.05)
        self._task_forces(task_forces)
        self._memberships(people, task_forces)
        self.report("Drawing up goals and KPIs", 0.1)
        for index, row in enumerate(self.rows.tables["task_force"]):
            self._goals(row, self.members[index])
        self._check_ins(CHECK_INS_PER_TASK_FORCE * task_forces)
        self.report("Drawing up work, risks and decisions", 0.2)
        for index, row in enumerate(self.rows.tables["task_force"]):
            self._activities(row, self.members[index])
            self._deliverables(index, row, self.members[index])
            self._risks_and_decisions(row, self.members[index])

    def _people(self, count: int) -> None:
        pools = load("names.json")
        names = list(pools["functions"])
        shares = [pools["functions"][name]["share"] for name in names]
        functions = self.rng.choices(names, shares, k=count)
        functions[0] = "Leadership"  # every plan needs someone to sponsor its task forces
        seen: dict[str, int] = {}
        for function in functions:
            first = self.rng.choice(pools["first_names"])
            last = self.rng.choice(pools["last_names"])
            local = f"{email_local(first).replace('.', '')}.{email_local(last).replace('.', '')}"
            seen[local] = number = seen.get(local, 0) + 1
            suffix = "" if number == 1 else str(number)
            person = self.rows.add(
                "person",
                name=f"{first} {last}",
                function_id=self.function_ids[function],
                title=self.rng.choice(pools["functions"][function]["titles"]),
                email=f"{local}{suffix}@{pools['email_domain']}",
                location=self.rng.choice(pools["locations"]),
                capacity_pct=100.0 if self.rng.random() < 0.8 else self.rng.choice((50, 60, 70, 80)),
            )
            if function == "Leadership":
                self.leaders.append(person)

    def _dates(self, status: str) -> tuple[date, date]:
        span = self.rng.randint(90, 300)
        start = {
            "active": -self.rng.randint(60, 270),
            "forming": self.rng.randint(-21, 30),
            "proposed": self.rng.randint(14, 120),
            "dispersed": -self.rng.randint(20, 400) - span,
            "archived": -self.rng.randint(400, 800) - span,
        }[status]
        if status == "active":
            span = max(span, -start + self.rng.randint(20, 150))
        return self.rows.day(start), self.rows.day(start + span)

    def _task_forces(self, count: int) -> None:
        kinds = self.texts["kinds"]
        statuses = self.texts["statuses"]
        kind_list = self.rng.choices(list(kinds), [k["share"] for k in kinds.values()], k=count)
        status_list = self.rng.choices(list(statuses), list(statuses.values()), k=count)
        status_list[0] = "active"  # so that even a tiny plan has KPI history
        ended: list[int] = []
        for number, (kind, status) in enumerate(zip(kind_list, status_list, strict=True), 1):
            fill = {
                "codename": self.rng.choice(self.texts["codenames"]),
                "region": self.rng.choice(self.texts["regions"]),
                "account": self.rng.choice(self.texts["accounts"]),
                "product": self.rng.choice(self.texts["products"]),
            }
            start, end = self._dates(status)
            reformed = None
            if status in ("proposed", "forming") and ended and self.rng.random() < 0.1:
                reformed = self.rng.choice(ended)
            task_force = self.rows.add(
                "task_force",
                name=f"{kinds[kind]['word']} {number:04d} — {fill['codename']}",
                kind=kind,
                status=status,
                objective=kinds[kind]["objective"].format(**fill),
                why=kinds[kind]["why"].format(**fill),
                sponsor_id=self.rng.choice(self.leaders),
                lead_id=None,
                start_date=start,
                end_date=end,
                rhythm_frequency=self.rng.choices(("weekly", "biweekly", "monthly"), (6, 3, 1))[0],
                rhythm_weekday=self.rng.randint(0, 4),
                rhythm_time=self.rng.choice(("09:00", "09:30", "10:00", "14:00", "16:30")),
                rhythm_label=self.rng.choice(self.texts["rhythm_labels"]),
                reformed_from_id=reformed,
            )
            if status in ("dispersed", "archived"):
                ended.append(task_force)

    def _memberships(self, people: int, task_forces: int) -> None:
        self.members = [[] for _ in range(task_forces)]
        teams = range(task_forces)
        per_person = min(MEMBERSHIPS_PER_PERSON, task_forces)
        for person in range(1, people + 1):
            for team in self.rng.sample(teams, per_person):
                self.members[team].append(person)
        roles, role_weights = ("core", "extended", "advisor"), (50, 35, 15)
        for index, row in enumerate(self.rows.tables["task_force"]):
            members = self.members[index]
            self.rng.shuffle(members)
            start, end = row["start_date"], row["end_date"]
            assert isinstance(start, date) and isinstance(end, date)
            for position, person in enumerate(members):
                role = "lead" if position == 0 else self.rng.choices(roles, role_weights)[0]
                self.rows.add(
                    "membership",
                    task_force_id=row["id"],
                    person_id=person,
                    role=role,
                    allocation_pct=float(self.rng.choice((10, 10, 15, 20, 20, 25, 30, 40, 50))),
                    start_date=start,
                    end_date=end,
                )
            if members:
                row["lead_id"] = members[0]

    def _member(self, members: Sequence[int]) -> int | None:
        return self.rng.choice(members) if members else None

    def _goals(self, task_force: Row, members: list[int]) -> None:
        start, end = task_force["start_date"], task_force["end_date"]
        assert isinstance(start, date) and isinstance(end, date)
        started = task_force["status"] in STARTED
        for goal in self.rng.sample(self.texts["goals"], GOALS):
            silo = self.rng.random() < 0.08
            goal_id = self.rows.add(
                "goal",
                task_force_id=task_force["id"],
                title=goal["title"],
                description=goal["description"],
            )
            for name in goal["owners"][:1] if silo else goal["owners"]:
                self.rows.link("goal_owner", goal_id=goal_id, function_id=self.function_ids[name])
            for kpi in self.rng.sample(goal["kpis"], KPIS_PER_GOAL):
                self._kpi(goal_id, goal["owners"], kpi, members, (start, end), started)

    def _kpi(
        self,
        goal_id: int,
        owners: list[str],
        kpi: dict[str, Any],
        members: list[int],
        dates: tuple[date, date],
        started: bool,
    ) -> None:
        factor = 1.0 if kpi["unit"] in ("%", "score") else self.rng.uniform(0.6, 1.6)
        decimals = _decimals(kpi["baseline"] * factor, kpi["target"] * factor)
        baseline = round(kpi["baseline"] * factor, decimals)
        target = round(kpi["target"] * factor, decimals)
        committed = self.rng.random() < 0.75
        incentive = self.rng.choice((0, 0, 5, 10, 15)) if committed else 0
        if not committed and self.rng.random() < 0.05:
            incentive = 5  # pay riding on a stretch goal, as in real plans
        kpi_id = self.rows.add(
            "kpi",
            goal_id=goal_id,
            title=kpi["title"],
            unit=kpi["unit"],
            baseline=float(baseline),
            target=float(target),
            direction=kpi["direction"],
            start_date=dates[0],
            due_date=dates[1],
            weight=float(self.rng.choice((1, 1, 2, 3))),
            incentive_pct=float(incentive),
            commitment="committed" if committed else "aspirational",
            accountable_id=self._member(members),
        )
        count = 1 if self.rng.random() < 0.1 else min(len(owners), self.rng.choice((2, 2, 3)))
        for name in self.rng.sample(owners, count):
            self.rows.link("kpi_owner", kpi_id=kpi_id, function_id=self.function_ids[name])
        if started:
            self.kpis.append((kpi_id, baseline, target, dates[0], dates[1], decimals))

    def _check_ins(self, total: int) -> None:
        spans = [max(0, (min(self.rows.today, due) - start).days) for *_, start, due, _ in self.kpis]
        whole = sum(spans)
        if not whole:
            return
        covered, written = 0, 0
        for (kpi_id, baseline, target, start, due, decimals), span in zip(self.kpis, spans, strict=True):
            covered += span
            count = round(total * covered / whole) - written
            written += count
            trend = max(-0.3, min(1.3, self.rng.gauss(0.9, 0.25)))
            notes = self.notes[situation(trend)]
            length = max(1, (due - start).days)
            for step in range(1, count + 1):
                offset = round(step * span / count)
                self.rows.add(
                    "check_in",
                    kpi_id=kpi_id,
                    checked_on=start + timedelta(days=offset),
                    value=check_in_value(self.rng, baseline, target, offset / length, trend, decimals),
                    confidence=confidence(self.rng, trend),
                    note=self.rng.choice(notes) if self.rng.random() < 0.1 else "",
                )

    def _activities(self, task_force: Row, members: list[int]) -> None:
        functions = list(self.function_ids)
        for activity in self.rng.sample(self.texts["activities"], ACTIVITIES):
            activity_id = self.rows.add(
                "activity",
                task_force_id=task_force["id"],
                name=activity["name"],
                description=activity["description"],
            )
            others = [name for name in functions if name not in (activity["a"], activity["r"])]
            consulted, informed = self.rng.sample(others, 2)
            letters = [("A", activity["a"]), ("R", activity["r"]), ("C", consulted)]
            letters.append(("I", informed))
            if self.rng.random() < 0.02:
                letters[0] = ("C", activity["a"])  # nobody accountable: the classic quarrel
            for letter, name in letters:
                self.rows.add(
                    "raci_assignment",
                    activity_id=activity_id,
                    letter=letter,
                    function_id=self.function_ids[name],
                    person_id=None,
                )
            person = self._member(members)
            if person is not None and self.rng.random() < 0.1:
                self.rows.add(
                    "raci_assignment",
                    activity_id=activity_id,
                    letter="R",
                    function_id=None,
                    person_id=person,
                )

    def _deliverables(self, index: int, task_force: Row, members: list[int]) -> None:
        start, end = task_force["start_date"], task_force["end_date"]
        assert isinstance(start, date) and isinstance(end, date)
        span = (end - start).days
        first = len(self.rows.tables["deliverable"]) + 1
        for number, title in enumerate(self.rng.sample(self.texts["deliverables"], DELIVERABLES)):
            begins = start + timedelta(days=number * span // DELIVERABLES)
            days = self.rng.randint(3, max(3, span // 8))
            due = min(end, begins + timedelta(days=days))
            if due <= self.rows.today:
                status = "done" if self.rng.random() < 0.95 else "cancelled"
            elif begins > self.rows.today:
                status = "planned"
            else:
                status = "in_progress" if self.rng.random() < 0.9 else "blocked"
            self.rows.add(
                "deliverable",
                task_force_id=task_force["id"],
                title=title,
                owner_id=self._member(members),
                duration_days=float((due - begins).days),
                start_date=begins,
                due_date=due,
                status=status,
            )
        self._dependencies(index, first)

    def _dependencies(self, index: int, first: int) -> None:
        pairs: dict[tuple[int, int], str] = {}
        kinds, weights = ("blocking", "hand_off", "non_blocking"), (60, 25, 15)
        for number in range(1, DELIVERABLES):
            upstream = first + self.rng.randrange(max(0, number - 3), number)
            pairs[(upstream, first + number)] = self.rng.choices(kinds, weights)[0]
        if (index + 1) % 100 == 0:  # a few loops for the analysis to find, as in real plans
            upstream, downstream = next(iter(pairs))
            pairs[(downstream, upstream)] = "blocking"
        cross = 2 if index else 0
        while len(pairs) < DEPENDENCIES - cross:
            upstream, downstream = sorted(self.rng.sample(range(DELIVERABLES), 2))
            pairs.setdefault((first + upstream, first + downstream), "non_blocking")
        for _ in range(cross):
            earlier = self.rng.randrange(index) * DELIVERABLES + 1 + self.rng.randrange(DELIVERABLES)
            downstream = first + self.rng.randrange(DELIVERABLES)
            pairs[(earlier, downstream)] = self.rng.choice(("hand_off", "non_blocking"))
        for (upstream, downstream), kind in pairs.items():
            self.rows.add("dependency", upstream_id=upstream, downstream_id=downstream, kind=kind)

    def _when(self, task_force: Row) -> date:
        start, end = task_force["start_date"], task_force["end_date"]
        assert isinstance(start, date) and isinstance(end, date)
        last = min(end, self.rows.today)
        if last <= start:
            return self.rows.day(-self.rng.randint(0, 14))
        return start + timedelta(days=self.rng.randint(0, (last - start).days))

    def _risks_and_decisions(self, task_force: Row, members: list[int]) -> None:
        for risk in self.rng.sample(self.texts["risks"], RISKS):
            self.rows.add(
                "risk",
                task_force_id=task_force["id"],
                title=risk["title"],
                description=risk["description"],
                severity=self.rng.choices(("low", "medium", "high", "critical"), (2, 4, 3, 1))[0],
                likelihood=self.rng.choice(("rare", "unlikely", "possible", "likely")),
                status=self.rng.choices(("open", "mitigating", "occurred", "closed"), (4, 3, 1, 2))[0],
                owner_id=self._member(members),
                raised_by_id=self._member(members),
                raised_on=self._when(task_force),
                mitigation=risk["mitigation"],
            )
        for decision in self.rng.sample(self.texts["decisions"], DECISIONS):
            decision_id = self.rows.add(
                "decision",
                task_force_id=task_force["id"],
                title=decision["title"],
                decided_on=self._when(task_force),
                decided_by_id=task_force["lead_id"] or task_force["sponsor_id"],
                data=decision["data"],
                reasoning=decision["reasoning"],
            )
            for person in self.rng.sample(members, min(len(members), self.rng.randint(2, 4))):
                self.rows.link("decision_commitment", decision_id=decision_id, person_id=person)
