"""Dates that are only as precise as the reporting: a day, a week, a month, a year, or 'around'."""

import datetime

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


def iso_date(day, precision=Precision.DAY):
    """The date as the admin shows it (ISO, one format for editors), as precise as known."""
    if day is None:
        return "date unknown"
    if precision == Precision.MONTH:
        return day.strftime("%Y-%m")
    if precision == Precision.YEAR:
        return str(day.year)
    prefix = {Precision.WEEK: "week of ", Precision.APPROXIMATE: "around ", Precision.BY: "by "}
    return f"{prefix.get(precision, '')}{day.isoformat()}"


# How far "around" a day may stray, for deciding whether an approximate date has passed.
APPROXIMATE_DAYS = 7


def last_day(day, precision=Precision.DAY):
    """The latest day a date of this precision can mean: the Sunday of a week, the last day of
    a month or year, a week after an approximate day. A date has passed once this day has."""
    if day is None:
        return None
    if precision == Precision.WEEK:
        return day + datetime.timedelta(days=6)
    if precision == Precision.MONTH:
        following = (day.replace(day=1) + datetime.timedelta(days=31)).replace(day=1)
        return following - datetime.timedelta(days=1)
    if precision == Precision.YEAR:
        return datetime.date(day.year, 12, 31)
    if precision == Precision.APPROXIMATE:
        return day + datetime.timedelta(days=APPROXIMATE_DAYS)
    return day
