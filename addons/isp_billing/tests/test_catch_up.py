# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import date as d

from ..rules import catch_up

NOV = (d(2026, 11, 5), d(2026, 12, 4))
OCT = (d(2026, 10, 5), d(2026, 11, 4))
SEP = (d(2026, 9, 5), d(2026, 10, 4))
AUG = (d(2026, 8, 5), d(2026, 9, 4))
JUL = (d(2026, 7, 5), d(2026, 8, 4))

CASES = [
    # (what, target, date_start, date_end, invoiced starts, expected)
    ('never invoiced, activated long ago: the target only',
     NOV, '2026-01-05', None, [], [NOV]),
    ('never invoiced, activated in the period before: both',
     NOV, '2026-10-20', None, [], [OCT, NOV]),
    ('never invoiced, activated in the target',
     NOV, '2026-11-20', None, [], [NOV]),
    ('never invoiced, activated after the target: nothing',
     NOV, '2026-12-05', None, [], []),
    ('invoiced up to the period before: the target',
     NOV, '2026-01-05', None, ['2026-10-05'], [NOV]),
    ('last invoiced three periods back: the three missing ones',
     NOV, '2026-01-05', None, ['2026-07-05', '2026-08-05'],
     [SEP, OCT, NOV]),
    ('ISO strings and dates alike',
     ('2026-11-05', '2026-12-04'), d(2026, 1, 5), None,
     [d(2026, 8, 5)], [SEP, OCT, NOV]),
    ('target invoiced already: only the missing ones before it',
     NOV, '2026-01-05', None, ['2026-08-05', '2026-11-05'], [SEP, OCT]),
    ('everything invoiced: nothing',
     NOV, '2026-01-05', None, ['2026-10-05', '2026-11-05'], []),
    ('terminated in the middle of the gap: up to its end',
     NOV, '2026-01-05', '2026-09-20', ['2026-07-05'], [AUG, SEP]),
    ('an older hole is not refilled: after the last invoiced only',
     NOV, '2026-01-05', None, ['2026-07-05', '2026-10-05'], [NOV]),
    ('a later period invoiced (a run of an older date): up to the target',
     OCT, '2026-01-05', None, ['2026-08-05', '2026-11-05'], [SEP, OCT]),
    ('postpaid target, last invoiced three periods back',
     OCT, '2026-01-05', None, ['2026-06-05'], [JUL, AUG, SEP, OCT]),
    ('across the year end, cycle day 28',
     (d(2027, 1, 28), d(2027, 2, 27)), '2026-01-28', None, ['2026-10-28'],
     [(d(2026, 11, 28), d(2026, 12, 27)), (d(2026, 12, 28), d(2027, 1, 27)),
      (d(2027, 1, 28), d(2027, 2, 27))]),
]


class TestCatchUp(unittest.TestCase):

    def test_periods_to_invoice_table(self):
        for what, target, start, end, invoiced, expected in CASES:
            with self.subTest(what):
                self.assertEqual(
                    catch_up.periods_to_invoice(target, start, end, invoiced),
                    expected)
