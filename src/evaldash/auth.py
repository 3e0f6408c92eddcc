"""Who may see what: roles, accounts with hashed passwords, lockout, and the audit log.

No Streamlit here. Roles (:data:`ROLES`):

- ``ministry``: all pilots and municipalities, participant-level detail;
- ``municipality``: its own municipality in full, the others aggregated and suppressed;
- ``public``: aggregates only, small numbers suppressed;
- ``admin``: imports, users and the audit log.

Built-in accounts keep an argon2id hash of the password (never the password). After
:data:`MAX_FAILURES` wrong passwords in a row an account is locked for :data:`LOCKOUT`; a
successful login resets the count. Every login, failed login, lockout, import, export and
change to an account is written to the audit log, which never holds a password, a secret or a
participant's row (:func:`audit` refuses them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine

from evaldash.db import schema
from evaldash.errors import EvaldashError
from evaldash.metrics import query

ROLES = ("ministry", "municipality", "public", "admin")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 12
"""Shortest password accepted, in characters (a passphrase of a few words is long enough)."""

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
_FORBIDDEN_DETAIL = ("password", "secret", "token", "hash", "cookie")
_DETAIL_LIMIT = 2000  # characters of JSON: enough for filters, too little for data rows

u, log = schema.app_user, schema.audit_log


@dataclass(frozen=True)
class Scope:
    """What a session may see: its role and, for role ``municipality``, its municipality."""

    role: str
    municipality_code: str | None = None
    user_name: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {list(ROLES)}")
        if (self.role == "municipality") != (self.municipality_code is not None):
            raise ValueError("role 'municipality' needs its municipality, and only it has one")

    @classmethod
    def local(cls) -> Scope:
        """The single-user session of a dashboard bound to this computer only."""
        return cls("ministry", None, None)


@dataclass(frozen=True)
class Login:
    """The outcome of :func:`authenticate`: the scope when ``ok``, else why not."""

    ok: bool
    scope: Scope | None = None
    reason: str = ""  # wrong | locked | unknown (shown to the user as one message)
    locked_until: datetime | None = None


class AccountError(EvaldashError):
    """A user-management request that cannot be carried out (exit code 1)."""


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``.

    Raises:
        AccountError: for a password shorter than :data:`MIN_PASSWORD` characters.
    """
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"The password must have at least {MIN_PASSWORD} characters "
            f"(it has {len(password)}); a few words in a row are easy to remember."
        )
    return _HASHER.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash`` (False for accounts without a password)."""
    if not stored_hash:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def add_user(
    engine: Engine,
    user_name: str,
    role: str,
    *,
    municipality_code: str | None = None,
    password: str | None = None,
    email: str | None = None,
    by: str | None = None,
    now: datetime | None = None,
) -> None:
    """Create an account. A password, a single sign-on e-mail, or both.

    Raises:
        AccountError: for a taken name or e-mail, a bad role or scope, a short password, or an
            account with neither password nor e-mail.
    """
    scope = _scope(role, municipality_code)
    if not password and not email:
        raise AccountError(
            f"Account {user_name!r} needs a password or a single sign-on e-mail (or both)."
        )
    row = {
        "user_name": _name(user_name),
        "role": scope.role,
        "municipality_code": scope.municipality_code,
        "password_hash": hash_password(password) if password else None,
        "email": email.strip().lower() if email else None,
        "failed_logins": 0,
        "locked_until": None,
        "created_at": now or _now(),
    }
    with engine.begin() as conn:
        if conn.execute(sa.select(u.c.user_name).where(u.c.user_name == row["user_name"])).first():
            raise AccountError(f"There is already an account {row['user_name']!r}.")
        if (
            row["email"]
            and conn.execute(sa.select(u.c.email).where(u.c.email == row["email"])).first()
        ):
            raise AccountError(f"The e-mail {row['email']} already belongs to another account.")
        conn.execute(u.insert().values(**row))
        _audit(conn, by, "user_add", {"user": row["user_name"], "role": role,
                                      "municipality": municipality_code}, now)  # fmt: skip


def remove_user(engine: Engine, user_name: str, by: str | None = None) -> None:
    """Delete an account.

    Raises:
        AccountError: when there is no such account.
    """
    with engine.begin() as conn:
        if conn.execute(u.delete().where(u.c.user_name == user_name)).rowcount == 0:
            raise AccountError(f"There is no account {user_name!r}; see: user list.")
        _audit(conn, by, "user_remove", {"user": user_name}, None)


def set_role(
    engine: Engine,
    user_name: str,
    role: str,
    municipality_code: str | None = None,
    by: str | None = None,
) -> None:
    """Change an account's role (and municipality, for role ``municipality``).

    Raises:
        AccountError: when there is no such account, or for a bad role or scope.
    """
    scope = _scope(role, municipality_code)
    with engine.begin() as conn:
        done = conn.execute(
            u.update()
            .where(u.c.user_name == user_name)
            .values(role=scope.role, municipality_code=scope.municipality_code)
        )
        if done.rowcount == 0:
            raise AccountError(f"There is no account {user_name!r}; see: user list.")
        _audit(conn, by, "user_role", {"user": user_name, "role": role,
                                       "municipality": municipality_code}, None)  # fmt: skip


def list_users(engine: Engine) -> pd.DataFrame:
    """Return the accounts, without their password hashes.

    Columns: user_name, role, municipality_code, email (str or missing), password (bool: has
    one), failed_logins (int64), locked_until, created_at (datetime64[s] or missing).
    """
    stmt = sa.select(
        u.c.user_name,
        u.c.role,
        u.c.municipality_code,
        u.c.email,
        u.c.password_hash.is_not(None).label("password"),
        u.c.failed_logins,
        u.c.locked_until,
        u.c.created_at,
    ).order_by(u.c.user_name)
    return query(
        engine,
        stmt,
        {
            "user_name": "str",
            "role": "str",
            "municipality_code": "object",
            "email": "object",
            "password": "bool",
            "failed_logins": "int64",
            "locked_until": "datetime64[s]",
            "created_at": "datetime64[s]",
        },
    )


def has_accounts(engine: Engine) -> bool:
    """Whether any account exists (without one, only a local single-user session runs)."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(u)).scalar_one() > 0


def authenticate(
    engine: Engine, user_name: str, password: str, now: datetime | None = None
) -> Login:
    """Check a built-in account's password, counting failures and locking after too many.

    The reason given to the user does not tell an unknown name from a wrong password.
    """
    now = now or _now()
    with engine.begin() as conn:
        row = conn.execute(sa.select(u).where(u.c.user_name == user_name)).mappings().first()
        if row is None:
            _audit(conn, None, "login_failed", {"user": user_name[:100], "why": "unknown"}, now)
            return Login(False, reason="wrong")
        if row["locked_until"] is not None and row["locked_until"] > now:
            _audit(conn, user_name, "login_locked", {}, now)
            return Login(False, reason="locked", locked_until=row["locked_until"])
        if not password_matches(row["password_hash"], password):
            return _failed(conn, row, now)
        conn.execute(
            u.update().where(u.c.user_name == user_name).values(failed_logins=0, locked_until=None)
        )
        _audit(conn, user_name, "login", {}, now)
        return Login(True, Scope(row["role"], row["municipality_code"], user_name))


def scope_for_email(engine: Engine, email: str, now: datetime | None = None) -> Scope | None:
    """The scope of the account a single sign-on identity maps to, or None (audited)."""
    address = email.strip().lower()
    with engine.begin() as conn:
        row = conn.execute(sa.select(u).where(u.c.email == address)).mappings().first()
        if row is None:
            _audit(conn, None, "login_failed", {"email": address[:200], "why": "no account"}, now)
            return None
        _audit(conn, row["user_name"], "login", {"via": "sso"}, now)
        return Scope(row["role"], row["municipality_code"], row["user_name"])


def audit(engine: Engine, user_name: str | None, event: str, **detail: object) -> None:
    """Write one audit entry: who, when, what, with which filters.

    Raises:
        ValueError: for detail that must never be logged (passwords, secrets, tokens, data
            rows) or that is too long to be anything but data.
    """
    with engine.begin() as conn:
        _audit(conn, user_name, event, detail, None)


def audit_log(engine: Engine, limit: int = 200) -> pd.DataFrame:
    """Return the newest audit entries: audit_id, at, user_name, event, detail (JSON text)."""
    stmt = sa.select(log).order_by(log.c.audit_id.desc()).limit(limit)
    return query(
        engine,
        stmt,
        {
            "audit_id": "int64",
            "at": "datetime64[s]",
            "user_name": "object",
            "event": "str",
            "detail": "str",
        },
    )


# --- helpers -----------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _name(user_name: str) -> str:
    name = user_name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise AccountError(
            f"{user_name!r} is not a user name: use 1 to 100 characters without spaces."
        )
    return name


def _scope(role: str, municipality_code: str | None) -> Scope:
    try:
        return Scope(role, municipality_code)
    except ValueError as exc:
        raise AccountError(
            f"{exc}. Give --municipality with role municipality, and only with it."
        ) from None


def _failed(conn: Connection, row: sa.RowMapping, now: datetime) -> Login:
    failures = row["failed_logins"] + 1
    locked = now + LOCKOUT if failures >= MAX_FAILURES else None
    conn.execute(
        u.update()
        .where(u.c.user_name == row["user_name"])
        .values(failed_logins=0 if locked else failures, locked_until=locked)
    )
    _audit(conn, row["user_name"], "login_failed", {"failures": failures}, now)
    if locked:
        _audit(conn, row["user_name"], "account_locked", {"until": locked.isoformat()}, now)
        return Login(False, reason="locked", locked_until=locked)
    return Login(False, reason="wrong")


def _audit(
    conn: Connection,
    user_name: str | None,
    event: str,
    detail: dict[str, object],
    now: datetime | None,
) -> None:
    for key, value in detail.items():
        if any(word in key.lower() for word in _FORBIDDEN_DETAIL):
            raise ValueError(f"the audit log never holds {key!r}; leave it out")
        if isinstance(value, pd.DataFrame | pd.Series):
            raise ValueError(f"the audit log never holds data rows ({key!r} is a table)")
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > _DETAIL_LIMIT:
        raise ValueError(
            f"audit detail of {len(text)} characters is more than filters and file names; "
            "the audit log never holds data rows"
        )
    conn.execute(
        log.insert().values(at=now or _now(), user_name=user_name, event=event[:30], detail=text)
    )
