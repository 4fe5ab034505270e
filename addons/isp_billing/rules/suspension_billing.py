# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The suspended days a billing period leaves out.

Plain Python, no Odoo. Dates are ``datetime.date`` values or ISO strings
(see ``billing_period``).

A suspension is a ``(start, end)`` tuple: ``start`` is the day the service
was suspended, the first day it is not billed; ``end`` is the day it was
reconnected, billed again, or None while it is still suspended (it then
runs to the end of whatever is billed). A service reconnected on the day
it was suspended leaves no day out. Suspensions may overlap: a day is
left out once.

A service of a type that is not billed while suspended is billed, for the
days ``first`` to ``last`` (both included) of a period, by day:
``amount * (days of first..last outside every suspension) / days of the
period``, computed exactly and rounded once (``billing_period.prorate``).
Without suspensions this is ``billing_period.prorated_amount``.
"""
import datetime

from . import billing_period as period_rules

ONE_DAY = datetime.timedelta(days=1)


def suspended_ranges(first, last, suspensions):
    """The days from ``first`` to ``last`` (both included) inside
    ``suspensions``: a sorted list of ``(first day, last day)`` tuples
    that do not overlap."""
    first, last = period_rules.to_date(first), period_rules.to_date(last)
    ranges = []
    for start, end in suspensions:
        start = max(period_rules.to_date(start), first)
        stop = last if not end else min(
            period_rules.to_date(end) - ONE_DAY, last)
        if start <= stop:
            ranges.append((start, stop))
    ranges.sort()
    merged = []
    for start, stop in ranges:
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def suspended_days(first, last, suspensions):
    """Number of days from ``first`` to ``last`` (both included) inside at
    least one of ``suspensions``."""
    return sum((stop - start).days + 1 for start, stop in
               suspended_ranges(first, last, suspensions))


def billed_days(first, last, suspensions=()):
    """Number of days from ``first`` to ``last`` (both included) outside
    every one of ``suspensions`` (0 when ``last`` is before ``first``)."""
    days = (period_rules.to_date(last) - period_rules.to_date(first)).days
    if days < 0:
        return 0
    return days + 1 - suspended_days(first, last, suspensions)


def prorated_amount(amount, period, first, last, suspensions=(),
                    rounding=None):
    """``amount`` (the price of the whole ``period``) for the days from
    ``first`` to ``last`` (both included) that are outside
    ``suspensions``, prorated by day over ``period``; exact, rounded once
    by ``rounding`` (see ``billing_period.round_decimal``)."""
    return period_rules.prorate(
        amount, billed_days(first, last, suspensions),
        period_rules.period_days(period), rounding)
