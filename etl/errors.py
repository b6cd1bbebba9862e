"""The one base of every error xxgk reports to a user.

An :class:`XxgkError` carries a message that is one clear sentence and the exit
status the ``xxgk`` command returns for it; ``etl.cli.main`` is the only place
that turns one into output. Anything else that escapes is a bug and says so.
"""

from __future__ import annotations


class XxgkError(Exception):
    """A failure the user can act on; ``str(exc)`` is the sentence to show."""

    exit_status: int = 2
