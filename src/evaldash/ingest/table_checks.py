"""Checks of one table of a package at a time.

Required values, ranges, lengths, duplicates, and each table's own rules (scales of domains,
one name per provider, scores within their scale, plan rounds with an assessment), with
repeated deliveries of usage added up into one row.

``TableChecks`` is a base of :class:`~evaldash.ingest.validate.Validator`; the checks that
look into other tables come from :class:`~evaldash.ingest.cross_checks.CrossChecks`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pandera.pandas as pa

from evaldash.i18n import fill
from evaldash.ingest import parse, spec
from evaldash.ingest.cross_checks import CrossChecks
from evaldash.ingest.report import Message, Problem

FACTS = ("assessments", "plans", "usage")


class TableChecks(CrossChecks):
    """Checks of one table of a package at a time (a base of Validator)."""

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
            lang: fill(parse.EXPECTED[key], lang, {"max_length": column.max_length}, key)
            for lang in ("lv", "en")
        }
        return "bad_value", {"expected": Message(texts)}
    base = "int" if column.kind == "int" else "number"
    low, high = column.minimum, column.maximum
    suffix = (
        "_range" if low is not None and high is not None else "_min" if high is None else "_max"
    )
    values = {"minimum": _fmt_limit(low), "maximum": _fmt_limit(high)}
    texts = {lang: fill(parse.EXPECTED[base + suffix], lang, values) for lang in ("lv", "en")}
    return "bad_value", {"expected": Message(texts)}


def _fmt_limit(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if value != int(value) else str(int(value))
