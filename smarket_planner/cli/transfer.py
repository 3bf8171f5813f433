"""The sub-commands that move plans and bring them up to date: copy and upgrade."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from smarket_planner.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail, is_address


def add_transfer_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``copy`` and ``upgrade`` to the command line."""
    copy = commands.add_parser(
        "copy",
        help="copy a plan file into an empty database, or a plan database into a new file",
        description="Copy every row of a plan as it is (ids, versions, who changed what and when) "
        "from a plan file into an empty PostgreSQL database, or from a database into a new plan "
        "file. The source is never changed. A database's password comes from PGPASSWORD or ~/.pgpass.",
    )
    copy.add_argument("source", help="the plan file or database URL to copy")
    copy.add_argument("target", help="a new plan file (.smplan), or the URL of an empty database")
    copy.add_argument("--force", action="store_true", help="replace an existing file")
    upgrade = commands.add_parser(
        "upgrade",
        help="bring a plan written by an older version up to date, after a backup",
        description="Bring a plan up to date with this version. A plan file is backed up beside "
        "itself first. A plan database is backed up with pg_dump first (into DB.backup-DATE-TIME.dump "
        "in the current folder), then upgraded in one transaction; the app never upgrades a shared "
        "plan by itself.",
    )
    upgrade.add_argument("plan", help="the plan file or database URL")
    upgrade.add_argument(
        "--backup-dir", type=Path, metavar="DIR", help="where a database's backup goes (default: here)"
    )
    upgrade.add_argument(
        "--no-backup",
        action="store_true",
        help="upgrade a database without backing it up first (back it up yourself beforehand)",
    )


def cmd_copy(args: argparse.Namespace) -> int:
    """Copy a plan between a file and a database."""
    from smarket_planner.services import copy_plan

    began = time.perf_counter()
    copied = copy_plan(args.source, args.target, force=args.force)
    rows = sum(copied.rows.values())
    print(
        f"Copied the plan '{copied.title}' from {copied.source} to {copied.target}: "
        f"{rows:,} rows in {time.perf_counter() - began:.1f} s."
    )
    if copied.from_upgraded_copy:
        print(
            f"{copied.source} was written by an older version: an upgraded copy of it was read, "
            "and the file itself was left as it was."
        )
    return EXIT_OK


def cmd_upgrade(args: argparse.Namespace) -> int:
    """Upgrade a plan file or a plan database, backing it up first."""
    from smarket_planner.services import upgrade_plan

    if not is_address(args.plan) and (args.no_backup or args.backup_dir is not None):
        return fail(
            "--backup-dir and --no-backup are for plan databases; "
            "a plan file is always backed up beside itself.",
            EXIT_USAGE,
        )
    if args.no_backup and args.backup_dir is not None:
        return fail("--no-backup makes no backup, so leave out --backup-dir.", EXIT_USAGE)
    if args.backup_dir is not None and not args.backup_dir.is_dir():
        return fail(f"The folder {args.backup_dir} does not exist.", EXIT_FAILED)
    done = upgrade_plan(args.plan, backup=not args.no_backup, backup_dir=args.backup_dir)
    if not done.changed:
        print(f"The plan {done.location} is already up to date (schema {done.after}); nothing was changed.")
        return EXIT_OK
    if done.backup is not None:
        print(f"Backed up the plan to {done.backup}")
    print(f"Upgraded the plan {done.location} from schema {done.before} to {done.after}.")
    return EXIT_OK
