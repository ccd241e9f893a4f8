"""Links of the comparison: the address of the same view with one thing opened or closed."""

from django import template

register = template.Library()


@register.filter
def with_open(filters, slug):
    """The query string with the sub-topics of `slug` opened, or closed if they were open."""
    return filters.query_string(open=filters.toggled_open(slug))


@register.filter
def with_cell(filters, key):
    """The query string with the cell `key` ("topic:party") opened, or closed if it was open;
    an empty key closes whatever cell is open."""
    if not key:
        return filters.query_string(cell="")
    topic, _, party = key.partition(":")
    return filters.query_string(cell=filters.toggled_cell(topic, party))
