# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The end of a campaign's price on a subscription.

Plain Python, no Odoo. Dates are ``datetime.date`` values or ISO strings;
a period is a ``(start, end)`` tuple, both days included (see
``billing_period``).

A contract signed during a campaign gets its price for the campaign's
months, counted from the service's start: a service started on 20/10 with
a 3-month campaign has the campaign's price up to 19/01 and the tariff's
price from 20/01 (the campaign's end). A billing period with days on both
sides is billed in two parts, each prorated by its days.
"""
import datetime

from odoo.addons.isp_crm.rules.dates import add_months

from . import billing_period as period_rules

ONE_DAY = datetime.timedelta(days=1)


def campaign_end(date_start, months):
    """The first day at the tariff's price of a service started on
    ``date_start`` with a campaign of ``months`` months; None when there is
    no end (no start yet, or 0 months: the campaign price for the whole
    life of the contract)."""
    if not date_start or not months or months <= 0:
        return None
    return add_months(date_start, months)


def period_parts(period, date_from=None, date_to=None, date_campaign_end=None):
    """The days of ``period`` the service runs (from ``date_from`` to
    ``date_to``, None: the period's own start or end), split at
    ``date_campaign_end``: a list of ``(first, last, in_campaign)``, in
    date order; empty when the service does not touch the period. No
    campaign end: one part, in the campaign."""
    days = period_rules.days_billed(period, date_from, date_to)
    if not days:
        return []
    first, last = days
    if not date_campaign_end:
        return [(first, last, True)]
    end = period_rules.to_date(date_campaign_end)
    if end <= first:
        return [(first, last, False)]
    if end > last:
        return [(first, last, True)]
    return [(first, end - ONE_DAY, True), (end, last, False)]
