"""The evaldash data model as SQLAlchemy Core tables.

Participants are pseudonymous: ``participant_code`` is the pilot's own code (e.g. ``B-TAL-03``);
no names or personal codes are stored anywhere. Fact tables reference participants by the
integer ``participant_key`` and carry the ``import_id`` of the import that wrote them, so every
number can be traced back to its file.

Foreign keys are declared here and created on PostgreSQL only; the migrations skip them on
DuckDB, for two reasons measured here: DuckDB refuses to delete a row and the rows referring to
it in one transaction (so replacing a pilot could not be all-or-nothing), and it checks them
row by row (loading 5 million usage rows took 15.5 s instead of 1.7 s). On DuckDB, references
are guaranteed by the import's validation. ``service_usage`` has no foreign keys on either
database for the second reason.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    }
)

participant_key_seq = sa.Sequence("participant_key_seq", metadata=metadata)
import_id_seq = sa.Sequence("import_id_seq", metadata=metadata)
audit_id_seq = sa.Sequence("audit_id_seq", metadata=metadata)

# --- reference data (shipped in data/, synchronised by init-db) -----------------------------

planning_region = sa.Table(
    "planning_region",
    metadata,
    sa.Column("region_code", sa.String(3), primary_key=True),
    sa.Column("short_lv", sa.String(40), nullable=False),
    sa.Column("short_en", sa.String(40), nullable=False),
    sa.Column("name_lv", sa.String(80), nullable=False),
    sa.Column("name_en", sa.String(80), nullable=False),
)

municipality = sa.Table(
    "municipality",
    metadata,
    sa.Column("municipality_code", sa.String(6), primary_key=True),  # ISO 3166-2, e.g. LV-097
    sa.Column("name_lv", sa.String(80), nullable=False),
    sa.Column("name_en", sa.String(80), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # state_city | municipality
    sa.Column("admin_centre", sa.String(40), nullable=False),
    sa.Column(
        "region_code", sa.String(3), sa.ForeignKey("planning_region.region_code"), nullable=False
    ),
    sa.Column("centre_lat", sa.Float, nullable=False),
    sa.Column("centre_lon", sa.Float, nullable=False),
    sa.Column("valid_from", sa.Date),
    sa.Column("valid_to", sa.Date),
)

municipality_alias = sa.Table(
    "municipality_alias",
    metadata,
    sa.Column("alias", sa.String(80), primary_key=True),
    sa.Column(
        "municipality_code",
        sa.String(6),
        sa.ForeignKey("municipality.municipality_code"),
        nullable=False,
    ),
    sa.Column("note", sa.String(200)),
)

service_category = sa.Table(
    "service_category",
    metadata,
    sa.Column("category", sa.String(40), primary_key=True),
    sa.Column("name_lv", sa.String(80), nullable=False),
    sa.Column("name_en", sa.String(80), nullable=False),
    sa.Column("sort_order", sa.Integer, nullable=False),
)

service = sa.Table(
    "service",
    metadata,
    sa.Column("service_code", sa.String(40), primary_key=True),
    sa.Column("name_lv", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200)),
    # Short names label charts; the full name stays in hovers and tables.
    sa.Column("name_short_lv", sa.String(40)),
    sa.Column("name_short_en", sa.String(40)),
    sa.Column("category", sa.String(40), sa.ForeignKey("service_category.category")),
    sa.Column("unit", sa.String(10), nullable=False),
    sa.Column("in_catalogue", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.CheckConstraint("unit IN ('session', 'hour', 'day', 'trip')", name="unit"),
)

# --- pilots and their participants -----------------------------------------------------------

pilot = sa.Table(
    "pilot",
    metadata,
    sa.Column("pilot_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("target_group", sa.String(200)),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Column("is_demo", sa.Boolean, nullable=False, server_default=sa.false()),
)

participant = sa.Table(
    "participant",
    metadata,
    sa.Column(
        "participant_key",
        sa.Integer,
        participant_key_seq,
        primary_key=True,
        server_default=participant_key_seq.next_value(),
    ),
    sa.Column("pilot_id", sa.String(64), sa.ForeignKey("pilot.pilot_id"), nullable=False),
    sa.Column("participant_code", sa.String(64), nullable=False),
    sa.Column(
        "municipality_code",
        sa.String(6),
        sa.ForeignKey("municipality.municipality_code"),
        nullable=False,
    ),
    sa.Column("sex", sa.String(1)),
    sa.Column("birth_year", sa.SmallInteger),
    sa.Column("enrolled_on", sa.Date),
    sa.Column("left_on", sa.Date),
    sa.Column("budget_eur", sa.Numeric(12, 2)),
    sa.Column("import_id", sa.Integer),
    sa.UniqueConstraint("pilot_id", "participant_code", name="uq_participant_pilot_code"),
    sa.CheckConstraint("sex IN ('F', 'M')", name="sex"),
    sa.CheckConstraint("budget_eur >= 0", name="budget"),
)

# --- assessments ------------------------------------------------------------------------------

assessment_domain = sa.Table(
    "assessment_domain",
    metadata,
    sa.Column("domain_code", sa.String(64), primary_key=True),
    sa.Column("name_lv", sa.String(200)),
    sa.Column("name_en", sa.String(200)),
    sa.Column("scale_min", sa.Float, nullable=False),
    sa.Column("scale_max", sa.Float, nullable=False),
    sa.Column("higher_is_better", sa.Boolean, nullable=False),
    sa.Column("mid", sa.Float, nullable=False, server_default=sa.text("1")),
    sa.CheckConstraint("scale_max > scale_min", name="scale"),
    sa.CheckConstraint("mid > 0", name="mid"),
)

assessment = sa.Table(
    "assessment",
    metadata,
    sa.Column(
        "participant_key",
        sa.Integer,
        sa.ForeignKey("participant.participant_key"),
        primary_key=True,
    ),
    sa.Column("round", sa.SmallInteger, primary_key=True),
    sa.Column(
        "domain_code",
        sa.String(64),
        sa.ForeignKey("assessment_domain.domain_code"),
        primary_key=True,
    ),
    sa.Column("assessed_on", sa.Date, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("import_id", sa.Integer),
    sa.CheckConstraint('"round" >= 1', name="round"),
)

# --- support plans, providers and delivered services ------------------------------------------

plan_item = sa.Table(
    "plan_item",
    metadata,
    sa.Column(
        "participant_key",
        sa.Integer,
        sa.ForeignKey("participant.participant_key"),
        primary_key=True,
    ),
    sa.Column("round", sa.SmallInteger, primary_key=True),
    sa.Column(
        "service_code", sa.String(40), sa.ForeignKey("service.service_code"), primary_key=True
    ),
    sa.Column("planned_units", sa.Float, nullable=False),
    sa.Column("priority", sa.SmallInteger),
    sa.Column("import_id", sa.Integer),
    sa.CheckConstraint("planned_units >= 0", name="planned_units"),
    sa.CheckConstraint('"round" >= 1', name="round"),
)

provider = sa.Table(
    "provider",
    metadata,
    sa.Column("provider_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("import_id", sa.Integer),
)

provider_service = sa.Table(
    "provider_service",
    metadata,
    sa.Column(
        "provider_id", sa.String(64), sa.ForeignKey("provider.provider_id"), primary_key=True
    ),
    sa.Column(
        "service_code", sa.String(40), sa.ForeignKey("service.service_code"), primary_key=True
    ),
    sa.Column(
        "municipality_code",
        sa.String(6),
        sa.ForeignKey("municipality.municipality_code"),
        primary_key=True,
    ),
    sa.Column("outreach", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("import_id", sa.Integer),
)

service_usage = sa.Table(
    "service_usage",
    metadata,
    sa.Column("participant_key", sa.Integer, nullable=False),
    sa.Column("service_code", sa.String(40), nullable=False),
    sa.Column("provider_id", sa.String(64)),
    sa.Column("delivered_on", sa.Date, nullable=False),
    # True when the source gave only a month; delivered_on is then the 1st of that month.
    sa.Column("month_only", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("units", sa.Float, nullable=False),
    sa.Column("cost_eur", sa.Numeric(12, 2)),
    sa.Column("import_id", sa.Integer),
    sa.CheckConstraint("units >= 0", name="units"),
    sa.CheckConstraint("cost_eur >= 0", name="cost"),
)

# Per participant and service: what service_usage holds, added up. Rebuilt whole in the same
# transaction as every write of service_usage (evaldash.db.summary.refresh), so it is never
# out of date; views without a period filter read it instead of every delivery (225,000 rows
# instead of 5 million at national scale). No key: DuckDB cannot delete and re-insert the
# same key in one transaction.
usage_summary = sa.Table(
    "usage_summary",
    metadata,
    sa.Column("participant_key", sa.Integer, nullable=False),
    sa.Column("service_code", sa.String(40), nullable=False),
    sa.Column("deliveries", sa.Integer, nullable=False),
    sa.Column("units", sa.Float, nullable=False),
    sa.Column("cost_eur", sa.Numeric(14, 2)),
    # the first and last delivery: the filters' date range is read from here
    sa.Column("first_day", sa.Date, nullable=False),
    sa.Column("last_day", sa.Date, nullable=False),
)

# Per participant and service: the planned units of all plan rounds added up (plan_item has a
# row per round) and the units delivered of them, each round's deliveries (those while it was
# in force, plan_period) counted up to that round's plan (migration 0015). Rebuilt with
# usage_summary; the provider gaps, the comparisons and the participants' delivered share
# read it instead of grouping every plan and delivery.
plan_summary = sa.Table(
    "plan_summary",
    metadata,
    sa.Column("participant_key", sa.Integer, nullable=False),
    sa.Column("service_code", sa.String(40), nullable=False),
    sa.Column("planned_units", sa.Float, nullable=False),
    sa.Column("delivered_units", sa.Float),
)

# Per plan item: the days its round is in force, from starts_on up to ends_on (exclusive).
# A round starts on the participant's assessment date of that round (the pilot's start where
# there is none) and ends where the participant's next plan round starts; the last ends the
# day after the participant left or the pilot ended, whichever is first. NULL: not known
# (no date in the data). Rebuilt with plan_summary (evaldash.db.summary.refresh_plans); a
# period's share of planned units delivered prorates each round by its days in the period.
plan_period = sa.Table(
    "plan_period",
    metadata,
    sa.Column("participant_key", sa.Integer, nullable=False),
    sa.Column("round", sa.SmallInteger, nullable=False),
    sa.Column("service_code", sa.String(40), nullable=False),
    sa.Column("starts_on", sa.Date),
    sa.Column("ends_on", sa.Date),
    sa.Column("planned_units", sa.Float, nullable=False),
)

# PostgreSQL only (migration 0011; DuckDB groups a period's deliveries fast enough itself).
# Per participant and service: the days with deliveries (ascending) and, for each, the
# running totals up to and including that day of the deliveries, units, deliveries with a
# cost, and cost (0 for none). Any period's sums are two points of these (width_bucket finds
# the last day up to a given one) instead of the period's deliveries grouped: 2.5 million
# for half of a national pilot (evaldash.metrics.delivered). Also the services planned but
# never delivered (empty arrays), and each pair's planned units (plan_summary's; NULL when
# not planned, migration 0013): what a participant got of the plan, over a period, is then
# one pass over these rows with no join to the plans. Rebuilt with usage_summary.
usage_running = sa.Table(
    "usage_running",
    metadata,
    sa.Column("participant_key", sa.Integer, nullable=False),
    sa.Column("service_code", sa.String(40), nullable=False),
    sa.Column("days", sa.ARRAY(sa.Date), nullable=False),
    sa.Column("deliveries", sa.ARRAY(sa.Integer), nullable=False),
    sa.Column("units", sa.ARRAY(sa.Numeric), nullable=False),
    sa.Column("costed", sa.ARRAY(sa.Integer), nullable=False),
    sa.Column("cost_eur", sa.ARRAY(sa.Numeric), nullable=False),
    sa.Column("planned_units", sa.Float),
)

# Per participant, domain and pair of its pilot's rounds (earlier, later): the score in the
# earlier round and in the later one (NULL when not reassessed); a row for every score and
# every later round the pilot has. Rebuilt with usage_summary (evaldash.db.summary.refresh),
# so progress between two rounds reads its rows instead of matching every assessment with
# the later ones (2.3 million rows at national scale, 4 rounds; written in round order).
# On PostgreSQL an index on (round_from, round_to), made by migration 0010, lets a pair of
# rounds (a sixth of the rows at 4 rounds) be read without reading every row; DuckDB skips
# what it need not read by itself (the rows are written in round order and it keeps each
# block's smallest and largest values), so it gets none.
assessment_pair = sa.Table(
    "assessment_pair",
    metadata,
    sa.Column("round_from", sa.SmallInteger, nullable=False),
    sa.Column("round_to", sa.SmallInteger, nullable=False),
    sa.Column("participant_key", sa.Integer, nullable=False),
    sa.Column("domain_code", sa.String(64), nullable=False),
    sa.Column("score_from", sa.Float, nullable=False),
    sa.Column("score_to", sa.Float),
)


def _cell_columns() -> list[sa.Column]:
    """A cell of participants: what Filters.cell_clauses selects summary rows by."""
    return [
        sa.Column("pilot_id", sa.String(64), nullable=False),
        sa.Column("municipality_code", sa.String(6), nullable=False),
        sa.Column("sex", sa.String(1)),
        sa.Column("age_group", sa.String(8)),
    ]


# Per month and cell of participants (pilot, municipality, sex, age group at enrolment: each
# participant is in exactly one cell, so people counts add up across cells) and service
# group: the distinct participants served, the deliveries and their cost; rows with
# all_categories true count people served by any service (category NULL). Rebuilt with
# usage_summary; monthly charts read it for whole months instead of every delivery.
usage_month = sa.Table(
    "usage_month",
    metadata,
    sa.Column("month", sa.Date, nullable=False),
    *_cell_columns(),
    sa.Column("all_categories", sa.Boolean, nullable=False),
    sa.Column("category", sa.String(40)),
    sa.Column("participants", sa.Integer, nullable=False),
    sa.Column("deliveries", sa.Integer, nullable=False),
    sa.Column("cost_eur", sa.Numeric(14, 2)),
)

# Per round and cell of participants (as usage_month): the participants assessed in the
# round and its first and last assessment date. Rebuilt with usage_summary; the rounds of a
# selection are read from it instead of counting people among every assessment.
assessment_round = sa.Table(
    "assessment_round",
    metadata,
    sa.Column("round", sa.SmallInteger, nullable=False),
    *_cell_columns(),
    sa.Column("participants", sa.Integer, nullable=False),
    sa.Column("first_date", sa.Date, nullable=False),
    sa.Column("last_date", sa.Date, nullable=False),
)

# Per pair of rounds, domain, cell of participants (as usage_month) and oriented change
# (NULL: not reassessed): how many pairs had it, and the sums of their earlier and later
# scores. Rebuilt with assessment_pair (migration 0014); progress counts, means and medians
# of a selection add up these rows (about 27,000 for a national pilot's pair of rounds)
# instead of its 400,000 pairs. Participant filters apply by cell, as for assessment_round.
pair_change = sa.Table(
    "pair_change",
    metadata,
    sa.Column("round_from", sa.SmallInteger, nullable=False),
    sa.Column("round_to", sa.SmallInteger, nullable=False),
    sa.Column("domain_code", sa.String(64), nullable=False),
    *_cell_columns(),
    sa.Column("change", sa.Float),
    sa.Column("pairs", sa.Integer, nullable=False),
    sa.Column("score_from_sum", sa.Float, nullable=False),
    sa.Column("score_to_sum", sa.Float),
)

# Per participant: the different services received, their cost, and the mean share of the
# planned units delivered (each planned service counted up to 100 %), over everything stored.
# Rebuilt with usage_summary; comparisons without a period or service group read it instead
# of adding up each participant's services and plans.
participant_usage = sa.Table(
    "participant_usage",
    metadata,
    sa.Column("participant_key", sa.Integer, nullable=False),
    sa.Column("services", sa.Integer, nullable=False),
    sa.Column("cost_eur", sa.Numeric(14, 2)),
    sa.Column("has_plan", sa.Boolean, nullable=False),
    sa.Column("delivered_share", sa.Float),
)

# Per participant scored in an earlier round, and each later round of their pilot (the rows of
# assessment_pair, per participant): reassessed (any score in the later round, in any domain),
# and the domains paired, improved and declined (by the domain's minimal important
# difference). Rebuilt with assessment_pair; the comparison of municipalities reads it instead
# of classifying every pair of scores (400,000 at national scale).
participant_outcome = sa.Table(
    "participant_outcome",
    metadata,
    sa.Column("round_from", sa.SmallInteger, nullable=False),
    sa.Column("round_to", sa.SmallInteger, nullable=False),
    sa.Column("participant_key", sa.Integer, nullable=False),
    sa.Column("reassessed", sa.Boolean, nullable=False),
    sa.Column("paired", sa.Integer, nullable=False),
    sa.Column("improved", sa.Integer, nullable=False),
    sa.Column("declined", sa.Integer, nullable=False),
)

# --- provenance ---------------------------------------------------------------------------------

import_log = sa.Table(
    "import_log",
    metadata,
    sa.Column(
        "import_id",
        sa.Integer,
        import_id_seq,
        primary_key=True,
        server_default=import_id_seq.next_value(),
    ),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("kind", sa.String(20), nullable=False),  # reference | demo | import
    sa.Column("source", sa.String(500)),
    sa.Column("sha256", sa.String(64)),
    sa.Column("user_name", sa.String(200)),
    sa.Column("status", sa.String(20), nullable=False),  # ok | invalid | failed
    sa.Column("row_counts", sa.Text),  # JSON object: table -> rows written
    sa.Column("message", sa.Text),
)

# --- who may see what (see evaldash.auth) ------------------------------------------------------

app_user = sa.Table(
    "app_user",
    metadata,
    sa.Column("user_name", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),  # ministry | municipality | public | admin
    sa.Column(
        "municipality_code", sa.String(6), sa.ForeignKey("municipality.municipality_code")
    ),  # the own municipality of role municipality
    sa.Column("password_hash", sa.String(200)),  # argon2id; NULL for single sign-on only
    sa.Column("email", sa.String(200), unique=True),  # the single sign-on identity
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("locked_until", sa.DateTime),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.CheckConstraint("role IN ('ministry', 'municipality', 'public', 'admin')", name="role"),
    sa.CheckConstraint(
        "(role = 'municipality' AND municipality_code IS NOT NULL) "
        "OR (role <> 'municipality' AND municipality_code IS NULL)",
        name="scope",
    ),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column(
        "audit_id",
        sa.Integer,
        audit_id_seq,
        primary_key=True,
        server_default=audit_id_seq.next_value(),
    ),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("user_name", sa.String(100)),
    sa.Column("event", sa.String(30), nullable=False),
    sa.Column("detail", sa.Text),  # JSON object; never passwords, secrets or participant rows
)

sign_in_attempt = sa.Table(
    "sign_in_attempt",
    metadata,
    # A keyed hash of a typed user name that is no account (never the name itself): unknown
    # names count wrong tries and lock exactly as accounts do, so neither tells them apart.
    sa.Column("name_key", sa.String(64), primary_key=True),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("locked_until", sa.DateTime),
    sa.Column("last_at", sa.DateTime, nullable=False),
)

app_session = sa.Table(
    "app_session",
    metadata,
    # A built-in sign-in kept by a browser cookie: the SHA-256 of the cookie's random id (the
    # id itself is only in the cookie), whose account, until when; ended at sign-out.
    sa.Column("session_key", sa.String(64), primary_key=True),
    sa.Column("user_name", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("ended_at", sa.DateTime),
)

REFERENCE_TABLES = (planning_region, municipality, municipality_alias, service_category, service)
