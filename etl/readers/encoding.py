"""Decode report bytes: UTF-8 (with or without BOM), GB18030/GBK/GB2312, UTF-16.

Chinese government sites still serve GBK pages and archive sites re-encode
them, so a reader never trusts a single guess: strict UTF-8 first, then the
GB family (GB18030 is a superset of GBK and GB2312), then charset-normalizer.
"""

from __future__ import annotations

import codecs

from etl.readers.base import CorruptFile

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding_used)``; raise CorruptFile when nothing fits.

    >>> decode_bytes("规章".encode("gbk"))
    ('规章', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF8 + "规章".encode())
    ('规章', 'utf-8-sig')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    candidates: list[str] = []
    if declared:
        declared = declared.strip().lower()
        # Pages declaring gb2312/gbk routinely contain GB18030-only characters.
        if declared in {"gb2312", "gbk", "gb_2312-80", "x-gbk"}:
            declared = "gb18030"
        candidates.append(declared)
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise CorruptFile("the file's text encoding could not be recognised (not UTF-8 or GBK)")
    return str(best), best.encoding


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def looks_binary(data: bytes) -> bool:
    """True when the bytes are clearly not text (NULs or many control bytes)."""
    sample = data[:4096]
    if not sample or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05
