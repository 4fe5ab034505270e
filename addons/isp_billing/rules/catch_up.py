# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which periods of a subscription a billing run invoices.

Plain Python, no Odoo. Dates are ``datetime.date`` values or ISO strings;
a period is a ``(start, end)`` tuple of ``datetime.date``, both days
included (see ``billing_period``).

Target period
    The period the run's date bills for the subscription's billing mode
    (``billing_period.invoiced_period``).

Catch-up
    A subscription invoiced before gets every period from the one after the
    last period invoiced before the target, up to the target: a service
    whose runs were missed (a run not started, a suspended cycle day, a
    failure) is billed every missing period in one run, each on its own
    line. A subscription never invoiced gets the target, and the period
    before it when it was activated then (its first, partial period):
    nothing older, so that services started before the suite billed them
    are not billed again from their start.

Never a period already invoiced, nor a period the service does not touch
(before its activation or after its end).
"""
from . import billing_period as period_rules


def periods_to_invoice(target, date_start, date_end=None, invoiced=()):
    """The periods to invoice, oldest first, up to ``target`` (included),
    for a service running from ``date_start`` to ``date_end`` (None: no
    end) whose periods starting on the dates ``invoiced`` are invoiced
    already."""
    target = (period_rules.to_date(target[0]), period_rules.to_date(target[1]))
    invoiced = set(period_rules.to_date(start) for start in invoiced)
    date_start = period_rules.to_date(date_start)
    before = [start for start in invoiced if start < target[0]]
    if before:
        first = period_rules.next_period(
            period_rules.period_of(max(before), target[0].day))
    else:
        first = period_rules.previous_period(target)
        if not first[0] <= date_start <= first[1]:
            first = target
    periods = []
    period = first
    while period[0] <= target[0]:
        if period[0] not in invoiced and period_rules.days_used(
                period, date_start, date_end):
            periods.append(period)
        period = period_rules.next_period(period)
    return periods
