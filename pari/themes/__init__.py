"""Theme and duplicate suggestions for a wall of cards, computed on the server alone.

Nothing leaves the server: the language models (``lingua``) ship inside their wheel,
the Snowball stemmers (``snowballstemmer``) are code, and the CSEI thesaurus
(``thesaurus/``) is ours. Which method the app uses, and why, was chosen by measurement
on the labelled cards of ``tests/data/themes/`` (``python -m pari.themes.evaluate``;
figures in README.md, "Theme suggestions"). No Streamlit, no queries: a step's cards
come in as texts, suggestions go out.
"""
