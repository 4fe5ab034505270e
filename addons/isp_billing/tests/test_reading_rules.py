# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import date as d

from ..rules import reading as rr

OLD = rr.Meter('A', date_installed=d(2024, 1, 1), date_removed=d(2024, 6, 1))
NEW = rr.Meter('B', date_installed=d(2024, 6, 1), replaced='A',
               replaced_final_value=1500.0, initial_value=10.0)
GAS = rr.Meter('G', has_corrector=True, date_installed=d(2024, 1, 1))
OTHER = rr.Meter('C', date_installed=d(2024, 1, 1))


def r(day, value, meter=OLD, corrector=None):
    return rr.Reading(day, value, corrector, meter)


PREVIOUS = r(d(2024, 3, 1), 1200.0)
NEXT = r(d(2024, 5, 1), 1400.0)

CHECK_CASES = [
    # (reading, previous, next, expected problem codes)
    (r(d(2024, 4, 1), 1300.0), PREVIOUS, NEXT, []),
    (r(d(2024, 4, 1), 1200.0), PREVIOUS, None, []),          # no use
    (r('2024-04-01', 1300.0), PREVIOUS, None, []),            # ISO string
    (r(d(2024, 2, 1), 100.0), None, None, []),                # first one
    (r(d(2024, 4, 1), 1199.999), PREVIOUS, None, [rr.BELOW_PREVIOUS]),
    (r(d(2024, 3, 1), 1300.0), PREVIOUS, None, [rr.NOT_AFTER_PREVIOUS]),
    (r(d(2024, 2, 28), 1300.0), PREVIOUS, None, [rr.NOT_AFTER_PREVIOUS]),
    (r(d(2024, 2, 28), 1100.0), PREVIOUS, None,
     [rr.NOT_AFTER_PREVIOUS, rr.BELOW_PREVIOUS]),
    (r(d(2024, 4, 1), 1450.0), PREVIOUS, NEXT, [rr.ABOVE_NEXT]),
    (r(d(2024, 5, 2), 1300.0), PREVIOUS, NEXT, [rr.NOT_BEFORE_NEXT]),
    (r(d(2024, 4, 1), -1.0), None, None, [rr.NEGATIVE_VALUE]),
    (r(d(2023, 12, 31), 5.0), None, None, [rr.BEFORE_INSTALLATION]),
    (r(d(2024, 6, 2), 1500.0), PREVIOUS, None, [rr.AFTER_REMOVAL]),
    # gas corrector: required, and the corrector's index is billed
    (r(d(2024, 4, 1), 50.0, GAS), None, None, [rr.CORRECTOR_MISSING]),
    (r(d(2024, 4, 1), 50.0, GAS, 48.0), None, None, []),
    (r(d(2024, 4, 1), 60.0, GAS, 47.0), r(d(2024, 3, 1), 50.0, GAS, 48.0),
     None, [rr.BELOW_PREVIOUS]),
    (r(d(2024, 4, 1), 50.0, OLD, 48.0), None, None,
     [rr.CORRECTOR_WITHOUT_CORRECTOR]),
    # another meter: only after a recorded replacement
    (r(d(2024, 4, 1), 10.0, OTHER), PREVIOUS, None, [rr.METER_CHANGED]),
    (r(d(2024, 7, 1), 40.0, NEW), PREVIOUS, None, []),
    (r(d(2024, 7, 1), 5.0, NEW), PREVIOUS, None, [rr.BELOW_INITIAL]),
    (r(d(2024, 5, 1), 40.0, NEW), PREVIOUS, None, [rr.BEFORE_INSTALLATION]),
    (r(d(2024, 7, 1), 40.0, NEW), r(d(2024, 5, 1), 1600.0), None,
     [rr.FINAL_BELOW_PREVIOUS]),
]

CONSUMPTION_CASES = [
    # (previous, reading, consumption)
    (PREVIOUS, r(d(2024, 4, 1), 1300.5), 100.5),
    (PREVIOUS, r(d(2024, 4, 1), 1200.0), 0.0),
    (r(d(2024, 1, 1), 0.1), r(d(2024, 2, 1), 0.3), 0.2),      # no float noise
    # old meter 1200 -> 1500 (300), new meter 10 -> 40 (30)
    (PREVIOUS, r(d(2024, 7, 1), 40.0, NEW), 330.0),
    # corrected volume, not the meter's
    (r(d(2024, 3, 1), 50.0, GAS, 48.0), r(d(2024, 4, 1), 70.0, GAS, 66.5),
     18.5),
]


class TestReadingRules(unittest.TestCase):

    def test_check_reading_table(self):
        for reading, previous, next_reading, expected in CHECK_CASES:
            problems = rr.check_reading(reading, previous, next_reading)
            self.assertEqual([code for code, _params in problems], expected,
                             (reading, previous, next_reading))

    def test_problem_names_the_previous_reading(self):
        problems = rr.check_reading(r(d(2024, 4, 1), 1100.0), PREVIOUS)
        self.assertEqual(problems, [(rr.BELOW_PREVIOUS, {
            'date': d(2024, 3, 1), 'value': 1200.0, 'meter': 'A'})])

    def test_consumption_table(self):
        for previous, reading, expected in CONSUMPTION_CASES:
            self.assertEqual(rr.consumption(previous, reading), expected,
                             (previous, reading))
