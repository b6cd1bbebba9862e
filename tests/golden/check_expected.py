"""Check hand-written golden expectations against the template's arithmetic.

Run: ``python -m tests.golden.check_expected [FILE.expected.json ...]`` (default: every case
in tests/golden/real and tests/golden/samples). For each case it prints the sums its
values break where every cell of the sum is present: a row's total (rule 1), a column's
outcomes (rule 3), new + carried-in = total + carried-out (rule 2), part 四's totals
(rule 4). A break is either a typing slip in the expected file, or the report breaking
its own sums — then the case's notes must say so. The sums come from the template
(:mod:`etl.checks` rules), not from the parser.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from etl.matcher.ocrtrust import sum_equations
from etl.template import derived_keys, get_template

GOLDEN = Path(__file__).parent


def breaks(expected: dict) -> list[str]:
    """The template sums the expected values break (only sums whose cells are all given)."""
    template = get_template(expected["template"])
    values = {k: float(v) for k, v in expected["values"].items()}
    for key, sources in derived_keys(template).items():
        if key not in values and all(s in values for s in sources):
            values[key] = sum(values[s] for s in sources)
    out = []
    for lhs, rhs in sum_equations(template):
        if all(k in values for k in lhs + rhs):
            left, right = sum(values[k] for k in lhs), sum(values[k] for k in rhs)
            if left != right:
                out.append(f"{' + '.join(lhs)} = {left:g} but {' + '.join(rhs)} = {right:g}")
    return out


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(
        [*GOLDEN.glob("real/*.expected.json"), *GOLDEN.glob("samples/*.expected.json")]
    )
    bad = 0
    for path in paths:
        found = breaks(json.loads(path.read_text(encoding="utf-8")))
        if found:
            bad += 1
            print(f"{path.name}: {len(found)} sum(s) broken")
            for line in found[:6]:
                print("   ", line)
    print(f"{len(paths)} cases, {bad} with broken sums (a slip, or a report breaking its own)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
