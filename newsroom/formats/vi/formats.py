"""Vietnamese input formats: dates are day-first (05/07/2021 is 5 July).

Django's own vi locale leaves the input formats to the global defaults, which read
05/07/2021 as 7 May and make the admin's calendar write 2021-07-05. The first format is the
one the admin's date picker writes. Output formats still come from Django's vi locale.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
