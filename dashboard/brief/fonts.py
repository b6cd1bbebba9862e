"""A CJK font the PDF can embed, found on this machine.

ReportLab embeds TrueType outlines only; the Noto CJK fonts Debian ships are CFF
(PostScript) outlines, which it refuses. So the brief looks for a TrueType CJK
font — WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``, which ``.ci/run``
installs), then others — or the file named by ``XXGK_CJK_FONT``, and checks each
candidate actually loads before using it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Known TrueType CJK fonts, best first (Debian package in the comment).
CANDIDATES = (
    "truetype/wqy/wqy-microhei.ttc",  # fonts-wqy-microhei
    "truetype/wqy/wqy-zenhei.ttc",  # fonts-wqy-zenhei
    "truetype/arphic/uming.ttc",  # fonts-arphic-uming
    "truetype/arphic/ukai.ttc",  # fonts-arphic-ukai
    "truetype/droid/DroidSansFallbackFull.ttf",  # fonts-droid-fallback
)
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))
NAME = "XxgkCJK"


class CjkFontMissing(RuntimeError):
    """No embeddable CJK font was found (a Chinese sentence saying what to install)."""


@dataclass(frozen=True)
class CjkFont:
    """A font file and the index of the face inside a collection."""

    path: Path
    index: int = 0


def _loads(font: CjkFont) -> bool:
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        face = TTFont(NAME, str(font.path), subfontIndex=font.index)
    except (TTFError, OSError, ValueError):
        return False
    return face.face.charToGlyph.get(ord("年")) is not None


def _candidates() -> list[CjkFont]:
    out = []
    env = os.environ.get("XXGK_CJK_FONT")
    if env:
        out.append(CjkFont(Path(env)))
    for base in FONT_DIRS:
        out += [CjkFont(Path(base) / rel) for rel in CANDIDATES]
    for base in FONT_DIRS:  # any other collection or font whose name says CJK
        root = Path(base)
        if root.is_dir():
            for pattern in ("*wqy*.tt[cf]", "*CJK*.tt[cf]", "*[Hh]ei*.tt[cf]", "*[Ss]ong*.tt[cf]"):
                out += [CjkFont(p) for p in sorted(root.rglob(pattern))]
    return out


@lru_cache(maxsize=1)
def find_cjk_font() -> CjkFont:
    """The first candidate that exists and loads with CJK glyphs."""
    for font in _candidates():
        if font.path.is_file() and _loads(font):
            return font
    raise CjkFontMissing(
        "找不到可以嵌入 PDF 的中文 TrueType 字体。请安装 fonts-wqy-microhei"
        "（apt-get install fonts-wqy-microhei），或设置环境变量 XXGK_CJK_FONT 指向一个"
        "TrueType 中文字体文件（.ttf/.ttc）。"
    )


def register_reportlab() -> str:
    """Register the font with ReportLab (once) and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if NAME not in pdfmetrics.getRegisteredFontNames():
        font = find_cjk_font()
        pdfmetrics.registerFont(TTFont(NAME, str(font.path), subfontIndex=font.index))
    return NAME
