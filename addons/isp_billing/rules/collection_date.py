# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The collection date of a SEPA direct debit.

Plain Python, no Odoo. A SEPA debit is settled on a TARGET2 business day:
never on a Saturday or a Sunday, nor on the TARGET2 closing days (1 January,
Good Friday, Easter Monday, 1 May, 25 and 26 December). The closing days
come from ``holidays.ECB``, the maintained TARGET2 calendar of the
``holidays`` library (the same library gives the country holidays elsewhere
in the suite).

``collection_date`` is the date written in a debit order: the invoice's due
date, never earlier than the scheme's lead time counted in business days
from today, and moved to the next business day.
"""
import datetime

import holidays

from odoo.addons.isp_crm.rules.dates import to_date

# years are added to the calendar on demand (expand=True)
_TARGET2 = holidays.ECB()
_ONE_DAY = datetime.timedelta(days=1)


def is_business_day(day):
    """True when TARGET2 settles on ``day`` (a date or an ISO string)."""
    day = to_date(day)
    return day.weekday() < 5 and day not in _TARGET2


def add_business_days(day, n):
    """The date ``n`` TARGET2 business days after ``day``; with ``n == 0``
    the first business day on or after ``day``. ``n`` must not be
    negative."""
    if n < 0:
        raise ValueError('add_business_days: n must not be negative (%r)'
                         % (n,))
    day = to_date(day)
    while not is_business_day(day):
        day += _ONE_DAY
    for __ in range(n):
        day += _ONE_DAY
        while not is_business_day(day):
            day += _ONE_DAY
    return day


def collection_date(due_date, today, lead_days):
    """The first TARGET2 business day on or after the later of
    ``due_date`` and ``today`` plus ``lead_days`` business days."""
    earliest = add_business_days(today, lead_days or 0)
    return add_business_days(max(to_date(due_date), earliest), 0)
