"""The comparison: topics as rows, parties as columns, each cell the terms a party set on a topic.

`filters` reads what a reader asked for; `terms` loads the catalogue and the terms standing on a
day as plain rows; `rules` reads collisions and overlaps out of them; `overview` summarises every
topic's cells, `detail` opens one cell; `views` renders them (the page, a topic's rows, a cell).
Exports (`negotiations.exports`) read the same terms through the same rules.
"""

from negotiations.comparison.filters import FilterError, Filters, parse_filters
from negotiations.comparison.terms import VersionChoice, version_key

__all__ = ["FilterError", "Filters", "VersionChoice", "parse_filters", "version_key"]
