"""Validate a raw package in one pass and turn it into typed tables ready to store.

Every problem is reported, not only the first: values that cannot be read, required values
missing, numbers out of range (checked with pandera), unknown references with suggestions,
duplicates, scores outside the domain's scale, dates in the wrong order or outside the pilot.
Rows with errors stay in the tables (with missing values) so later checks still run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.db import schema
from evaldash.db.read import query
from evaldash.ingest import parse, spec
from evaldash.ingest.read import (
    ExtraFields,
    RawPackage,
    Source,
    TooManyCells,
    ValueWithoutHeader,
)
from evaldash.ingest.report import MESSAGES, WHAT, Message, Problem, Report

# Tables in the order they are checked: what others refer to comes first.
ORDER = (
    "pilots",
    "services",
    "domains",
    "participants",
    "providers",
    "assessments",
    "plans",
    "usage",
)
FACTS = ("assessments", "plans", "usage")


@dataclass
class Stored:
    """What the database already holds that a package may refer to."""

    pilots: pd.DataFrame  # pilot_id, start_date, end_date
    participants: pd.DataFrame  # participant_key, pilot_id, participant_id, enrolled_on, left_on
    domains: pd.DataFrame  # domain, scale_min, scale_max
    services: pd.DataFrame  # service_code, name_lv, name_en
    categories: pd.DataFrame  # category, name_lv, name_en
    providers: pd.DataFrame  # provider_id, name
    municipalities: dict[str, str]  # any spelling -> code
    municipality_names: dict[str, str]  # code -> Latvian name


def load_stored(engine: Engine) -> Stored:
    """Read the reference data and keys a package is checked against."""
    p, m, a = schema.participant, schema.municipality, schema.municipality_alias
    stmt = sa.select(
        p.c.participant_key,
        p.c.pilot_id,
        p.c.participant_code.label("participant_id"),
        p.c.enrolled_on,
        p.c.left_on,
    )
    participants = query(
        engine,
        stmt,
        {
            "participant_key": "int64",
            "pilot_id": "str",
            "participant_id": "str",
            "enrolled_on": "datetime64[s]",
            "left_on": "datetime64[s]",
        },
    )
    with engine.connect() as conn:
        munis = conn.execute(sa.select(m.c.municipality_code, m.c.name_lv, m.c.name_en)).all()
        aliases = conn.execute(sa.select(a.c.alias, a.c.municipality_code)).all()
    spellings = {alias: code for alias, code in aliases}
    for code, lv, en in munis:
        spellings.update({code: code, lv: code, en: code})
    return Stored(
        pilots=_table(engine, schema.pilot, ["pilot_id", "start_date", "end_date"]),
        participants=participants,
        domains=_table(
            engine, schema.assessment_domain, ["domain_code", "scale_min", "scale_max"]
        ).rename(columns={"domain_code": "domain"}),
        services=_table(engine, schema.service, ["service_code", "name_lv", "name_en"]),
        categories=_table(engine, schema.service_category, ["category", "name_lv", "name_en"]),
        providers=_table(engine, schema.provider, ["provider_id", "name"]),
        municipalities=spellings,
        municipality_names={code: lv for code, lv, _ in munis},
    )


def _table(engine: Engine, table: sa.Table, columns: list[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(sa.select(*(table.c[c] for c in columns)))
        frame = pd.DataFrame(result.fetchall(), columns=columns)
    for column in columns:
        if isinstance(table.c[column].type, sa.Date):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


@dataclass
class Checked:
    """Typed tables of a package (package column names, codes resolved, ``_row`` kept)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # table -> file/sheet name


class Validator:
    """Checks one raw package against itself and the database."""

    def __init__(self, raw: RawPackage, stored: Stored, report: Report) -> None:
        """Prepare resolvers from the database and the package's own services."""
        self.raw, self.stored, self.report = raw, stored, report
        self.checked = Checked()
        self.resolvers: dict[str, parse.Resolver] = {
            "municipality": parse.Resolver(
                stored.municipalities, stored.municipality_names, "municipality"
            ),
            "category": _name_resolver(stored.categories, "category", "category"),
        }

    def run(self) -> Checked:
        """Check every table present, then the references between them."""
        for table in ORDER:
            source = self.raw.sources.get(table)
            if source is None:
                continue
            if table in ("plans", "usage", "providers") and "service" not in self.resolvers:
                self.resolvers["service"] = self._service_resolver()
            frame = self._read_table(source)
            if table in FACTS:  # first: the pilot is part of a fact's key
                self._resolve_participants(frame, source.name, table)
            if table == "usage":
                frame = self._combine_usage(frame, source.name)
            self.checked.tables[table] = frame
            self.checked.sources[table] = source.name
            self._check_table(table, frame, source.name)
        return self.checked

    # --- reading and parsing ------------------------------------------------------------------

    def _read_table(self, source: Source) -> pd.DataFrame:
        parts = []
        try:
            for chunk in source.chunks():
                parts.append(self._parse_chunk(source, chunk))
        except ExtraFields as exc:
            self.report.add(
                Problem(
                    "error",
                    "extra_fields",
                    source.name,
                    source.table,
                    exc.line,
                    params={"fields": exc.fields, "width": exc.width, "delimiter": exc.delimiter},
                )
            )
        except ValueWithoutHeader as exc:
            self.report.add(
                Problem(
                    "error",
                    "value_without_header",
                    source.name,
                    source.table,
                    exc.row,
                    params={"column": _column_letter(exc.column)},
                )
            )
        except TooManyCells as exc:
            self.report.add(Problem("error", "xlsx_cells", source.name, params=exc.args[0]))
        except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as exc:
            self.report.add(
                Problem(
                    "error",
                    "file_unreadable",
                    source.name,
                    source.table,
                    params={"reason": str(exc).strip()},
                )
            )
        if not parts:
            self.report.add(Problem("warning", "no_rows", source.name, source.table))
            return _empty(source.table)
        return pd.concat(parts, ignore_index=True)

    def _parse_chunk(self, source: Source, chunk: pd.DataFrame) -> pd.DataFrame:
        table = spec.BY_NAME[source.table]
        out = pd.DataFrame({"_row": chunk["_row"].astype("int64").to_numpy()})
        for column in table.columns:
            raw = chunk.get(column.name)
            if raw is None:  # an optional column the file leaves out
                out[column.name] = _missing(column, len(out))
                continue
            raw = raw.reset_index(drop=True)
            parsed = self._parse(column, raw)
            if isinstance(parsed, tuple):  # date_or_month
                parsed, month_only = parsed
                out["month_only"] = month_only.fillna(False).astype(bool).to_numpy()
            self._report_bad(source, column, raw, parsed, out["_row"])
            refused = self._refuse_unsafe(source, column, parsed.values, out["_row"])
            out[column.name] = parsed.values.mask(refused).to_numpy()
            # Remember unreadable cells, so they are not reported again as empty.
            out[f"_bad_{column.name}"] = parsed.bad.to_numpy() | refused
        if "delivered_on" in out and "month_only" not in out:
            out["month_only"] = False
        return out

    def _refuse_unsafe(
        self, source: Source, column: spec.Column, values: pd.Series, rows: pd.Series
    ) -> np.ndarray:
        """Report (and return a mask of) text that must not be stored.

        Control and text-direction characters (NUL, U+202E ...), which can make one code look
        like another, and participant codes shaped like a Latvian personal code, which are
        never echoed back.
        """
        refused = np.zeros(len(values), dtype=bool)
        if column.kind not in ("text", "code"):
            return refused
        hidden = parse.hidden_characters(values)
        if hidden.any():
            shown = values[hidden]
            self.report.add_rows(
                "error",
                "hidden_characters",
                pd.DataFrame({"_row": rows[hidden].to_numpy(), "value": shown.map(parse.visible)}),
                table=source.table,
                column=column.name,
                source=source.name,
                row_params=[{"chars": parse.named_characters(v)} for v in shown.head(200)],
            )
            refused |= hidden
        if column.name == "participant_id":
            personal = parse.looks_like_personal_code(values) & ~refused
            masked = pd.DataFrame({"_row": rows[personal].to_numpy(), "value": "******-*****"})
            self.report.add_rows(
                "error",
                "personal_code",
                masked,
                table=source.table,
                column=column.name,
                source=source.name,
            )
            refused |= personal
        return refused

    def _parse(self, column: spec.Column, raw: pd.Series) -> parse.Parsed | tuple:
        kind = column.kind
        if kind in self.resolvers:
            return self.resolvers[kind].resolve(raw)
        return _PARSERS[kind](raw)

    def _report_bad(
        self,
        source: Source,
        column: spec.Column,
        raw: pd.Series,
        parsed: parse.Parsed,
        rows: pd.Series,
    ) -> None:
        bad = parsed.bad.to_numpy()
        if not bad.any():
            return
        failing = pd.DataFrame({"_row": rows[bad].to_numpy(), "value": raw[bad].to_numpy()})
        resolver = self.resolvers.get(column.kind)
        if resolver is None:
            expected = Message(parse.EXPECTED[parsed.expected])
            self.report.add_rows(
                "error",
                "bad_value",
                failing,
                table=source.table,
                column=column.name,
                source=source.name,
                params={"expected": expected},
            )
            return
        what = Message(WHAT[column.kind if column.kind in WHAT else "service"])
        self.report.add_rows(
            "error",
            "unknown_ref",
            failing,
            table=source.table,
            column=column.name,
            source=source.name,
            params={"what": what},
            row_params=[{"suggest": _suggestion(resolver, v)} for v in failing["value"].head(200)],
        )

    def _service_resolver(self) -> parse.Resolver:
        services = self.stored.services
        extra = self.checked.tables.get("services")
        if extra is not None and not extra.empty:
            services = pd.concat([services, extra[["service_code", "name_lv", "name_en"]]])
        return _name_resolver(services, "service_code", "service")

    # --- table checks -----------------------------------------------------------------------

    def _check_table(self, table: str, frame: pd.DataFrame, source: str) -> None:
        self._check_schema(table, frame, source)
        self._check_duplicates(table, frame, source)
        check = getattr(self, f"_check_{table}", None)
        if check is not None:
            check(frame, source)

    def _check_schema(self, table: str, frame: pd.DataFrame, source: str) -> None:
        """Required values, ranges and lengths, checked by pandera."""
        table_spec = spec.BY_NAME[table]
        try:
            _pandera_schema(table_spec).validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            cases = cases[cases["index"].notna()]
            for (column, check), group in cases.groupby(["column", "check"], sort=False):
                index = group["index"].astype(int).to_numpy()
                rows = frame.loc[index, ["_row"]].assign(value=group["failure_case"].to_numpy())
                if f"_bad_{column}" in frame:
                    rows = rows[~frame.loc[index, f"_bad_{column}"].to_numpy()]
                code, params = _pandera_problem(table_spec.column(column), str(check))
                self.report.add_rows(
                    "error", code, rows, table=table, column=column, source=source, params=params
                )

    def _combine_usage(self, frame: pd.DataFrame, source: str) -> pd.DataFrame:
        """Add up deliveries with the same participant, service, date and provider.

        Two sessions on one day are real; keeping them as one row with the units added keeps
        the key unique, so importing the same file again changes nothing. Each is reported.
        """
        key = [*spec.BY_NAME["usage"].key, "pilot_id"]
        readable = frame[["participant_id", "service", "delivered_on"]].notna().all(axis=1)
        repeated = frame.duplicated(subset=key, keep=False) & readable
        if not repeated.any():
            return frame
        group = frame[repeated]
        later = group.duplicated(subset=key, keep="first")
        first = group.groupby(key, dropna=False)["_row"].transform("min")
        rows = group.loc[later, ["_row", "participant_id"]].rename(
            columns={"participant_id": "value"}
        )
        self.report.add_rows(
            "warning",
            "combined",
            rows,
            table="usage",
            column=None,
            source=source,
            row_params=[{"first": int(r)} for r in first[later]],
        )
        totals = group.groupby(key, dropna=False, sort=False).agg(
            {
                **{c: "first" for c in group.columns if c not in key},
                "_row": "min",
                "units": "sum",
                "month_only": "max",
            }
        )
        totals["cost_eur"] = group.groupby(key, dropna=False, sort=False)["cost_eur"].sum(
            min_count=1
        )
        combined = totals.reset_index()[group.columns]
        return pd.concat([frame[~repeated], combined], ignore_index=True)

    def _check_duplicates(self, table: str, frame: pd.DataFrame, source: str) -> None:
        if table == "usage":  # repeated usage keys were combined (_combine_usage)
            return
        key = list(spec.BY_NAME[table].key)
        if table == "participants":
            key = ["pilot_id", "participant_id"]
        if table in FACTS:  # one code may be a participant of two pilots
            key.append("pilot_id")
        complete = frame.dropna(subset=[k for k in key if k not in ("provider_id", "pilot_id")])
        repeated = complete.duplicated(subset=key, keep="first")
        if not repeated.any():
            return
        first = complete.groupby(key, dropna=False)["_row"].transform("min")
        rows = complete.loc[repeated, ["_row"]].assign(value=complete.loc[repeated, key[0]])
        self.report.add_rows(
            "error",
            "duplicate",
            rows,
            table=table,
            column=None,
            source=source,
            params={"key": ", ".join(key)},
            row_params=[{"first": int(r)} for r in first[repeated]],
        )

    def _check_pilots(self, frame: pd.DataFrame, source: str) -> None:
        self._check_order(frame, source, "pilots", "start_date", "end_date")

    def _check_participants(self, frame: pd.DataFrame, source: str) -> None:
        self._check_order(frame, source, "participants", "enrolled_on", "left_on")
        known = set(self.stored.pilots["pilot_id"]) | set(self._package_ids("pilots", "pilot_id"))
        self._check_known(frame, source, "participants", "pilot_id", known, "pilot")

    def _check_domains(self, frame: pd.DataFrame, source: str) -> None:
        bad = (
            frame["scale_max"].notna()
            & frame["scale_min"].notna()
            & (frame["scale_max"] <= frame["scale_min"])
        )
        rows = frame.loc[bad, ["_row", "scale_max", "scale_min"]]
        self.report.add_rows(
            "error",
            "scale",
            rows.rename(columns={"scale_max": "value"}),
            table="domains",
            column="scale_max",
            source=source,
            row_params=[
                {"high": h, "low": lo}
                for h, lo in zip(rows["scale_max"], rows["scale_min"], strict=True)
            ],
        )
        frame["mid"] = frame["mid"].fillna(spec.DEFAULT_MID)
        nonpositive = frame.loc[frame["mid"] <= 0, ["_row", "mid"]].rename(columns={"mid": "value"})
        self.report.add_rows(
            "error", "mid_positive", nonpositive, table="domains", column="mid", source=source
        )

    def _check_providers(self, frame: pd.DataFrame, source: str) -> None:
        names = frame.dropna(subset=["provider_id", "name"]).drop_duplicates(
            ["provider_id", "name"]
        )
        clash = names[names.duplicated("provider_id", keep=False)]
        for provider, group in clash.groupby("provider_id"):
            first, second = group["name"].iloc[0], group["name"].iloc[1]
            self.report.add(
                Problem(
                    "error",
                    "provider_names",
                    source,
                    "providers",
                    int(group["_row"].iloc[1]),
                    "name",
                    second,
                    {"provider": provider, "first": first, "second": second},
                )
            )

    def _check_assessments(self, frame: pd.DataFrame, source: str) -> None:
        domains = self._domains()
        self._check_known(frame, source, "assessments", "domain", set(domains["domain"]), "domain")
        scored = frame.merge(domains, on="domain", how="inner")
        outside = scored[
            (scored["score"] < scored["scale_min"]) | (scored["score"] > scored["scale_max"])
        ]
        self.report.add_rows(
            "error",
            "score_range",
            outside[["_row", "score"]].rename(columns={"score": "value"}),
            table="assessments",
            column="score",
            source=source,
            row_params=[
                {"domain": d, "low": lo, "high": h}
                for d, lo, h in zip(
                    outside["domain"], outside["scale_min"], outside["scale_max"], strict=True
                )
            ],
        )
        self._check_round_order(frame, source)
        self._check_in_pilot(frame, source, "assessments", "assessed_on")

    def _check_plans(self, frame: pd.DataFrame, source: str) -> None:
        """Warn of a later plan round without that round's assessment in the package.

        A plan round is in force from the participant's assessment of that round, the
        pilot's start where there is none: a later round without one starts with the pilot
        and leaves the round before it no days, so its plan would count for nothing.
        """
        assessments = self.checked.tables.get("assessments")
        if assessments is None or frame.empty:
            return
        keys = ["pilot_id", "participant_id"]
        planned = frame.dropna(subset=[*keys, "round"]).drop_duplicates([*keys, "round"])
        planned = planned.sort_values([*keys, "round"])
        previous = planned.groupby(keys, dropna=False)["round"].shift()
        later = planned.assign(previous=previous)[previous.notna()]
        dated = assessments.dropna(subset=["participant_id", "round", "assessed_on"])
        dated = dated[[*keys, "round"]].drop_duplicates().assign(_dated=True)
        later = later.merge(dated, on=[*keys, "round"], how="left")
        undated = later[later["_dated"].isna()].sort_values("_row")
        self.report.add_rows(
            "warning",
            "plan_round_undated",
            undated[["_row", "round"]].rename(columns={"round": "value"}),
            table="plans",
            column="round",
            source=source,
            row_params=[
                {"round": int(r), "previous": int(p)}
                for r, p in zip(undated["round"], undated["previous"], strict=True)
            ],
        )

    def _check_usage(self, frame: pd.DataFrame, source: str) -> None:
        known = set(self.stored.providers["provider_id"]) | set(
            self._package_ids("providers", "provider_id")
        )
        self._check_known(
            frame[frame["provider_id"].notna()], source, "usage", "provider_id", known, "provider"
        )
        self._check_in_pilot(frame, source, "usage", "delivered_on")
        self._check_in_participation(frame, source)

    # --- helpers for the checks -------------------------------------------------------------

    def _package_ids(self, table: str, column: str) -> pd.Series:
        frame = self.checked.tables.get(table)
        return frame[column].dropna() if frame is not None else pd.Series(dtype="str")

    def _domains(self) -> pd.DataFrame:
        package = self.checked.tables.get("domains")
        stored = self.stored.domains
        if package is None:
            return stored
        fresh = package[["domain", "scale_min", "scale_max"]].dropna()
        return pd.concat([stored[~stored["domain"].isin(fresh["domain"])], fresh])

    def _check_known(
        self, frame: pd.DataFrame, source: str, table: str, column: str, known: set, what: str
    ) -> None:
        values = frame[column]
        unknown = values.notna() & ~values.isin(known)
        if not unknown.any():
            return
        rows = frame.loc[unknown, ["_row", column]].rename(columns={column: "value"})
        resolver = parse.Resolver({k: k for k in known}, {k: k for k in known}, what)
        self.report.add_rows(
            "error",
            "unknown_ref",
            rows,
            table=table,
            column=column,
            source=source,
            params={"what": Message(WHAT[what])},
            row_params=[{"suggest": _suggestion(resolver, v)} for v in rows["value"].head(200)],
        )

    def _check_order(
        self, frame: pd.DataFrame, source: str, table: str, start: str, end: str
    ) -> None:
        bad = frame[start].notna() & frame[end].notna() & (frame[end] < frame[start])
        rows = frame.loc[bad, ["_row", end, start]]
        self.report.add_rows(
            "error",
            "end_before_start",
            rows.rename(columns={end: "value"})[["_row", "value"]],
            table=table,
            column=end,
            source=source,
            params={"end_column": end, "start_column": start},
            row_params=[
                {"end": _day(e), "start": _day(s)}
                for e, s in zip(rows[end], rows[start], strict=True)
            ],
        )

    def _resolve_participants(self, frame: pd.DataFrame, source: str, table: str) -> None:
        """Set ``pilot_id`` of a fact table; report unknown and ambiguous participants.

        A row's own ``pilot_id`` (an optional column) says which pilot's participant it names;
        without one, a code names the participant of the one pilot that has it.
        """
        people = self._people()
        given = frame["pilot_id"].notna()
        self._check_given_pilots(frame[given], source, table, people)
        counts = people.groupby("participant_id")["pilot_id"].nunique()
        unique = people[people["participant_id"].isin(counts[counts == 1].index)]
        pilot_of = unique.drop_duplicates("participant_id").set_index("participant_id")["pilot_id"]
        frame["pilot_id"] = frame["pilot_id"].where(given, frame["participant_id"].map(pilot_of))
        ambiguous = ~given & frame["participant_id"].isin(counts[counts > 1].index)
        rows = frame.loc[ambiguous, ["_row", "participant_id"]].rename(
            columns={"participant_id": "value"}
        )
        self.report.add_rows(
            "error",
            "ambiguous",
            rows,
            table=table,
            column="participant_id",
            source=source,
            params={"what": Message(WHAT["participant"])},
            row_params=[
                {"codes": ", ".join(sorted(people.loc[people["participant_id"] == v, "pilot_id"]))}
                for v in rows["value"].head(200)
            ],
        )
        self._check_known(
            frame[~ambiguous & ~given],
            source,
            table,
            "participant_id",
            set(people["participant_id"]),
            "participant",
        )

    def _check_given_pilots(
        self, frame: pd.DataFrame, source: str, table: str, people: pd.DataFrame
    ) -> None:
        """Check rows that name their pilot: a known pilot, and a participant of it."""
        pilots = set(self._pilot_periods().index)
        self._check_known(frame, source, table, "pilot_id", pilots, "pilot")
        known = pd.MultiIndex.from_frame(people[["participant_id", "pilot_id"]])
        named = pd.MultiIndex.from_frame(frame[["participant_id", "pilot_id"]])
        missing = frame[frame["pilot_id"].isin(pilots) & ~named.isin(known)]
        rows = missing[["_row", "participant_id"]].rename(columns={"participant_id": "value"})
        self.report.add_rows(
            "error",
            "not_in_pilot",
            rows,
            table=table,
            column="participant_id",
            source=source,
            row_params=[{"pilot": p} for p in missing["pilot_id"].head(200)],
        )

    def _people(self) -> pd.DataFrame:
        """Participants of the package, and stored ones the package does not redefine."""
        columns = ["participant_id", "pilot_id", "enrolled_on", "left_on"]
        stored = self.stored.participants[columns]
        package = self.checked.tables.get("participants")
        if package is None:
            return stored
        package = package[columns].dropna(subset=["participant_id", "pilot_id"])
        redefined = stored.set_index(["participant_id", "pilot_id"]).index.isin(
            package.set_index(["participant_id", "pilot_id"]).index
        )
        return pd.concat([stored[~redefined], package], ignore_index=True)

    def _pilot_periods(self) -> pd.DataFrame:
        stored = self.stored.pilots
        package = self.checked.tables.get("pilots")
        if package is not None:
            fresh = package[["pilot_id", "start_date", "end_date"]].dropna(subset=["pilot_id"])
            stored = pd.concat([stored[~stored["pilot_id"].isin(fresh["pilot_id"])], fresh])
        return stored.set_index("pilot_id")

    def _check_in_pilot(self, frame: pd.DataFrame, source: str, table: str, column: str) -> None:
        periods = self._pilot_periods()
        start = frame["pilot_id"].map(periods["start_date"])
        end = frame["pilot_id"].map(periods["end_date"])
        day = frame[column]
        last = day + pd.offsets.MonthEnd(0) if "month_only" in frame else day
        outside = day.notna() & ((start.notna() & (last < start)) | (end.notna() & (day > end)))
        rows = frame.loc[outside, ["_row", column, "pilot_id"]]
        self.report.add_rows(
            "warning",
            "outside_pilot",
            rows.rename(columns={column: "value"}),
            table=table,
            column=column,
            source=source,
            row_params=[
                {"pilot": p, "start": _day(s), "end": _day(e)}
                for p, s, e in zip(rows["pilot_id"], start[outside], end[outside], strict=True)
            ],
        )

    def _check_in_participation(self, frame: pd.DataFrame, source: str) -> None:
        people = self._people().drop_duplicates(["participant_id", "pilot_id"])
        keyed = frame[["participant_id", "pilot_id"]].merge(
            people, on=["participant_id", "pilot_id"], how="left"
        )
        start, end = keyed["enrolled_on"].to_numpy(), keyed["left_on"].to_numpy()
        day = frame["delivered_on"].to_numpy()
        last = (frame["delivered_on"] + pd.offsets.MonthEnd(0)).to_numpy()
        before = pd.notna(start) & (last < start)
        after = pd.notna(end) & (day > end)
        outside = pd.Series(before | after, index=frame.index) & frame["delivered_on"].notna()
        rows = frame.loc[outside, ["_row", "delivered_on"]].rename(
            columns={"delivered_on": "value"}
        )
        self.report.add_rows(
            "warning",
            "outside_participation",
            rows,
            table="usage",
            column="delivered_on",
            source=source,
            row_params=[
                {"start": _day(s), "end": _day(e)}
                for s, e in zip(
                    keyed.loc[outside.to_numpy(), "enrolled_on"],
                    keyed.loc[outside.to_numpy(), "left_on"],
                    strict=True,
                )
            ],
        )

    def _check_round_order(self, frame: pd.DataFrame, source: str) -> None:
        dated = frame.dropna(subset=["participant_id", "round", "assessed_on"])
        rounds = (
            dated.groupby(["pilot_id", "participant_id", "round"], dropna=False)
            .agg(first=("assessed_on", "min"), last=("assessed_on", "max"), _row=("_row", "min"))
            .reset_index()
            .sort_values(["pilot_id", "participant_id", "round"])
        )
        same = rounds["participant_id"].eq(rounds["participant_id"].shift()) & rounds[
            "pilot_id"
        ].eq(rounds["pilot_id"].shift())
        previous_last = rounds["last"].shift()
        early = same & (rounds["first"] < previous_last)
        bad = rounds[early].assign(
            previous=rounds["round"].shift()[early], prev_date=previous_last[early]
        )
        self.report.add_rows(
            "error",
            "reassessment_first",
            bad.rename(columns={"first": "value"}),
            table="assessments",
            column="assessed_on",
            source=source,
            row_params=[
                {"round": int(r), "date": _day(d), "previous": int(p), "prev_date": _day(pd_)}
                for r, d, p, pd_ in zip(
                    bad["round"], bad["first"], bad["previous"], bad["prev_date"], strict=True
                )
            ],
        )


def validate(raw: RawPackage, stored: Stored, report: Report) -> Checked:
    """Check ``raw`` against itself and ``stored``; problems go into ``report``."""
    return Validator(raw, stored, report).run()


# --- module helpers ---------------------------------------------------------------------------

_PARSERS = {
    "text": parse.parse_text,
    "code": parse.parse_code,
    "int": parse.parse_int,
    "number": parse.parse_number,
    "date": parse.parse_date,
    "date_or_month": parse.parse_date_or_month,
    "bool": parse.parse_bool,
    "sex": parse.parse_sex,
    "unit": parse.parse_unit,
}

_DTYPES = {
    "text": "str",
    "code": "str",
    "int": "Int64",
    "number": "float64",
    "date": "datetime64[s]",
    "date_or_month": "datetime64[s]",
    "bool": "boolean",
    "sex": "str",
    "unit": "str",
    "municipality": "str",
    "service": "str",
    "category": "str",
}


def _missing(column: spec.Column, rows: int) -> pd.Series:
    """An all-missing column of ``column``'s type (``pd.NA`` cannot be cast to float64)."""
    return pd.Series(index=range(rows), dtype=_DTYPES[column.kind])


def _empty(table: str) -> pd.DataFrame:
    columns = {"_row": pd.Series(dtype="int64")}
    for column in spec.BY_NAME[table].columns:
        columns[column.name] = pd.Series(dtype=_DTYPES[column.kind])
    if table == "usage":
        columns["month_only"] = pd.Series(dtype=bool)
    return pd.DataFrame(columns)


def _name_resolver(frame: pd.DataFrame, code: str, expected: str) -> parse.Resolver:
    spellings: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        value = getattr(row, code)
        for name in (value, row.name_lv, row.name_en):
            if isinstance(name, str) and name.strip():
                spellings[name] = value
    display = {
        getattr(r, code): f"{getattr(r, code)} ({r.name_lv})" for r in frame.itertuples(index=False)
    }
    return parse.Resolver(spellings, display, expected)


def _suggestion(resolver: parse.Resolver, value: object) -> Message | str:
    names = resolver.suggest(str(value)) if value is not None else []
    if not names:
        return ""
    joined = ", ".join(names)
    return Message({lang: MESSAGES["suggest"][lang].format(names=joined) for lang in ("lv", "en")})


def _column_letter(number: int) -> str:
    """Return a column's spreadsheet letter: 1 -> A, 27 -> AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _day(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    return pd.Timestamp(value).date().isoformat()


def _pandera_schema(table: spec.Table) -> pa.DataFrameSchema:
    columns = {}
    for column in table.columns:
        checks = []
        if column.minimum is not None:
            checks.append(pa.Check.ge(column.minimum))
        if column.maximum is not None:
            checks.append(pa.Check.le(column.maximum))
        if column.max_length is not None:
            checks.append(pa.Check.str_length(max_value=column.max_length))
        columns[column.name] = pa.Column(
            nullable=not column.required, checks=checks, coerce=False, required=False
        )
    return pa.DataFrameSchema(columns, strict=False)


def _pandera_problem(column: spec.Column, check: str) -> tuple[str, Mapping[str, object]]:
    if check == "not_nullable":
        return "required", {}
    if check.startswith("str_length"):
        key = "text_max"
        texts = {
            lang: parse.EXPECTED[key][lang].format(max_length=column.max_length)
            for lang in ("lv", "en")
        }
        return "bad_value", {"expected": Message(texts)}
    base = "int" if column.kind == "int" else "number"
    low, high = column.minimum, column.maximum
    suffix = (
        "_range" if low is not None and high is not None else "_min" if high is None else "_max"
    )
    values = {"minimum": _fmt_limit(low), "maximum": _fmt_limit(high)}
    texts = {lang: parse.EXPECTED[base + suffix][lang].format(**values) for lang in ("lv", "en")}
    return "bad_value", {"expected": Message(texts)}


def _fmt_limit(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if value != int(value) else str(int(value))
