"""The command line: ``python -m pari COMMAND`` (DESIGN section 4)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from pari import accounts
from pari.db import (
    DatabaseUnavailable,
    make_engine,
    migrate,
    no_statement_timeout,
    session_scope,
)
from pari.models import Role
from pari.settings import SettingsError, get_settings


def _engine():
    engine = make_engine(get_settings().database_url)
    migrate(engine)
    return engine


def cmd_migrate(_args: argparse.Namespace) -> int:
    _engine()
    print("Database is at the newest schema.")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    password = os.environ.get("PARI_PASSWORD") or getpass.getpass("Password: ")
    with session_scope(_engine()) as session:
        user = accounts.create_user(
            session=session,
            username=args.username,
            name=args.name or args.username,
            password=password,
            role=Role(args.role),
            email=args.email,
        )
        print(f"Created {user.role.value} {user.username!r}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pari.reporting import exports

    if args.all == bool(args.code):
        print("error: give either a WORKSHOP_CODE or --all", file=sys.stderr)
        return 2
    with session_scope(_engine()) as session:
        no_statement_timeout(session)
        if args.all:
            export = exports.all_workshops_export(session=session)
        else:
            try:
                export = exports.workshop_export_by_code(session=session, code=args.code)
            except exports.UnknownWorkshop:
                print(f"error: no workshop has the code {args.code!r}", file=sys.stderr)
                return 2
    try:
        written = exports.write_export(export, args.dir)
    except OSError as exc:
        print(f"error: cannot write to {args.dir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{n} {name}" for name, n in export.counts().items())
    print(f"Wrote {len(written)} files to {args.dir} ({counts}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pari.demo import create_demo

    with session_scope(_engine()) as session:
        result = create_demo(session=session, owner_username=args.owner)
    if result.new_password:
        print(
            f"No account existed: made coordinator {result.owner!r} "
            f"with password {result.new_password!r} (change it after logging in)."
        )
    base = get_settings().base_url
    print(f"Demo workshops: {', '.join(result.codes)} (owner {result.owner!r}).")
    print(f"Join the live one from a phone: {base}/?join={result.live_code}")
    print(result.live_code)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pari import backup

    try:
        path = backup.backup(get_settings().database_url, args.file)
    except backup.BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Backed up to {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pari import backup

    try:
        safety = backup.restore(get_settings().database_url, args.file)
    except backup.BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if safety:
        print(f"The database it replaced is kept at {safety}")
    _engine()  # bring an older backup up to the newest schema
    print(f"Restored from {args.file}. Start the app again.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pari", description="PARI Workshop")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("migrate", help="apply database migrations")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "create-user", help="create an account (password from PARI_PASSWORD or a prompt)"
    )
    p.add_argument("username")
    p.add_argument("--name", help="display name (default: the username)")
    p.add_argument("--role", choices=[r.value for r in Role], default=Role.FACILITATOR.value)
    p.add_argument("--email")
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser(
        "export",
        help="write a workshop's CSVs, a zip and an .xlsx into DIR (--all: every workshop)",
    )
    p.add_argument("code", nargs="?", metavar="WORKSHOP_CODE", help="join code, any case")
    p.add_argument("dir", metavar="DIR", help="folder to write into (made if missing)")
    p.add_argument("--all", action="store_true", help="export every workshop, for coordinators")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "demo", help="make demo workshops with answers from every group; prints the join code"
    )
    p.add_argument("--owner", help="username to own them (default: the first coordinator)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("backup", help="copy the SQLite database, safely while the app runs")
    p.add_argument(
        "file",
        nargs="?",
        help="target file (default: backups/pari-TIME.sqlite3 beside the database)",
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the SQLite database with a backup (app stopped)")
    p.add_argument("file", help="the backup file")
    p.set_defaults(func=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (SettingsError, DatabaseUnavailable, accounts.AccountError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
