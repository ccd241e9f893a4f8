"""Dates that are only as precise as the reporting: a day, a week, a month, a year, or 'around'."""

from django.db import models
from django.utils.dateformat import format as format_date


class Precision(models.TextChoices):
    DAY = "day", "exact day"
    WEEK = "week", "week of"
    MONTH = "month", "month"
    YEAR = "year", "year"
    APPROXIMATE = "approx", "approximate (around)"
    BY = "by", "on or before"


def display_date(day, precision=Precision.DAY):
    """The date as a reader should see it: never more precise than what is known."""
    if day is None:
        return "date unknown"
    if precision == Precision.WEEK:
        return f"week of {format_date(day, 'j M Y')}"
    if precision == Precision.MONTH:
        return format_date(day, "F Y")
    if precision == Precision.YEAR:
        return format_date(day, "Y")
    if precision == Precision.APPROXIMATE:
        return f"around {format_date(day, 'j M Y')}"
    if precision == Precision.BY:
        return f"by {format_date(day, 'j M Y')}"
    return format_date(day, "j M Y")
