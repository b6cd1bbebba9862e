"""Mutate real and rendered reports of every format and read each mutant in the real worker.

Seeds are the project's own renderings (text layouts, HTML, DOCX, PDF from
``etl.synthetic``), the real samples in ``tests/golden/samples`` and, when
LibreOffice is installed, an RTF and a DOC converted from the DOCX seed. Each
mutant (byte flips, truncation, hostile runs of blanks/digits/markup, duplicated
or deleted stretches, absurd numbers; DOCX mutants also inside the XML) is read
by ``etl.worker.ReaderProcess`` with a per-file timeout. A mutant fails when the
reader crashes or raises an unexpected error (a traceback-class failure), hangs
past the timeout, yields a non-finite number, or peaks above the RSS limit.

``python -m tests.fuzz.fuzz --count 500 --seed 1 [--keep DIR]`` (``make fuzz``)
prints a summary and exits 1 on any failure; ``tests/fuzz/test_fuzz.py`` runs a
small fixed-seed count in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from etl.worker import ParseJob, ReaderProcess, cpu_seconds

SAMPLES = Path(__file__).resolve().parents[1] / "golden" / "samples"
RSS_LIMIT_MB = 500
HOSTILE_RUNS = (" ", "\t", "\u3000", "9", "|", "\n", "-", "（", "<td>", "规章", "0 ", "\r")


@dataclass(frozen=True)
class Seed:
    """One well-formed file to mutate."""

    name: str
    suffix: str
    data: bytes


@dataclass
class Result:
    """What reading one mutant did."""

    name: str
    kind: str  # loaded | the rejection kind
    seconds: float
    rss_mb: float
    problem: str | None = None
    cpu: float = 0.0  # processor seconds of the worker (what the timeout counts)


@dataclass
class Summary:
    """All results of a run, and the failing ones."""

    results: list[Result] = field(default_factory=list)

    @property
    def failures(self) -> list[Result]:
        """Results with a crash, hang, non-finite value or too much memory."""
        return [r for r in self.results if r.problem]

    def line(self) -> str:
        """One line of counts for the console."""
        kinds: dict[str, int] = {}
        for r in self.results:
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
        peak = max((r.rss_mb for r in self.results), default=0.0)
        slow = max((r.seconds for r in self.results), default=0.0)
        cpu = max((r.cpu for r in self.results), default=0.0)
        return (
            f"{len(self.results)} mutants: {len(self.failures)} failures; outcomes {kinds}; "
            f"peak RSS {peak:.0f} MB; slowest {slow:.1f} s ({cpu:.1f} s of processor time at most)"
        )


def rendered_seeds() -> list[Seed]:
    """One rendering of a random report per format the renderers write."""
    from tests.fixtures.corpus import cases

    out: list[Seed] = []
    seen: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases(range(1)):
            if case.fmt in seen:
                continue
            seen.add(case.fmt)
            path = case.render(Path(tmp))
            out.append(Seed(f"render-{case.fmt}", path.suffix, path.read_bytes()))
    return out


def sample_seeds(excerpts: int = 3) -> list[Seed]:
    """The real samples shipped with the tests: every whole report and a few excerpts."""
    kinds = {".txt", ".pdf", ".html", ".docx"}
    files = sorted(p for p in SAMPLES.glob("*") if p.suffix in kinds)
    files += sorted(p for p in SAMPLES.glob("excerpts/*") if p.suffix in kinds)[:excerpts]
    return [Seed(f"sample-{p.stem}", p.suffix, p.read_bytes()) for p in files]


def office_seeds(docx: Seed | None, formats: tuple[str, ...] = ("rtf", "doc")) -> list[Seed]:
    """RTF and DOC converted from the DOCX seed with LibreOffice, when it is installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if docx is None or soffice is None:
        return []
    out: list[Seed] = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "seed.docx"
        src.write_bytes(docx.data)
        for target in formats:
            try:
                subprocess.run(
                    [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                     "--convert-to", target, "--outdir", tmp, str(src)],
                    capture_output=True, timeout=120, check=False,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                continue
            made = Path(tmp) / f"seed.{target}"
            if made.exists():
                out.append(Seed(f"office-{target}", f".{target}", made.read_bytes()))
    return out


def all_seeds(office: tuple[str, ...] = ("rtf", "doc")) -> list[Seed]:
    """Rendered seeds, real samples and the LibreOffice formats asked for (when installed)."""
    seeds = rendered_seeds() + sample_seeds()
    if office:
        seeds += office_seeds(next((s for s in seeds if s.suffix == ".docx"), None), office)
    return seeds


# -- mutators ---------------------------------------------------------------------------------
def _flip(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def _insert_run(rng: random.Random, data: bytes) -> bytes:
    run = rng.choice(HOSTILE_RUNS) * rng.choice((500, 5_000, 50_000))
    at = rng.randrange(len(data) + 1)
    return data[:at] + run.encode("utf-8") + data[at:]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return data * 2
    a = rng.randrange(len(data) - 1)
    b = min(len(data), a + rng.randint(1, 400))
    return data[:b] + data[a:b] * rng.choice((2, 50, 2_000)) + data[b:]


def _delete(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return data
    a = rng.randrange(len(data) - 1)
    return data[:a] + data[a + rng.randint(1, max(1, len(data) // 10)) :]


def _absurd_number(rng: random.Random, data: bytes) -> bytes:
    digits = [i for i in range(len(data)) if 48 <= data[i] <= 57]
    if not digits:
        return _insert_run(rng, data)
    at = rng.choice(digits)
    return data[:at] + b"9" * rng.choice((11, 400, 5_000)) + data[at + 1 :]


TEXT_MUTATORS = (_flip, _truncate, _insert_run, _duplicate, _delete, _absurd_number)
XML_EDITS = (
    (b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="999999"/>'),
    (b"<w:tcPr>", b'<w:tcPr><w:vMerge w:val="continue"/>'),
    (b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="1000"/></w:trPr>'),
)


def _mutate_docx(rng: random.Random, data: bytes) -> bytes:
    """Mutate the document part inside the package (the zip stays valid) or the raw bytes."""
    if rng.random() < 0.3:
        return rng.choice(TEXT_MUTATORS)(rng, data)
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename == "word/document.xml":
                    if rng.random() < 0.4:
                        old, new = rng.choice(XML_EDITS)
                        body = body.replace(old, new, rng.randint(1, 200))
                    else:
                        body = rng.choice(TEXT_MUTATORS[2:])(rng, body)
                zf.writestr(item, body)
        return out.getvalue()
    except Exception:  # an earlier raw mutation broke the zip (bad header, zlib error ...)
        return _flip(rng, data)


def mutate(rng: random.Random, seed: Seed) -> bytes:
    """One mutant of a seed; one to three mutations stacked."""
    data = seed.data
    for _ in range(rng.randint(1, 3)):
        if seed.suffix == ".docx":
            data = _mutate_docx(rng, data)
        else:
            data = rng.choice(TEXT_MUTATORS)(rng, data)
    return data


# -- running ----------------------------------------------------------------------------------
def _rss_mb(pid: int) -> float:
    """Peak resident memory of a process since its last reset (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_rss(pid: int) -> None:
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS


def _problem(outcome, rss: float, timeout: float) -> str | None:
    if outcome.kind in {"crash", "reader_error"}:
        return f"{outcome.kind}: {outcome.reason}"
    if outcome.kind == "timeout":
        return f"hang over {timeout:g} s"
    if "Traceback" in (outcome.reason or "") or "\n" in (outcome.reason or ""):
        return f"raw reason: {outcome.reason!r}"
    if rss > RSS_LIMIT_MB:
        return f"peak RSS {rss:.0f} MB"
    report = outcome.report
    if report is not None:
        bad = [k for k, v in report.values.items() if not math.isfinite(v.value)]
        bad += [
            f.rule
            for f in report.findings
            for x in (f.expected, f.found)
            if x is not None and not math.isfinite(x)
        ]
        if bad:
            return f"non-finite values: {bad[:5]}"
    return None


def run(
    count: int,
    seed: int,
    *,
    timeout: float = 30.0,
    office: tuple[str, ...] = ("rtf", "doc"),
    keep: Path | None = None,
    seeds: list[Seed] | None = None,
    log=None,
) -> Summary:
    """Read ``count`` mutants (seeds taken in turn) and return what each did."""
    rng = random.Random(seed)
    seeds = seeds if seeds is not None else all_seeds(office)
    summary = Summary()
    with tempfile.TemporaryDirectory() as tmp, ReaderProcess(timeout, memory_mb=3072) as reader:
        for i in range(count):
            base = seeds[i % len(seeds)]
            name = f"m{i:04}-{base.name}{base.suffix}"
            path = Path(tmp) / name
            path.write_bytes(mutate(rng, base))
            if reader._proc is None:
                reader._restart()
            _reset_rss(reader._proc.pid)
            pid, cpu = reader._proc.pid, cpu_seconds(reader._proc.pid) or 0.0
            outcome = reader.run(ParseJob(str(path), 200 << 20, 512 << 20))
            rss = _rss_mb(reader._proc.pid) if outcome.kind not in {"timeout", "crash"} else 0.0
            cpu = (cpu_seconds(pid) or cpu) - cpu if reader._proc.pid == pid else 0.0
            result = Result(
                name,
                "loaded" if outcome.report is not None else str(outcome.kind),
                outcome.seconds,
                rss,
                _problem(outcome, rss, timeout),
                cpu,
            )
            summary.results.append(result)
            if result.problem and keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, keep / name)
            if log is not None and result.problem:
                print(f"FAIL {name}: {result.problem}", file=log, flush=True)
            path.unlink()
    return summary


def main(argv: list[str] | None = None) -> int:
    """Console entry: run, print the summary, exit 1 on any failure."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=30.0, help="per-file timeout in seconds")
    p.add_argument("--no-office", action="store_true", help="skip RTF/DOC seeds")
    p.add_argument("--keep", type=Path, help="copy failing mutants into this folder")
    args = p.parse_args(argv)
    start = time.perf_counter()
    summary = run(
        args.count,
        args.seed,
        timeout=args.timeout,
        office=() if args.no_office else ("rtf", "doc"),
        keep=args.keep,
        log=sys.stdout,
    )
    print(summary.line() + f"; {time.perf_counter() - start:.0f} s in all")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
