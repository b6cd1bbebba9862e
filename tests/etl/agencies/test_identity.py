"""normalize_agency_name, agency_key and RenameMap."""

from __future__ import annotations

import re

import pytest

from etl.agencies.identity import RenameMap, normalize_agency_name
from etl.agencies.keys import agency_id_for
from etl.agencies.places import resolve_place

BAODING = "保定市行政审批局"


@pytest.mark.parametrize(
    "variant",
    [
        "保定市行政审批局",
        " 保定市行政审批局 ",
        "保定市 行政审批局",
        "保定市\u3000行政审批局",
        "保定市\t行政\n审批局",
        "保定市行政審批局",
        "保定市行政审批局\u200b",
        "保定市行政审批局2024年政府信息公开工作年度报告",
        "保定市行政审批局2024年度政府信息公开工作年度报告",
        "保定市行政审批局2024年度政府信息公开工作报告",
        "保定市行政审批局关于2024年政府信息公开工作的报告",
        "保定市行政审批局政府信息公开工作年度报告",
        "保定市行政审批局（2024年）政府信息公开工作年度报告",
        "2024年保定市行政审批局政府信息公开工作年度报告",
        "保定市行政审批局-政府信息公开年报",
    ],
)
def test_variants_normalise_to_one_name(variant):
    assert normalize_agency_name(variant) == BAODING


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "保定市行政审批局(保定市政务服务管理办公室)",
            "保定市行政审批局（保定市政务服务管理办公室）",
        ),
        (
            "保定市行政审批局（保定市政务服务管理办公室）",
            "保定市行政审批局（保定市政务服务管理办公室）",
        ),
        ("淮安市洪泽区人民政府［本级］", "淮安市洪泽区人民政府【本级】"),
        ("淮安市洪泽区人民政府[本级]", "淮安市洪泽区人民政府【本级】"),
        ("撫遠市自然資源局", "抚远市自然资源局"),
        ("國家稅務總局", "国家税务总局"),
        ("第１中学", "第1中学"),  # full-width digits become ASCII
        ("ＸＸ县人民政府", "XX县人民政府"),
    ],
)
def test_normalise_forms(raw, expected):
    assert normalize_agency_name(raw) == expected


def test_normalise_keeps_the_organ():
    # the organ's own words are never stripped, only a trailing report title
    assert normalize_agency_name("国家统计局") == "国家统计局"
    assert normalize_agency_name("保定市政务服务管理办公室") == "保定市政务服务管理办公室"
    assert normalize_agency_name("河北省人民政府办公厅") == "河北省人民政府办公厅"


def test_normalise_is_idempotent():
    for name in ("保定市 行政審批局(本級)2024年政府信息公开工作年度报告", "大竹县川主乡人民政府"):
        once = normalize_agency_name(name)
        assert normalize_agency_name(once) == once


# ---- agency_key --------------------------------------------------------------------------


def test_key_format_and_stability():
    key = agency_id_for(BAODING, resolve_place(BAODING))
    assert re.fullmatch(r"\d{6}-[0-9a-f]{12}", key)
    assert key.startswith("130600-")
    assert agency_id_for(BAODING, resolve_place(BAODING)) == key


def test_key_is_pinned():
    # the documented formula; a changed key would orphan every stored report of this organ
    import hashlib

    digest = hashlib.sha256(BAODING.encode("utf-8")).hexdigest()[:12]
    assert agency_id_for(BAODING, resolve_place(BAODING)) == f"130600-{digest}"


@pytest.mark.parametrize(
    "variant",
    ["保定市 行政审批局", "保定市行政審批局", "保定市行政审批局2024年政府信息公开工作年度报告"],
)
def test_variants_share_a_key(variant):
    assert agency_id_for(variant, resolve_place(variant)) == agency_id_for(
        BAODING, resolve_place(BAODING)
    )


def test_brackets_share_a_key():
    a = "保定市行政审批局(保定市政务服务管理办公室)"
    b = "保定市行政审批局（保定市政务服务管理办公室）"
    assert agency_id_for(a, resolve_place(a)) == agency_id_for(b, resolve_place(b))


def test_different_organs_differ():
    a = agency_id_for("保定市行政审批局", resolve_place("保定市行政审批局"))
    b = agency_id_for("保定市教育局", resolve_place("保定市教育局"))
    assert a != b


def test_same_generic_name_in_two_places_differs():
    hebei = resolve_place("教育局", ("河北省保定市",))
    sichuan = resolve_place("教育局", ("四川省达州市",))
    assert agency_id_for("教育局", hebei) != agency_id_for("教育局", sichuan)
    assert agency_id_for("教育局", hebei).startswith("130600-")


def test_central_and_unplaced_prefixes():
    assert agency_id_for("教育部", resolve_place("教育部")).startswith("central-")
    assert agency_id_for("教育局", resolve_place("教育局")).startswith("000000-")


def test_place_is_resolved_when_not_given():
    assert agency_id_for(BAODING) == agency_id_for(BAODING, resolve_place(BAODING))


# ---- renames -----------------------------------------------------------------------------


def test_rename_keeps_one_key():
    renames = RenameMap.from_pairs({"洪泽县人民政府": "淮安市洪泽区人民政府"})
    old = agency_id_for("洪泽县人民政府", resolve_place("洪泽县人民政府"), renames)
    new = agency_id_for("淮安市洪泽区人民政府", resolve_place("淮安市洪泽区人民政府"), renames)
    assert old == new
    assert old.startswith("320813-")
    # without the mapping they are two organs
    assert agency_id_for("洪泽县人民政府", resolve_place("洪泽县人民政府")) != new


def test_rename_across_prefectures_takes_the_new_place():
    # 莱芜市 was merged into 济南市 in 2019
    renames = {"莱芜市钢城区人民政府": "济南市钢城区人民政府"}
    old_place = resolve_place("莱芜市钢城区人民政府")
    new_place = resolve_place("济南市钢城区人民政府")
    assert old_place.city == "莱芜市"
    assert new_place.city == "济南市"
    assert agency_id_for("莱芜市钢城区人民政府", old_place, renames) == agency_id_for(
        "济南市钢城区人民政府", new_place, renames
    )


def test_rename_matching_ignores_spelling():
    renames = RenameMap.from_pairs([("保定市 行政審批局", "保定市政务服务管理局")])
    assert renames.canonical("保定市行政审批局") == "保定市政务服务管理局"
    assert renames.canonical("保定市教育局") == "保定市教育局"


def test_rename_chains_resolve_to_the_last_name():
    renames = RenameMap.from_pairs(
        [("甲县人民政府", "乙县人民政府"), ("乙县人民政府", "丙区人民政府")]
    )
    assert renames.canonical("甲县人民政府") == "丙区人民政府"


def test_rename_cycle_is_rejected():
    with pytest.raises(ValueError, match="cycle"):
        RenameMap.from_pairs([("甲局", "乙局"), ("乙局", "甲局")])


def test_conflicting_renames_are_rejected():
    with pytest.raises(ValueError, match="renamed twice"):
        RenameMap.from_pairs([("甲局", "乙局"), ("甲局", "丙局")])


def test_rename_csv_utf8_and_gbk(tmp_path):
    text = "old,new\n洪泽县人民政府,淮安市洪泽区人民政府\n"
    for encoding in ("utf-8-sig", "gbk"):
        path = tmp_path / f"renames-{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        renames = RenameMap.from_csv(path)
        assert renames.canonical("洪泽县人民政府") == "淮安市洪泽区人民政府"


def test_rename_csv_needs_its_columns(tmp_path):
    path = tmp_path / "renames.csv"
    path.write_text("from,to\n甲局,乙局\n", encoding="utf-8")
    with pytest.raises(ValueError, match="old and new"):
        RenameMap.from_csv(path)


def test_rename_map_is_frozen_data():
    renames = RenameMap.from_pairs({"甲局": "乙局"})
    assert renames.pairs == (("甲局", "乙局"),)
    assert renames == RenameMap.from_pairs([("甲局", "乙局")])
    with pytest.raises(AttributeError):
        renames.pairs = ()  # type: ignore[misc]
