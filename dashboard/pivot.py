"""The store's report × key matrix, built by position from long-form values (numpy).

``queries.build_store`` reads (report index, key index, value) triples from the file
in one pass; here they are scattered into a matrix, and the sums the pages use most
(outcome groups per applicant column) are added as extra columns once, so that no
page query has to add twenty columns per report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.measures import Measure


def dense_ids(keys: pd.Series) -> pd.Series:
    """0, 1, 2 … per distinct key (NA stays NA), as a nullable integer column.

    >>> dense_ids(pd.Series(["b", "a", "b", None])).tolist()
    [0, 1, 0, <NA>]
    """
    codes, _ = pd.factorize(keys, use_na_sentinel=True)
    return pd.Series(codes, index=keys.index, dtype="Int32").mask(codes < 0)


def wide_frame(
    n_reports: int,
    keys: list[str],
    cells: dict[str, np.ndarray],
    sums: tuple[Measure, ...] = (),
) -> pd.DataFrame:
    """One row per report, one column per key (NaN = absent), plus one per measure in ``sums``.

    A measure column is NaN for a report that shows none of its keys, so that summing
    it over reports gives the same result as summing its keys one by one.

    >>> cells = {"ri": np.array([0, 1]), "ki": np.array([1, 0]), "value": np.array([5.0, 7.0])}
    >>> wide_frame(2, ["a.b.c", "a.d.c"], cells).to_dict("list")
    {'a.b.c': [nan, 7.0], 'a.d.c': [5.0, nan]}
    """
    wide = np.full((n_reports, len(keys)), np.nan)
    wide[np.asarray(cells["ri"]), np.asarray(cells["ki"])] = np.asarray(cells["value"])
    frame = pd.DataFrame(wide, columns=keys, copy=False)
    index = {k: i for i, k in enumerate(keys)}
    extra = {}
    for m in sums:
        part = wide[:, [index[k] for k in m.keys]]
        shown = ~np.isnan(part).all(axis=1)
        extra[m.name] = np.where(shown, np.nansum(part, axis=1), np.nan)
    if extra:
        frame = pd.concat([frame, pd.DataFrame(extra)], axis=1)
    return frame
