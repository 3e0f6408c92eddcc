"""Back up the whole database into one file, and restore it into an empty database.

``dump`` writes a data package: pilots and their data, in the public format an import reads.
A backup holds what a ministry restoring after a disk failure needs on top of that: every
pilot with its demo flag, the import log (every fact row keeps the ``import_id`` it came
with), the accounts (argon2id password hashes, lockout counters, single sign-on e-mails),
the audit log, and the reference data as they were (services an import added included).
The summary tables are not in it: the restore rebuilds them from the facts, as an import
does; so are PostgreSQL's running totals.

The file is a zip: ``manifest.json`` (format, schema revision, when, from which database
kind, per table its columns, rows and the SHA-256 of its member) and one ``<table>.jsonl``
per table, a JSON array per row in the manifest's column order (dates and times as ISO
text). Tables are read from one transaction (one consistent snapshot) in chunks, ordered by
their keys, and written in chunks, so memory stays bounded; a restore writes everything in
one transaction, or nothing. DuckDB and PostgreSQL read each other's backups.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from evaldash.db import migrate, schema, summary
from evaldash.db.engine import describe
from evaldash.db.write import bulk_insert, upsert
from evaldash.errors import EvaldashError

FORMAT = "evaldash-backup"
VERSION = 1
CHUNK_ROWS = 100_000

DATA_TABLES = (
    schema.pilot,
    schema.import_log,
    schema.participant,
    schema.assessment_domain,
    schema.assessment,
    schema.plan_item,
    schema.provider,
    schema.provider_service,
    schema.service_usage,
    schema.app_user,
    schema.audit_log,
)
"""What a backup restores into an empty database, in an order foreign keys accept.

Not in it: the sign-ins browsers keep (``app_session``) and the counters of unknown names
(``sign_in_attempt``): a restored installation asks everyone to sign in again."""

TABLES = (*schema.REFERENCE_TABLES, *DATA_TABLES)
SEQUENCES = (
    (schema.participant_key_seq, schema.participant.c.participant_key),
    (schema.import_id_seq, schema.import_log.c.import_id),
    (schema.audit_id_seq, schema.audit_log.c.audit_id),
)


class BackupError(EvaldashError):
    """A backup file that cannot be restored, or a database that may not receive it."""


def backup(engine: Engine, output: Path) -> dict[str, int]:
    """Write every table of ``engine``'s database to the zip file ``output``; rows per table.

    The file appears whole or not at all (written beside it, then renamed).
    """
    revision = migrate.current_revision(engine)
    if revision is None:
        raise BackupError(
            f"The database {describe(engine.url)} has no evaldash schema: nothing to back up."
        )
    if output.is_dir():
        raise BackupError(
            f"{output} is a folder. Name the backup file, e.g. {output / 'evaldash-backup.zip'}."
        )
    partial = output.with_name(output.name + ".part")
    tables: dict[str, dict[str, Any]] = {}
    try:
        with (
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive,
            _snapshot(engine) as conn,
        ):
            for table in TABLES:
                tables[table.name] = _write_table(conn, table, archive)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "schema_revision": revision,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": engine.dialect.name,
                "tables": tables,
            }
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return {name: info["rows"] for name, info in tables.items()}


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One transaction that sees one state of every table (PostgreSQL: repeatable read)."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _write_table(conn: Connection, table: sa.Table, archive: zipfile.ZipFile) -> dict[str, Any]:
    columns = [c.name for c in table.columns]
    digest = hashlib.sha256()
    rows = 0
    query = sa.select(*table.columns).order_by(*table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=CHUNK_ROWS).execute(query)
    with archive.open(f"{table.name}.jsonl", "w") as member:
        for chunk in result.partitions():
            text = "".join(
                json.dumps([_plain(v) for v in row], ensure_ascii=False) + "\n" for row in chunk
            )
            data = text.encode("utf-8")
            digest.update(data)
            member.write(data)
            rows += len(chunk)
    return {"columns": columns, "rows": rows, "sha256": digest.hexdigest()}


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the backup ``path``; raise ``BackupError`` when it is not one."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist.") from None
    except (zipfile.BadZipFile, KeyError, ValueError, IsADirectoryError):
        raise BackupError(
            f"{path} is not an evaldash backup (made by `python -m evaldash backup`). "
            "A data package made by `dump` is read by `import` instead."
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{path} is not an evaldash backup of format {FORMAT} {VERSION}.")
    return manifest


def restore(engine: Engine, path: Path) -> dict[str, int]:
    """Restore the backup ``path`` into ``engine``'s empty database; return rows per table.

    The database must have the current schema (``init-db``) and no pilots, imports, accounts
    or audit entries; anything else is refused before a row is written. Everything is written
    in one transaction, the summaries rebuilt and the sequences moved past the restored keys.
    """
    manifest = read_manifest(path)
    revision = migrate.current_revision(engine)
    if manifest["schema_revision"] != revision:
        raise BackupError(
            f"{path} holds schema revision {manifest['schema_revision']!r}; the database "
            f"{describe(engine.url)} has {revision!r}. Restore with the evaldash version that "
            "made the backup, then upgrade with `python -m evaldash init-db`."
        )
    with engine.begin() as conn:
        _refuse_unless_empty(conn, engine)
        counts = {}
        with zipfile.ZipFile(path) as archive:
            for table in TABLES:
                info = manifest["tables"][table.name]
                counts[table.name] = _restore_table(conn, table, archive, info, path)
        _move_sequences(conn)
        summary.refresh(conn)
    return counts


def _refuse_unless_empty(conn: Connection, engine: Engine) -> None:
    held = {
        table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in DATA_TABLES
    }
    held = {name: n for name, n in held.items() if n}
    if held:
        what = ", ".join(f"{name}: {n}" for name, n in held.items())
        raise BackupError(
            f"The database {describe(engine.url)} is not empty (rows in {what}); a backup is "
            "restored only into an empty database, so nothing was written. Create a new "
            "database (a new DuckDB file name, or `createdb` on PostgreSQL), restore into it, "
            "and point "
            "EVALDASH_DB_URL at it."
        )


def _restore_table(
    conn: Connection, table: sa.Table, archive: zipfile.ZipFile, info: dict[str, Any], path: Path
) -> int:
    columns = info["columns"]
    unknown = [c for c in columns if c not in table.c]
    if unknown:
        raise BackupError(f"{path}: table {table.name} has columns this schema lacks: {unknown}.")
    parse = [_parser(table.c[c].type) for c in columns]
    digest = hashlib.sha256()
    rows = 0
    with archive.open(f"{table.name}.jsonl") as member:
        for chunk in _chunks(io.TextIOWrapper(member, encoding="utf-8", newline="\n"), digest):
            frame = pd.DataFrame(
                [[f(v) for f, v in zip(parse, row, strict=True)] for row in chunk],
                columns=columns,
                dtype=object,
            )
            rows += len(frame)
            if table in schema.REFERENCE_TABLES:
                upsert(conn, table, frame)  # over the shipped rows init-db wrote
            else:
                bulk_insert(conn, table, frame)
    if rows != info["rows"] or digest.hexdigest() != info["sha256"]:
        raise BackupError(
            f"{path}: table {table.name} does not match its manifest (damaged file); nothing "
            "was restored."
        )
    return rows


def _chunks(lines: io.TextIOWrapper, digest: Any) -> Iterator[list[list[Any]]]:
    chunk: list[list[Any]] = []
    for line in lines:
        digest.update(line.encode("utf-8"))
        chunk.append(json.loads(line))
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parser(kind: sa.types.TypeEngine) -> Callable[[object], object]:
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(str(v))
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else date.fromisoformat(str(v))
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return lambda v: None if v is None else Decimal(str(v))
    return lambda v: v


def _move_sequences(conn: Connection) -> None:
    """Let new participants, imports and audit entries follow the restored keys."""
    for sequence, column in SEQUENCES:
        highest = conn.execute(sa.select(sa.func.max(column))).scalar_one()
        if highest is None:
            continue
        if conn.dialect.name == "postgresql":
            conn.execute(
                sa.text("SELECT setval(:name, :value)"), {"name": sequence.name, "value": highest}
            )
        else:  # DuckDB has no setval: draw the numbers the restored rows hold
            draw = sa.select(sa.func.max(sequence.next_value())).select_from(
                sa.func.range(sa.bindparam("n")).table_valued("range")
            )
            conn.execute(draw, {"n": highest})
