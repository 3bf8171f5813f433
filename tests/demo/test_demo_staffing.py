"""The demo's staffing story: people's skills, the open roles of the teams still forming, candidates for
them at once, a role already late, and a function that runs short only if the pencilled teams go ahead."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import rules
from smarket_planner.domain.records import split_tags

TODAY = date(2026, 3, 18)
LIVE = ("proposed", "forming", "active")
# Each booking of a live team with the days it runs (its own dates, else its team's), its function,
# its share and whether it is in pencil (the team proposed or forming); open roles after memberships.
BOOKINGS = """
    SELECT p.function_id, m.allocation_pct AS share, COALESCE(m.start_date, t.start_date) AS first,
           COALESCE(m.end_date, t.end_date) AS last, t.status IN ('proposed', 'forming') AS pencil,
           m.person_id AS person_id, t.id AS team
    FROM membership m JOIN task_force t ON t.id = m.task_force_id JOIN person p ON p.id = m.person_id
    WHERE t.status IN ('proposed', 'forming', 'active')
    UNION ALL
    SELECT r.function_id, r.allocation_pct, COALESCE(r.start_date, t.start_date),
           COALESCE(r.end_date, t.end_date), t.status IN ('proposed', 'forming'), NULL, t.id
    FROM open_role r JOIN task_force t ON t.id = r.task_force_id
    WHERE t.status IN ('proposed', 'forming', 'active')
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """The demo plan made on the test's today, open for reading."""
    path: Path = tmp_path_factory.mktemp("demo") / "demo.smplan"
    generate_demo(path, today=TODAY)
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def _days(first: str, last: str) -> Iterator[date]:
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    while day <= end:
        yield day
        day += timedelta(days=1)


def test_everyone_has_a_few_skills_kept_as_the_plan_keeps_them(db: sqlite3.Connection) -> None:
    people = db.execute("SELECT name, skills FROM person").fetchall()
    for person in people:
        skills = split_tags(person["skills"])
        assert 2 <= len(skills) <= 4, person["name"]
        assert rules.clean_tags(person["skills"]) == person["skills"]
    every = [skill for person in people for skill in split_tags(person["skills"])]
    for common in ("German", "pricing", "enterprise sales", "press relations", "data analysis"):
        assert every.count(common) >= 2, common
    assert "solutions engineering" in every


def test_the_teams_still_forming_have_open_roles_and_the_others_none(db: sqlite3.Connection) -> None:
    roles = db.execute(
        "SELECT t.name AS team, t.status, t.start_date AS team_start, t.end_date AS team_end, r.* "
        "FROM open_role r JOIN task_force t ON t.id = r.task_force_id"
    ).fetchall()
    per_team: dict[str, int] = {}
    for role in roles:
        per_team[role["team"]] = per_team.get(role["team"], 0) + 1
        assert role["status"] in ("proposed", "forming") and role["title"] and role["note"]
        assert 20 <= role["allocation_pct"] <= 50 and split_tags(role["skills"])
        first, last = role["start_date"] or role["team_start"], role["end_date"] or role["team_end"]
        assert role["team_start"] <= first <= last <= role["team_end"]
    assert per_team == {"DACH Market Entry": 4, "Lead Qualification Reset": 3}
    titles = {role["title"] for role in roles}
    assert {"Solutions engineer", "PR lead, DACH press"} <= titles
    late = [role["title"] for role in roles if (role["start_date"] or role["team_start"]) < TODAY.isoformat()]
    assert late == ["Solutions engineer"]  # the open role past its start
    assert any(role["start_date"] is None for role in roles)  # one runs on its team's dates


def test_every_open_role_has_candidates_at_once(db: sqlite3.Connection) -> None:
    """For each role, someone of its function, not on the team, knows a skill it wants and has time free
    on its first day; for all roles but Finance's biggest, someone has its whole share free; for most,
    one of them has been on a team with one of its members before."""
    bookings = db.execute(BOOKINGS).fetchall()
    people = db.execute("SELECT id, function_id, capacity_pct, skills FROM person").fetchall()
    together = {
        (row[0], row[1])
        for row in db.execute(
            "SELECT a.person_id, b.person_id FROM membership a JOIN membership b "
            "ON a.task_force_id = b.task_force_id AND a.person_id <> b.person_id"
        )
    }
    roles = db.execute(
        "SELECT r.*, COALESCE(r.start_date, t.start_date) AS first FROM open_role r "
        "JOIN task_force t ON t.id = r.task_force_id"
    ).fetchall()
    known_before, not_whole = 0, []
    for role in roles:
        team = {b["person_id"] for b in bookings if b["team"] == role["task_force_id"] and b["person_id"]}
        wanted = {skill.casefold() for skill in split_tags(role["skills"])}
        free: dict[int, float] = {}  # people of the function who know a skill wanted -> their free share
        for person in people:
            knows = wanted & {skill.casefold() for skill in split_tags(person["skills"])}
            if person["function_id"] != role["function_id"] or person["id"] in team or not knows:
                continue
            load = sum(
                b["share"]
                for b in bookings
                if b["person_id"] == person["id"] and b["first"] <= role["first"] <= b["last"]
            )
            if person["capacity_pct"] > load:
                free[person["id"]] = person["capacity_pct"] - load
        assert free, role["title"]
        if max(free.values()) < role["allocation_pct"]:
            not_whole.append(role["title"])
        known_before += any((one, member) in together for one in free for member in team)
    assert not_whole == ["Revenue analyst"]  # Finance's people cannot give half a week each
    assert known_before >= len(roles) - 1


def test_finance_runs_short_only_if_the_pencilled_teams_go_ahead(db: sqlite3.Connection) -> None:
    """Finance's bookings and open roles pass its people's capacity for weeks, but never on active teams'
    demand alone; no other function runs short at all."""
    capacity = dict(db.execute("SELECT function_id, SUM(capacity_pct) FROM person GROUP BY function_id"))
    names = dict(db.execute("SELECT id, name FROM function"))
    demand: dict[tuple[int, date], list[float]] = {}  # (function, day) -> [in ink, in ink and pencil]
    for booking in db.execute(BOOKINGS):
        for day in _days(booking["first"], booking["last"]):
            both = demand.setdefault((booking["function_id"], day), [0.0, 0.0])
            both[1] += booking["share"]
            if not booking["pencil"]:
                both[0] += booking["share"]
    short = {(names[f], day) for (f, day), (_ink, every) in demand.items() if every > capacity[f] + 1e-6}
    assert {name for name, _ in short} == {"Finance"}
    days = sorted(day for _, day in short)
    assert days[0] > TODAY and (days[-1] - days[0]).days >= 21
    assert all(ink <= capacity[f] for (f, _), (ink, _every) in demand.items())
