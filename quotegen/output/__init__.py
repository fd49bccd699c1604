"""Output: rendered documents put on disk, many at a time, and checked later.

In:  rendered bytes per client (from `render`), or proposal PDFs to re-check.
Out: files written atomically under unique names, batch builds with a manifest and a
     roll-up, and `verify` reports.
"""
