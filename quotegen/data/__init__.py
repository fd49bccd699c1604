"""Data: the sourced tables quotegen prices from, and their typed loader.

In:  the YAML tables beside this file (each figure with its source, year and estimate flag).
Out: `RateSet` and friends: the employer-cost parameters for one place and tax year, as
     `Decimal` read from the table's text; regions, currencies and locales.
"""
