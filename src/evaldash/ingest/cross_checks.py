"""Checks between the tables of a package, and against what the database holds.

Which pilot a participant code names, references to pilots, providers, domains and
participants that exist nowhere (with suggestions), start dates after end dates, dates outside
the pilot or outside a participant's participation, and reassessments dated before the round
before them. ``CrossChecks`` is a base of :class:`~evaldash.ingest.validate.Validator`, whose
``stored``, ``checked`` and ``report`` it reads and adds to.
"""

from __future__ import annotations

import pandas as pd

from evaldash.ingest import parse
from evaldash.ingest.report import MESSAGES, WHAT, Message, Report
from evaldash.ingest.stored import Checked, Stored


class CrossChecks:
    """Checks of a package's tables against each other and the database (Validator's base)."""

    stored: Stored
    checked: Checked
    report: Report

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


def _suggestion(resolver: parse.Resolver, value: object) -> Message | str:
    names = resolver.suggest(str(value)) if value is not None else []
    if not names:
        return ""
    joined = ", ".join(names)
    return Message({lang: MESSAGES["suggest"][lang].format(names=joined) for lang in ("lv", "en")})


def _day(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    return pd.Timestamp(value).date().isoformat()
