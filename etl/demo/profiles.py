"""The parameters of the simulation: what kind of organ gets how much of what.

A :class:`Profile` is a type of organ (a city's natural-resources bureau, a
township government...) with yearly volumes: requests for information and the
part-二 counts (licensing, penalties, documents, fees). The weights below spread
requests over applicant types and outcomes and spread appeals over results. They
are keyed by the template's own row and column keys and checked against the
template at import time, so a renamed key fails loudly instead of silently
weighting nothing; rows and columns not listed take a small default weight.

The numbers are chosen to look like published reports: most township offices
receive 0–5 requests a year, a prefecture's natural-resources, housing, police and
human-resources bureaus hundreds; natural persons file most requests; 本机关不掌握
is the most common refusal; litigation is rare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from etl.template import TEMPLATE_2019, TEMPLATE_2021
from etl.template import parts as p


@dataclass(frozen=True)
class Profile:
    """Yearly volumes of one type of organ, before its own scale factor."""

    name: str
    requests: float  # mean new requests a year
    active: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    items: float = 300.0  # items published proactively a year (part 一)
    unable: float = 1.0  # weight multiplier of the 无法提供 rows
    withheld: float = 1.0  # weight multiplier of the 不予公开 rows
    orgs: float = 1.0  # weight multiplier of the non-natural-person applicants
    appeal: float = 0.02  # administrative reviews per request


def _profile(name: str, requests: float, active: dict[str, float], **kw: float) -> Profile:
    return Profile(name, requests, MappingProxyType(active), **kw)


#: Part-二 volume per row key: decisions a year, documents issued a year, fees in
#: 万元 a year, procurement items a year.
PROFILES: dict[str, Profile] = {
    pr.name: pr
    for pr in (
        _profile(
            "city_gov",
            170,
            {"regulations": 2, "normative_docs": 14, "procurement": 12},
            items=3200,
            unable=1.2,
            appeal=0.08,
        ),
        _profile(
            "natural_resources",
            420,
            {
                "normative_docs": 6,
                "licensing": 2600,
                "other_services": 300,
                "penalty": 160,
                "coercion": 12,
                "fees": 900,
                "procurement": 20,
            },
            items=1400,
            unable=1.7,
            orgs=1.6,
            appeal=0.07,
        ),
        _profile(
            "housing",
            260,
            {
                "normative_docs": 8,
                "licensing": 1800,
                "other_services": 500,
                "penalty": 120,
                "coercion": 6,
                "fees": 220,
                "procurement": 12,
            },
            items=1100,
            unable=1.4,
            orgs=1.4,
            appeal=0.05,
        ),
        _profile(
            "police",
            230,
            {
                "normative_docs": 3,
                "licensing": 60000,
                "penalty": 36000,
                "coercion": 3000,
                "fees": 1500,
                "procurement": 30,
            },
            items=900,
            withheld=2.5,
            appeal=0.04,
        ),
        _profile(
            "hrss",
            150,
            {
                "normative_docs": 10,
                "licensing": 800,
                "other_services": 2200,
                "penalty": 40,
                "fees": 10,
                "procurement": 8,
            },
            items=1300,
            appeal=0.03,
        ),
        _profile(
            "approval",
            25,
            {"normative_docs": 1, "licensing": 30000, "other_services": 4000, "procurement": 5},
            items=9000,
            appeal=0.02,
        ),
        _profile(
            "market",
            70,
            {"normative_docs": 4, "licensing": 9000, "penalty": 1500, "coercion": 200},
            items=1500,
            orgs=1.8,
        ),
        _profile(
            "environment",
            45,
            {"normative_docs": 3, "licensing": 400, "penalty": 300, "coercion": 40},
            items=800,
            orgs=1.5,
        ),
        _profile(
            "transport",
            40,
            {"normative_docs": 3, "licensing": 6000, "penalty": 2500, "coercion": 300},
            items=700,
        ),
        _profile(
            "enforcement",
            25,
            {"licensing": 1500, "penalty": 3000, "coercion": 500},
            items=600,
        ),
        _profile(
            "education",
            60,
            {"normative_docs": 8, "licensing": 150, "penalty": 3, "fees": 50, "procurement": 15},
            items=1200,
        ),
        _profile(
            "health",
            50,
            {"normative_docs": 4, "licensing": 3000, "penalty": 400, "coercion": 10},
            items=900,
        ),
        _profile(
            "agriculture",
            20,
            {"normative_docs": 3, "licensing": 500, "penalty": 60, "coercion": 5},
            items=700,
        ),
        _profile(
            "general",
            12,
            {"normative_docs": 3, "licensing": 30, "penalty": 5, "procurement": 4},
            items=500,
        ),
        _profile("county_gov", 45, {"normative_docs": 6, "procurement": 5}, items=1600, unable=1.2),
        _profile(
            "township",
            1.2,
            {"normative_docs": 0.3, "penalty": 6},
            items=150,
            unable=1.5,
            orgs=0.5,
            appeal=0.02,
        ),
    )
}

#: Relative weight of each 申请人 column (the applicant columns that sum to 总计).
APPLICANT_WEIGHTS: dict[str, float] = {
    "natural": 86.0,
    "commercial": 7.5,
    "research": 0.2,
    "social": 0.5,
    "legal": 3.5,
    "other_org": 2.3,
}

#: Relative weight of each outcome row; rows not listed take DEFAULT_OUTCOME_WEIGHT.
OUTCOME_WEIGHTS: dict[str, float] = {
    "granted": 46.0,
    "partial": 6.0,
    "withheld_state_secret": 0.1,
    "withheld_law": 0.4,
    "withheld_security": 0.3,
    "withheld_third_party": 1.8,
    "withheld_internal": 1.0,
    "withheld_process": 2.2,
    "withheld_enforcement": 0.9,
    "withheld_query": 1.4,
    "unable_not_held": 18.0,
    "unable_create": 3.0,
    "unable_unclear": 2.0,
    "rejected_petition": 4.0,
    "rejected_repeat": 3.0,
    "rejected_publication": 0.3,
    "rejected_excessive": 0.8,
    "rejected_confirm": 1.2,
    "other": 6.0,
    "other_no_correction": 3.0,
    "other_unpaid_fee": 0.05,
    "other_misc": 2.95,
}
DEFAULT_OUTCOME_WEIGHT = 0.5

#: Which row groups a profile's multipliers apply to (group labels from the template).
GROUP_MULTIPLIERS: dict[str, str] = {p.UNABLE: "unable", p.WITHHELD: "withheld"}

#: Results of reviews and suits (part 四 columns except the total).
APPEAL_RESULT_WEIGHTS: dict[str, float] = {
    "upheld": 0.62,
    "corrected": 0.10,
    "other": 0.18,
    "pending": 0.10,
}
#: Cases per administrative review, per part 四 row.
APPEAL_ROW_RATES: dict[str, float] = {"review": 1.0, "suit_direct": 0.12, "suit_after_review": 0.08}

#: Requests in a year relative to 2021 (requests rose to 2022, then eased).
YEAR_FACTORS: dict[int, float] = {
    2019: 0.85,
    2020: 0.9,
    2021: 1.0,
    2022: 1.08,
    2023: 1.02,
    2024: 0.95,
}
#: Volumes of a county-level organ relative to the same type of organ of a prefecture.
LEVEL_FACTORS: dict[str, float] = {
    "国务院部门": 4.0,
    "省级": 2.5,
    "市级": 1.0,
    "县级": 0.18,
    "乡镇街道": 1.0,
}


#: Profiles already sized for their own level (the others are prefecture-sized).
LEVEL_SIZED = ("county_gov", "township")


def organ_factor(level: str, profile: str) -> float:
    """Volume factor of an organ: its level's, unless its profile is sized for its level."""
    return 1.0 if profile in LEVEL_SIZED else LEVEL_FACTORS[level]


def _check_keys() -> None:
    """Every weight names a row or column the templates have."""
    apply_rows: set[str] = set()
    applicants: set[str] = set()
    active_rows: set[str] = set()
    appeal_rows: set[str] = set()
    appeal_cols: set[str] = set()
    for t in (TEMPLATE_2019, TEMPLATE_2021):
        apply_rows |= {r.key for r in t.table("apply").rows}
        applicants |= {c.key for c in t.table("apply").columns}
        active_rows |= {r.key for r in t.table("active").rows}
        appeal_rows |= {r.key for r in t.table("appeal").rows}
        appeal_cols |= {c.key for c in t.table("appeal").columns}
    checks = (
        ("OUTCOME_WEIGHTS", set(OUTCOME_WEIGHTS), apply_rows),
        ("APPLICANT_WEIGHTS", set(APPLICANT_WEIGHTS), applicants),
        ("APPEAL_RESULT_WEIGHTS", set(APPEAL_RESULT_WEIGHTS), appeal_cols),
        ("APPEAL_ROW_RATES", set(APPEAL_ROW_RATES), appeal_rows),
        ("Profile.active", {k for pr in PROFILES.values() for k in pr.active}, active_rows),
    )
    for name, keys, known in checks:
        unknown = keys - known
        if unknown:
            raise KeyError(f"{name} names keys the templates do not have: {sorted(unknown)}")


_check_keys()
