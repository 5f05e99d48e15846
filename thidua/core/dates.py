"""Dates written as Vietnamese administrative documents write them (Decree 30/2020)."""

import datetime


def place_date(place: str, day: datetime.date | None) -> str:
    """"Lạng Sơn, ngày 05 tháng 01 năm 2021": days below 10 and months 1 and 2 take a leading
    zero; an unknown date leaves blanks to be written by hand."""
    if day is None:
        return f"{place}, ngày     tháng     năm     "
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
