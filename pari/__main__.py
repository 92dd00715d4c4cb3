"""The command line: ``python -m pari COMMAND`` (DESIGN section 4)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from pari import accounts
from pari.db import DatabaseUnavailable, make_engine, migrate, session_scope
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
