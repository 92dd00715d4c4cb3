"""Reading a workshop back, grouped by capability (issue 17).

- ``plan``: the local plan as it stands (``collect``), each step's part made by its
  kind (``pari.steps.<kind>.report``); ``blocks`` holds what those parts are built of.
- ``figures``: the plan's charts, and the same figures made ready for paper.
- ``document``: the plan as one self-contained HTML document (Jinja2, ``templates/``),
  and the same printed to PDF (WeasyPrint).
- ``chromium``: the resident Chromium (kaleido) that draws the charts as SVG.
- ``alt``: each chart's text alternative, read from its data, put into its SVG.
- ``cache``: every built report file, kept by (workshop, version, language, format).
- ``exports`` (the tables and their files) and ``export_data`` (the rows they read,
  the cells they share; each kind serializes its own tables, ``pari.steps.<kind>.export``).
- ``compare``: coordinators' comparisons across territories.
- ``followup``: pledges followed up after the workshop, and the next steps.
- ``progress``: that follow-up in numbers (pledges by status per workshop, territory,
  priority and over time), with no name in it: coordinators' and the public page's.
- ``tables`` (the plan page's tables, labelled) and ``downloads`` (its files, built
  when clicked).

Nothing here imports Streamlit; this module imports none of the others.
"""
