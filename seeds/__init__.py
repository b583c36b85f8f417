"""The sample articles shipped with ctsearch (indexed by ``ctsearch index`` with no path)."""
