# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Migrations: when the old service ends and what is refunded.

Plain Python, no Odoo. Dates are ``datetime.date`` values or ISO strings.

Change date
    The first day of the new service. The old service's last day is the day
    before (``termination_date``): no day is billed twice, no day is lost.

Unused part of an invoiced period
    A period billed in advance was invoiced for the days from the service's
    start (or the period's start) to the period's end. When the service
    ends earlier, the days from the change date to the period's end are
    unused: ``amount * unused days / invoiced days``, exact in ``Decimal``
    and rounded half up once, at the end (``billing_period.prorate``).
"""
from . import billing_period as period_rules


def termination_date(date_change):
    """Last day of the old service for a change on ``date_change``."""
    return period_rules.to_date(date_change) - period_rules.ONE_DAY


def unused_amount(amount, period, date_start, date_change, rounding=None):
    """Part of ``amount``, invoiced for ``period`` from ``date_start`` (the
    service's activation, None for the period's start) to the period's end,
    that covers the days from ``date_change`` on; rounded once by
    ``rounding`` (see ``billing_period.round_decimal``)."""
    invoiced = period_rules.days_used(period, date_start, None)
    if not invoiced or not amount:
        return 0.0
    first_unused = period_rules.to_date(date_change)
    if date_start:
        first_unused = max(first_unused, period_rules.to_date(date_start))
    unused = period_rules.days_used(period, first_unused, None)
    return period_rules.prorate(
        amount, min(unused, invoiced), invoiced, rounding)
