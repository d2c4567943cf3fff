"""Text helpers shared by the offline backend, partner memory and the overview: sentence spans and names.

They hold no rules of their own, so the backends and `memory/` can both use them without one
reaching into the other's internals.
"""
