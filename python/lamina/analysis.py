"""Statistics of spike trains on numpy arrays (placeholder; filled in below)."""
