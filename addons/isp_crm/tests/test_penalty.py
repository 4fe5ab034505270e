# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import unittest

from ..rules import penalty


def d(value):
    return datetime.datetime.strptime(value, '%Y-%m-%d').date()


class TestCommitmentEnd(unittest.TestCase):

    def test_commitment_end_table(self):
        # (start, months, first day free of commitment)
        table = [
            ('2023-03-15', 12, '2024-03-15'),
            ('2023-11-15', 2, '2024-01-15'),      # across the year end
            ('2023-12-31', 12, '2024-12-31'),
            ('2024-01-31', 1, '2024-02-29'),      # leap February
            ('2023-01-31', 1, '2023-02-28'),      # common February
            ('2024-02-29', 12, '2025-02-28'),     # leap day, next year
            ('2024-02-29', 48, '2028-02-29'),     # leap day, leap year
            ('2023-03-31', 1, '2023-04-30'),      # 30-day month
            ('2023-08-31', 6, '2024-02-29'),
            ('2024-01-01', 24, '2026-01-01'),
        ]
        for start, months, expected in table:
            self.assertEqual(
                penalty.commitment_end(d(start), months), d(expected),
                '%s + %s months' % (start, months))

    def test_commitment_end_accepts_odoo_date_strings(self):
        self.assertEqual(penalty.commitment_end('2024-01-31', 1),
                         d('2024-02-29'))
        self.assertEqual(
            penalty.commitment_end(datetime.datetime(2024, 1, 31, 23, 0), 1),
            d('2024-02-29'))

    def test_no_commitment_without_months_or_start(self):
        self.assertIsNone(penalty.commitment_end(d('2024-01-01'), 0))
        self.assertIsNone(penalty.commitment_end(d('2024-01-01'), None))
        self.assertIsNone(penalty.commitment_end(None, 12))
        self.assertIsNone(penalty.commitment_end(d('2024-01-01'), -3))


class TestEarlyTerminationPenalty(unittest.TestCase):

    def test_penalty_table(self):
        # (type, amount, start, months, termination, expected)
        table = [
            # no penalty rule
            ('none', 120.0, '2023-01-01', 12, '2023-02-01', 0.0),
            # fixed: the whole amount inside the commitment, 0 from its end
            ('fixed', 50.0, '2023-01-01', 12, '2023-01-01', 50.0),
            ('fixed', 50.0, '2023-01-01', 12, '2023-12-31', 50.0),
            ('fixed', 50.0, '2023-01-01', 12, '2024-01-01', 0.0),
            ('fixed', 50.0, '2023-01-01', 12, '2025-06-30', 0.0),
            # linear in days: 365-day commitment, 183 days left
            ('linear', 120.0, '2023-01-01', 12, '2023-07-02',
             120.0 * 183 / 365),
            # leap year: 366-day commitment, 183 days left = half
            ('linear', 120.0, '2024-01-01', 12, '2024-07-02', 60.0),
            # on the start date (or before): the full amount
            ('linear', 120.0, '2024-01-01', 12, '2024-01-01', 120.0),
            ('linear', 120.0, '2024-01-01', 12, '2023-12-15', 120.0),
            # the last day of the commitment: one day left
            ('linear', 366.0, '2024-01-01', 12, '2024-12-31', 1.0),
            # on the end date and after: nothing
            ('linear', 120.0, '2024-01-01', 12, '2025-01-01', 0.0),
            ('linear', 120.0, '2024-01-01', 12, '2025-03-01', 0.0),
            # month end start: 31 Jan + 1 month ends on 29 Feb (29 days)
            ('linear', 29.0, '2024-01-31', 1, '2024-02-15', 14.0),
            ('linear', 29.0, '2024-01-31', 1, '2024-02-29', 0.0),
            # common year: 31 Jan + 1 month ends on 28 Feb (28 days)
            ('linear', 28.0, '2023-01-31', 1, '2023-02-14', 14.0),
            # leap day start, 12 months: ends 28 Feb 2025 (365 days)
            ('linear', 365.0, '2024-02-29', 12, '2024-03-01', 364.0),
            # no commitment or no amount: nothing to pay
            ('fixed', 50.0, '2023-01-01', 0, '2023-02-01', 0.0),
            ('linear', 0.0, '2023-01-01', 12, '2023-02-01', 0.0),
        ]
        for ptype, amount, start, months, end, expected in table:
            self.assertAlmostEqual(
                penalty.early_termination_penalty(
                    ptype, amount, d(start), months, d(end)),
                expected, places=6,
                msg='%s %s from %s for %s months, ends %s' % (
                    ptype, amount, start, months, end))

    def test_linear_penalty_decreases_day_by_day(self):
        start = d('2024-01-01')
        amounts = [
            penalty.early_termination_penalty(
                'linear', 100.0, start, 6, start + datetime.timedelta(n))
            for n in range(0, 190)
        ]
        self.assertEqual(amounts[0], 100.0)
        self.assertEqual(amounts[-1], 0.0)
        for before, after in zip(amounts, amounts[1:]):
            self.assertGreaterEqual(before, after)

    def test_penalty_accepts_odoo_date_strings(self):
        self.assertAlmostEqual(
            penalty.early_termination_penalty(
                'linear', 120.0, '2024-01-01', 12, '2024-07-02'), 60.0)

    def test_unknown_penalty_type_is_refused(self):
        with self.assertRaises(ValueError):
            penalty.early_termination_penalty(
                'monthly', 10.0, d('2024-01-01'), 12, d('2024-02-01'))
