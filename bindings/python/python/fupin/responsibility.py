"""Three-level responsibility: bodies, duties, map validation, accountability chains."""

from ._fupin import ResponsibilityMap, duties, map_context

__all__ = ["ResponsibilityMap", "duties", "map_context"]
