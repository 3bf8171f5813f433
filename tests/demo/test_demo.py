"""The demo plan: a realistic company with planted problems, and synthetic plans at scale."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from smarket_planner.demo import northwind as demo
from smarket_planner.demo.northwind import DemoSummary, generate_demo
from smarket_planner.demo.plan_rows import TABLE_ORDER
from smarket_planner.domain import EntityKind, PlanFileError, ValidationError
from smarket_planner.domain.fields import FIELD_RULES, clean

TODAY = date(2026, 3, 18)
TABLES = TABLE_ORDER
# The owner and commitment lists of a record live in tables of their own.
LISTS = {
    ("goal", "owner_function_ids"): ("goal_owner", "goal_id", "function_id"),
    ("kpi", "owner_function_ids"): ("kpi_owner", "kpi_id", "function_id"),
    ("decision", "committed_person_ids"): ("decision_commitment", "decision_id", "person_id"),
    ("lesson", "function_ids"): ("lesson_function", "lesson_id", "function_id"),
}


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    return connection


def _scalar(db: sqlite3.Connection, sql: str) -> object:
    return db.execute(sql).fetchone()[0]


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order (the plan's own creation time and id left out)."""
    with _connect(path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump = {name: sorted(map(tuple, db.execute(f"SELECT * FROM {name}")), key=repr) for name in names}
    dump["plan_meta"] = [row for row in dump["plan_meta"] if row[0] not in ("created_at", "plan_id")]
    return dump


@pytest.fixture(scope="module")
def demo_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoSummary, list[tuple[str, float]]]:
    """The demo plan, written once for the module, with the progress it reported."""
    stages: list[tuple[str, float]] = []
    path = tmp_path_factory.mktemp("demo") / "demo.smplan"
    summary = generate_demo(path, today=TODAY, progress=lambda stage, done: stages.append((stage, done)))
    return summary, stages


@pytest.fixture
def db(demo_plan: tuple[DemoSummary, list[tuple[str, float]]]) -> Iterator[sqlite3.Connection]:
    """The demo plan, open for reading."""
    connection = _connect(demo_plan[0].path)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def scale_plan(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """A small synthetic plan: 200 people, 20 task forces."""
    path = tmp_path_factory.mktemp("scale") / "scale.smplan"
    return generate_demo(path, people=200, task_forces=20, today=TODAY)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_company_has_seven_coloured_functions_and_about_forty_people(db: sqlite3.Connection) -> None:
    functions = {row["name"]: row["colour"] for row in db.execute("SELECT name, colour FROM function")}
    assert set(functions) == {
        "Sales",
        "Marketing",
        "Product",
        "PR",
        "Customer Service",
        "Leadership",
        "Finance",
    }
    assert len(set(functions.values())) == 7
    for colour in functions.values():
        assert colour == colour.lower() and len(colour) == 7
        assert _contrast(colour, "#ffffff") >= 3 and _contrast(colour, "#1e1e1e") >= 3, colour
    people = db.execute("SELECT name, email, title, location, capacity_pct FROM person").fetchall()
    assert 36 <= len(people) <= 44
    names = " ".join(row["name"] for row in people)
    for name in ("Zoë", "Łukasz", "José", "李雷", "عمر"):
        assert name in names
    emails = [row["email"] for row in people]
    assert len(set(emails)) == len(emails) and all(e == e.lower() and e.isascii() for e in emails)
    assert all(row["title"] and row["location"] for row in people)
    partial = [row["capacity_pct"] for row in people if row["capacity_pct"] != 100]
    assert 0 < len(partial) < len(people) / 3 and all(50 <= c <= 80 for c in partial)
    assert _scalar(db, "SELECT COUNT(DISTINCT function_id) FROM person") == 7


def test_five_task_forces_at_different_stages_around_today(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT * FROM task_force").fetchall()
    assert sorted(row["status"] for row in rows) == ["active", "active", "dispersed", "forming", "proposed"]
    assert {row["kind"] for row in rows} >= {"product_launch", "account_pursuit", "market_entry", "campaign"}
    today = TODAY.isoformat()
    for row in rows:
        assert row["objective"] and row["why"] and row["rhythm_label"] and row["rhythm_time"]
        assert row["rhythm_frequency"] in ("weekly", "biweekly") and 0 <= row["rhythm_weekday"] <= 6
        assert row["start_date"] < row["end_date"]
        if row["status"] == "active":
            assert row["start_date"] <= today <= row["end_date"]
        if row["status"] == "dispersed":
            assert row["end_date"] < today
        if row["status"] == "proposed":
            assert row["start_date"] > today
    sponsors = (
        "SELECT f.name FROM task_force t JOIN person p ON p.id = t.sponsor_id "
        "JOIN function f ON f.id = p.function_id"
    )
    assert {row[0] for row in db.execute(sponsors)} == {"Leadership"}
    leads = (
        "SELECT COUNT(*) FROM task_force t JOIN membership m "
        "ON m.task_force_id = t.id AND m.person_id = t.lead_id AND m.role = 'lead'"
    )
    assert _scalar(db, leads) == 5
    outside = (
        "SELECT COUNT(*) FROM membership m JOIN task_force t ON t.id = m.task_force_id "
        "WHERE m.start_date < t.start_date OR m.end_date > t.end_date OR m.start_date > m.end_date "
        "OR m.allocation_pct NOT BETWEEN 10 AND 50"
    )
    assert _scalar(db, outside) == 0
    assert {row[0] for row in db.execute("SELECT DISTINCT role FROM membership")} == {
        "lead",
        "core",
        "extended",
        "advisor",
    }


def test_the_plan_holds_goals_kpis_history_raci_work_risks_and_decisions(db: sqlite3.Connection) -> None:
    for table in TABLES:
        assert _scalar(db, f"SELECT COUNT(*) FROM {table}"), table
    history = (
        "SELECT t.status, MIN(c.checked_on), MAX(c.checked_on), MIN(c.confidence), MAX(c.confidence), "
        "COUNT(*), SUM(c.note <> '') FROM check_in c JOIN kpi k ON k.id = c.kpi_id "
        "JOIN goal g ON g.id = k.goal_id JOIN task_force t ON t.id = g.task_force_id GROUP BY t.status"
    )
    by_status = {row[0]: tuple(row)[1:] for row in db.execute(history)}
    assert set(by_status) == {"active", "dispersed"}
    first, last, low, high, count, notes = by_status["active"]
    assert last <= TODAY.isoformat() and date.fromisoformat(last) - date.fromisoformat(first) > timedelta(
        days=60
    )
    assert 1 <= low < high <= 10 and 0 < notes < count
    misplaced = (
        "SELECT COUNT(*) FROM check_in c JOIN kpi k ON k.id = c.kpi_id "
        "WHERE c.checked_on <= k.start_date OR c.checked_on > k.due_date"
    )
    assert _scalar(db, misplaced) == 0
    assert _scalar(db, "SELECT COUNT(*) FROM kpi WHERE accountable_id IS NULL OR unit = ''") == 0
    activities = {row[0] for row in db.execute("SELECT name FROM activity")}
    assert {"Lead management", "Social media", "Sales tools", "Win/loss reviews"} <= activities
    assert _scalar(db, "SELECT COUNT(*) FROM raci_assignment WHERE person_id IS NOT NULL") >= 2
    statuses = {row[0] for row in db.execute("SELECT DISTINCT status FROM deliverable")}
    assert {"done", "in_progress", "planned", "blocked"} <= statuses
    kinds = {row[0] for row in db.execute("SELECT DISTINCT kind FROM dependency")}
    assert kinds == {"blocking", "non_blocking", "hand_off"}
    assert (
        _scalar(
            db, "SELECT COUNT(*) FROM decision WHERE data = '' OR reasoning = '' OR decided_by_id IS NULL"
        )
        == 0
    )
    assert _scalar(db, "SELECT COUNT(*) FROM risk WHERE mitigation = '' OR owner_id IS NULL") == 0


def test_work_flows_across_task_forces_without_loops(db: sqlite3.Connection) -> None:
    across = (
        "SELECT COUNT(*) FROM dependency d JOIN deliverable u ON u.id = d.upstream_id "
        "JOIN deliverable w ON w.id = d.downstream_id WHERE u.task_force_id <> w.task_force_id"
    )
    assert _scalar(db, across) >= 2
    edges = db.execute("SELECT upstream_id, downstream_id FROM dependency").fetchall()
    waiting = {down: 0 for _, down in edges} | {up: 0 for up, _ in edges}
    for _, down in edges:
        waiting[down] += 1
    ready = [node for node, count in waiting.items() if count == 0]
    while ready:
        node = ready.pop()
        for up, down in edges:
            if up == node:
                waiting[down] -= 1
                if waiting[down] == 0:
                    ready.append(down)
    assert all(count == 0 for count in waiting.values()), "the demo's dependencies form a loop"
    late = (
        "SELECT COUNT(*) FROM dependency d JOIN deliverable u ON u.id = d.upstream_id "
        "JOIN deliverable w ON w.id = d.downstream_id WHERE d.kind = 'blocking' AND u.due_date > w.start_date"
    )
    assert _scalar(db, late) == 0


def test_the_planted_problems_are_there_once_each(db: sqlite3.Connection) -> None:
    overloaded = db.execute(
        "SELECT p.name, SUM(o.allocation_pct) AS load FROM membership m "
        "JOIN membership o ON o.person_id = m.person_id "
        "AND o.start_date <= m.start_date AND o.end_date >= m.start_date "
        "JOIN person p ON p.id = m.person_id GROUP BY m.id HAVING load > p.capacity_pct"
    ).fetchall()
    assert {row[0] for row in overloaded} == {"Priya Raman"}
    assert max(row[1] for row in overloaded) == 130
    silo_kpis = db.execute(
        "SELECT k.title FROM kpi k JOIN kpi_owner o ON o.kpi_id = k.id GROUP BY k.id HAVING COUNT(*) = 1"
    ).fetchall()
    assert [row[0] for row in silo_kpis] == ["Marketing-qualified leads (MQLs)"]
    silo_goals = db.execute(
        "SELECT g.title FROM goal g JOIN goal_owner o ON o.goal_id = g.id GROUP BY g.id HAVING COUNT(*) = 1"
    ).fetchall()
    assert [row[0] for row in silo_goals] == ["Close the Halvorsen deal at target price"]
    assert (
        _scalar(
            db,
            "SELECT COUNT(*) FROM kpi k WHERE NOT EXISTS (SELECT 1 FROM kpi_owner o WHERE o.kpi_id = k.id)",
        )
        == 0
    )
    letters = db.execute(
        "SELECT a.name, SUM(r.letter = 'A'), SUM(r.letter = 'R') FROM activity a "
        "JOIN raci_assignment r ON r.activity_id = a.id GROUP BY a.id"
    ).fetchall()
    assert [row[0] for row in letters if row[1] == 0] == ["Lead management"]
    assert all(row[1] in (0, 1) and row[2] >= 1 for row in letters)
    paid_stretch = db.execute(
        "SELECT title FROM kpi WHERE incentive_pct > 0 AND commitment = 'aspirational'"
    ).fetchall()
    assert [row[0] for row in paid_stretch] == ["First-year DACH bookings"]


def _check_domain_rules(path: Path) -> None:
    with _connect(path) as db:
        for kind in EntityKind:
            table = "raci_assignment" if kind is EntityKind.RACI else kind.value
            for row in db.execute(f"SELECT * FROM {table}").fetchall():
                values: dict[str, object] = {}
                for name in FIELD_RULES[kind]:
                    if (table, name) in LISTS:
                        link, key, other = LISTS[(table, name)]
                        query = f"SELECT {other} FROM {link} WHERE {key} = ? ORDER BY {other}"
                        values[name] = [item[0] for item in db.execute(query, (row["id"],))]
                    else:
                        values[name] = row[name]
                clean(kind, values)  # raises if any value breaks the domain's rules


def test_every_demo_row_obeys_the_domain_rules(
    demo_plan: tuple[DemoSummary, list[tuple[str, float]]],
) -> None:
    _check_domain_rules(demo_plan[0].path)


def test_the_summary_and_progress_tell_what_was_written(
    demo_plan: tuple[DemoSummary, list[tuple[str, float]]], db: sqlite3.Connection
) -> None:
    summary, stages = demo_plan
    assert set(summary.counts) == set(TABLES) and summary.seconds > 0
    for table, count in summary.counts.items():
        assert _scalar(db, f"SELECT COUNT(*) FROM {table}") == count
    assert _scalar(db, "SELECT value FROM plan_meta WHERE key = 'title'") == "Northwind Analytics — demo plan"
    assert _scalar(db, "SELECT COUNT(*) FROM person WHERE changed_by <> 'demo' OR version <> 1") == 0
    fractions = [done for _, done in stages]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1
    assert all(isinstance(stage, str) and stage for stage, _ in stages)


def test_the_same_seed_and_day_give_the_same_plan(
    demo_plan: tuple[DemoSummary, list[tuple[str, float]]], tmp_path: Path
) -> None:
    again = generate_demo(tmp_path / "again.smplan", today=TODAY)
    other = generate_demo(tmp_path / "other.smplan", today=TODAY, seed=8)
    first = _dump(demo_plan[0].path)
    assert _dump(again.path) == first
    different = _dump(other.path)
    assert different != first and different["check_in"] != first["check_in"]
    assert different["person"] == first["person"]


def test_the_plan_moves_with_today(tmp_path: Path) -> None:
    later = generate_demo(tmp_path / "later.smplan", today=TODAY + timedelta(days=10))
    with _connect(later.path) as db:
        start = db.execute("SELECT start_date FROM task_force WHERE id = 1").fetchone()[0]
        stamp = db.execute("SELECT created_at FROM kpi WHERE id = 1").fetchone()[0]
    assert start == (TODAY + timedelta(days=10 - 84)).isoformat()
    assert stamp.startswith((TODAY + timedelta(days=10)).isoformat())
    generate_demo(tmp_path / "today.smplan")  # defaults to the real today


def test_an_existing_file_is_left_untouched(
    tmp_path: Path, snapshot: Callable[[Path], dict[str, str]]
) -> None:
    path = tmp_path / "mine.smplan"
    path.write_bytes(b"somebody's precious plan")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    before = snapshot(tmp_path)
    with pytest.raises(PlanFileError) as error:
        generate_demo(path, today=TODAY)
    assert "already exists" in str(error.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert snapshot(tmp_path) == before
    summary = generate_demo(path, today=TODAY, force=True)
    assert summary.counts["task_force"] == 5


def test_a_failure_leaves_no_half_made_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "_write", broken)
    with pytest.raises(RuntimeError):
        generate_demo(tmp_path / "half.smplan", today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_a_scale_plan_has_proportional_counts(scale_plan: DemoSummary) -> None:
    counts = scale_plan.counts
    expected = {
        "function": 7,
        "person": 200,
        "task_force": 20,
        "membership": 1_000,
        "goal": 60,
        "kpi": 120,
        "check_in": 4_000,
        "activity": 60,
        "deliverable": 400,
        "dependency": 600,
        "risk": 80,
        "decision": 60,
    }
    assert {table: counts[table] for table in expected} == expected
    assert counts["goal_owner"] >= counts["goal"] and counts["kpi_owner"] >= counts["kpi"]
    assert 4 * counts["activity"] <= counts["raci_assignment"] <= 5 * counts["activity"]
    assert counts["decision_commitment"] >= 2 * counts["decision"]


def test_a_scale_plan_is_sound(scale_plan: DemoSummary) -> None:
    with _connect(scale_plan.path) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchall()[0][0] == "ok"
        assert _scalar(db, "SELECT COUNT(DISTINCT name) FROM task_force") == 20
        assert _scalar(db, "SELECT COUNT(DISTINCT email) FROM person") == 200
        assert _scalar(db, "SELECT COUNT(*) FROM membership GROUP BY person_id ORDER BY 1 DESC LIMIT 1") == 5
        assert _scalar(db, "SELECT COUNT(*) FROM dependency WHERE upstream_id >= downstream_id") == 0
        across = (
            "SELECT COUNT(*) FROM dependency d JOIN deliverable u ON u.id = d.upstream_id "
            "JOIN deliverable w ON w.id = d.downstream_id WHERE u.task_force_id <> w.task_force_id"
        )
        assert _scalar(db, across) == 2 * 19
        assert _scalar(db, "SELECT COUNT(*) FROM task_force WHERE lead_id IS NULL OR sponsor_id IS NULL") == 0
        assert (
            db.execute("SELECT value FROM plan_meta WHERE key = 'title'")
            .fetchone()[0]
            .startswith("Scale plan")
        )
    _check_domain_rules(scale_plan.path)


def test_a_demo_plan_passes_the_database_checks(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall()[0][0] == "ok"


def test_a_small_scale_plan_is_reproducible(tmp_path: Path) -> None:
    first = generate_demo(tmp_path / "a.smplan", people=60, today=TODAY)
    second = generate_demo(tmp_path / "b.smplan", people=60, today=TODAY)
    third = generate_demo(tmp_path / "c.smplan", people=60, today=TODAY, seed=1)
    assert first.counts["task_force"] == 6 and first.counts["membership"] == 300
    assert _dump(first.path) == _dump(second.path) != _dump(third.path)
    few = generate_demo(tmp_path / "d.smplan", task_forces=2, today=TODAY)
    assert few.counts["person"] == 20 and few.counts["membership"] == 40


@pytest.mark.parametrize(
    ("people", "task_forces", "field"),
    [
        (0, None, "people"),
        (-5, 3, "people"),
        (10, 0, "task_forces"),
        (True, None, "people"),
        (None, 2.5, "task_forces"),
    ],
)
def test_a_scale_plan_needs_sensible_sizes(
    tmp_path: Path, plain_english: Callable[[str], None], people: object, task_forces: object, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        generate_demo(tmp_path / "bad.smplan", people=people, task_forces=task_forces)  # type: ignore[arg-type]
    assert error.value.field == field
    plain_english(str(error.value))
    assert list(tmp_path.iterdir()) == []
