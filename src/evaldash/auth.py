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

import dataclasses
import functools
import hashlib
import hmac
import ipaddress
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pandas as pd
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine

from evaldash.db import schema
from evaldash.db.read import query
from evaldash.errors import EvaldashError

if TYPE_CHECKING:
    from evaldash.filters import Filters
    from evaldash.ingest import ImportResult

ROLES = ("ministry", "municipality", "public", "admin")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 12
"""Shortest password accepted, in characters (a passphrase of a few words is long enough)."""

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
_FORBIDDEN_DETAIL = ("password", "secret", "token", "hash", "cookie")
_DETAIL_LIMIT = 2000  # characters of JSON: enough for filters, too little for data rows

SESSION_LENGTH = timedelta(hours=8)
"""How long a built-in sign-in lasts in a browser (its cookie), unless the user signs out."""
SESSION_COOKIE = "evaldash_session"

u, log = schema.app_user, schema.audit_log
attempts, sessions = schema.sign_in_attempt, schema.app_session


@dataclass(frozen=True)
class Scope:
    """What a session may see: its role and, for role ``municipality``, its municipality."""

    role: str
    municipality_code: str | None = None
    user_name: str | None = None
    k: int = 5
    """Smallest group of people shown outside the ministry (see :mod:`evaldash.privacy`)."""

    def __post_init__(self) -> None:
        if self.k < 2:
            raise ValueError(f"the smallest group shown must be 2 people or more, not {self.k}")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {list(ROLES)}")
        if (self.role == "municipality") != (self.municipality_code is not None):
            raise ValueError("role 'municipality' needs its municipality, and only it has one")

    @classmethod
    def local(cls) -> Scope:
        """The single-user session of a dashboard bound to this computer only."""
        return cls("ministry", None, None)

    @property
    def is_local(self) -> bool:
        """Whether this is the local single-user session: the ministry and the admin at once."""
        return self.user_name is None and self.role == "ministry"


FORWARDING_HEADERS = frozenset(
    {
        "forwarded",
        "via",
        "x-real-ip",
        "x-client-ip",
        "true-client-ip",
        "cf-connecting-ip",
        "fastly-client-ip",
        "x-cluster-client-ip",
        "x-original-forwarded-for",
    }
)
"""Request headers a proxy adds; with any of them (or any ``X-Forwarded-*``) it came through one."""

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""This computer's names: for a request's Origin and Host, and for ``server.address``."""


def is_local_request(client_ip: str | None, headers: Mapping[str, str]) -> bool:
    """Whether a request comes from a browser on this computer, not through any proxy.

    ``client_ip`` is the connection's address as Streamlit reports it (``st.context.ip_address``:
    ``None`` for a loopback connection; a proxy's ``X-Forwarded-For`` from loopback replaces it).
    A same-host reverse proxy connects from loopback too, so a request is local only when, in
    addition, it carries no forwarding header and the page it was opened from (``Origin``) and
    the host it asked for (``Host``) are this computer's: a proxy passes on the visitor's
    ``Origin`` (``https://evaldash.example.lv``), even one configured to add no header.
    """
    if client_ip is not None and not _is_loopback(client_ip):
        return False
    names = {name.lower() for name in headers}
    if names & FORWARDING_HEADERS or any(name.startswith("x-forwarded-") for name in names):
        return False
    lowered = {name.lower(): value for name, value in headers.items()}
    origin = lowered.get("origin")
    if origin is not None and _is_loopback(_host_of(urlsplit(origin).netloc)):
        origin = None
    host = lowered.get("host")
    return origin is None and (host is None or _is_loopback(_host_of(host)))


def _host_of(netloc: str) -> str:
    """The host of ``host[:port]`` or ``[v6]:port``, lower case."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")] if "]" in netloc else netloc
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
        conn.execute(sessions.delete().where(sessions.c.user_name == user_name))
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
    engine: Engine, user_name: str, password: str, now: datetime | None = None, *, key: bytes
) -> Login:
    """Check a built-in account's password, counting failures and locking after too many.

    An unknown name answers as an account does, in the same time: one password check (against
    a stand-in hash), "wrong" until :data:`MAX_FAILURES` tries, then "locked until" for
    :data:`LOCKOUT`. Its tries are counted, and audited, under a hash of the name keyed with
    ``key`` (the server's secret, :func:`name_key`): the typed text, perhaps a password typed
    into the wrong field, is never stored.
    """
    now = now or _now()
    with engine.begin() as conn:
        row = conn.execute(sa.select(u).where(u.c.user_name == user_name)).mappings().first()
        if row is None:
            return _unknown_name(conn, name_key(key, user_name), password, now)
        if row["locked_until"] is not None and row["locked_until"] > now:
            _audit(conn, user_name, "login_locked", {}, now)
            return Login(False, reason="locked", locked_until=row["locked_until"])
        if not password_matches(row["password_hash"] or _stand_in_hash(), password):
            return _failed(conn, row, now)
        conn.execute(
            u.update().where(u.c.user_name == user_name).values(failed_logins=0, locked_until=None)
        )
        _audit(conn, user_name, "login", {}, now)
        return Login(True, Scope(row["role"], row["municipality_code"], user_name))


def name_key(key: bytes, user_name: str) -> str:
    """A keyed hash (HMAC-SHA-256, 16 hex digits) of a typed name that is no account.

    The same name gives the same key, so its tries can be counted and an administrator sees
    one name tried many times; without the server's secret the name cannot be guessed back.
    """
    return hmac.new(key, user_name.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


@functools.cache
def _stand_in_hash() -> str:
    """A hash no password matches, checked for names without one so every answer costs alike."""
    return _HASHER.hash(secrets.token_urlsafe(24))


def _unknown_name(conn: Connection, name: str, password: str, now: datetime) -> Login:
    conn.execute(attempts.delete().where(attempts.c.last_at < now - LOCKOUT))
    row = conn.execute(sa.select(attempts).where(attempts.c.name_key == name)).mappings().first()
    if row is not None and row["locked_until"] is not None and row["locked_until"] > now:
        _audit(conn, None, "login_locked", {"name_key": name, "why": "unknown"}, now)
        return Login(False, reason="locked", locked_until=row["locked_until"])
    password_matches(_stand_in_hash(), password)  # the work an account's check does
    failures = (row["failed_logins"] if row is not None else 0) + 1
    locked = now + LOCKOUT if failures >= MAX_FAILURES else None
    values = {"failed_logins": 0 if locked else failures, "locked_until": locked, "last_at": now}
    if row is None:
        conn.execute(attempts.insert().values(name_key=name, **values))
    else:
        conn.execute(attempts.update().where(attempts.c.name_key == name).values(**values))
    detail = {"name_key": name, "why": "unknown", "failures": failures}
    _audit(conn, None, "login_failed", detail, now)
    if locked:
        _audit(conn, None, "account_locked", {"name_key": name, "why": "unknown",
                                              "until": locked.isoformat()}, now)  # fmt: skip
        return Login(False, reason="locked", locked_until=locked)
    return Login(False, reason="wrong")


def open_session(
    engine: Engine,
    user_name: str,
    *,
    key: bytes,
    now: datetime | None = None,
    length: timedelta = SESSION_LENGTH,
) -> str:
    """Start a sign-in that a browser keeps; return the cookie's value.

    The value is ``<random id>.<expiry>.<signature>``: the id (256 random bits) is kept only in
    the cookie and its SHA-256 in ``app_session``; the expiry (``YYYYmmddHHMMSS``) and the id
    are signed with ``key`` (HMAC-SHA-256), so a changed or made-up cookie is refused before
    the database is asked.
    """
    now = now or _now()
    ident = secrets.token_urlsafe(32)
    expires = now + length
    stamp = expires.strftime("%Y%m%d%H%M%S")
    with engine.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.expires_at < now - timedelta(days=1)))
        conn.execute(
            sessions.insert().values(
                session_key=_digest(ident),
                user_name=user_name,
                created_at=now,
                expires_at=expires,
            )
        )
    return f"{ident}.{stamp}.{_signature(key, ident, stamp)}"


def resume_session(
    engine: Engine, cookie: str | None, *, key: bytes, now: datetime | None = None
) -> Scope | None:
    """The scope of the account whose sign-in ``cookie`` keeps, or None.

    None for a missing, changed, expired or ended cookie, or one whose account is gone; the
    account's role and municipality are read now, so a change applies at the next page.
    """
    ident = _verified(cookie, key, now or _now())
    if ident is None:
        return None
    now = now or _now()
    stmt = (
        sa.select(u.c.user_name, u.c.role, u.c.municipality_code)
        .select_from(sessions.join(u, u.c.user_name == sessions.c.user_name))
        .where(
            sessions.c.session_key == _digest(ident),
            sessions.c.ended_at.is_(None),
            sessions.c.expires_at > now,
        )
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    if row is None:
        return None
    return Scope(row["role"], row["municipality_code"], row["user_name"])


def end_session(
    engine: Engine, cookie: str | None, *, key: bytes, now: datetime | None = None
) -> None:
    """End the sign-in ``cookie`` keeps (sign-out): the cookie opens nothing any more."""
    now = now or _now()
    ident = _verified(cookie, key, now)
    if ident is None:
        return
    with engine.begin() as conn:
        row = conn.execute(
            sessions.update()
            .where(sessions.c.session_key == _digest(ident), sessions.c.ended_at.is_(None))
            .values(ended_at=now)
            .returning(sessions.c.user_name)
        ).first()
        if row is not None:
            _audit(conn, row.user_name, "logout", {}, now)


def _verified(cookie: str | None, key: bytes, now: datetime) -> str | None:
    """The id of a well-formed, correctly signed, unexpired cookie value, else None."""
    parts = (cookie or "").split(".")
    if len(parts) != 3 or not all(parts):
        return None
    ident, stamp, signature = parts
    if not hmac.compare_digest(_signature(key, ident, stamp), signature):
        return None
    try:
        expires = datetime.strptime(stamp, "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return ident if expires > now else None


def _signature(key: bytes, ident: str, stamp: str) -> str:
    return hmac.new(key, f"{ident}.{stamp}".encode(), hashlib.sha256).hexdigest()


def _digest(ident: str) -> str:
    return hashlib.sha256(ident.encode()).hexdigest()


def scope_for_email(engine: Engine, email: str, now: datetime | None = None) -> Scope | None:
    """The scope of the account a single sign-on identity maps to, or None (audited)."""
    address = email.strip().lower()
    with engine.begin() as conn:
        row = conn.execute(sa.select(u).where(u.c.email == address)).mappings().first()
        if row is None:
            _audit(conn, None, "login_failed",
                   {"email": address[:200], "why": "no account", "via": "sso"}, now)  # fmt: skip
            return None
        _audit(conn, row["user_name"], "login", {"via": "sso"}, now)
        return Scope(row["role"], row["municipality_code"], row["user_name"])


@dataclass(frozen=True)
class SsoLogin:
    """The outcome of :func:`sign_on`: the scope when ``ok``, else why not and for whom."""

    scope: Scope | None
    reason: str = ""  # no_email | unverified | no_account
    email: str = ""

    @property
    def ok(self) -> bool:
        """Whether the identity maps to an account."""
        return self.scope is not None


def sign_on(engine: Engine, claims: Mapping[str, object], now: datetime | None = None) -> SsoLogin:
    """Map a single sign-on identity (the provider's ID-token claims) to its account (audited).

    The ``email`` claim names the account. An identity without one, or whose provider says
    the address is not verified (``email_verified`` false), is refused whatever the accounts
    hold: anyone could otherwise claim an address they do not own. Providers that send no
    ``email_verified`` at all (many vouch for their own domain's addresses) are trusted.
    """
    email = claims.get("email")
    subject = str(claims.get("sub") or "")[:200]
    if not isinstance(email, str) or not email.strip():
        with engine.begin() as conn:
            detail = {"why": "no e-mail", "via": "sso", "subject": subject}
            _audit(conn, None, "login_failed", detail, now)
        return SsoLogin(None, "no_email")
    address = email.strip().lower()
    if _false(claims.get("email_verified")):
        with engine.begin() as conn:
            detail = {"email": address[:200], "why": "e-mail not verified", "via": "sso"}
            _audit(conn, None, "login_failed", detail, now)
        return SsoLogin(None, "unverified", address)
    scope = scope_for_email(engine, address, now)
    return SsoLogin(scope, "" if scope else "no_account", address)


def audit(engine: Engine, user_name: str | None, event: str, **detail: object) -> None:
    """Write one audit entry: who, when, what, with which filters.

    Raises:
        ValueError: for detail that must never be logged (passwords, secrets, tokens, data
            rows) or that is too long to be anything but data.
    """
    with engine.begin() as conn:
        _audit(conn, user_name, event, detail, None)


def audit_export(
    engine: Engine,
    user_name: str | None,
    fmt: str,
    page: str | Sequence[str],
    filters: Filters | None,
    audience: str,
    *,
    chart: str | None = None,
) -> None:
    """Audit a file that leaves the dashboard: a download, or a CLI export or report.

    The entry (event ``export``) holds the format (``pptx``, ``csv``, ...), the page or pages,
    the pilot, the filters as codes (:func:`filter_codes`), the audience (the session's role)
    and, for one chart's table, the chart's key; never the file itself.
    """
    detail: dict[str, object] = {
        "format": fmt,
        "page": page if isinstance(page, str) else list(page),
        "pilot": filters.pilot_id if filters is not None else None,
        "filters": filter_codes(filters),
        "audience": audience,
    }
    if chart is not None:
        detail["chart"] = chart
    audit(engine, user_name, "export", **detail)


def filter_codes(filters: Filters | None) -> dict[str, object] | None:
    """The filters as codes for the audit log: every field, dates as ISO text, lists."""
    if filters is None:
        return None
    codes = dataclasses.asdict(filters)
    for key, value in codes.items():
        if isinstance(value, date):
            codes[key] = value.isoformat()
        elif isinstance(value, tuple):
            codes[key] = list(value)
    return codes


def audit_import(
    engine: Engine,
    user_name: str | None,
    result: ImportResult,
    via: str,
    *,
    dry_run: bool = False,
) -> None:
    """Audit an import that landed (event ``import``) or whose check failed (``import_refused``).

    The entry holds the file names, the pilots in the package, the rows read per table, what
    was written, the outcome (``ok``, ``invalid``, ``failed``), the import id, the counts of
    errors and warnings and ``via`` (``app`` or ``cli``); never the files' contents or rows. A
    check that passes without writing (``dry_run``) is not an import and is not audited.
    """
    if result.status == "checked":
        return
    detail: dict[str, object] = {
        "files": _fit(sorted(result.files), 500),
        "pilots": _fit(sorted(result.pilots), 300),
        "rows_read": dict(result.rows),
        "outcome": result.status,
        "import_id": result.import_id,
        "via": via,
        **result.report.counts(),
    }
    if result.written:
        detail["written"] = {table: dict(n) for table, n in result.written.items()}
    if dry_run:
        detail["dry_run"] = True
    event = "import_refused" if result.status == "invalid" else "import"
    audit(engine, user_name, event, **detail)


def audit_log(
    engine: Engine,
    limit: int = 200,
    *,
    events: Sequence[str] = (),
    users: Sequence[str | None] = (),
    since: date | None = None,
    until: date | None = None,
) -> pd.DataFrame:
    """Return the newest audit entries first: audit_id, at, user_name, event, detail (JSON).

    ``events`` and ``users`` keep only those (``None`` among the users: entries without a
    user, such as the local session's and unknown names' failed logins); ``since`` and
    ``until`` are the first and last day kept. Empty or ``None`` means no limit.
    """
    stmt = sa.select(log)
    if events:
        stmt = stmt.where(log.c.event.in_(list(events)))
    if users:
        named = [name for name in users if name is not None]
        who = [log.c.user_name.in_(named)] if named else []
        if None in users:
            who.append(log.c.user_name.is_(None))
        stmt = stmt.where(sa.or_(*who))
    if since is not None:
        stmt = stmt.where(log.c.at >= datetime.combine(since, time.min))
    if until is not None:
        stmt = stmt.where(log.c.at < datetime.combine(until + timedelta(days=1), time.min))
    stmt = stmt.order_by(log.c.audit_id.desc()).limit(limit)
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


@dataclass(frozen=True)
class AuditChoices:
    """What the audit log holds, to choose from: events, users (``None``: no user), first day."""

    events: list[str]
    users: list[str | None]
    first_day: date | None


def audit_choices(engine: Engine) -> AuditChoices:
    """The events and users in the audit log, sorted, and the day of its first entry."""
    with engine.connect() as conn:
        events = list(
            conn.execute(sa.select(log.c.event).distinct().order_by(log.c.event)).scalars()
        )
        users = list(conn.execute(sa.select(log.c.user_name).distinct()).scalars())
        first = conn.execute(sa.select(sa.func.min(log.c.at))).scalar_one()
    named = sorted(name for name in users if name is not None)
    return AuditChoices(
        events,
        [*named, *([None] if None in users else [])],
        first.date() if first is not None else None,
    )


def detail_text(detail: str | None) -> str:
    """An audit entry's detail for people: ``key: value; ...``, lists and counts written out.

    Keys that name a secret are masked, even though :func:`audit` never writes them.
    """
    if not detail:
        return ""
    try:
        parsed = json.loads(detail)
    except ValueError:
        return "(?)"  # not written by audit(); shown as nothing rather than as raw text
    if not isinstance(parsed, dict):
        return _words(parsed)
    return "; ".join(f"{key}: {_masked(key, value)}" for key, value in parsed.items())


# --- helpers -----------------------------------------------------------------------------------


def _masked(key: str, value: object) -> str:
    if any(word in key.lower() for word in _FORBIDDEN_DETAIL):
        return "***"
    return _words(value)


def _words(value: object) -> str:
    """A JSON value in words: lists joined by commas, mappings as ``key value``, none as –."""
    if value is None or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value)
    if isinstance(value, dict):
        parts = [
            f"{key} ({_masked(key, v)})" if isinstance(v, dict) else f"{key} {_masked(key, v)}"
            for key, v in value.items()
            if v not in (None, [], {})
        ]
        return ", ".join(parts) or "–"
    return str(value)


def _fit(names: list[str], budget: int) -> list[str]:
    """As many of ``names`` (each cut to 100 characters) as fit in ``budget`` characters."""
    kept: list[str] = []
    used = 0
    for name in names:
        short = name[:100]
        if used + len(short) > budget:
            kept.append(f"+{len(names) - len(kept)} more")
            break
        kept.append(short)
        used += len(short) + 4
    return kept


def _false(claim: object) -> bool:
    """Whether a boolean claim says false (some providers send the text "false")."""
    return claim is False or (isinstance(claim, str) and claim.strip().lower() == "false")


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
