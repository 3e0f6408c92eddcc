"""Synthetic demo data for the two individual budget pilots, in the public data package format.

Everything this module produces is **synthetic**: no row describes a real person, plan, payment
or provider contract. It exists so the dashboard, its tests and its screenshots have realistic
data to show. ``generate(seed)`` is pure and deterministic (no database, no files, no
Streamlit); the same seed always gives identical frames.

Facts taken from public reports (Ministry of Welfare individual budget pilots, ESF project
9.2.2.2/16/I/001, as summarised in the project's domain notes):

- the two pilots, their target groups, sizes (100 participants, 10 per municipality) and
  timelines: children from September 2018 with a reassessment after six months (Talsu novads:
  10 February 2019) and the end in October 2019; adults selected in August 2019, support plans
  by November 2019, services November 2019 - January 2021;
- the known municipalities: children - Talsu novads, Liepāja, Tukuma novads; adults -
  Jelgava, Bauskas novads, Liepāja, Talsu novads, Daugavpils novads (now Augšdaugavas novads),
  Balvu novads, Cēsu novads, Gulbenes novads, Tukuma novads;
- which services adults chose most often, the Talsi adults' choices (support person for all
  10) and the Cēsis adults' exact numbers of participants per service;
- the provider gaps: adult respite care practically not provided in Kurzeme; no hippotherapy,
  ABA, micro-speech, audio-speech or occupational therapist in Talsu novads;
- outreach providers (a Cēsis-based provider serving Alūksne) and the kinds of assessment
  scales used in Latvia (ABAS-II, ICF qualifiers, Support Intensity Scale, goal attainment).

Invented choices (not public): the other 7 children's municipalities (Rēzekne, Valmieras
novads, Jelgava, Ogres novads, Kuldīgas novads, Alūksnes novads, Rīga) and the adults' 10th
municipality (Valmieras novads); all participants, scores, budgets, plans, deliveries, prices
and providers (names, seats, outreach areas). Adults' ``enrolled_on`` is their selection date
in August 2019, before the pilot's service start on 1 November 2019.

The generator is split by step, each module importing only those listed before it:
:mod:`~evaldash.demo.reference` (places, services, domains), :mod:`~evaldash.demo.providers`,
:mod:`~evaldash.demo.pilots` (the two pilot specs), :mod:`~evaldash.demo.participants` (roster,
calendar, scores), :mod:`~evaldash.demo.plans`, :mod:`~evaldash.demo.deliveries` and
:mod:`~evaldash.demo.assembly` (``generate``). Their public names are re-exported here.
"""

from __future__ import annotations

from evaldash.demo.assembly import COLUMNS, DEMO_SEED, generate
from evaldash.demo.assembly import _domains_frame as _domains_frame  # for evaldash.national
from evaldash.demo.participants import Calendar
from evaldash.demo.pilots import (
    ADULTS,
    ADULTS_PILOT,
    CHILDREN,
    CHILDREN_PILOT,
    PILOTS,
    PilotSpec,
    PlanQuota,
    RoundSpec,
)
from evaldash.demo.providers import HUB_PROVIDERS, ProviderNetwork, ProviderSpec
from evaldash.demo.reference import (
    DOMAINS,
    MUNICIPALITY_GAPS,
    NO_TRAVEL,
    PLACES,
    REGION_GAPS,
    SERVICE_UNITS,
    Domain,
    Place,
)
from evaldash.demo.reference import _price_range as _price_range  # for evaldash.national

__all__ = [
    "ADULTS",
    "ADULTS_PILOT",
    "CHILDREN",
    "CHILDREN_PILOT",
    "COLUMNS",
    "Calendar",
    "DEMO_SEED",
    "DOMAINS",
    "Domain",
    "HUB_PROVIDERS",
    "MUNICIPALITY_GAPS",
    "NO_TRAVEL",
    "PILOTS",
    "PLACES",
    "PilotSpec",
    "Place",
    "PlanQuota",
    "ProviderNetwork",
    "ProviderSpec",
    "REGION_GAPS",
    "RoundSpec",
    "SERVICE_UNITS",
    "generate",
]
