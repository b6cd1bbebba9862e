"""The parse step's store form: what the worker prepares so the writer only appends."""

from __future__ import annotations

import json

from etl.parse import ParseJob, StoreForm, parse_file, parse_job
from etl.provenance import ValueSource
from tests.hostile.make_hostile import report_text


def test_the_store_form_carries_every_value_with_its_locator_as_json(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(report_text("测试市甲局", 2022), encoding="utf-8")
    report = parse_file(path)
    outcome = parse_job(ParseJob(str(path), 1 << 24, 1 << 24, store_form=True))
    form = outcome.stored
    assert isinstance(form, StoreForm) and outcome.report is not None
    assert outcome.report.values == {}  # the values travel once, in the store form
    assert outcome.report.findings == report.findings
    assert [(k, v, d) for k, v, d, _ in form.values] == [
        (v.key, v.value, v.derived) for v in report.values.values()
    ]
    for (key, _, _, text), value in zip(form.values, report.values.values(), strict=True):
        assert ValueSource.from_json(text) == value.locator, key
        assert json.loads(text) == value.locator.to_json()
        assert "\\u" not in text  # Chinese labels stored as written
    assert form.parts_found == ",".join(str(p) for p in sorted(report.parts_found))
    assert 0 < form.completeness <= 1


def test_without_the_flag_the_outcome_holds_the_whole_report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(report_text("测试市乙局", 2022), encoding="utf-8")
    outcome = parse_job(ParseJob(str(path), 1 << 24, 1 << 24))
    assert outcome.stored is None and outcome.report is not None and outcome.report.values
