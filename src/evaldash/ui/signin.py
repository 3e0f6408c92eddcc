"""Sign-in: who the session is (single sign-on, a password, or the local single user)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from sqlalchemy.engine import Engine

from evaldash import auth
from evaldash.i18n import t
from evaldash.ui import serverlog
from evaldash.ui.blocks import plain
from evaldash.ui.session import connected, current_settings


def who(lang: str) -> auth.Scope:
    """Who this session is (see :func:`access`); ``app.py`` asks before choosing pages."""
    scope = access(connected(lang)[0], lang)
    return replace(scope, k=current_settings().min_group)


SCOPE = "_scope"


LOCAL_ADDRESSES = ("localhost", "127.0.0.1", "::1")


def access(engine: Engine, lang: str) -> auth.Scope:
    """Return who this session is; show the sign-in and stop the run until someone is.

    With single sign-on configured (``[auth]`` in secrets.toml), ``st.login`` identifies the
    user and the users table gives the role. Otherwise, with accounts in the database, a
    built-in sign-in form. With no accounts, a local single-user ministry session runs, but
    only when the server listens on this computer alone; anything else refuses to run.
    """
    scope = st.session_state.get(SCOPE)
    if scope is None:
        scope = _identify(engine, lang)
        if scope is None:
            st.stop()
        st.session_state[SCOPE] = scope
    if scope.user_name:
        st.sidebar.caption(
            t(
                "auth.signed_in",
                lang,
                user=plain(scope.user_name),
                role=t(f"role.{scope.role}", lang),
            )
        )
        _sign_out_button(lang)
    return scope


def _identify(engine: Engine, lang: str) -> auth.Scope | None:
    if _single_sign_on():
        return _sso_scope(engine, lang)
    if auth.has_accounts(engine):
        return _sign_in_form(engine, lang)
    address = st.get_option("server.address") or "0.0.0.0"  # noqa: S104 - Streamlit's default
    if address in LOCAL_ADDRESSES:
        return auth.Scope.local()
    st.error(t("auth.refuse", lang, address=address), icon=":material/lock:")
    return None


def _single_sign_on() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no or unreadable secrets file: no single sign-on
        return False


def _sso_scope(engine: Engine, lang: str) -> auth.Scope | None:
    if not st.user.is_logged_in:
        st.title(t("auth.title", lang))
        st.button(t("auth.sso", lang), on_click=st.login, icon=":material/login:")
        return None
    scope = auth.scope_for_email(engine, str(st.user.get("email", "")))
    if scope is not None:
        serverlog.note("sign_in", outcome="ok", via="sso", user=scope.user_name, role=scope.role)
    else:
        serverlog.note("sign_in", outcome="refused", via="sso")
    if scope is None:
        st.error(t("auth.no_account", lang, email=plain(st.user.get("email", "–"))))
        st.button(t("auth.sign_out", lang), on_click=st.logout)
    return scope


def _sign_in_form(engine: Engine, lang: str) -> auth.Scope | None:
    """The built-in sign-in; the check runs in the button's callback, before the next run."""
    st.title(t("auth.title", lang))
    with st.form("sign_in"):
        st.text_input(t("auth.user", lang), max_chars=100, key="sign_in_user")
        st.text_input(
            t("auth.password", lang), type="password", max_chars=200, key="sign_in_password"
        )
        st.form_submit_button(
            t("auth.sign_in", lang), type="primary", on_click=_try_sign_in, args=(engine,)
        )
    refusal = st.session_state.pop("_sign_in_refused", None)
    if refusal == "wrong":
        st.error(t("auth.wrong", lang), icon=":material/error:")
    elif refusal:
        st.error(t("auth.locked", lang, until=refusal), icon=":material/lock_clock:")
    return st.session_state.get(SCOPE)


def _try_sign_in(engine: Engine) -> None:
    user_name = str(st.session_state.get("sign_in_user", "")).strip()
    result = auth.authenticate(engine, user_name, str(st.session_state.get("sign_in_password", "")))
    st.session_state["sign_in_password"] = ""  # never kept longer than the check
    # The log names the account only once signed in: a refused name may be a typo or a password.
    if result.ok and result.scope is not None:
        serverlog.note("sign_in", outcome="ok", user=user_name, role=result.scope.role)
    else:
        serverlog.note("sign_in", outcome="refused", reason=result.reason)
    if result.ok:
        st.session_state[SCOPE] = result.scope
    elif result.reason == "locked" and result.locked_until is not None:
        st.session_state["_sign_in_refused"] = result.locked_until.strftime("%H:%M")
    else:
        st.session_state["_sign_in_refused"] = "wrong"


def _sign_out_button(lang: str) -> None:
    st.sidebar.button(
        t("auth.sign_out", lang), icon=":material/logout:", on_click=_sign_out, key="sign_out"
    )


def _sign_out() -> None:
    scope = st.session_state.get(SCOPE)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if _single_sign_on() and scope is not None:
        st.logout()
