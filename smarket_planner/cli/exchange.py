"""The sub-commands that bring rosters and plans in and out: roster, import, export as JSON or calendar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from smarket_planner.cli.common import EXIT_BAD_PLAN, EXIT_FAILED, EXIT_OK, EXIT_USAGE, PROGRAM, fail

EXCHANGE_FORMATS = ("json", "ics")
SHOWN_ROWS = 200  # rows a dry run lists one by one before it only counts


def add_exchange_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``roster import``, ``roster export`` and ``import`` to the command line."""
    roster = commands.add_parser(
        "roster", help="bring people in from an HR roster (CSV, Excel) or write them out"
    )
    actions = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    bring = actions.add_parser(
        "import",
        help="create and update people from a CSV file or Excel workbook",
        description="Create and update people from an HR roster. People are matched by e-mail "
        "(any case); functions the plan lacks are created. All rows or none are imported.",
    )
    bring.add_argument("plan", help="the plan file or database URL")
    bring.add_argument(
        "file", type=Path, help="the roster: .csv (any delimiter, UTF-8/UTF-16/Latin-1) or .xlsx"
    )
    bring.add_argument("--dry-run", action="store_true", help="say what would change, and change nothing")
    bring.add_argument(
        "--sheet", metavar="NAME", help="the worksheet of a workbook to read (default: the first)"
    )
    bring.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read COLUMN (its heading or letter) as FIELD: name, first_name, last_name, email, title, "
        "function, location, capacity, fte, hours, or ignore (repeat for several)",
    )
    send = actions.add_parser("export", help="write the plan's people to a CSV file or an Excel workbook")
    send.add_argument("plan", help="the plan file or database URL")
    send.add_argument("file", type=Path, help="the file to write: .csv or .xlsx")
    full = commands.add_parser(
        "import",
        help="fill an empty plan from a plan JSON file (see docs/plan-json.md)",
        description="Fill an empty plan (made by 'smarket-planner new') from a plan written by "
        "'smarket-planner export PLAN --format json'.",
    )
    full.add_argument("plan", help="the empty plan file or database URL")
    full.add_argument("file", type=Path, help="the plan JSON file")


def cmd_roster(args: argparse.Namespace) -> int:
    """Import or export a roster."""
    return _roster_import(args) if args.roster_command == "import" else _roster_export(args)


def _roster_import(args: argparse.Namespace) -> int:
    from smarket_planner.services import open_existing
    from smarket_planner.services.exchange.roster_columns import ColumnChoiceError, parse_map, plan_columns
    from smarket_planner.services.exchange.roster_files import RosterFileError, read_roster_file
    from smarket_planner.services.exchange.roster_import import import_roster, preview_roster

    try:
        chosen = parse_map(args.map)
        table = read_roster_file(args.file, sheet=args.sheet)
        plan_columns(table, chosen)  # a wrong --map is said before the plan is opened
    except ColumnChoiceError as error:
        return fail(str(error), EXIT_USAGE)
    except RosterFileError as error:
        return fail(str(error), EXIT_BAD_PLAN)
    with open_existing(args.plan, upgrade=not args.dry_run) as plan:
        preview = preview_roster(plan, table, chosen=chosen)
        _describe(preview)
        if not preview.ok:
            for problem in preview.problems:
                print(f"{PROGRAM}: {problem}", file=sys.stderr)
            return fail(f"Nothing was imported. {preview.summary()}", EXIT_FAILED)
        if args.dry_run:
            _list_changes(preview)
            print(f"Dry run: {preview.summary()} Nothing was changed.")
            return EXIT_OK
        summary = import_roster(plan, preview).value
    functions = len(summary.new_functions)
    added = f" and {functions} function{'s' * (functions != 1)}" if functions else ""
    print(
        f"Imported {table.name} into {plan.location}: created {len(summary.created):,} "
        f"{'person' if len(summary.created) == 1 else 'people'}{added}, updated {len(summary.updated):,}, "
        f"left {summary.unchanged:,} as they were."
    )
    return EXIT_OK


def _describe(preview: Any) -> None:
    """Say how the file was read and which column went where."""
    table, columns = preview.table, preview.columns
    how = [f"sheet '{table.sheet}'"] if table.sheet else []
    if table.encoding:
        names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
        how += [table.encoding, f"cells separated by {names.get(table.delimiter, repr(table.delimiter))}"]
    print(f"Read {table.name} ({', '.join(how)}); headings on row {columns.heading_row}.")
    width = min(max((len(columns.heading(column)) for column in range(len(columns.fields))), default=0), 40)
    for column, field in enumerate(columns.fields):
        heading = columns.heading(column)[:40]
        print(f"  {heading:<{width}}  -> {field.label if field is not None else '(left out)'}")


def _list_changes(preview: Any) -> None:
    """List the rows a dry run would create or change."""
    from smarket_planner.services.exchange.roster_import import RowOutcome

    shown = [row for row in preview.rows if row.outcome in (RowOutcome.NEW, RowOutcome.UPDATE)]
    for row in shown[:SHOWN_ROWS]:
        if row.outcome is RowOutcome.NEW:
            print(f"  row {row.row:>5}  new     {row.name} ({row.function})")
        else:
            changes = "; ".join(
                f"{name.replace('_pct', '')} -> {value}" for name, value in row.changes.items()
            )
            print(f"  row {row.row:>5}  update  {row.name}: {changes}")
    if len(shown) > SHOWN_ROWS:
        print(f"  … and {len(shown) - SHOWN_ROWS:,} more")


def _roster_export(args: argparse.Namespace) -> int:
    from smarket_planner.services import open_existing
    from smarket_planner.services.exchange.roster_export import (
        RosterExportError,
        export_roster,
        roster_format,
    )

    try:
        roster_format(args.file)
    except RosterExportError as error:
        return fail(str(error), EXIT_USAGE)
    with open_existing(args.plan, upgrade=False) as plan:
        try:
            written = export_roster(plan, args.file)
        except RosterExportError as error:
            return fail(str(error), EXIT_FAILED)
    print(f"Wrote {written:,} {'person' if written == 1 else 'people'} to {args.file}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Fill an empty plan from a plan JSON file."""
    from smarket_planner.services import open_existing
    from smarket_planner.services.exchange.plan_json_read import (
        PlanImportError,
        import_plan_json,
        read_plan_json,
    )

    try:
        document = read_plan_json(args.file)
    except PlanImportError as error:
        return fail(str(error), EXIT_BAD_PLAN)
    with open_existing(args.plan) as plan:
        try:
            summary = import_plan_json(plan, document).value
        except PlanImportError as error:
            return fail(str(error), EXIT_BAD_PLAN)
    held = ", ".join(f"{number:,} {kind.plural}" for kind, number in summary.counts.items() if number)
    print(f"Imported {args.file} into {plan.location}: {held or 'nothing'}.")
    return EXIT_OK


def export_plan_file(args: argparse.Namespace, fmt: str) -> int:
    """Write the plan as JSON, or its dates as a calendar, for ``export --format json|ics``."""
    from smarket_planner.services import open_existing
    from smarket_planner.services.reports.analysis import task_force_ids_named

    out: Path = args.output
    if fmt == "json" and args.task_force:
        return fail("a plan's JSON always holds the whole plan; leave out --task-force", EXIT_USAGE)
    # A calendar's events are named after the plan's id, which an older plan gets on its upgrade.
    with open_existing(args.plan, upgrade=fmt == "ics") as plan:
        if fmt == "json":
            from smarket_planner.services.exchange.plan_json import write_plan_json

            try:
                write_plan_json(plan, out)
            except OSError as error:
                return fail(f"could not write {out}: {error.strerror or error}", EXIT_FAILED)
            print(f"Wrote the plan '{plan.title}' as JSON to {out}")
            return EXIT_OK
        from smarket_planner.services.exchange.plan_calendar import write_calendar

        ids = task_force_ids_named(plan, args.task_force) if args.task_force else None
        try:
            summary = write_calendar(plan, out, ids)
        except OSError as error:
            return fail(f"could not write {out}: {error.strerror or error}", EXIT_FAILED)
    print(f"Wrote a calendar of {summary} to {out}")
    return EXIT_OK
