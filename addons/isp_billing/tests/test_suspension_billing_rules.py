# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import date as d

from ..rules import suspension_billing as rules

JUNE = (d(2026, 6, 1), d(2026, 6, 30))

BILLED_DAYS_CASES = [
    # (first, last, suspensions, days billed)
    (d(2026, 6, 1), d(2026, 6, 30), [], 30),
    # suspended on the 11th, reconnected on the 21st: 10 days out
    (d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 6, 11), d(2026, 6, 21))], 20),
    # still suspended: out up to the last day
    (d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 6, 21), None)], 20),
    # suspended before the period, still suspended: nothing billed
    (d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 5, 20), None)], 0),
    # suspended before the period, reconnected on the 6th: 5 days out
    (d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 5, 20), d(2026, 6, 6))], 25),
    # reconnected on the first day of the period: nothing out
    (d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 5, 20), d(2026, 6, 1))], 30),
    # suspended and reconnected the same day: nothing out
    (d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 6, 10), d(2026, 6, 10))], 30),
    # two suspensions: 4 + 6 days out
    (d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 6, 3), d(2026, 6, 7)),
                                     (d(2026, 6, 20), d(2026, 6, 26))], 20),
    # overlapping suspensions count their days once: 5th to 14th
    (d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 6, 5), d(2026, 6, 12)),
                                     (d(2026, 6, 10), d(2026, 6, 15))], 20),
    # a suspension after the days billed (service terminated on the 15th)
    (d(2026, 6, 1), d(2026, 6, 15), [(d(2026, 6, 20), None)], 15),
    # activated on the 10th, suspended from the 1st of July: all billed
    (d(2026, 6, 10), d(2026, 6, 30), [(d(2026, 7, 1), None)], 21),
    # activated on the 10th, suspended on the 25th, still suspended
    (d(2026, 6, 10), d(2026, 6, 30), [(d(2026, 6, 25), None)], 15),
    # ISO strings, as Odoo 11 stores dates
    ('2026-06-01', '2026-06-30', [('2026-06-11', '2026-06-21')], 20),
    # no day at all
    (d(2026, 6, 10), d(2026, 6, 9), [], 0),
]

AMOUNT_CASES = [
    # (amount, first, last, suspensions, digits, expected)
    (30.0, d(2026, 6, 1), d(2026, 6, 30),
     [(d(2026, 6, 11), d(2026, 6, 21))], 2, 20.0),
    (45.0, d(2026, 6, 1), d(2026, 6, 30),
     [(d(2026, 6, 11), d(2026, 6, 21))], 2, 30.0),
    # 353.15 * 20 / 30 = 235.4333...
    (353.15, d(2026, 6, 1), d(2026, 6, 30),
     [(d(2026, 6, 11), d(2026, 6, 21))], 2, 235.43),
    # no suspension: the whole price
    (29.9, d(2026, 6, 1), d(2026, 6, 30), [], 2, 29.9),
    # fully suspended: 0
    (29.9, d(2026, 6, 1), d(2026, 6, 30), [(d(2026, 5, 1), None)], 2, 0.0),
    # a campaign part (1st to 14th) with 4 days out: 10 of 30 days
    (30.0, d(2026, 6, 1), d(2026, 6, 14),
     [(d(2026, 6, 11), d(2026, 6, 21))], 2, 10.0),
    # 35.315 (3 of 30 days of 353.15) rounds half up
    (353.15, d(2026, 6, 1), d(2026, 6, 30),
     [(d(2026, 6, 4), None)], 2, 35.32),
]


class TestSuspensionBillingRules(unittest.TestCase):

    def test_billed_days_leave_out_each_suspended_day_once(self):
        for first, last, suspensions, expected in BILLED_DAYS_CASES:
            with self.subTest(first=first, last=last,
                              suspensions=suspensions):
                self.assertEqual(
                    rules.billed_days(first, last, suspensions), expected)

    def test_suspended_days_and_billed_days_make_the_days_billed(self):
        for first, last, suspensions, expected in BILLED_DAYS_CASES[:-1]:
            with self.subTest(first=first, suspensions=suspensions):
                total = (rules.period_rules.to_date(last)
                         - rules.period_rules.to_date(first)).days + 1
                self.assertEqual(
                    rules.suspended_days(first, last, suspensions),
                    total - expected)

    def test_suspended_ranges_merge_overlapping_suspensions(self):
        self.assertEqual(
            rules.suspended_ranges(d(2026, 6, 1), d(2026, 6, 30), [
                (d(2026, 6, 10), d(2026, 6, 16)),
                (d(2026, 6, 5), d(2026, 6, 12)),
                (d(2026, 6, 16), d(2026, 6, 18)),
                (d(2026, 6, 25), None)]),
            [(d(2026, 6, 5), d(2026, 6, 17)),
             (d(2026, 6, 25), d(2026, 6, 30))])

    def test_amount_prorated_by_the_days_not_suspended(self):
        for amount, first, last, suspensions, digits, expected in \
                AMOUNT_CASES:
            with self.subTest(amount=amount, first=first, last=last,
                              suspensions=suspensions):
                self.assertEqual(
                    rules.prorated_amount(amount, JUNE, first, last,
                                          suspensions, rounding=digits),
                    expected)

    def test_without_suspension_it_is_the_prorated_amount_of_the_days(self):
        for first, last in [(d(2026, 6, 1), d(2026, 6, 30)),
                            (d(2026, 6, 20), d(2026, 6, 30)),
                            (d(2026, 6, 1), d(2026, 6, 19))]:
            with self.subTest(first=first, last=last):
                self.assertEqual(
                    rules.prorated_amount(353.15, JUNE, first, last,
                                          rounding=2),
                    rules.period_rules.prorated_amount(
                        353.15, JUNE, first, last, rounding=2))
