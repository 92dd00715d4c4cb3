"""PARI Workshop: participatory workshops for Clusters of Social and Ecological Innovation."""

__version__ = "0.1.0"
