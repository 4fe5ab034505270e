# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Billing periods, proration and the period an invoice covers.

Plain Python, no Odoo. Dates are ``datetime.date`` values or ISO strings
(``'2024-02-29'``, the form Odoo 11 stores); functions return
``datetime.date`` values. A period is a ``(start, end)`` tuple, both days
included.

Billing cycle day
    The day of the month a period starts: 1 gives calendar months (1st to
    the last day), 15 gives 15th to 14th of the next month. Only days 1 to
    28 exist in every month; any other value raises ``ValueError``.

Proration
    A partial period is billed by days: ``amount * days used / days in that
    period``, where both the activation day and the termination day count
    as used. The amount is computed exactly, in ``Decimal`` from the decimal
    the amount is written with (``353.15``, not the binary float nearest to
    it), and rounded half up once, at the end: 353.15 for 3 days of 30 is
    35.315, billed 35.32 (the float product, 35.31499999999999, gave 35.31
    even through ``currency.round``).

Which period an invoice covers
    ``prepaid``: an invoice dated D bills, in advance, the period that
    contains D (the run on the cycle day bills the period that starts that
    day). ``postpaid``: an invoice dated D bills, in arrears, the previous,
    completed period.
"""
import datetime
import decimal

from odoo.addons.isp_crm.rules.dates import add_months, to_date

CYCLE_DAY_MIN = 1
CYCLE_DAY_MAX = 28

MODE_PREPAID = 'prepaid'
MODE_POSTPAID = 'postpaid'
BILLING_MODES = [
    (MODE_PREPAID, 'Prepaid (billed in advance)'),
    (MODE_POSTPAID, 'Postpaid (billed in arrears)'),
]

ONE_DAY = datetime.timedelta(days=1)


def is_valid_cycle_day(cycle_day):
    """True when ``cycle_day`` is an integer from 1 to 28."""
    return (isinstance(cycle_day, int) and not isinstance(cycle_day, bool)
            and CYCLE_DAY_MIN <= cycle_day <= CYCLE_DAY_MAX)


def check_cycle_day(cycle_day):
    if not is_valid_cycle_day(cycle_day):
        raise ValueError('billing cycle day must be an integer from %d to %d, '
                         'not %r' % (CYCLE_DAY_MIN, CYCLE_DAY_MAX, cycle_day))
    return cycle_day


def period_of(date, cycle_day):
    """The period ``(start, end)`` of cycle day ``cycle_day`` that contains
    ``date``."""
    check_cycle_day(cycle_day)
    date = to_date(date)
    start = date.replace(day=cycle_day)
    if date.day < cycle_day:
        start = add_months(start, -1)
    return start, add_months(start, 1) - ONE_DAY


def next_period(period):
    """The period that follows ``period``."""
    start = to_date(period[1]) + ONE_DAY
    return period_of(start, start.day)


def previous_period(period):
    """The period that precedes ``period``."""
    start = to_date(period[0])
    return period_of(start - ONE_DAY, start.day)


def period_days(period):
    """Number of days of ``period``, both ends included."""
    return (to_date(period[1]) - to_date(period[0])).days + 1


def days_used(period, date_from=None, date_to=None):
    """Days of ``period`` between ``date_from`` (activation, included) and
    ``date_to`` (termination, included); None means the period's own
    start or end. 0 when the service does not touch the period."""
    start, end = to_date(period[0]), to_date(period[1])
    first = max(start, to_date(date_from)) if date_from else start
    last = min(end, to_date(date_to)) if date_to else end
    return max((last - first).days + 1, 0)


def days_billed(period, date_from=None, date_to=None):
    """``(first, last)`` day of ``period`` between ``date_from``
    (activation) and ``date_to`` (termination), both included; None when
    the service does not touch the period."""
    start, end = to_date(period[0]), to_date(period[1])
    first = max(start, to_date(date_from)) if date_from else start
    last = min(end, to_date(date_to)) if date_to else end
    if last < first:
        return None
    return first, last


def to_decimal(amount):
    """``amount`` as a ``Decimal``: a float gives the decimal it is written
    with (``repr``: ``353.15``, not the binary value nearest to it)."""
    if isinstance(amount, decimal.Decimal):
        return amount
    if isinstance(amount, float):
        return decimal.Decimal(repr(amount))
    return decimal.Decimal(amount or 0)


def rounding_step(rounding):
    """The step an amount is rounded to, as a ``Decimal``, for
    ``rounding``: a number of digits (2 gives 0.01), a currency (anything
    with a ``rounding`` step, such as a ``res.currency`` record) or its
    ``round`` method (``currency.round``). None for any other function or
    None."""
    if rounding is None or isinstance(rounding, bool):
        return None
    if isinstance(rounding, int):
        return decimal.Decimal(1).scaleb(-rounding)
    # a currency, or currency.round: a method bound to the currency
    currency = getattr(rounding, '__self__', rounding)
    step = getattr(currency, 'rounding', None)
    if isinstance(step, (int, float, decimal.Decimal)) \
            and not isinstance(step, bool) and step > 0:
        return to_decimal(float(step) if isinstance(step, int) else step)
    return None


def round_decimal(amount, rounding=None):
    """The float of the ``Decimal`` ``amount`` rounded once, half up (away
    from zero), by ``rounding``: a number of digits, a currency or its
    ``round`` method (to the currency's step, e.g. 0.01 or 0.05), another
    function (called once with the float of the exact amount) or None (not
    rounded)."""
    step = rounding_step(rounding)
    if step is not None:
        units = (amount / step).quantize(
            decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP)
        return float((units * step).quantize(step))
    if callable(rounding):
        return rounding(float(amount))
    return float(amount)


def round_amount(amount, rounding=None):
    """``amount`` rounded by ``rounding`` (see ``round_decimal``), from the
    decimal it is written with."""
    if rounding is None:
        return amount
    return round_decimal(to_decimal(amount), rounding)


def prorate(amount, part, whole, rounding=None):
    """``amount * part / whole``, computed exactly in ``Decimal`` from the
    decimal ``amount`` is written with and rounded once, half up, by
    ``rounding`` (see ``round_decimal``)."""
    exact = to_decimal(amount)
    if part != whole:
        exact = exact * part / whole
    return round_decimal(exact, rounding)


def prorated_amount(amount, period, date_from=None, date_to=None,
                    rounding=None):
    """``amount`` (the price of a whole ``period``) for the days from
    ``date_from`` to ``date_to``, both included, inside ``period``; exact,
    rounded once by ``rounding`` (see ``round_decimal``)."""
    return prorate(amount, days_used(period, date_from, date_to),
                   period_days(period), rounding)


def invoiced_period(invoice_date, cycle_day, mode):
    """The period an invoice dated ``invoice_date`` bills: the one that
    contains it when ``mode`` is prepaid, the previous one when postpaid."""
    period = period_of(invoice_date, cycle_day)
    if mode == MODE_PREPAID:
        return period
    if mode == MODE_POSTPAID:
        return previous_period(period)
    raise ValueError('unknown billing mode %r' % (mode,))


def split_amount(total, weights, rounding=None):
    """``total`` split in proportion to ``weights``; the rounding remainder
    goes to the last share so that the shares add up to ``total``. Equal
    shares when every weight is 0."""
    weights = [float(weight or 0.0) for weight in weights]
    if not weights:
        return []
    weight_sum = sum(weights)
    if not weight_sum:
        weights = [1.0] * len(weights)
        weight_sum = float(len(weights))
    shares = [round_amount(float(total) * weight / weight_sum, rounding)
              for weight in weights[:-1]]
    shares.append(round_amount(float(total) - sum(shares), rounding))
    return shares
