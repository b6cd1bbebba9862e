"""Generate a batch of good, duplicate and hostile report files, with what each must yield.

Usage: ``python tests/hostile/make_hostile.py OUT_DIR`` writes the files and prints
the expectations; ``tests/etl/test_hostile.py`` imports ``make_all`` and ingests the
folder. Nothing here is committed data: every file is generated from the template
definition (labels come from ``etl.template``), so the corpus needs no samples.

Good reports are consistent (zero findings) text files built by ``report_text``;
the PDF and HTML renderings, encodings, copies and versions derive from them.
"""

from __future__ import annotations

import html
import io
import os
import random
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from etl.template import TEMPLATE_2021

APPLY = TEMPLATE_2021.table("apply")
ACTIVE = TEMPLATE_2021.table("active")
APPEAL = TEMPLATE_2021.table("appeal")
CN = "一二三四五六七八九十"
OLD_MTIME = 1_600_000_000  # 2020-09-13: "downloaded earlier"
NEW_MTIME = 1_700_000_000  # 2023-11-14


@dataclass(frozen=True)
class Case:
    """One generated file and what ingesting it must produce."""

    name: str
    outcome: str  # loaded | source (one report, several files) | superseded | older | rejected
    kind: str | None = None  # rejected_files.kind
    reason: str | None = None  # substring of the reason
    note: str = ""


def apply_numbers(new_natural: int = 24, carried_in: int = 0, carried_out: int = 0) -> dict:
    """Consistent part-3 cells: key → value, every sum of the template holding."""
    cols = [c.key for c in APPLY.columns]
    new = {"natural": new_natural, "commercial": 1}
    cin = {"natural": carried_in}
    out_ = {"natural": carried_out}
    handled = new_natural + 1 + carried_in - carried_out
    results = {
        "granted": {"natural": handled - 1 - 9, "commercial": 1},
        "unable_not_held": {"natural": 8},
        "rejected_petition": {"natural": 1},
    }
    values: dict[str, int] = {}
    for row in APPLY.rows:
        if row.derived_from:
            continue
        src = {"new": new, "carried_in": cin, "carried_out": out_}.get(row.key)
        if src is None:
            src = results.get(row.key, {})
        if row.key == "total":
            src = {c: sum(r.get(c, 0) for r in results.values()) for c in cols[:-1]}
        for c in cols[:-1]:
            values[APPLY.cell_key(row, c)] = src.get(c, 0)
        values[APPLY.cell_key(row, "total")] = sum(src.get(c, 0) for c in cols[:-1])
    return values


def report_text(agency: str, year: int, *, licensing: int = 30661, **apply_kw) -> str:
    """A whole 2021-template report as tab-separated text; it parses with zero findings."""
    v = apply_numbers(**apply_kw)
    lines = [
        f"# {agency}",
        f"## {year}年度政府信息公开工作年度报告",
        "",
        f"本报告中所列数据统计期限为{year}年1月1日至{year}年12月31日。",
        "",
        "### 一、总体情况",
        "",
        f"{year}年，本机关受理政府信息公开申请{v['apply.new.total']}件，均已按期答复。",
        "",
        "### 二、主动公开政府信息情况",
        "",
    ]
    active = {
        "regulations": [0, 0, 0],
        "normative_docs": [1, 0, 5],
        "licensing": [licensing],
        "penalty": [0],
        "coercion": [0],
        "fees": [0],
    }
    group = None
    for row in ACTIVE.rows:
        if row.group != group:
            group = row.group
            lines.append(f"{group}\t\t\t")
            lines.append("信息内容\t" + "\t".join(c.label for c in ACTIVE.columns_of(row)))
        lines.append(row.label + "\t" + "\t".join(str(x) for x in active[row.key]))
    lines += ["", "### 三、收到和处理政府信息公开申请情况", ""]
    lines.append("\t\t" + "\t".join(c.label for c in APPLY.columns))
    group, n = None, 0
    for row in APPLY.rows:
        if row.group and row.group != group and row.key not in ("total",):
            group = row.group
            lines.append(group)
        if row.derived_from:
            lines.append(f"（{CN[5]}）{row.label}")
            continue
        label = row.label
        if row.key in ("new", "carried_in", "carried_out"):
            n += 1
            label = f"{CN[n - 1] if row.key != 'carried_out' else '四'}、{label}"
        elif row.key == "total":
            label = "（七）总计"
        lines.append(
            label + "\t\t" + "\t".join(str(v[APPLY.cell_key(row, c)]) for c in APPLY.columns)
        )
    lines += ["", "#### 四、政府信息公开行政复议、行政诉讼情况", ""]
    lines.append("行政复议\t\t\t\t\t行政诉讼")
    lines.append("\t".join(c.label for c in APPEAL.columns) * 1)
    lines.append(
        "\t".join(["2", "0", "0", "0", "2"] + ["0"] * 4 + ["0"] + ["1", "0", "0", "0", "1"])
    )
    lines += ["", "#### 五、存在的主要问题及改进情况", "", "公开内容还需进一步丰富。", ""]
    lines += ["## 六、其他需要报告的事项", "", f"{year}年本机关未收取信息处理费。", ""]
    return "\n".join(lines)


def text_to_html(text: str, title: str) -> str:
    """The same report as an HTML page with real tables (tab rows become table rows)."""
    out = [f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"]
    in_table = False
    for line in text.splitlines():
        if "\t" in line:
            if not in_table:
                out.append("<table border='1'>")
                in_table = True
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            out.append(f"<tr>{cells}</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        out.append(f"<p>{html.escape(line.lstrip('#').strip())}</p>")
    return "\n".join([*out, "</body></html>"])


def text_to_pdf(text: str, *, password: str | None = None) -> bytes:
    """A born-digital PDF of the report (reportlab, CID font without embedding)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(password, canPrint=0) if password else None
    c = canvas.Canvas(buf, encrypt=enc)
    y = 800
    for line in text.splitlines():
        cells = [x for x in line.lstrip("#").split("\t") if x.strip()]
        c.setFont("STSong-Light", 8)
        c.drawString(20, y, "    ".join(cells))
        y -= 12
        if y < 40:
            c.showPage()
            y = 800
    c.showPage()
    c.save()
    return buf.getvalue()


def zip_bomb(member_mb: int = 64) -> bytes:
    """A .docx-shaped ZIP whose document part expands ~1000-fold."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(member_mb):
                fh.write(chunk)
    return buf.getvalue()


def grid_bomb_docx(cells: int = 170_000, span: int = 1000) -> bytes:
    """A small .docx whose one table spans ``cells × span`` grid positions (``gridSpan``).

    Its XML is only a few MB (under any zip-ratio cap), but laying the table out on
    its grid would build hundreds of millions of cells.
    """
    from docx import Document as WordDocument

    word = WordDocument()
    word.add_paragraph("某市某局2022年政府信息公开工作年度报告")
    word.add_table(rows=1, cols=1)
    buf = io.BytesIO()
    word.save(buf)
    tc = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p/></w:tc>'
    per_row = 100
    rows = "".join(f"<w:tr>{tc * per_row}</w:tr>" for _ in range(max(1, cells // per_row)))
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:tbl>", rows.encode() + b"</w:tbl>", 1)
            zf.writestr(item, data)
    return out.getvalue()


def _write(folder: Path, name: str, data: bytes | str, mtime: int | None = None) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def make_good(folder: Path) -> list[Case]:
    """Good reports, a cross-format copy, two versions of one report, and a prior year."""
    text = report_text("保定市甲局", 2024)
    _write(folder, "good-utf8.txt", text)
    _write(
        folder,
        "copy-of-good.html",
        text_to_html(text, "保定市甲局2024年度政府信息公开工作年度报告"),
    )
    _write(folder, "good-gbk.txt", report_text("保定市乙局", 2024).encode("gb18030"))
    _write(folder, "good-utf16.txt", report_text("保定市丙局", 2024).encode("utf-16"))
    _write(folder, "good.pdf", text_to_pdf(report_text("保定市丁局", 2024)))
    _write(folder, "version-a-old.txt", report_text("保定市戊局", 2024), OLD_MTIME)
    _write(folder, "version-b-new.txt", report_text("保定市戊局", 2024, licensing=30700), NEW_MTIME)
    _write(
        folder, "version-c-older.txt", report_text("保定市戊局", 2024, licensing=1), OLD_MTIME - 9
    )
    # The prior year ends with 2 requests carried over; 2024 says none came in: R5.
    _write(folder, "prior-year.txt", report_text("保定市甲局", 2023, new_natural=26, carried_out=2))
    return [
        Case("good-utf8.txt", "source", note="one report with copy-of-good.html"),
        Case("copy-of-good.html", "source", note="same values as good-utf8.txt: a second source"),
        Case("good-gbk.txt", "loaded"),
        Case("good-utf16.txt", "loaded"),
        Case("good.pdf", "loaded"),
        Case("version-a-old.txt", "superseded", note="replaced by version-b-new.txt"),
        Case("version-b-new.txt", "loaded", note="newest file of 保定市戊局 2024"),
        Case("version-c-older.txt", "older", note="older than the loaded version: history only"),
        Case("prior-year.txt", "loaded", note="R5 on good-utf8.txt: 2 carried out, 0 carried in"),
    ]


def make_hostile(folder: Path) -> list[Case]:
    """Every bad input of the issue, each with the kind and reason it must be rejected with."""
    rng = random.Random(2024)
    garbage = bytes(rng.randrange(256) for _ in range(20_000))
    good = report_text("保定市己局", 2024)
    pdf = text_to_pdf(good)
    corrupt = bytearray(pdf)
    for i in range(400, len(corrupt) - 400, 5):
        corrupt[i] = (corrupt[i] * 31 + 7) % 256
    cases = [
        ("empty.txt", b"", "empty", "empty"),
        ("empty.pdf", b"", "empty", "empty"),
        ("blank.html", b"  \n\n \t\n", "empty", "blank"),
        ("garbage.pdf", garbage, "corrupt", "not a PDF"),
        ("garbage.docx", garbage, "corrupt", "not a Word"),
        ("garbage.txt", garbage, "corrupt", "binary"),
        ("garbage.html", garbage, "corrupt", "binary"),
        ("truncated.pdf", pdf[: len(pdf) * 2 // 3], "corrupt", "truncated"),
        ("corrupt.pdf", bytes(corrupt), "corrupt", "damaged"),
        ("encrypted.pdf", text_to_pdf(good, password="secret"), "encrypted", "encrypted"),
        ("not-a-zip.docx", "这不是一个Word文件。\n" * 20, "corrupt", "not a ZIP"),
        ("bomb.docx", zip_bomb(), "zip_bomb", "zip bomb"),
        (
            "news.html",
            "<html><body><p>新闻</p><table><tr><td>天气</td><td>晴</td></tr></table></body></html>",
            "no_report",
            "no table",
        ),
        ("novel.txt", "这是一篇与年报无关的文章。\n" * 50, "no_report", "no table"),
        (
            "pre-2019.txt",
            "某市某局2017年政府信息公开工作年度报告\n一、概述\n2017年，我局主动公开信息120条。\n",
            "no_report",
            "pre-2019",
        ),
        (
            "mixed-encoding.txt",
            (good[: len(good) // 2]).encode("utf-8") + good[len(good) // 2 :].encode("gb18030"),
            "encoding",
            "mixes encodings",
        ),
        ("mojibake.txt", good.encode("utf-8").decode("latin-1"), "encoding", "mis-encoded"),
    ]
    out = []
    for name, data, kind, reason in cases:
        _write(folder, name, data)
        out.append(Case(name, "rejected", kind, reason))
    huge = folder / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 201 MB on paper, nothing on disk
        fh.truncate(201 * 1024 * 1024)
    out.append(Case("huge.txt", "rejected", "too_large", "over the 200 MB limit"))
    # Injected readers (see slow_reader.py): a read that never returns, a reader that dies.
    _write(folder, "hangs.slow", good + "\n(hang)\n")
    out.append(Case("hangs.slow", "rejected", "timeout", "took longer than"))
    _write(folder, "dies.crash", good + "\n(crash)\n")
    out.append(Case("dies.crash", "rejected", "crash", "crashed"))
    return out


def make_all(folder: Path) -> list[Case]:
    """Write the whole batch into ``folder`` and return the expectations."""
    folder.mkdir(parents=True, exist_ok=True)
    return make_good(folder) + make_hostile(folder)


def quadratic_line(n: int = 60_000) -> str:
    """A realistic hang: one line of numbers ending in a word (a regex backtracks for minutes)."""
    return "标签" + " 1" * n + " x\n"


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for case in make_all(out):
        print(f"{case.name:24} {case.outcome:10} {case.kind or '':12} {case.reason or ''}")
    (out / "quadratic.txt").write_text(quadratic_line(), encoding="utf-8")
    print(f"{'quadratic.txt':24} {'rejected':10} {'timeout':12} (pathological text line)")
