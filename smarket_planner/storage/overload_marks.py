"""Triggers on a PostgreSQL plan that note whose over-allocation an edit may have changed."""

from __future__ import annotations

from sqlalchemy import Connection

# Statement-level triggers with transition tables: one INSERT per edit statement, however
# many rows it changed. Nothing is noted until overloads have been worked out once (the
# basis row exists), so loading a plan in bulk costs one EXISTS per statement.
_FUNCTIONS = {
    "membership": """
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO overload_stale (person_id) SELECT DISTINCT person_id FROM new_rows
            ON CONFLICT DO NOTHING;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            INSERT INTO overload_stale (person_id) SELECT DISTINCT person_id FROM old_rows
            ON CONFLICT DO NOTHING;
        END IF;""",
    # Only a change of status or dates moves the load of the task force's members.
    "task_force": """
        INSERT INTO overload_stale (person_id)
        SELECT DISTINCT m.person_id FROM membership m
        JOIN new_rows n ON n.id = m.task_force_id JOIN old_rows o ON o.id = n.id
        WHERE (o.status, o.start_date, o.end_date) IS DISTINCT FROM (n.status, n.start_date, n.end_date)
        ON CONFLICT DO NOTHING;""",
    "person": """
        IF TG_OP = 'UPDATE' THEN
            INSERT INTO overload_stale (person_id)
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.capacity_pct IS DISTINCT FROM n.capacity_pct
            ON CONFLICT DO NOTHING;
        ELSE
            INSERT INTO overload_stale (person_id) SELECT id FROM old_rows ON CONFLICT DO NOTHING;
        END IF;""",
}
_EVENTS = {
    "membership": ("INSERT", "UPDATE", "DELETE"),
    "task_force": ("UPDATE",),
    "person": ("UPDATE", "DELETE"),
}
_REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def install(connection: Connection) -> None:
    """Create the triggers on a PostgreSQL plan (nothing to do on a plan file)."""
    if connection.dialect.name != "postgresql":
        return
    for table, body in _FUNCTIONS.items():
        connection.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION overload_note_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            "    IF NOT EXISTS (SELECT 1 FROM overload_basis) THEN RETURN NULL; END IF;"
            f"{body}\n"
            "    RETURN NULL;\n"
            "END $$"
        )
        for event in _EVENTS[table]:
            connection.exec_driver_sql(
                f"CREATE TRIGGER overload_note_{event.lower()} AFTER {event} ON {table} "
                f"{_REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION overload_note_{table}()"
            )


def remove(connection: Connection) -> None:
    """Drop the triggers and their functions again."""
    if connection.dialect.name != "postgresql":
        return
    for table, events in _EVENTS.items():
        for event in events:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS overload_note_{event.lower()} ON {table}")
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS overload_note_{table}()")
