"""Accuracy on real reports only: every hand-checked golden case, apart from fixtures.

A cell is *exact* when the parser stores the printed value, *missing* when it
stores nothing (it must then say why in a finding), *wrong* when it stores another
number, and *extra* when it stores a value the report does not print (also a
wrong number). Run: ``python benchmarks/real_accuracy.py [-v] [FOLDER...]``;
``bench_parse.py`` prints the line for tests/golden/real + tests/golden/samples.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOLDEN = ROOT / "tests" / "golden"
REAL_FOLDERS = (GOLDEN / "real", GOLDEN / "samples", GOLDEN / "samples" / "excerpts")
PENDING_FOLDERS = (GOLDEN / "real_pending",)


@dataclass
class Score:
    """Cell counts over a set of reports, and the files with a fault."""

    files: int = 0
    expected: int = 0
    exact: int = 0
    missing: int = 0
    wrong: int = 0
    extra: int = 0
    refused: int = 0  # files the parser rejected
    meta_wrong: int = 0  # files whose year/agency/published date is wrong (not just absent)
    meta_missing: int = 0  # files whose printed year, agency or issue date was not found
    faults: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        share = self.exact / self.expected if self.expected else 1.0
        return (
            f"{name}: {self.files} files, {self.exact}/{self.expected} cells exact ({share:.2%}); "
            f"missing {self.missing}, wrong {self.wrong}, extra {self.extra}, "
            f"refused files {self.refused}; metadata wrong in {self.meta_wrong}, "
            f"not found in {self.meta_missing}"
        )


def _meta_fault(expected: dict, meta: dict) -> str | None:
    for name in ("year", "agency", "published_on"):
        if name not in expected:
            continue
        got, want = meta.get(name), expected[name]
        if got is not None and want is not None and got != want:
            if name == "agency" and expected.get("truncated") and got in want:
                continue
            return f"{name} {got!r} != {want!r}"
        if got is not None and want is None and name != "agency":
            return f"{name} {got!r} but the text prints none"
    return None


def _meta_absent(expected: dict, meta: dict) -> list[str]:
    """The printed year, agency and issue date the parser did not find."""
    return [
        n for n in ("year", "agency", "published_on") if expected.get(n) and meta.get(n) is None
    ]


def score(folders: tuple[Path, ...], *, verbose: bool = False) -> Score:
    """Parse every ``*.expected.json`` case in ``folders`` and count its cells."""
    from etl.parse import parse_file
    from etl.readers.base import ReadError

    s = Score()
    for folder in folders:
        for exp_path in sorted(folder.glob("*.expected.json")):
            exp = json.loads(exp_path.read_text(encoding="utf-8"))
            want: dict = exp["values"]
            s.files += 1
            s.expected += len(want)
            try:
                report = parse_file(exp_path.parent / exp["file"])
            except ReadError as exc:
                s.refused += 1
                s.missing += len(want)
                s.faults.append(f"{exp_path.name}: refused ({exc})")
                continue
            got = report.read_values()
            exact = [k for k, v in want.items() if k in got and float(got[k]) == float(v)]
            missing = [k for k in want if k not in got]
            wrong = [k for k in want if k in got and float(got[k]) != float(want[k])]
            extra = [k for k in got if k not in want]
            s.exact += len(exact)
            s.missing += len(missing)
            s.wrong += len(wrong)
            s.extra += len(extra)
            meta = _meta_fault(exp, report.meta.to_json())
            s.meta_wrong += meta is not None
            absent = _meta_absent(exp, report.meta.to_json())
            if absent and not (absent == ["agency"] and exp.get("truncated")):
                s.meta_missing += 1
                meta = (meta + "; " if meta else "") + "not found: " + ", ".join(absent)
            if missing or wrong or extra or meta:
                s.faults.append(
                    f"{exp_path.name}: missing {len(missing)}, wrong {len(wrong)}, "
                    f"extra {len(extra)}{'; ' + meta if meta else ''}"
                )
                if verbose:
                    for k in wrong:
                        s.faults.append(f"    wrong {k}: got {got[k]} expected {want[k]}")
                    for k in missing[:12]:
                        s.faults.append(f"    missing {k}")
                    for k in extra[:12]:
                        s.faults.append(f"    extra {k} = {got[k]}")
    return s


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    folders = tuple(Path(a) for a in argv if a != "-v")
    groups = (
        [("folders", folders)]
        if folders
        else [
            ("real reports", REAL_FOLDERS),
            ("pending real reports", PENDING_FOLDERS),
        ]
    )
    for name, group in groups:
        s = score(group, verbose=verbose)
        print(s.line(name))
        for fault in s.faults:
            print("  " + fault)


if __name__ == "__main__":
    main(sys.argv[1:])
