"""Hardening that must not regress: SQL text, HTML, uploads, passwords in messages, CSV files.

The source checks read the code with ``ast``, so comments and strings do not count and every
call is found wherever it is written.
"""

from __future__ import annotations

import ast
import io
import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from evaldash import cli, csvsafe
from evaldash.db.engine import describe, make_engine, parse_url, redact
from evaldash.errors import ConfigError, DatabaseUnavailableError

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "src").rglob("*.py"))
APP_SOURCES = [*SOURCES, *sorted((ROOT / "pages").glob("*.py")), ROOT / "app.py"]
PASSWORD = "Pw-s3cret-XYZ"


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def _sqlalchemy_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to the sqlalchemy module (``sa``) and to its ``text`` function."""
    modules, texts = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name == "sqlalchemy"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            texts |= {a.asname or a.name for a in node.names if a.name == "text"}
    return modules, texts


def _is_sql_text(call: ast.Call, modules: set[str], texts: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in texts
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "text"
        and isinstance(func.value, ast.Name)
        and func.value.id in modules
    )


def _formatted(node: ast.AST) -> bool:
    """Whether an expression builds text from values: f-string, ``%``, ``.format``, ``+``."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def test_sql_text_is_never_built_from_values():
    found, bad = 0, []
    for path in SOURCES:
        tree = parsed(path)
        modules, texts = _sqlalchemy_names(tree)
        for call in calls(tree):
            if _is_sql_text(call, modules, texts):
                found += 1
                arguments = [*call.args, *(k.value for k in call.keywords)]
                if any(_formatted(a) for a in arguments):
                    bad.append(where(path, call))
    assert found, "no sa.text( call found: the check itself is broken"
    assert not bad, f"SQL text built with an f-string, % or .format (bind parameters): {bad}"


def test_sql_text_check_catches_formatting():
    tree = ast.parse(
        "import sqlalchemy as sa\nfrom sqlalchemy import text\n"
        "sa.text(f'x {y}')\ntext('x %s' % y)\nsa.text('x {}'.format(y))\nsa.text('x = :y')\n"
    )
    modules, texts = _sqlalchemy_names(tree)
    flagged = [
        _formatted(c.args[0]) for c in calls(tree) if _is_sql_text(c, modules, texts) and c.args
    ]
    assert flagged == [True, True, True, False]


def test_no_unsafe_html():
    bad = [
        where(path, keyword.value)
        for path in APP_SOURCES
        for call in calls(parsed(path))
        for keyword in call.keywords
        if keyword.arg == "unsafe_allow_html"
        and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False)
    ]
    assert not bad, f"unsafe_allow_html: show data as text (ui.plain), never as HTML: {bad}"


def _module_constants(tree: ast.Module) -> set[str]:
    """Module-level names assigned once to a string literal."""
    assigned: dict[str, int] = {}
    literal: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    assigned[target.id] = assigned.get(target.id, 0) + 1
                    value = node.value
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        literal.add(target.id)
    return {name for name in literal if assigned[name] == 1}


def _filled_script(node: ast.expr) -> bool:
    """``scripts.script(TEMPLATE, name=value, ...)``: a constant whose values become literals."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "script"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "scripts"
        and len(node.args) == 1
        and all(k.arg is not None for k in node.keywords)
    )


def test_a_script_takes_values_only_as_literals_that_cannot_end_it():
    from evaldash.ui import scripts

    hostile = "</script><script>alert(1)</script>\u2028'\"&"
    code = scripts.script("location.replace($link);", link=hostile)
    body = code.split("<script>", 1)[1].removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body and "\u2028" not in body
    assert json.loads(body.removeprefix("location.replace(").removesuffix(");")) == hostile
    with pytest.raises(KeyError):
        scripts.script("f($missing);")


def test_st_html_only_shows_module_constants():
    found, bad = 0, []
    for path in APP_SOURCES:
        tree = parsed(path)
        constants = _module_constants(tree)
        for call in calls(tree):
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == "html":
                found += 1
                # Script may run only from a module constant (the period's Enter key): the
                # switch that allows it is not content.
                keywords = [k for k in call.keywords if k.arg != "unsafe_allow_javascript"]
                arguments = [*call.args, *(k.value for k in keywords)]
                if len(arguments) == 1 and _filled_script(arguments[0]):
                    arguments = [arguments[0].args[0]]  # its template; values are literals
                if not (
                    len(arguments) == 1
                    and isinstance(arguments[0], ast.Name)
                    and arguments[0].id in constants
                ):
                    bad.append(where(path, call))
    assert found, "no st.html( call found: the check itself is broken"
    assert not bad, f"st.html with something other than a module-level constant: {bad}"


def test_the_upload_widget_limits_file_types():
    tree = parsed(ROOT / "src" / "evaldash" / "ui" / "admin.py")
    [box] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "import_box"]
    uploaders = [
        c
        for c in calls(box)
        if isinstance(c.func, ast.Attribute) and c.func.attr == "file_uploader"
    ]
    assert uploaders, "ui.import_box has no st.file_uploader"
    for call in uploaders:
        types = {k.arg: k.value for k in call.keywords}.get("type")
        assert isinstance(types, ast.List | ast.Tuple), "file_uploader needs type=[...]"
        assert {ast.literal_eval(e) for e in types.elts} == {"xlsx", "csv"}


def test_uploads_have_a_size_limit():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = settings.get("server", {}).get("maxUploadSize")
    assert isinstance(limit, int), "[server] maxUploadSize is missing in .streamlit/config.toml"
    assert 0 < limit <= 200


def test_an_engine_error_never_shows_the_password():
    engine = make_engine(f"postgresql+psycopg://evaldash:{PASSWORD}@127.0.0.1:9/nothing")
    with pytest.raises(DatabaseUnavailableError) as caught:
        engine.connect()
    message = str(caught.value)
    assert "Cannot connect to PostgreSQL" in message
    assert PASSWORD not in message and PASSWORD not in repr(caught.value)
    assert PASSWORD not in describe(engine.url)


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://evaldash:{PASSWORD}@host:notaport/db",  # cannot be parsed
        f"postgresql+psycopg://evaldash:{PASSWORD}@@host/db",  # an unencoded @
        f"mysql://evaldash:{PASSWORD}@host/db",  # unsupported
        f"evaldash:{PASSWORD}@host/db",  # no scheme
    ],
)
def test_a_bad_url_is_refused_without_its_password(url):
    with pytest.raises(ConfigError) as caught:
        parse_url(url)
    assert PASSWORD not in str(caught.value)
    assert "Pw-s3" not in str(caught.value)


def test_the_cli_never_prints_the_password(capsys):
    url = f"postgresql+psycopg://evaldash:{PASSWORD}@127.0.0.1:9/nothing"
    assert cli.main(["init-db", "--db", url]) == 1
    out, err = capsys.readouterr()
    assert "Cannot connect to PostgreSQL" in err and PASSWORD not in out + err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgresql://u:pw@h/db", "postgresql://u:***@h/db"),
        ("'postgresql+psycopg://u:p@ss@h:5/db' x", "'postgresql+psycopg://u:***@h:5/db' x"),
        ("duckdb:////srv/evaldash.duckdb", "duckdb:////srv/evaldash.duckdb"),
        ("see https://sqlalche.me/e/20/e3q8", "see https://sqlalche.me/e/20/e3q8"),
    ],
)  # fmt: skip
def test_redact(text, expected):
    assert redact(text) == expected


def test_csv_neutralises_formulas():
    table = pd.DataFrame(
        {
            "service": ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tx", "\ry", "ok"],
            "units": [1, -2, 3, 4, 5, 6, 7],
            "=header": pd.Categorical(["=a", "b", "b", "b", "b", "b", None]),
        }
    )
    back = pd.read_csv(io.BytesIO(csvsafe.csv_bytes(table)), dtype=str)
    assert list(back.columns) == ["service", "units", "'=header"]
    assert back["service"].tolist() == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\ry", "ok",
    ]  # fmt: skip
    assert back["units"].tolist() == ["1", "-2", "3", "4", "5", "6", "7"]  # numbers untouched
    assert back["'=header"].tolist()[:2] == ["'=a", "b"] and pd.isna(back["'=header"].iloc[-1])


def test_csv_of_plain_tables_is_what_pandas_writes():
    table = pd.DataFrame({"code": ["LV-097", "x"], "share": [0.5, None], "n": [1, 2]})
    assert csvsafe.csv_bytes(table) == table.to_csv(index=False, lineterminator="\r\n").encode()
