"""The meeting brief (会议材料): one agency's (or one region's) year against its past
and its peers, as a printable PDF and an editable DOCX.

``content`` gathers the figures from the dashboard's store (SQL only through
``dashboard.queries`` / ``dashboard.office_queries``), ``figures`` draws the charts
with matplotlib, ``pdf`` and ``word`` lay the same content out, ``fonts`` finds a
CJK font that can be embedded.
"""
