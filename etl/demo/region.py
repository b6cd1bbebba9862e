"""The simulated region: 河北省保定市, its government, departments, counties and townships.

All places and organ names are real or patterned on real organs of 保定市 (the city
where the project's real seed report, 保定市行政审批局 2024, comes from): the
municipal government and 32 departments (one renamed in 2022), six of its districts / counties / county-level
cities with their governments and eight departments each (in districts the police and
natural-resources offices are 分局 of the city bureau, as in reality), and 20 real
townships and subdistricts of those six. About 105 organs, reports for 2019–2024.

Two real-world irregularities are part of the region itself:

- 保定市扶贫开发办公室 is renamed 保定市乡村振兴局 from the 2022 report on (the poverty
  alleviation offices were turned into rural-revitalisation bureaus in 2021–22); it is the
  same organ, so its carry-over chain runs through the rename.
- Some organs did not publish every year (townships that only started in 2021, a report
  missing from a county bureau); and 保定市行政审批局 is simulated for 2019–2023 only,
  because its 2024 report is the real one shipped in ``data/reports``.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.demo.profiles import organ_factor

PROVINCE = "河北省"
CITY = "保定市"
YEARS: tuple[int, ...] = (2019, 2020, 2021, 2022, 2023, 2024)
SEED_AGENCY = "保定市行政审批局"  # its real 2024 report is shipped in data/reports
SEED_YEAR = 2024


@dataclass(frozen=True)
class Organ:
    """One organ of the region; ``names`` lists (first year, name) for renames."""

    id: str
    names: tuple[tuple[int, str], ...]
    level: str  # 市级 | 县级 | 乡镇街道
    kind: str  # 人民政府 | 部门
    county: str  # "" for city-level organs
    profile: str  # key of etl.demo.profiles.PROFILES
    factor: float = 1.0  # volumes relative to the profile (county departments ≈ 0.18)
    years: tuple[int, ...] = YEARS

    def name_in(self, year: int) -> str:
        """The organ's name as printed on its report of ``year``."""
        current = self.names[0][1]
        for first, name in self.names:
            if year >= first:
                current = name
        return current

    @property
    def province(self) -> str:
        """Always 河北省."""
        return PROVINCE

    @property
    def city(self) -> str:
        """Always 保定市."""
        return CITY


#: City departments: (name after 保定市, profile).
CITY_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("人民政府办公室", "general"),
    ("发展和改革委员会", "general"),
    ("教育局", "education"),
    ("科学技术局", "general"),
    ("工业和信息化局", "general"),
    ("公安局", "police"),
    ("民政局", "general"),
    ("司法局", "general"),
    ("财政局", "general"),
    ("人力资源和社会保障局", "hrss"),
    ("自然资源和规划局", "natural_resources"),
    ("生态环境局", "environment"),
    ("住房和城乡建设局", "housing"),
    ("城市管理综合行政执法局", "enforcement"),
    ("交通运输局", "transport"),
    ("水利局", "agriculture"),
    ("农业农村局", "agriculture"),
    ("商务局", "general"),
    ("文化广电和旅游局", "general"),
    ("卫生健康委员会", "health"),
    ("退役军人事务局", "general"),
    ("应急管理局", "general"),
    ("审计局", "general"),
    ("市场监督管理局", "market"),
    ("统计局", "general"),
    ("医疗保障局", "general"),
    ("体育局", "general"),
    ("行政审批局", "approval"),
    ("人民防空办公室", "general"),
    ("地方金融监督管理局", "general"),
    ("住房公积金管理中心", "general"),
)
#: The organ renamed from the 2022 report on: (old name, new name, first year of the new).
RENAMED = ("扶贫开发办公室", "乡村振兴局", 2022)

#: Six real districts / counties / county-level cities of 保定市 and four of their
#: townships or subdistricts at most (20 in all).
COUNTIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("竞秀区", ("先锋街道", "东风街道", "颉庄乡")),
    ("莲池区", ("和平里街道", "五四路街道", "西关街道", "南关街道")),
    ("清苑区", ("清苑镇", "冉庄镇", "阳城镇")),
    ("涿州市", ("双塔街道", "桃园街道", "清凉寺街道", "松林店镇")),
    ("定兴县", ("定兴镇", "固城镇", "天宫寺镇")),
    ("阜平县", ("阜平镇", "龙泉关镇", "城南庄镇")),
)
#: County departments: (name after the county, profile).
COUNTY_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("教育局", "education"),
    ("公安局", "police"),
    ("民政局", "general"),
    ("人力资源和社会保障局", "hrss"),
    ("自然资源和规划局", "natural_resources"),
    ("住房和城乡建设局", "housing"),
    ("卫生健康局", "health"),
    ("市场监督管理局", "market"),
)
#: In a district these are branches of the city bureau (保定市公安局竞秀区分局).
DISTRICT_BRANCHES = ("公安局", "自然资源和规划局")
COUNTY_FACTOR = organ_factor("县级", "general")

#: Agency-years without a report: townships that began publishing in 2021, a report
#: missing from a county bureau, a city office that skipped 2020.
MISSING: dict[str, tuple[int, ...]] = {
    "颉庄乡": (2019, 2020),
    "龙泉关镇": (2019, 2020),
    "松林店镇": (2019,),
    "定兴县民政局": (2022,),
    "保定市统计局": (2020,),
}


def _county_seat_name(county: str) -> str:
    """The printed prefix of a county-level organ: districts carry the city's name."""
    return f"{CITY}{county}" if county.endswith("区") else county


def _department_name(county: str, dept: str) -> str:
    if county.endswith("区") and dept in DISTRICT_BRANCHES:
        return f"{CITY}{dept}{county}分局"
    return f"{_county_seat_name(county)}{dept}"


def _township_name(county: str, town: str) -> str:
    suffix = "办事处" if town.endswith("街道") else "人民政府"
    return f"{_county_seat_name(county)}{town}{suffix}"


def _years(name: str, short: str = "") -> tuple[int, ...]:
    skip = MISSING.get(name, ()) + MISSING.get(short, ())
    return tuple(y for y in YEARS if y not in skip)


def build_region() -> list[Organ]:
    """Every organ of the region, city first, in a fixed order (ids are stable)."""
    organs = [
        Organ("city-gov", ((YEARS[0], f"{CITY}人民政府"),), "市级", "人民政府", "", "city_gov")
    ]
    for i, (dept, profile) in enumerate(CITY_DEPARTMENTS):
        name = f"{CITY}{dept}"
        years = _years(name)
        if name == SEED_AGENCY:
            years = tuple(y for y in years if y != SEED_YEAR)
        organs.append(
            Organ(f"city-{i:02d}", ((YEARS[0], name),), "市级", "部门", "", profile, years=years)
        )
    old, new, first = RENAMED
    organs.append(
        Organ(
            "city-renamed",
            ((YEARS[0], f"{CITY}{old}"), (first, f"{CITY}{new}")),
            "市级",
            "部门",
            "",
            "general",
        )
    )
    for c, (county, towns) in enumerate(COUNTIES):
        seat = _county_seat_name(county)
        organs.append(
            Organ(
                f"county-{c}",
                ((YEARS[0], f"{seat}人民政府"),),
                "县级",
                "人民政府",
                county,
                "county_gov",
            )
        )
        for d, (dept, profile) in enumerate(COUNTY_DEPARTMENTS):
            name = _department_name(county, dept)
            organs.append(
                Organ(
                    f"county-{c}-{d}",
                    ((YEARS[0], name),),
                    "县级",
                    "部门",
                    county,
                    profile,
                    COUNTY_FACTOR,
                    _years(name, f"{county}{dept}"),
                )
            )
        for t, town in enumerate(towns):
            name = _township_name(county, town)
            organs.append(
                Organ(
                    f"town-{c}-{t}",
                    ((YEARS[0], name),),
                    "乡镇街道",
                    "人民政府",
                    county,
                    "township",
                    years=_years(name, town),
                )
            )
    return organs
