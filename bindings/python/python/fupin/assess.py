"""Assessment: data sets from Arrow data or dicts, tallies, roll-ups at every level, indicators,
target verdicts, exit verdicts, scorecards and accountability chains."""

from ._fupin import Dataset, Rollup, RowReport, Tally, TallyStream, household_exit_verdict, synthetic

__all__ = ["Dataset", "Rollup", "RowReport", "Tally", "TallyStream", "household_exit_verdict", "synthetic"]
