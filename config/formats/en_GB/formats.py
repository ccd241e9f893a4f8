"""ISO dates (2025-11-27, 2025-11-27 14:05) for British English, the site's language.

Django's own en_GB formats show and read dates as 27/11/2025; an editor who types 2025-11-27 would
see it come back in another shape, and one who types 03/04/2025 could mean either month. The
public pages keep their readers' dates ("27 Nov 2025"): their templates name the format they use.
Whatever is not set here falls back to Django's en_GB formats.
"""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# The links of a changelist's date hierarchy: a day reads as the column beneath it does.
YEAR_MONTH_FORMAT = "Y-m"
MONTH_DAY_FORMAT = "Y-m-d"

# The first format is the one a date field is shown in; ISO only, so no date is ambiguous.
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
