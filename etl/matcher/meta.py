"""Report metadata: organ and statistics year, from the strongest place that prints them.

Each source has its own module: titles (``etl.matcher.titles``), sentences and part 一's
opening (``etl.matcher.organ_sentences``), the statistics period and body years
(``etl.matcher.years``), and the organ's own completions (``etl.matcher.organs``). This
module only orders them. The fee is read by ``etl.matcher.fee``.
"""

from __future__ import annotations

from etl.matcher import organ_places, organs
from etl.matcher.organ_sentences import (
    find_opening,
    find_part1_year,
    find_place_organ,
    find_sentence,
)
from etl.matcher.titles import (
    find_quoted_title,
    find_system_organ,
    find_title,
    find_titles,
    find_untitled_organ,
    pick_title,
)
from etl.matcher.years import find_body_year, find_year


def resolve(
    lines: list[str], text: str, title: str | None, stem: str
) -> tuple[str | None, int | None]:
    """The report's organ and statistics year, from the strongest place that prints them.

    Title line (nearest the text), the document's own title, the publishing
    sentence, the statistics period, part 一's opening, a year-less title, part
    一's first-person sentences, body sentences and column notes
    (:mod:`etl.matcher.years`), and last the file name. A publication date
    (2025年1月…) is never read as the year.
    """
    doc_agency, doc_year = find_title([title]) if title else (None, None)
    titles = find_titles(lines)
    prefer = [doc_year, find_year(text)] if len({t[1] for t in titles}) > 1 else []
    agency, year = pick_title(titles, lines, prefer) if titles else (None, None)
    agency, year = agency or doc_agency, year or doc_year
    s_agency, s_year = find_sentence(lines)
    # The sentence often names the organ in full where the title dropped its place.
    fuller = agency is None or (
        s_agency is not None and s_agency.endswith(agency) and len(s_agency) > len(agency)
    )
    if s_agency and (year is None or s_year == year) and fuller:
        agency = s_agency
    year = year or s_year or find_year(text)
    if agency is None or year is None:
        o_agency, o_year = find_opening(lines)
        agency, year = agency or o_agency, year or o_year
    if agency is None:
        q_agency, q_year = find_quoted_title(lines)
        agency = q_agency if year is None or q_year == year else None
    agency = agency or find_untitled_organ(lines) or find_place_organ(lines)
    agency = agency or find_system_organ(lines, text)
    year = year or find_part1_year(lines) or find_body_year(text)
    if year is None:
        # Last resort, the file name (…2024年…).
        n_agency, year = find_title([stem])
        agency = agency or n_agency
    agency = organs.fuller(agency, [organs.compiled_by(text), organs.signature_organ(lines)])
    agency = (
        agency
        or organs.speaking_company(text)
        or organs.compiled_by(text)
        or organs.first_line_organ(lines)
        or organs.signature_organ(lines)
        or organs.field_organ(lines)
        or organs.contact_organ(text)
    )
    if agency:
        agency = organ_places.placed(agency, text) or agency  # 应急管理局 printed 东河区应急管理局
        agency = organ_places.expanded(agency, text) or agency  # 政府国资委 printed in full
        agency = organ_places.street_office(agency, text)
    return (
        organ_places.vertical(organ_places.with_city(agency, text), text) if agency else None
    ), year
