""""N+1" pairings (结对帮扶): books, rules, coverage reports and optimal suggestions."""

from ._fupin import PairingBook, check_coverage_rules, domains, solve

__all__ = ["PairingBook", "check_coverage_rules", "domains", "solve"]
