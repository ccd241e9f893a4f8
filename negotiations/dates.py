"""Dates that are only as precise as the reporting: a day, a week, a month, a year, or 'around'."""

from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "exact day"
    WEEK = "week", "week of"
    MONTH = "month", "month"
    YEAR = "year", "year"
    APPROXIMATE = "approx", "approximate (around)"
    BY = "by", "on or before"


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _day(day):
    # Plain formatting: this runs once per row of a full export, where Django's is too slow.
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def display_date(day, precision=Precision.DAY):
    """The date as a reader should see it: never more precise than what is known."""
    if day is None:
        return "date unknown"
    if precision == Precision.WEEK:
        return f"week of {_day(day)}"
    if precision == Precision.MONTH:
        return f"{MONTHS[day.month - 1]} {day.year}"
    if precision == Precision.YEAR:
        return str(day.year)
    if precision == Precision.APPROXIMATE:
        return f"around {_day(day)}"
    if precision == Precision.BY:
        return f"by {_day(day)}"
    return _day(day)
