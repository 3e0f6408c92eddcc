"""Sign-in: who the session is (single sign-on, a password, or the local single user)."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import unquote, urlsplit

import streamlit as st
from sqlalchemy.engine import Engine

from evaldash import auth
from evaldash.i18n import t
from evaldash.ui import scripts, serverlog
from evaldash.ui.blocks import plain
from evaldash.ui.session import connected, current_settings, stop_before_menu


def who(lang: str) -> auth.Scope:
    """Who this session is (see :func:`access`); ``app.py`` asks before choosing pages."""
    scope = access(connected(lang)[0], lang)
    return replace(scope, k=current_settings().min_group)


SCOPE = "_scope"


def access(engine: Engine, lang: str) -> auth.Scope:
    """Return who this session is; show the sign-in and stop the run until someone is.

    With single sign-on configured (``[auth]`` in secrets.toml), ``st.login`` identifies the
    user and the users table gives the role. Otherwise, with accounts in the database, a
    built-in sign-in form. With no accounts, a local single-user ministry session runs, but
    only when the server listens on this computer alone and the request is a browser's on this
    computer, not one that came through a proxy (:func:`auth.is_local_request`); anything else
    refuses to run.
    """
    cookie = st.session_state.pop(_COOKIE_SCRIPT, None)
    if cookie:  # set or forget the cookie that keeps a sign-in (after signing in or out)
        value, seconds = cookie
        st.html(
            scripts.script(
                SET_COOKIE,
                name=auth.SESSION_COOKIE,
                value=value,
                path=_cookie_path(),
                seconds=seconds,
                same_site="Strict",  # sent back to this site only
            ),
            unsafe_allow_javascript=True,
        )
    scope = st.session_state.get(SCOPE)
    if scope is None:
        scope = _identify(engine, lang)
        if scope is None:
            stop_before_menu()
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
        _sign_out_button(engine, lang)
    return scope


def _identify(engine: Engine, lang: str) -> auth.Scope | None:
    if _single_sign_on():
        return _sso_scope(engine, lang)
    if auth.has_accounts(engine):
        kept = auth.resume_session(engine, _kept_cookie(), key=secret_key())
        return kept if kept is not None else _sign_in_form(engine, lang)
    address = st.get_option("server.address") or "0.0.0.0"  # noqa: S104 - Streamlit's default
    if address not in auth.LOOPBACK_HOSTS:
        st.error(t("auth.refuse", lang, address=address), icon=":material/lock:")
        return None
    if not auth.is_local_request(*request_client()):
        st.error(t("auth.refuse_remote", lang), icon=":material/lock:")
        return None
    return auth.Scope.local()


def request_client() -> tuple[str | None, dict[str, str]]:
    """This session's connection: its client address and the headers of its request.

    The address is ``st.context.ip_address`` (``None`` for a loopback connection; Streamlit's
    server takes a loopback proxy's ``X-Forwarded-For`` as the address). Under AppTest there is
    no connection and the address is not a string: :func:`auth.is_local_request` refuses it,
    so tests say explicitly which client they are (``tests/conftest.py``).
    """
    return st.context.ip_address, dict(st.context.headers)


_COOKIE_SCRIPT = "_sign_in_cookie_script"  # (value, seconds) for the next run's SET_COOKIE
_KEPT = "_sign_in_cookie"  # the cookie this tab's sign-in set (the browser sends it from now on)


def secret_key() -> bytes:
    """The server's secret, Streamlit's ``server.cookieSecret``.

    It signs the cookie that keeps a sign-in and keys the hashes of unknown user names.
    Streamlit makes a random one per process unless it is set, so without it a restart asks
    everyone to sign in again; every app server of one installation must be given the same.
    """
    return str(st.get_option("server.cookieSecret")).encode("utf-8")


def _kept_cookie() -> str | None:
    """The sign-in cookie the browser sent when it connected (None under AppTest)."""
    value = st.context.cookies.get(auth.SESSION_COOKIE)
    return value if isinstance(value, str) else None


SET_COOKIE = (
    "document.cookie = $name + '=' + $value + '; Path=' + $path + '; Max-Age=' + $seconds"
    " + '; SameSite=' + $same_site + (location.protocol === 'https:' ? '; Secure' : '');"
)
"""Set (or, with ``Max-Age`` 0, forget) a cookie of this app's path; ``Secure`` over HTTPS."""


def _cookie_path() -> str:
    return "/" + str(st.get_option("server.baseUrlPath") or "").strip("/")


def _single_sign_on() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no or unreadable secrets file: no single sign-on
        return False


_SSO_REFUSED = "_sso_refused"
_SSO_REFUSALS = {
    "no_email": "auth.no_email",
    "unverified": "auth.unverified",
    "no_account": "auth.no_account",
}


def _sso_scope(engine: Engine, lang: str) -> auth.Scope | None:
    """Single sign-on: the provider says who the user is, the accounts what they may see.

    The identity is looked up (and audited) once per session: a refused one stays refused,
    with its reason and a way to sign out, until the user signs out of the provider.
    """
    if not _authlib_installed():  # st.login would raise StreamlitMissingAuthlibError
        st.error(t("auth.sso_no_authlib", lang), icon=":material/error:")
        return None
    if not st.user.is_logged_in:
        st.title(t("auth.title", lang))
        _remember_link()
        st.button(t("auth.sso", lang), on_click=st.login, icon=":material/login:", type="primary")
        return None
    if _reopen_link():  # the page asked for before signing in opens in this one's place
        return None
    refused = st.session_state.get(_SSO_REFUSED)
    if refused is None:
        login = auth.sign_on(engine, st.user.to_dict())
        if login.ok and login.scope is not None:
            scope = login.scope
            serverlog.note(
                "sign_in", outcome="ok", via="sso", user=scope.user_name, role=scope.role
            )
            return scope
        serverlog.note("sign_in", outcome="refused", via="sso", reason=login.reason)
        refused = st.session_state[_SSO_REFUSED] = (login.reason, login.email)
    reason, email = refused
    st.title(t("auth.title", lang))
    st.error(t(_SSO_REFUSALS[reason], lang, email=plain(email)), icon=":material/lock:")
    st.button(t("auth.sign_out", lang), icon=":material/logout:", on_click=_sso_sign_out)
    return None


_LINK_COOKIE = "evaldash_link"
_LINK_REOPENED = "_sso_link_reopened"
_ENCODED = re.compile(r"[A-Za-z0-9\-_.!~*'()%]{1,2000}")  # what encodeURIComponent writes
REMEMBER_LINK = (
    "document.cookie = $name + '=' + encodeURIComponent(location.pathname + location.search)"
    " + '; Path=' + $path + '; Max-Age=900; SameSite=Lax';"
)
"""Keep the address the sign-in page was opened with in a cookie of 15 minutes."""
REOPEN_LINK = (
    "document.cookie = $name + '=; Path=' + $path + '; Max-Age=0; SameSite=Lax';"
    " if ($link) location.replace($link);"
)
"""Forget the kept address and, when one is given, open it."""


def _remember_link() -> None:
    """Keep the link the sign-in page was opened with for after the provider's page.

    The provider sends the browser back to ``/oauth2callback``, which Streamlit answers with
    the home page: the link's page, language and choices would be lost. A cookie of 15 minutes
    carries it across (the browser's own address, encoded; never sent to another site).
    """
    st.html(
        scripts.script(REMEMBER_LINK, name=_LINK_COOKIE, path=_cookie_path()),
        unsafe_allow_javascript=True,
    )


def _reopen_link() -> bool:
    """Back from the provider: open the kept link, once; True when the browser goes there.

    Only a path of this site is opened (never ``//host`` or another site's address); the
    cookie is forgotten either way.
    """
    raw = st.context.cookies.get(_LINK_COOKIE)
    if not isinstance(raw, str) or st.session_state.get(_LINK_REOPENED):
        return False
    st.session_state[_LINK_REOPENED] = True
    link = unquote(raw) if _ENCODED.fullmatch(raw) else ""
    here = urlsplit(str(st.context.url or ""))
    current = here.path + (f"?{here.query}" if here.query else "")
    go = link.startswith("/") and not link.startswith("//") and "\\" not in link
    go = go and link != current
    st.html(
        scripts.script(
            REOPEN_LINK, name=_LINK_COOKIE, path=_cookie_path(), link=link if go else ""
        ),
        unsafe_allow_javascript=True,
    )
    return go


def _authlib_installed() -> bool:
    try:
        import authlib  # noqa: F401 - only whether it imports
    except ImportError:
        return False
    return True


def _sso_sign_out() -> None:
    """Sign a refused identity out of the provider, so that another one can sign in."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.logout()


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
    result = auth.authenticate(
        engine, user_name, str(st.session_state.get("sign_in_password", "")), key=secret_key()
    )
    st.session_state["sign_in_password"] = ""  # never kept longer than the check
    # The log names the account only once signed in: a refused name may be a typo or a password.
    if result.ok and result.scope is not None:
        serverlog.note("sign_in", outcome="ok", user=user_name, role=result.scope.role)
    else:
        serverlog.note("sign_in", outcome="refused", reason=result.reason)
    if result.ok:
        st.session_state[SCOPE] = result.scope
        cookie = auth.open_session(engine, user_name, key=secret_key())
        st.session_state[_KEPT] = cookie
        seconds = int(auth.SESSION_LENGTH.total_seconds())
        st.session_state[_COOKIE_SCRIPT] = (cookie, seconds)
    elif result.reason == "locked" and result.locked_until is not None:
        st.session_state["_sign_in_refused"] = result.locked_until.strftime("%H:%M")
    else:
        st.session_state["_sign_in_refused"] = "wrong"


def _sign_out_button(engine: Engine, lang: str) -> None:
    st.sidebar.button(
        t("auth.sign_out", lang),
        icon=":material/logout:",
        on_click=_sign_out,
        args=(engine,),
        key="sign_out",
    )


def _sign_out(engine: Engine) -> None:
    """End the session's sign-in: the kept one in the database and the browser's cookie too."""
    scope = st.session_state.get(SCOPE)
    kept = st.session_state.get(_KEPT)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    for cookie in {kept, _kept_cookie()} - {None}:
        auth.end_session(engine, cookie, key=secret_key())
    st.session_state[_COOKIE_SCRIPT] = ("", 0)
    if _single_sign_on() and scope is not None:
        st.logout()
