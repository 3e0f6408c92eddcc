"""Accounts: ``user add|remove|list|set-role``."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

import pandas as pd

from evaldash import bootstrap
from evaldash.cli.common import _engine, _Parser
from evaldash.cli.selection import _municipality
from evaldash.errors import EvaldashError


def _add_user(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from evaldash.auth import ROLES

    user = sub.add_parser(
        "user",
        parents=[common],
        help="manage the dashboard's accounts: add, remove, list, set-role",
        description="Manage built-in accounts (passwords are stored as argon2id hashes) and "
        "the single sign-on e-mails mapped to a role. Roles: " + ", ".join(ROLES) + ".",
    )
    actions = user.add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    add = actions.add_parser("add", parents=[common], help="create an account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--municipality", metavar="NAME", help="own municipality (role municipality)")
    add.add_argument("--email", metavar="ADDRESS", help="single sign-on identity (e-mail)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of asking for it",
    )
    remove = actions.add_parser("remove", parents=[common], help="delete an account")
    remove.add_argument("name", metavar="NAME")
    actions.add_parser("list", parents=[common], help="list the accounts (never passwords)")
    role = actions.add_parser("set-role", parents=[common], help="change an account's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=ROLES, metavar="ROLE", help=", ".join(ROLES))
    role.add_argument("--municipality", metavar="NAME", help="own municipality (role municipality)")


def _user(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from evaldash import auth

    engine = _engine(args)
    bootstrap.ensure_ready(engine, auto_demo=False)  # an empty database gets the schema
    by = getpass.getuser()
    if args.action == "list":
        users = auth.list_users(engine)
        if users.empty:
            out("no accounts: the dashboard runs as one local ministry session on this computer")
        for row in users.itertuples(index=False):
            where = f" ({row.municipality_code})" if row.municipality_code else ""
            login = ", ".join(x for x in ("password" if row.password else "", row.email or "") if x)
            locked = " locked" if pd.notna(row.locked_until) else ""
            out(f"{row.user_name}\t{row.role}{where}\t{login}{locked}")
        return 0
    municipality = getattr(args, "municipality", None)
    code = _municipality(engine, municipality) if municipality else None
    if args.action == "add":
        password = _new_password(args)
        auth.add_user(
            engine, args.name, args.role, municipality_code=code, password=password,
            email=args.email, by=by,
        )  # fmt: skip
        out(f"account {args.name} added: {args.role}" + (f" of {code}" if code else ""))
    elif args.action == "remove":
        auth.remove_user(engine, args.name, by=by)
        out(f"account {args.name} removed")
    else:
        auth.set_role(engine, args.name, args.role, code, by=by)
        out(f"account {args.name}: {args.role}" + (f" of {code}" if code else ""))
    return 0


def _new_password(args: argparse.Namespace) -> str | None:
    """The new account's password: from stdin, asked twice, or none for single sign-on."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if args.email and not sys.stdin.isatty():
        return None
    if not sys.stdin.isatty():
        raise EvaldashError(
            "No terminal to ask for the password: pipe it with --password-stdin, or give "
            "--email for a single sign-on account."
        )
    first = getpass.getpass("Password (at least 12 characters): ")
    if not first and args.email:
        return None
    if getpass.getpass("The same password again: ") != first:
        raise EvaldashError("The two passwords differ; nothing was changed.")
    return first
