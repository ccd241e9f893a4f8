"""`{% cached_region "name" var ... %}`: a region of a page rendered once per data version, day,
audience and state, through the one cache path (`negotiations.caching`), then served as it is."""

from django import template
from django.utils.safestring import mark_safe

from negotiations.caching import Stamp, get_or_compute

register = template.Library()


class CachedRegionNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context["request"]
        vary_on = [variable.resolve(context) for variable in self.vary_on]
        key = Stamp.of(request).key(f"region:{self.name.resolve(context)}", *vary_on)
        # Rendered (and so escaped) by this very template, the first time round.
        return mark_safe(get_or_compute(key, lambda: self.nodelist.render(context)))  # noqa: S308


@register.tag("cached_region")
def cached_region(parser, token):
    """Usage: {% cached_region "overview" state %} ... {% endcached_region %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cached_region needs a name")
    nodelist = parser.parse(("endcached_region",))
    parser.delete_first_token()
    return CachedRegionNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
