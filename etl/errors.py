"""The one base of every error xxgk reports to a user.

An :class:`XxgkError` carries a message that is one clear sentence and the exit
status the ``xxgk`` command returns for it; ``etl.cli.main`` is the only place
that turns one into output. Anything else that escapes is a bug and says so.
"""

from __future__ import annotations

import re


class XxgkError(Exception):
    """A failure the user can act on; ``str(exc)`` is the sentence to show."""

    exit_status: int = 2


#: The first sentence of every rejection, by ``rejected_files.kind``: what a user reads on
#: the upload page, in ``xxgk ingest`` and on the quality page. The reader's own English
#: detail follows in brackets, for a log or a bug report.
REJECTION_SENTENCES: dict[str, str] = {
    "empty": "文件是空的，没有可读取的内容。",
    "too_large": "文件太大，超过了允许读取的大小或内存上限。",
    "not_a_file": "这不是一个普通文件（可能是目录、管道或设备），无法读取。",
    "zip_bomb": "文件解压后异常庞大（疑似压缩炸弹），为安全起见不予读取。",
    "encoding": "文件的文字编码混乱或无法识别，无法正确读取文字。",
    "encrypted": "PDF 文件已加密，需要密码才能打开。",
    "scanned": "PDF 是扫描件，没有文字层，OCR 也未能识别出文字。",
    "missing_converter": "读取这种格式需要的程序（LibreOffice）没有安装。",
    "unsupported": "不支持这种文件格式。",
    "no_report": "文件中没有找到政府信息公开年度报告的统计表。",
    "corrupt": "文件已损坏、被截断或与扩展名不符，无法读取。",
    "unreadable": "无法打开或读取这个文件。",
    "timeout": "读取文件超时，读取程序已被停止。",
    "crash": "读取程序在处理这个文件时意外退出。",
    "reader_error": "读取程序处理这个文件时出错（程序缺陷，请报告）。",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def rejection_reason(kind: str | None, detail: str | None) -> str:
    """One Chinese sentence for a rejection, the original detail (one line) in brackets.

    >>> rejection_reason("empty", "the file is empty")
    '文件是空的，没有可读取的内容。（the file is empty）'
    >>> rejection_reason("corrupt", "Word 文档中的表格过大，不予读取。")
    'Word 文档中的表格过大，不予读取。'
    """
    detail = " ".join((detail or "").split())[:400]
    if len(_CJK.findall(detail[:20])) >= 4:
        return detail  # already a Chinese sentence
    sentence = REJECTION_SENTENCES.get(kind or "", REJECTION_SENTENCES["unreadable"])
    return f"{sentence}（{detail}）" if detail else sentence


#: A rejection's Chinese sentence and the reader's bracketed detail after it.
_DETAILED = re.compile(r"(?s)^(.*?。)（(.*)）$")


def reason_sentence(reason: str | None) -> str:
    """The Chinese sentence of a rejection reason without the reader's English detail: what
    the dashboard shows (the detail stays in ``rejected_files.reason`` for a bug report).

    >>> reason_sentence("文件是空的，没有可读取的内容。（the file is empty）")
    '文件是空的，没有可读取的内容。'
    >>> reason_sentence("读取这种格式需要的程序（LibreOffice）没有安装。")
    '读取这种格式需要的程序（LibreOffice）没有安装。'
    >>> reason_sentence("文件已损坏。（第3页：表格不完整）")
    '文件已损坏。（第3页：表格不完整）'
    """
    text = reason or ""
    hit = _DETAILED.match(text)
    if hit and not _CJK.search(hit.group(2)):
        return hit.group(1)
    return text
