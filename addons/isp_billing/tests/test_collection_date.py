# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import unittest

from ..rules.collection_date import (
    add_business_days, collection_date, is_business_day)


def d(text):
    return datetime.date(*map(int, text.split('-')))


BUSINESS_DAY_CASES = [
    # (day, expected, why)
    ('2027-03-25', True, 'Thursday before Easter'),
    ('2027-03-26', False, 'Good Friday 2027'),
    ('2027-03-27', False, 'Saturday'),
    ('2027-03-28', False, 'Easter Sunday'),
    ('2027-03-29', False, 'Easter Monday 2027'),
    ('2027-03-30', True, 'Tuesday after Easter'),
    ('2026-05-01', False, '1 May (a Friday)'),
    ('2026-12-24', True, '24 December is open'),
    ('2026-12-25', False, 'Christmas'),
    ('2026-12-26', False, '26 December'),
    ('2026-12-28', True, 'Monday after Christmas'),
    ('2027-01-01', False, '1 January 2027 is a Friday'),
    ('2027-01-04', True, 'first business day of 2027'),
    ('2026-08-15', False, 'Assumption on a Saturday: weekend'),
    ('2026-08-17', True, 'national holidays are not TARGET2 holidays'),
    ('2026-10-12', True, 'Spanish national day: TARGET2 open'),
]

ADD_CASES = [
    # (day, n, expected, why)
    ('2026-12-07', 0, '2026-12-07', 'n=0 on a business day: the same day'),
    ('2026-12-05', 0, '2026-12-07', 'n=0 on a Saturday: Monday'),
    ('2026-12-04', 1, '2026-12-07', 'Friday + 1: Monday'),
    ('2026-12-05', 1, '2026-12-08', 'Saturday + 1: Tuesday'),
    ('2026-12-23', 2, '2026-12-28', '23/12 + 2 skips 25-27 December'),
    ('2026-12-24', 1, '2026-12-28', '24/12 + 1: Monday 28/12'),
    ('2026-12-31', 1, '2027-01-04', '31/12 + 1 skips 1 January and weekend'),
    ('2027-03-25', 1, '2027-03-30', 'Thursday + 1 across Easter 2027'),
    ('2027-03-25', 5, '2027-04-05', 'a week of business days over Easter'),
    ('2026-04-30', 1, '2026-05-04', '1 May on a Friday, then weekend'),
]

COLLECTION_CASES = [
    # (due, today, lead days, expected, why)
    ('2026-12-15', '2026-12-01', 1, '2026-12-15', 'due in the future'),
    ('2026-11-20', '2026-12-01', 1, '2026-12-02',
     'due date in the past: today + lead time'),
    ('2026-12-05', '2026-12-01', 1, '2026-12-07',
     'due on a Saturday: next Monday'),
    ('2026-12-04', '2026-12-04', 1, '2026-12-07',
     'due today, a Friday: lead time crosses the weekend'),
    ('2026-12-07', '2026-12-04', 2, '2026-12-08',
     'two lead days from Friday cross the weekend'),
    ('2026-12-24', '2026-12-23', 1, '2026-12-24', '24 December is open'),
    ('2026-12-25', '2026-12-01', 1, '2026-12-28', 'Christmas: Monday 28'),
    ('2026-12-26', '2026-12-01', 1, '2026-12-28', '26/12 (Saturday)'),
    ('2027-01-01', '2026-12-01', 1, '2027-01-04', '1 January, a Friday'),
    ('2027-03-26', '2027-03-01', 1, '2027-03-30', 'Good Friday 2027'),
    ('2027-03-29', '2027-03-01', 1, '2027-03-30', 'Easter Monday 2027'),
    ('2027-03-26', '2027-03-25', 1, '2027-03-30',
     'the day after Thursday is Good Friday'),
    ('2026-12-10', '2026-12-09', 0, '2026-12-10', 'no lead time'),
    ('2026-12-10', '2026-12-05', 0, '2026-12-10',
     'no lead time, today on a weekend'),
]


class TestCollectionDate(unittest.TestCase):

    def test_business_days_are_target2_open_days(self):
        for day, expected, why in BUSINESS_DAY_CASES:
            with self.subTest(day=day, why=why):
                self.assertEqual(is_business_day(d(day)), expected)

    def test_add_business_days_skips_weekends_and_closing_days(self):
        for day, n, expected, why in ADD_CASES:
            with self.subTest(day=day, n=n, why=why):
                self.assertEqual(add_business_days(d(day), n), d(expected))

    def test_add_business_days_refuses_negative_count(self):
        with self.assertRaises(ValueError):
            add_business_days(d('2026-12-07'), -1)

    def test_collection_date_is_due_date_or_lead_time_on_business_day(self):
        for due, today, lead, expected, why in COLLECTION_CASES:
            with self.subTest(due=due, today=today, lead=lead, why=why):
                result = collection_date(d(due), d(today), lead)
                self.assertEqual(result, d(expected))
                self.assertTrue(is_business_day(result))

    def test_collection_date_accepts_iso_strings(self):
        self.assertEqual(collection_date('2027-03-26', '2027-03-01', 1),
                         d('2027-03-30'))
        self.assertTrue(is_business_day('2027-03-30'))
        self.assertEqual(add_business_days('2026-12-24', 1), d('2026-12-28'))

    def test_collection_date_never_on_a_closing_day_over_two_years(self):
        day = d('2026-01-01')
        while day < d('2028-01-01'):
            result = collection_date(day, d('2025-12-01'), 1)
            self.assertNotIn(result.weekday(), (5, 6))
            self.assertFalse((result.month, result.day) in (
                (1, 1), (5, 1), (12, 25), (12, 26)), result)
            self.assertNotIn(result, (d('2026-04-03'), d('2026-04-06'),
                                      d('2027-03-26'), d('2027-03-29')))
            day += datetime.timedelta(days=1)
