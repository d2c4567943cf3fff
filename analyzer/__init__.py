"""Meeting-notes analyzer: commitments, unresolved conflicts, transparency gaps and cultural missteps,
each grounded in the exact words of the transcript."""

__version__ = "0.1.0"
