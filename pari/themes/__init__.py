"""Theme and duplicate suggestions for a wall of cards, computed on the server alone.

Nothing leaves the server: the language models (``lingua``), lemma lists
(``simplemma``) and word vectors (``wordllama``) ship inside their wheels. Which
method is used, and why, was chosen by measurement on the labelled cards of
``tests/data/themes/`` (``python -m pari.themes.evaluate``; figures in README.md).
No Streamlit, no queries: a step's cards come in as texts, suggestions go out.
"""
