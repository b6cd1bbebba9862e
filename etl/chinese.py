"""Traditional → simplified Chinese, shared by label matching and organ names."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # no type stubs; imported lazily because loading dictionaries costs time

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=131072)
def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s).

    >>> to_simplified("撫遠市自然資源局 規範性文件")
    '抚远市自然资源局 规范性文件'
    """
    return _t2s().convert(text)
