"""Exit procedures (贫困退出程序) of counties and households as state machines."""

from ._fupin import CountyExit, HouseholdExit, VillageExit

__all__ = ["CountyExit", "HouseholdExit", "VillageExit"]
