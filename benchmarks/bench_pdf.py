"""Benchmark the PDF reader: pages/s, reports/s, ratio to pdfplumber's extract_text, peak RSS.

Usage (from the repository root)::

    /work/venv/bin/python benchmarks/bench_pdf.py [--repeat 5] [--pages 50]

Documents timed: the real Hongze report (5 pages, WPS, embedded fonts) and a
50-page PDF made of its pages repeated (the real sample kept in tests/golden/samples); and
a report-like PDF of about ``--pages`` pages generated with reportlab (ruled
tables with merged cells and vertical header text, wrapped paragraphs, tables
cut across pages). The generated PDF uses reportlab's unembedded STSong-Light,
so PDFium must substitute a system font for it, which makes every page several
times slower to load than a PDF with embedded fonts. Times are the best of
``--repeat`` runs. Peak RSS is measured in a fresh subprocess per reader.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "golden" / "samples" / "hongze-2024.pdf"
FONT = "STSong-Light"
PROSE = (
    "本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实政务公开工作的各项决策部署，"
    "围绕中心工作，以完善信息公开制度、推进公开平台建设为抓手，全面推动政务公开工作转职能、增效能、"
    "强功能，2024 年主动发布各类政府信息 2428 条，公开常务会议 7 期，解读信息发布 7 条。"
)


def make_report_pdf(path: Path, pages: int) -> int:
    """Write a report-like PDF of at least ``pages`` pages; return its page count."""
    import pypdfium2 as pdfium
    from reportlab import platypus
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = ParagraphStyle("p", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK")
    head = ParagraphStyle("h", parent=style, fontSize=14, leading=24)

    def table(data, spans=()):
        t = platypus.Table(data, repeatRows=0)
        t.setStyle(
            platypus.TableStyle(
                [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 8)]
                + [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
                + [("SPAN", a, b) for a, b in spans]
            )
        )
        return t

    def one_report() -> list:
        p = platypus.Paragraph
        rows = [[f"（{i}）办理结果第{i}项", "", str(i), *"00000", str(i)] for i in range(1, 24)]
        subtypes = ["商业\n企业", "科研\n机构", "社会\n公益\n组织", "法律\n服务\n机构", "其他"]
        header = [
            ["（本列数据的勾稽关系）", "", "申请人情况", "", "", "", "", "", ""],
            ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
            ["", "", "", *subtypes, ""],
        ]
        spans = [((0, 0), (1, 2)), ((2, 0), (8, 0)), ((2, 1), (2, 2)), ((3, 1), (7, 1))]
        spans += [((8, 1), (8, 2))] + [((0, r), (1, r)) for r in range(3, 26)]
        vertical = [
            "结\n果\n维\n持",
            "结\n果\n纠\n正",
            "其\n他\n结\n果",
            "尚\n未\n审\n结",
            "总\n计",
        ]
        appeal = [
            ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
            [*vertical, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
            [str(i % 3) for i in range(15)],
        ]
        active = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", *"000"]]
        return [
            p("2024 年政府信息公开工作年度报告", head),
            p("一、总体情况", head),
            *[p(PROSE * 3, style) for _ in range(5)],
            p("二、主动公开政府信息情况", head),
            table(active),
            p("三、收到和处理政府信息公开申请情况", head),
            table([*header, *rows], spans),
            p("四、政府信息公开行政复议、行政诉讼情况", head),
            table(
                appeal, [((0, 0), (4, 0)), ((5, 0), (14, 0)), ((5, 1), (9, 1)), ((10, 1), (14, 1))]
            ),
            p("五、存在的主要问题及改进情况", head),
            *[p(PROSE * 2, style) for _ in range(3)],
            platypus.PageBreak(),
        ]

    def build(copies: int) -> int:
        platypus.SimpleDocTemplate(str(path), pagesize=A4).build(
            [flowable for _ in range(copies) for flowable in one_report()]
        )
        with pdfium.PdfDocument(path) as pdf:
            return len(pdf)

    return build(-(-pages // build(1)))


def repeat_pages(source: Path, path: Path, pages: int) -> None:
    """Write a PDF of ``pages`` pages made of ``source``'s pages repeated."""
    import pypdfium2 as pdfium

    with pdfium.PdfDocument(source) as src:
        out = pdfium.PdfDocument.new()
        while len(out) < pages:
            out.import_pages(src, list(range(min(len(src), pages - len(out)))))
        out.save(path)
        out.close()


def time_it(fn, repeat: int) -> float:
    """Best wall time of ``fn()`` over ``repeat`` runs, after one warm-up."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def plumber_extract_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def peak_rss_mb(mode: str, path: Path) -> float:
    """Peak RSS (MB) of a fresh interpreter that imports the reader and runs ``mode``."""
    out = subprocess.run(
        [sys.executable, __file__, "--rss-child", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return float(out.stdout.strip())


def rss_child(mode: str, path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from etl.readers.pdf import read_pdf

    if mode == "read_pdf":
        read_pdf(path)
    elif mode == "extract_text":
        plumber_extract_text(path)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forked parent across exec.
    status = Path("/proc/self/status").read_text()
    hwm_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    print(hwm_kb / 1024)


def bench(path: Path, label: str, repeat: int) -> None:
    sys.path.insert(0, str(ROOT))
    import pypdfium2 as pdfium

    from etl.readers.pdf import read_pdf

    with pdfium.PdfDocument(path) as pdf:
        pages = len(pdf)
    ours = time_it(lambda: read_pdf(path), repeat)
    theirs = time_it(lambda: plumber_extract_text(path), max(1, repeat // 3))
    print(f"{label}: {pages} pages")
    print(
        f"  read_pdf            {ours * 1000:8.1f} ms   {pages / ours:7.1f} pages/s"
        f"   {pages / ours / 5:6.1f} reports/s (5-page reports)"
    )
    print(f"  pdfplumber text     {theirs * 1000:8.1f} ms   {pages / theirs:7.1f} pages/s")
    print(f"  ratio read_pdf / extract_text = {ours / theirs:.2f} (target <= 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--rss-child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child[0], Path(args.rss_child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "generated.pdf"
        make_report_pdf(generated, args.pages)
        docs = [(generated, "reportlab-generated report (unembedded CJK font)")]
        if SAMPLE.exists():
            repeated = Path(tmp) / "hongze-x10.pdf"
            repeat_pages(SAMPLE.resolve(), repeated, args.pages)
            docs[:0] = [
                (SAMPLE.resolve(), "hongze-2024.pdf (real, WPS, embedded fonts)"),
                (repeated, "hongze pages repeated"),
            ]
        for path, label in docs:
            bench(path, label, args.repeat)
        base = peak_rss_mb("import", generated)
        for path, label in docs[-2:]:
            ours = peak_rss_mb("read_pdf", path)
            theirs = peak_rss_mb("extract_text", path)
            print(
                f"peak RSS, {label}: read_pdf {ours:.0f} MB, pdfplumber extract_text "
                f"{theirs:.0f} MB (interpreter + imports alone {base:.0f} MB; target < 300)"
            )


if __name__ == "__main__":
    main()
