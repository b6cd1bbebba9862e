"""Simulated reports: the demo region and the scale generator.

Two products share one value model (:mod:`.values`, parameterised by
:mod:`.profiles`):

- :func:`etl.demo.corpus.build_demo` — a realistic simulated prefecture (河北省保定市,
  :mod:`.region`) rendered into the file formats organs publish (:mod:`etl.synthetic`),
  ingested through the real pipeline next to the real shipped reports, and marked
  ``is_simulated`` in the database (``xxgk demo``).
- :func:`etl.demo.synth.synthesize` — N reports' canonical values written straight into
  a database for benchmarks at 10^4–10^6 reports (``xxgk synth``).

Every number is drawn cell by cell from the template definition (``etl.template``):
the tables, rows and columns are iterated, and the totals follow the template's
consistency rules except where a deliberate fault says otherwise.
"""
