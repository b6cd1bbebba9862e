"""Every limit and default of xxgk in one validated object.

The CLI's flags, the ingest loop, the worker, preflight and the dashboard read
their defaults from :data:`SETTINGS` instead of typing the numbers again.
``XXGK_DB`` overrides the database path for the CLI and the dashboard alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from etl.errors import XxgkError

MB = 1024 * 1024  # "MB" in messages and --max-mb are mebibytes


class SettingsError(XxgkError, ValueError):
    """A limit that cannot be used (zero, negative)."""


@dataclass(frozen=True)
class Settings:
    """Limits of one ingest and where the database lives; checked when made."""

    max_mb: float = 200  # a larger file is rejected before it is read
    max_unzipped_mb: float = 512  # a .docx expanding beyond this is a zip bomb
    docx_max_unpacked_mb: float = 200  # the DOCX reader's own cap on its XML parts
    timeout_s: float = 60.0  # to read and parse one file in the worker
    ocr_page_s: float = 30.0  # each page read by OCR extends its file's time by this much
    ocr_timeout_s: float = 900.0  # ... up to this in all (a long scanned report)
    office_timeout_s: float = 120.0  # LibreOffice conversion, within the file's time left
    memory_mb: int = 3072  # address-space cap of the worker process
    # Publish a snapshot after this many changes, or after this long. A publication copies
    # the whole file, and its CPU is taken from the parse workers: 30 s keeps a watching
    # dashboard fresh, and the count only bounds the reports a reader waits for.
    publish_every: int = 1000
    publish_seconds: float = 30.0
    db: Path = Path("data/xxgk.duckdb")

    def __post_init__(self) -> None:
        for name in (
            "max_mb",
            "max_unzipped_mb",
            "docx_max_unpacked_mb",
            "timeout_s",
            "ocr_page_s",
            "ocr_timeout_s",
            "office_timeout_s",
            "publish_every",
            "publish_seconds",
        ):
            if not getattr(self, name) > 0:
                raise SettingsError(f"{name} must be positive, not {getattr(self, name)!r}")
        if self.memory_mb < 0:
            raise SettingsError(f"memory_mb must not be negative, not {self.memory_mb!r}")

    @property
    def max_bytes(self) -> int:
        """The file size cap in bytes."""
        return int(self.max_mb * MB)

    @property
    def max_unzipped_bytes(self) -> int:
        """The expanded-size cap of a zipped file in bytes."""
        return int(self.max_unzipped_mb * MB)

    @property
    def docx_max_unpacked_bytes(self) -> int:
        """The DOCX reader's cap in bytes."""
        return int(self.docx_max_unpacked_mb * MB)


def default_db() -> Path:
    """The database the CLI and dashboard use unless told otherwise (``XXGK_DB`` wins)."""
    env = os.environ.get("XXGK_DB")
    return Path(env) if env else SETTINGS.db


SETTINGS = Settings()
