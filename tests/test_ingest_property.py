"""Property-based: whatever a municipality's package looks like, the import never crashes.

Hypothesis draws packages from the Latvian example package of ``test_ingest``: a random subset
of the optional columns left out, values written in one of their accepted forms (decimal comma
or point, ``dd.mm.yyyy`` or ISO dates, jā/nē or 1/0 ...), random mistakes at known cells, and
one of the file forms users bring (CSV with commas or semicolons, with or without a BOM, in
UTF-16 or Windows-1257, or an .xlsx workbook). Then:

- the import never raises, and no check fails unexpectedly (``check_failed``);
- a package with mistakes names each mistake's file row and column, and changes nothing;
- a clean package lands, importing it again changes nothing, and the database it makes dumps,
  imports into another database and dumps again to the same bytes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaldash.db import bootstrap, schema
from evaldash.db.engine import make_engine
from evaldash.ingest import import_files, spec
from evaldash.ingest.dump import dump
from tests.conftest import BACKENDS, _new_database
from tests.test_ingest import PACKAGE, messages, write_csvs, write_xlsx
from tests.test_ingest_hostile import table_counts

# (table, data row (1 = first under the header), column, wrong value, error code)
MISTAKES = [
    ("usage", 1, "delivered_on", "31.02.2020", "bad_value"),
    ("participants", 2, "municipality", "Atlantīda", "unknown_ref"),
    ("usage", 2, "units", "-1", "bad_value"),
    ("assessments", 1, "score", "daudz", "bad_value"),
    ("plans", 1, "planned_units", "", "required"),
    ("pilots", 1, "name", "Talsu\u202e pilots", "hidden_characters"),
    ("participants", 3, "participant_id", "120380-12345", "personal_code"),
    ("assessments", 2, "score", "25", "score_range"),
    ("usage", 3, "service", "Nezināms pakalpojums", "unknown_ref"),
    ("participants", 1, "birth_year", "1850", "bad_value"),
    ("providers", 2, "outreach", "varbūt", "bad_value"),
    ("domains", 1, "scale_max", "0", "scale"),
]

OPTIONAL = [(t.name, c.name) for t in spec.TABLES for c in t.columns if not c.required]
FORMS = ["csv ,", "csv ;", "csv ; bom", "csv tab utf-16", "csv ; cp1257", "xlsx"]


def _date_forms(text: str) -> list[str]:
    day = date.fromisoformat(text) if "-" in text else _dotted(text)
    return [day.isoformat(), f"{day:%d.%m.%Y}", f"{day.day}.{day.month}.{day.year}"]


def _dotted(text: str) -> date:
    d, m, y = (int(part) for part in text.split("."))
    return date(y, m, d)


def _number_forms(text: str) -> list[str]:
    plain = text.replace(" ", "").replace(",", ".")
    return [plain, plain.replace(".", ","), f" {plain.replace('.', ',')} "]


BOOLEANS = {"jā": ["jā", "Jā", "yes", "1", "true"], "nē": ["nē", "NĒ", "no", "0", "false"]}


def _forms(kind: str, text: str) -> list[str]:
    if not text.strip():
        return [text]
    if kind == "date" or (kind == "date_or_month" and text.count(".") == 2):
        return _date_forms(text)
    if kind == "number":
        return _number_forms(text)
    if kind == "bool":
        return BOOLEANS[text]
    return [text]


@st.composite
def packages(draw: st.DrawFn) -> tuple[dict[str, list[list[str]]], list[tuple], str]:
    """A package (table -> rows of text, header first), its mistakes, and its file form."""
    mistakes = draw(st.lists(st.sampled_from(MISTAKES), max_size=3, unique=True))
    needed = {(t, c) for t, _, c, _, _ in mistakes}
    dropped = {col for col in draw(st.sets(st.sampled_from(OPTIONAL))) if col not in needed}
    tables = {}
    for name, rows in PACKAGE.items():
        header, body = rows[0], rows[1:]
        table = spec.BY_NAME[name]
        keep = [i for i, c in enumerate(header) if (name, c) not in dropped]
        out = [[header[i] for i in keep]]
        for row in body:
            out.append(
                [draw(st.sampled_from(_forms(table.column(header[i]).kind, row[i]))) for i in keep]
            )
        tables[name] = out
    for name, row, column, value, _ in mistakes:
        tables[name][row][tables[name][0].index(column)] = value
    form = draw(st.sampled_from(FORMS))
    if form.endswith("cp1257") and any("\u202e" in m[3] for m in mistakes):
        form = "csv ;"  # Windows-1257 cannot hold the override character
    return tables, mistakes, form


def write(tables: dict[str, list[list[str]]], form: str, folder: Path) -> Path:
    if form == "xlsx":
        return write_xlsx(folder.with_suffix(".xlsx"), tables)
    delimiter = {"csv ,": ",", "csv tab utf-16": "\t"}.get(form, ";")
    encoding = {"csv ; bom": "utf-8-sig", "csv tab utf-16": "utf-16", "csv ; cp1257": "cp1257"}
    return write_csvs(folder, tables, delimiter=delimiter, encoding=encoding.get(form, "utf-8"))


@pytest.fixture(scope="module", params=BACKENDS)
def package_engine(request: pytest.FixtureRequest) -> Iterator[sa.engine.Engine]:
    with tempfile.TemporaryDirectory() as folder:
        for url in _new_database(request.param, folder):
            engine = make_engine(url, busy_timeout=5)
            bootstrap.init_db(engine)
            yield engine
            engine.dispose()


@pytest.fixture(scope="module")
def mirror_engine(package_engine: sa.engine.Engine) -> Iterator[sa.engine.Engine]:
    """A second database, kept equal to ``package_engine`` by importing its dumps."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"duckdb:///{folder}/mirror.duckdb")
        bootstrap.init_db(engine)
        yield engine
        engine.dispose()


def assert_dump_round_trips(engine: sa.engine.Engine, mirror: sa.engine.Engine) -> None:
    """Dump ``engine``, import the dump into ``mirror``, dump that: the same bytes."""
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "first", Path(folder) / "second"
        dump(engine, first)
        result = import_files(mirror, [first])
        assert result.status == "ok", messages(result)
        dump(mirror, second)
        for path in sorted(first.iterdir()):
            assert path.read_bytes() == (second / path.name).read_bytes(), path.name


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=packages())
def test_any_package_imports_whole_or_names_every_mistake(package_engine, mirror_engine, drawn):
    tables, mistakes, form = drawn
    before = table_counts(package_engine)
    with tempfile.TemporaryDirectory() as folder:
        result = import_files(package_engine, [write(tables, form, Path(folder) / "pkg")])
        text = messages(result)
        assert "check_failed" not in {p.code for p in result.report.problems}, text
        if mistakes:
            assert result.status == "invalid", (form, mistakes)
            found = {(p.table, p.row, p.column, p.code) for p in result.report.errors}
            for table, row, column, _, code in mistakes:
                assert (table, row + 1, column, code) in found, (form, text)
            assert table_counts(package_engine) == before
            return
        assert result.status == "ok", (form, text)
        again = import_files(package_engine, [write(tables, form, Path(folder) / "again")])
    assert again.status == "ok"
    changed = {t: c for t, c in again.written.items() if c["inserted"] or c["updated"]}
    assert changed == {}, (form, changed)
    assert_dump_round_trips(package_engine, mirror_engine)


def test_the_property_test_draws_every_form_and_mistake():
    """The strategy reaches every file form and mistake (so the property covers them)."""
    seen_forms, seen_mistakes = set(), set()

    @settings(max_examples=300, derandomize=True, database=None)
    @given(drawn=packages())
    def collect(drawn: tuple) -> None:
        _, mistakes, form = drawn
        seen_forms.add(form)
        seen_mistakes.update(m[:3] for m in mistakes)

    collect()
    assert seen_forms == set(FORMS)
    assert seen_mistakes == {m[:3] for m in MISTAKES}


def test_dropping_optional_columns_keeps_the_package_valid(ready_engine, tmp_path):
    """The example package with every optional column dropped is still clean."""
    tables = {
        name: [
            [v for v, c in zip(r, rows[0], strict=True) if (name, c) not in OPTIONAL] for r in rows
        ]
        for name, rows in PACKAGE.items()
    }
    result = import_files(ready_engine, [write(tables, "csv ;", tmp_path / "p")])
    assert result.status == "ok", messages(result)
    with ready_engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.plan_item)).scalar() == 3
