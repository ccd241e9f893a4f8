"""The comparison: topics as rows, parties as columns, each cell the terms a party set on a topic.

`filters` reads what a reader asked for, `compute` builds the grid as plain data, and `views`
renders it (the page, its swapped regions and the opened cell). Exports render the same data.
"""

from negotiations.comparison.compute import (
    Comparison,
    VersionChoice,
    cached_comparison,
    compute_comparison,
    version_key,
)
from negotiations.comparison.filters import FilterError, Filters, parse_filters

__all__ = [
    "Comparison",
    "FilterError",
    "Filters",
    "VersionChoice",
    "cached_comparison",
    "compute_comparison",
    "parse_filters",
    "version_key",
]
