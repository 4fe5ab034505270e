# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Calendar arithmetic shared by the suite's rules (commitments, billing
periods, campaigns). Plain Python, no Odoo."""
import calendar
import datetime


def to_date(value):
    """A ``datetime.date`` from a date, a datetime or an ISO string."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(value[:10], '%Y-%m-%d').date()


def add_months(date, months):
    """``date`` moved by ``months`` months, on the last day of the target
    month when the day does not exist there (31/01 + 1 month: 28/02 or
    29/02)."""
    date = to_date(date)
    month_index = date.month - 1 + months
    year = date.year + month_index // 12
    month = month_index % 12 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)
