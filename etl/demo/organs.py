"""A catalogue of organs across China's real divisions, for the scale generator.

Every organ is a real place (province, prefecture, county from the division table
that ``etl.agencies.divisions`` reads) plus an organ patterned on real ones: the
people's government and its departments at each level, township governments and
subdistrict offices. :func:`sample_organs` draws distinct organs with a realistic
mix of levels (most reports come from counties and townships).

Township names are not in the division table; they are built from common real
township names (城关镇, 新华街道...) under each real county.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.agencies.divisions import CITY, COUNTY, PROVINCE, Division, division_index
from etl.demo.region import CITY_DEPARTMENTS, COUNTY_DEPARTMENTS
from etl.template import KINDS, LEVELS

CENTRAL, PROVINCIAL, MUNICIPAL, COUNTY_LEVEL, TOWNSHIP = LEVELS
GOVERNMENT, DEPARTMENT = KINDS

#: Share of organs by level (county and township organs far outnumber the rest).
LEVEL_SHARES: dict[str, float] = {
    CENTRAL: 0.002,
    PROVINCIAL: 0.04,
    MUNICIPAL: 0.2,
    COUNTY_LEVEL: 0.46,
    TOWNSHIP: 0.298,
}

CENTRAL_ORGANS: tuple[tuple[str, str], ...] = (
    ("教育部", "education"),
    ("公安部", "police"),
    ("民政部", "general"),
    ("司法部", "general"),
    ("财政部", "general"),
    ("人力资源和社会保障部", "hrss"),
    ("自然资源部", "natural_resources"),
    ("生态环境部", "environment"),
    ("住房和城乡建设部", "housing"),
    ("交通运输部", "transport"),
    ("水利部", "agriculture"),
    ("农业农村部", "agriculture"),
    ("商务部", "general"),
    ("国家卫生健康委员会", "health"),
    ("应急管理部", "general"),
    ("国家市场监督管理总局", "market"),
    ("国家发展和改革委员会", "general"),
    ("工业和信息化部", "general"),
)
PROVINCIAL_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("人民政府办公厅", "general"),
    ("发展和改革委员会", "general"),
    ("教育厅", "education"),
    ("科学技术厅", "general"),
    ("工业和信息化厅", "general"),
    ("公安厅", "police"),
    ("民政厅", "general"),
    ("司法厅", "general"),
    ("财政厅", "general"),
    ("人力资源和社会保障厅", "hrss"),
    ("自然资源厅", "natural_resources"),
    ("生态环境厅", "environment"),
    ("住房和城乡建设厅", "housing"),
    ("交通运输厅", "transport"),
    ("水利厅", "agriculture"),
    ("农业农村厅", "agriculture"),
    ("商务厅", "general"),
    ("卫生健康委员会", "health"),
    ("审计厅", "general"),
    ("市场监督管理局", "market"),
)
TOWNSHIP_STEMS: tuple[str, ...] = (
    "城关镇",
    "城南街道",
    "城北街道",
    "东关街道",
    "西关街道",
    "新华街道",
    "和平街道",
    "解放街道",
    "向阳街道",
    "红旗镇",
    "太平镇",
    "永安镇",
    "兴隆镇",
    "柳林镇",
    "石桥镇",
    "白庙乡",
    "李庄乡",
    "王庄乡",
    "张庄乡",
    "马庄乡",
    "高庄乡",
    "河西乡",
    "东城街道",
    "西城街道",
    "南城街道",
    "北城街道",
    "新城街道",
    "文化路街道",
    "建设路街道",
    "人民路街道",
    "车站街道",
    "胜利街道",
    "光明街道",
    "前进街道",
    "龙泉镇",
    "金山镇",
    "青山镇",
    "双河镇",
    "新兴镇",
    "长青乡",
)
#: County-level organs: the government, the eight departments of the demo region and
#: the city-department types too (county bureaus mirror the prefecture's).
COUNTY_ORGANS: tuple[tuple[str, str], ...] = tuple(
    dict.fromkeys((("人民政府", "county_gov"), *COUNTY_DEPARTMENTS, *CITY_DEPARTMENTS))
)
#: Where organs go when a level's catalogue runs out (very large N).
OVERFLOW: tuple[str, ...] = (COUNTY_LEVEL, TOWNSHIP)


@dataclass(frozen=True)
class OrganRow:
    """One organ of the catalogue (strings are "" where the spec says empty)."""

    name: str
    province: str
    city: str
    county: str
    level: str
    kind: str
    profile: str
    adcode: str | None


def _places() -> tuple[list[Division], list[Division], list[Division]]:
    idx = division_index()
    divisions = [d for d in idx.by_code.values() if not idx.is_placeholder(d.adcode)]
    has_children = {d.adcode[:2] for d in divisions if d.rank > PROVINCE}
    provinces = [d for d in divisions if d.rank == PROVINCE and d.adcode[:2] in has_children]
    cities = [d for d in divisions if d.rank == CITY]
    counties = [d for d in divisions if d.rank == COUNTY]
    return provinces, cities, counties


def _kind(suffix: str) -> str:
    return GOVERNMENT if suffix in ("人民政府",) or suffix.endswith("人民政府") else DEPARTMENT


def _row_county(d: Division, suffix: str, profile: str, level: str) -> OrganRow:
    idx = division_index()
    province, city = idx.ancestors(d)
    prov = province.name if province else ""
    cty = city.name if city else ""
    # districts are printed with their prefecture (保定市竞秀区), counties stand alone
    prefix = (cty or prov) + d.name if d.name.endswith("区") else d.name
    kind = GOVERNMENT if level == TOWNSHIP or suffix == "人民政府" else DEPARTMENT
    if level == TOWNSHIP:
        office = "办事处" if suffix.endswith("街道") else "人民政府"
        name = f"{prefix}{suffix}{office}"
    else:
        name = f"{prefix}{suffix}"
    return OrganRow(name, prov, cty, d.name, level, kind, profile, d.adcode)


def _pool(level: str) -> list[tuple[Division | None, str, str]]:
    """Every (division, organ suffix, profile) of one level."""
    provinces, cities, counties = _places()
    if level == CENTRAL:
        return [(None, name, prof) for name, prof in CENTRAL_ORGANS]
    if level == PROVINCIAL:
        # 北京市 and the other municipalities have 局/委 like a prefecture, provinces 厅
        return [
            (d, s, p)
            for d in provinces
            for s, p in (
                ("人民政府", "city_gov"),
                *(CITY_DEPARTMENTS if d.name.endswith("市") else PROVINCIAL_DEPARTMENTS),
            )
        ]
    if level == MUNICIPAL:
        return [(d, s, p) for d in cities for s, p in (("人民政府", "city_gov"), *CITY_DEPARTMENTS)]
    if level == COUNTY_LEVEL:
        return [(d, s, p) for d in counties for s, p in COUNTY_ORGANS]
    return [(d, s, "township") for d in counties for s in TOWNSHIP_STEMS]


def _organ_row(level: str, d: Division | None, suffix: str, profile: str) -> OrganRow:
    if d is None:
        return OrganRow(suffix, "", "", "", CENTRAL, DEPARTMENT, profile, None)
    if level in (PROVINCIAL, MUNICIPAL):
        province, _ = division_index().ancestors(d)
        prov = d.name if d.rank == PROVINCE else (province.name if province else "")
        city = d.name if d.rank == CITY else ""
        return OrganRow(
            f"{d.name}{suffix}", prov, city, "", level, _kind(suffix), profile, d.adcode
        )
    return _row_county(d, suffix, profile, level)


def sample_organs(n: int, rng: np.random.Generator) -> list[OrganRow]:
    """``n`` distinct organs in random order, levels mixed realistically.

    A level whose catalogue runs out (prefectures at a few hundred thousand organs)
    passes the rest to the county and township levels; raises ValueError beyond the
    whole catalogue (about 220,000 organs, 1.3 million reports).
    """
    levels = list(LEVEL_SHARES)
    pools = {level: _pool(level) for level in levels}
    wanted = dict(zip(levels, rng.multinomial(n, [LEVEL_SHARES[x] for x in levels]), strict=True))
    for level in levels:
        excess = max(0, int(wanted[level]) - len(pools[level]))
        wanted[level] -= excess
        for spill in OVERFLOW:
            room = len(pools[spill]) - wanted[spill]
            moved = min(room, excess)
            wanted[spill] += moved
            excess -= moved
        if excess:
            raise ValueError(f"the organ catalogue has fewer than {n} organs")
    out: list[OrganRow] = []
    for level in levels:
        pool = pools[level]
        for i in sorted(rng.choice(len(pool), size=int(wanted[level]), replace=False)):
            out.append(_organ_row(level, *pool[i]))
    return [out[i] for i in rng.permutation(len(out))]
