# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import date as d

from odoo.tools.float_utils import float_round

from ..rules import billing_period as bp
from ..rules import migration as migration_rules

PERIOD_OF_CASES = [
    # (date, cycle day, expected start, expected end)
    (d(2024, 2, 10), 1, d(2024, 2, 1), d(2024, 2, 29)),   # leap February
    (d(2028, 2, 29), 1, d(2028, 2, 1), d(2028, 2, 29)),   # leap February
    (d(2023, 2, 28), 1, d(2023, 2, 1), d(2023, 2, 28)),   # common February
    (d(2100, 2, 1), 1, d(2100, 2, 1), d(2100, 2, 28)),    # 2100: not leap
    (d(2024, 4, 30), 1, d(2024, 4, 1), d(2024, 4, 30)),   # 30-day month
    (d(2024, 1, 31), 1, d(2024, 1, 1), d(2024, 1, 31)),   # 31-day month
    (d(2024, 12, 31), 1, d(2024, 12, 1), d(2024, 12, 31)),
    (d(2024, 1, 15), 15, d(2024, 1, 15), d(2024, 2, 14)),
    (d(2024, 1, 14), 15, d(2023, 12, 15), d(2024, 1, 14)),  # across year end
    (d(2024, 12, 20), 15, d(2024, 12, 15), d(2025, 1, 14)),  # across year end
    (d(2025, 1, 1), 15, d(2024, 12, 15), d(2025, 1, 14)),
    (d(2024, 2, 20), 15, d(2024, 2, 15), d(2024, 3, 14)),  # leap: 29 days
    (d(2023, 2, 20), 15, d(2023, 2, 15), d(2023, 3, 14)),  # common: 28 days
    (d(2024, 3, 1), 28, d(2024, 2, 28), d(2024, 3, 27)),
    (d(2024, 2, 28), 28, d(2024, 2, 28), d(2024, 3, 27)),
    (d(2024, 2, 27), 28, d(2024, 1, 28), d(2024, 2, 27)),
    (d(2024, 12, 31), 28, d(2024, 12, 28), d(2025, 1, 27)),
    ('2024-06-30', 1, d(2024, 6, 1), d(2024, 6, 30)),      # ISO string
]

PERIOD_DAYS_CASES = [
    ((d(2024, 2, 1), d(2024, 2, 29)), 29),
    ((d(2023, 2, 1), d(2023, 2, 28)), 28),
    ((d(2024, 4, 1), d(2024, 4, 30)), 30),
    ((d(2024, 1, 15), d(2024, 2, 14)), 31),
    ((d(2024, 2, 15), d(2024, 3, 14)), 29),
]

NEXT_PREVIOUS_CASES = [
    # (period, next, previous)
    ((d(2024, 1, 1), d(2024, 1, 31)),
     (d(2024, 2, 1), d(2024, 2, 29)), (d(2023, 12, 1), d(2023, 12, 31))),
    ((d(2024, 12, 15), d(2025, 1, 14)),
     (d(2025, 1, 15), d(2025, 2, 14)), (d(2024, 11, 15), d(2024, 12, 14))),
    ((d(2023, 1, 28), d(2023, 2, 27)),
     (d(2023, 2, 28), d(2023, 3, 27)), (d(2022, 12, 28), d(2023, 1, 27))),
]

PRORATION_CASES = [
    # (amount, period, activation, termination, digits, expected)
    (30.0, (d(2024, 4, 1), d(2024, 4, 30)), None, None, 2, 30.0),
    (30.0, (d(2024, 4, 1), d(2024, 4, 30)), d(2024, 4, 16), None, 2, 15.0),
    # activation on the last day: one day
    (31.0, (d(2024, 1, 1), d(2024, 1, 31)), d(2024, 1, 31), None, 2, 1.0),
    (29.0, (d(2024, 2, 1), d(2024, 2, 29)), d(2024, 2, 29), None, 2, 1.0),
    (28.0, (d(2023, 2, 1), d(2023, 2, 28)), d(2023, 2, 28), None, 2, 1.0),
    (10.0, (d(2023, 2, 1), d(2023, 2, 28)), d(2023, 2, 28), None, 2, 0.36),
    # termination on the first day: one day
    (30.0, (d(2024, 6, 1), d(2024, 6, 30)), None, d(2024, 6, 1), 2, 1.0),
    (29.9, (d(2024, 2, 1), d(2024, 2, 29)), None, d(2024, 2, 1), 2, 1.03),
    # activation and termination in the same period
    (31.0, (d(2024, 3, 1), d(2024, 3, 31)), d(2024, 3, 10), d(2024, 3, 19),
     2, 10.0),
    (29.9, (d(2024, 12, 15), d(2025, 1, 14)), d(2024, 12, 24),
     d(2025, 1, 2), 2, 9.65),
    (29.0, (d(2024, 2, 1), d(2024, 2, 29)), d(2024, 2, 29), d(2024, 2, 29),
     2, 1.0),
    # cycle 15 with activation inside, leap and common February
    (29.0, (d(2024, 2, 15), d(2024, 3, 14)), d(2024, 3, 1), None, 2, 14.0),
    (28.0, (d(2023, 2, 15), d(2023, 3, 14)), d(2023, 3, 1), None, 2, 14.0),
    # service outside the period: nothing
    (30.0, (d(2024, 6, 1), d(2024, 6, 30)), d(2024, 7, 1), None, 2, 0.0),
    (30.0, (d(2024, 6, 1), d(2024, 6, 30)), None, d(2024, 5, 31), 2, 0.0),
    # dates around the period are clamped to it
    (30.0, (d(2024, 6, 1), d(2024, 6, 30)), d(2024, 1, 1), d(2024, 12, 31),
     2, 30.0),
    # rounding: digits, half up, or a function
    (10.0, (d(2024, 1, 1), d(2024, 1, 31)), d(2024, 1, 21), None, 2, 3.55),
    (10.0, (d(2024, 1, 1), d(2024, 1, 31)), d(2024, 1, 21), None, 0, 4.0),
    (-30.0, (d(2024, 4, 1), d(2024, 4, 30)), d(2024, 4, 16), None, 2,
     -15.0),
    # exactly half a cent: rounded up, once (in float, 353.15 * 3 / 30 is
    # 35.31499999999999, which gave 35.31); found by trying every amount
    # from 1.00 to 999.99 for every part of a 28- to 31-day period
    (353.15, (d(2024, 6, 1), d(2024, 6, 30)), d(2024, 6, 28), None, 2,
     35.32),
    (353.15, (d(2023, 2, 1), d(2023, 2, 28)), d(2023, 2, 23), None, 2,
     75.68),
    (3.05, (d(2024, 9, 1), d(2024, 9, 30)), d(2024, 9, 28), None, 2, 0.31),
    (857.15, (d(2024, 4, 1), d(2024, 4, 30)), None, d(2024, 4, 21), 2,
     600.01),
    (37.97, (d(2023, 2, 1), d(2023, 2, 28)), d(2023, 2, 15), None, 2,
     18.99),
    (165.45, (d(2024, 11, 15), d(2024, 12, 14)), d(2024, 11, 16), None, 2,
     159.94),
    (-353.15, (d(2024, 6, 1), d(2024, 6, 30)), d(2024, 6, 28), None, 2,
     -35.32),
]

UNUSED_CASES = [
    # (amount, period, activation, change date, digits, expected)
    (31.0, (d(2026, 3, 1), d(2026, 3, 31)), None, d(2026, 3, 11), 2, 21.0),
    # exactly half a cent: rounded up, once (float: 35.31 and 4.99)
    (353.15, (d(2024, 6, 1), d(2024, 6, 30)), None, d(2024, 6, 28), 2,
     35.32),
    (11.1, (d(2024, 6, 1), d(2024, 6, 30)), d(2024, 6, 11), d(2024, 6, 22),
     2, 5.0),
    # the change before the activation: all the invoiced amount
    (11.1, (d(2024, 6, 1), d(2024, 6, 30)), d(2024, 6, 11), d(2024, 6, 1),
     2, 11.1),
    (11.1, (d(2024, 6, 1), d(2024, 6, 30)), None, d(2024, 7, 1), 2, 0.0),
]


INVOICED_PERIOD_CASES = [
    # (invoice date, cycle day, mode, expected period)
    (d(2024, 3, 1), 1, 'prepaid', (d(2024, 3, 1), d(2024, 3, 31))),
    (d(2024, 3, 1), 1, 'postpaid', (d(2024, 2, 1), d(2024, 2, 29))),
    (d(2023, 3, 1), 1, 'postpaid', (d(2023, 2, 1), d(2023, 2, 28))),
    (d(2024, 3, 20), 1, 'prepaid', (d(2024, 3, 1), d(2024, 3, 31))),
    (d(2025, 1, 15), 15, 'prepaid', (d(2025, 1, 15), d(2025, 2, 14))),
    (d(2025, 1, 15), 15, 'postpaid', (d(2024, 12, 15), d(2025, 1, 14))),
    (d(2025, 1, 1), 1, 'postpaid', (d(2024, 12, 1), d(2024, 12, 31))),
    (d(2024, 1, 10), 15, 'prepaid', (d(2023, 12, 15), d(2024, 1, 14))),
    (d(2024, 3, 28), 28, 'postpaid', (d(2024, 2, 28), d(2024, 3, 27))),
]

SPLIT_CASES = [
    (30.0, [20.0, 10.0], 2, [20.0, 10.0]),
    (10.0, [1.0, 1.0, 1.0], 2, [3.33, 3.33, 3.34]),
    (25.0, [0.0, 0.0], 2, [12.5, 12.5]),
    (45.0, [35.0, 12.0, 3.0], 2, [31.5, 10.8, 2.7]),
]


class FakeCurrency(object):
    """What the rules use of a ``res.currency``: its rounding step, and a
    ``round`` that rounds as Odoo's (floats, half up with an epsilon)."""

    def __init__(self, rounding):
        self.rounding = rounding

    def round(self, amount):
        return float_round(amount, precision_rounding=self.rounding)


class TestBillingPeriod(unittest.TestCase):

    def test_period_of_a_date_for_each_cycle_day(self):
        for date, cycle_day, start, end in PERIOD_OF_CASES:
            with self.subTest(date=date, cycle_day=cycle_day):
                self.assertEqual(bp.period_of(date, cycle_day), (start, end))

    def test_every_date_of_a_period_gives_that_period(self):
        for cycle_day in (1, 15, 28):
            period = bp.period_of(d(2024, 2, 20), cycle_day)
            day = period[0]
            while day <= period[1]:
                with self.subTest(cycle_day=cycle_day, day=day):
                    self.assertEqual(bp.period_of(day, cycle_day), period)
                day += bp.ONE_DAY

    def test_cycle_days_that_do_not_exist_every_month_are_refused(self):
        for cycle_day in (0, 29, 30, 31, -1, None, 1.5, '1', True):
            with self.subTest(cycle_day=cycle_day):
                with self.assertRaises(ValueError):
                    bp.period_of(d(2024, 1, 1), cycle_day)
                self.assertFalse(bp.is_valid_cycle_day(cycle_day))

    def test_days_in_period(self):
        for period, days in PERIOD_DAYS_CASES:
            with self.subTest(period=period):
                self.assertEqual(bp.period_days(period), days)

    def test_next_and_previous_periods(self):
        for period, following, preceding in NEXT_PREVIOUS_CASES:
            with self.subTest(period=period):
                self.assertEqual(bp.next_period(period), following)
                self.assertEqual(bp.previous_period(period), preceding)
                self.assertEqual(
                    bp.previous_period(bp.next_period(period)), period)

    def test_prorated_amount_by_days(self):
        for amount, period, date_from, date_to, digits, expected in \
                PRORATION_CASES:
            with self.subTest(amount=amount, period=period,
                              date_from=date_from, date_to=date_to):
                self.assertEqual(
                    bp.prorated_amount(amount, period, date_from, date_to,
                                       digits), expected)

    def test_prorated_amount_with_a_rounding_function(self):
        def to_5_cents(amount):
            return round(amount * 20) / 20
        self.assertEqual(bp.prorated_amount(
            10.0, (d(2024, 1, 1), d(2024, 1, 31)), d(2024, 1, 21),
            rounding=to_5_cents), 3.55)
        self.assertAlmostEqual(bp.prorated_amount(
            10.0, (d(2024, 1, 1), d(2024, 1, 31)), d(2024, 1, 21)),
            10.0 * 11 / 31)

    def test_prorated_amount_with_the_currency_round_is_exact(self):
        """``currency.round`` (what the models pass) rounds the exact
        amount to the currency's step, once."""
        june = (d(2024, 6, 1), d(2024, 6, 30))
        euro = FakeCurrency(0.01)
        # the float product rounded by Odoo: a cent less
        self.assertEqual(euro.round(353.15 * 3 / 30), 35.31)
        self.assertEqual(bp.prorated_amount(
            353.15, june, d(2024, 6, 28), rounding=euro.round), 35.32)
        self.assertEqual(bp.prorated_amount(
            353.15, june, d(2024, 6, 28), rounding=euro), 35.32)
        # a step of 5 cents: 10.00 for 11 of 31 days (3.548...) is 3.55,
        # 10.25 for 15 of 30 days (5.125) is 5.15
        cash = FakeCurrency(0.05)
        self.assertEqual(bp.prorated_amount(
            10.0, (d(2024, 1, 1), d(2024, 1, 31)), d(2024, 1, 21),
            rounding=cash.round), 3.55)
        self.assertEqual(bp.prorated_amount(
            10.25, june, d(2024, 6, 16), rounding=cash.round), 5.15)

    def test_unused_part_of_an_invoiced_period(self):
        for amount, period, date_start, date_change, digits, expected in \
                UNUSED_CASES:
            with self.subTest(amount=amount, date_start=date_start,
                              date_change=date_change):
                self.assertEqual(migration_rules.unused_amount(
                    amount, period, date_start, date_change, digits),
                    expected)
                self.assertEqual(migration_rules.unused_amount(
                    amount, period, date_start, date_change,
                    FakeCurrency(0.01).round), expected)

    def test_period_an_invoice_covers(self):
        for invoice_date, cycle_day, mode, period in INVOICED_PERIOD_CASES:
            with self.subTest(date=invoice_date, cycle_day=cycle_day,
                              mode=mode):
                self.assertEqual(
                    bp.invoiced_period(invoice_date, cycle_day, mode),
                    period)

    def test_unknown_billing_mode_is_refused(self):
        with self.assertRaises(ValueError):
            bp.invoiced_period(d(2024, 1, 1), 1, 'monthly')

    def test_split_amount_adds_up_to_the_total(self):
        for total, weights, digits, shares in SPLIT_CASES:
            with self.subTest(total=total, weights=weights):
                result = bp.split_amount(total, weights, digits)
                self.assertEqual(result, shares)
                self.assertAlmostEqual(sum(result), total)
