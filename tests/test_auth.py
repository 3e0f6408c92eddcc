"""Accounts, passwords, lockout and the audit log, on both databases; the user command."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from evaldash import auth, cli
from evaldash.db import schema

NOW = datetime(2026, 12, 1, 9, 0, 0)
PASSWORD = "correct horse battery"
KEY = b"the server's secret"


def events(engine) -> list[tuple[str | None, str, dict]]:
    log = auth.audit_log(engine)
    return [
        (r.user_name, r.event, json.loads(r.detail)) for r in log.iloc[::-1].itertuples(index=False)
    ]


def test_passwords_are_hashed_with_argon2id(ready_engine):
    auth.add_user(ready_engine, "anna", "ministry", password=PASSWORD, now=NOW)
    with ready_engine.connect() as conn:
        stored = conn.execute(sa.select(schema.app_user.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert auth.password_matches(stored, PASSWORD)
    assert not auth.password_matches(stored, PASSWORD + "!")
    assert not auth.password_matches(None, PASSWORD)
    assert not auth.password_matches("not a hash", PASSWORD)
    users = auth.list_users(ready_engine)
    assert "password_hash" not in users.columns and bool(users["password"].iloc[0])


def test_login_and_scope(ready_engine):
    auth.add_user(ready_engine, "talsi", "municipality", municipality_code="LV-097",
                  password=PASSWORD, now=NOW)  # fmt: skip
    login = auth.authenticate(ready_engine, "talsi", PASSWORD, NOW, key=KEY)
    assert login.ok and login.scope == auth.Scope("municipality", "LV-097", "talsi")
    assert [e[1] for e in events(ready_engine)] == ["user_add", "login"]


def test_repeated_wrong_password_locks_the_account(ready_engine):
    auth.add_user(ready_engine, "anna", "ministry", password=PASSWORD, now=NOW)
    for k in range(auth.MAX_FAILURES - 1):
        got = auth.authenticate(ready_engine, "anna", f"guess number {k}", NOW, key=KEY)
        assert not got.ok and got.reason == "wrong"
    locked = auth.authenticate(ready_engine, "anna", "one more guess", NOW, key=KEY)
    assert not locked.ok and locked.reason == "locked"
    assert locked.locked_until == NOW + auth.LOCKOUT
    # Locked: even the right password is refused until the lock runs out.
    soon = NOW + timedelta(minutes=5)
    assert auth.authenticate(ready_engine, "anna", PASSWORD, soon, key=KEY).reason == "locked"
    later = NOW + auth.LOCKOUT + timedelta(seconds=1)
    assert auth.authenticate(ready_engine, "anna", PASSWORD, later, key=KEY).ok
    names = [e[1] for e in events(ready_engine)]
    assert names.count("login_failed") == auth.MAX_FAILURES
    assert "account_locked" in names and "login_locked" in names and names[-1] == "login"


def test_unknown_user_and_wrong_password_look_the_same(ready_engine):
    auth.add_user(ready_engine, "anna", "ministry", password=PASSWORD, now=NOW)
    unknown = auth.authenticate(ready_engine, "nobody", PASSWORD, NOW, key=KEY)
    wrong = auth.authenticate(ready_engine, "anna", "not the password", NOW, key=KEY)
    assert (unknown.ok, unknown.reason) == (wrong.ok, wrong.reason) == (False, "wrong")


def test_an_unknown_name_locks_like_an_account_and_is_never_stored(ready_engine):
    """Enumeration: a name that is no account answers exactly as an account does."""
    auth.add_user(ready_engine, "anna", "ministry", password=PASSWORD, now=NOW)
    typed = "correct horse battery staple"  # a password typed into the name field
    answers = {}
    for name in ("anna", typed):
        answers[name] = [
            auth.authenticate(ready_engine, name, f"guess {k}", NOW, key=KEY)
            for k in range(auth.MAX_FAILURES + 1)
        ]
    for known, unknown in zip(answers["anna"], answers[typed], strict=True):
        assert (known.ok, known.reason, known.locked_until) == (
            unknown.ok, unknown.reason, unknown.locked_until)  # fmt: skip
    assert answers[typed][-1].reason == "locked"
    assert answers[typed][-1].locked_until == NOW + auth.LOCKOUT
    later = NOW + auth.LOCKOUT + timedelta(seconds=1)
    assert auth.authenticate(ready_engine, typed, "guess", later, key=KEY).reason == "wrong"
    # Nothing typed is kept: not in the audit log, not in the attempts table.
    with ready_engine.connect() as conn:
        dumped = [
            str(tuple(row))
            for table in (schema.audit_log, schema.sign_in_attempt)
            for row in conn.execute(sa.select(table))
        ]
    assert dumped and not any("horse" in row for row in dumped)
    failed = [d for who, e, d in events(ready_engine) if e == "login_failed" and pd.isna(who)]
    assert {d["name_key"] for d in failed} == {auth.name_key(KEY, typed)}
    assert [d["failures"] for d in failed] == [1, 2, 3, 4, 5, 1]


def test_every_answer_checks_one_password(ready_engine, monkeypatch):
    """Same work, same time: an unknown name, a wrong password and an account without one."""
    auth.add_user(ready_engine, "anna", "ministry", password=PASSWORD, now=NOW)
    auth.add_user(ready_engine, "ieva", "public", email="ieva@example.lv", now=NOW)
    auth._stand_in_hash()  # made once per process, before anyone signs in
    checks = []
    hasher = auth._HASHER

    class Counting:
        def verify(self, stored, given):
            checks.append(stored)
            return hasher.verify(stored, given)

    monkeypatch.setattr(auth, "_HASHER", Counting())
    for name in ("anna", "ieva", "nobody"):
        checks.clear()
        assert not auth.authenticate(ready_engine, name, "not it", NOW, key=KEY).ok
        assert len(checks) == 1, name


def test_a_kept_sign_in_resumes_until_it_expires_or_ends(ready_engine):
    auth.add_user(ready_engine, "talsi", "municipality", municipality_code="LV-097",
                  password=PASSWORD, now=NOW)  # fmt: skip
    cookie = auth.open_session(ready_engine, "talsi", key=KEY, now=NOW)
    scope = auth.Scope("municipality", "LV-097", "talsi")
    assert auth.resume_session(ready_engine, cookie, key=KEY, now=NOW) == scope
    assert auth.resume_session(ready_engine, cookie, key=b"another secret", now=NOW) is None
    ident, stamp, signature = cookie.split(".")
    for forged in (f"{ident}.29991231235959.{signature}", f"{ident}x.{stamp}.{signature}",
                   f"{ident}.{stamp}.{'0' * 64}", "", "a.b", None):  # fmt: skip
        assert auth.resume_session(ready_engine, forged, key=KEY, now=NOW) is None
    expired = NOW + auth.SESSION_LENGTH + timedelta(seconds=1)
    assert auth.resume_session(ready_engine, cookie, key=KEY, now=expired) is None
    # A role change applies to a kept sign-in.
    auth.set_role(ready_engine, "talsi", "public")
    assert auth.resume_session(ready_engine, cookie, key=KEY, now=NOW).role == "public"
    auth.end_session(ready_engine, cookie, key=KEY, now=NOW)
    assert auth.resume_session(ready_engine, cookie, key=KEY, now=NOW) is None
    assert events(ready_engine)[-1][:2] == ("talsi", "logout")
    with ready_engine.connect() as conn:
        stored = conn.execute(sa.select(schema.app_session.c.session_key)).scalar_one()
    assert ident not in stored and ident not in cookie.split(".", 1)[1]
    # Removing the account ends its kept sign-ins.
    again = auth.open_session(ready_engine, "talsi", key=KEY, now=NOW)
    auth.remove_user(ready_engine, "talsi")
    assert auth.resume_session(ready_engine, again, key=KEY, now=NOW) is None


def test_single_sign_on_maps_an_email_to_its_account(ready_engine):
    auth.add_user(ready_engine, "ieva", "public", email="Ieva@Example.LV", now=NOW)
    assert auth.scope_for_email(ready_engine, "ieva@example.lv") == auth.Scope(
        "public", None, "ieva"
    )
    assert auth.scope_for_email(ready_engine, "someone@example.lv") is None
    sso_only = auth.list_users(ready_engine).set_index("user_name").loc["ieva"]
    assert not sso_only["password"]  # no password: cannot log in with one
    assert not auth.authenticate(ready_engine, "ieva", "", NOW, key=KEY).ok


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "boss", "password": PASSWORD}, "unknown role 'boss'"),
        ({"role": "municipality", "password": PASSWORD}, "needs its municipality"),
        ({"role": "public", "municipality_code": "LV-097", "password": PASSWORD}, "only it has"),
        ({"role": "public", "password": "short"}, "at least 12 characters"),
        ({"role": "public"}, "needs a password or a single sign-on e-mail"),
    ],
)
def test_bad_accounts_are_refused(ready_engine, kwargs, message):
    kwargs = dict(kwargs)  # the same table serves both databases
    role = kwargs.pop("role")
    with pytest.raises(auth.AccountError, match=message):
        auth.add_user(ready_engine, "x", role, **kwargs)
    assert auth.list_users(ready_engine).empty


def test_names_and_emails_are_unique_and_roles_change(ready_engine):
    auth.add_user(ready_engine, "anna", "public", password=PASSWORD, email="a@x.lv")
    with pytest.raises(auth.AccountError, match="already an account 'anna'"):
        auth.add_user(ready_engine, "anna", "public", password=PASSWORD)
    with pytest.raises(auth.AccountError, match="already belongs"):
        auth.add_user(ready_engine, "other", "public", email="A@x.lv")
    auth.set_role(ready_engine, "anna", "municipality", "LV-LPX")
    assert auth.list_users(ready_engine)["municipality_code"].tolist() == ["LV-LPX"]
    with pytest.raises(auth.AccountError, match="no account 'bob'"):
        auth.set_role(ready_engine, "bob", "public")
    auth.remove_user(ready_engine, "anna")
    assert not auth.has_accounts(ready_engine)
    with pytest.raises(auth.AccountError, match="no account 'anna'"):
        auth.remove_user(ready_engine, "anna")


def test_the_database_refuses_a_scope_the_code_would_refuse(ready_engine):
    with pytest.raises(sa.exc.IntegrityError), ready_engine.begin() as conn:
        conn.execute(
            schema.app_user.insert().values(
                user_name="x", role="municipality", municipality_code=None, created_at=NOW
            )
        )


def test_audit_never_holds_passwords_or_rows(ready_engine):
    auth.audit(ready_engine, "anna", "export", format="pptx", filters={"pilot": "P1"})
    for bad in ({"password": "x"}, {"api_token": "x"}, {"rows": pd.DataFrame({"a": [1]})},
                {"note": "x" * 3000}):  # fmt: skip
        with pytest.raises(ValueError, match="never holds"):
            auth.audit(ready_engine, "anna", "export", **bad)
    assert events(ready_engine) == [
        ("anna", "export", {"filters": {"pilot": "P1"}, "format": "pptx"})
    ]
    with ready_engine.connect() as conn:
        text = " ".join(conn.execute(sa.select(schema.audit_log.c.detail)).scalars())
    assert PASSWORD not in text


def run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # usage errors leave through argparse
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_user_command(tmp_path, capsys, monkeypatch):
    db = f"duckdb:///{tmp_path}/users.duckdb"
    code, out, _ = run(capsys, "user", "list", "--db", db)
    assert code == 0 and "no accounts" in out
    code, out, _ = run(capsys, "user", "add", "talsi", "--role", "municipality",
                       "--municipality", "Talsi", "--password-stdin", "--db", db,
                       stdin=PASSWORD + "\n", monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0 and "account talsi added: municipality of LV-097" in out
    code, _, err = run(capsys, "user", "add", "x", "--role", "public", "--password-stdin",
                       "--db", db, stdin="short\n", monkeypatch=monkeypatch)  # fmt: skip
    assert code == 1 and "at least 12 characters" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "user", "add", "y", "--role", "public", "--db", db,
                       stdin="", monkeypatch=monkeypatch)  # fmt: skip
    assert code == 1 and "--password-stdin" in err
    code, out, _ = run(capsys, "user", "set-role", "talsi", "public", "--db", db)
    assert code == 0 and "talsi: public" in out
    code, out, _ = run(capsys, "user", "list", "--db", db)
    assert out.strip() == "talsi\tpublic\tpassword"
    assert PASSWORD not in out
    code, _, err = run(capsys, "user", "set-role", "talsi", "municipality", "--db", db)
    assert code == 1 and "--municipality" in err
    code, out, _ = run(capsys, "user", "remove", "talsi", "--db", db)
    assert code == 0 and "removed" in out
    code, _, err = run(capsys, "user", "set-role", "talsi", "boss", "--db", db)
    assert code == 2 and "invalid choice: 'boss'" in err
