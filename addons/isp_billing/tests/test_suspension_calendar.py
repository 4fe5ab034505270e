# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import unittest

from ..rules.suspension_calendar import (
    country_holidays, is_suspension_day, is_suspension_hour,
    may_suspend_now, next_suspension_day, suspension_moment)


def d(text):
    return datetime.date(*map(int, text.split('-')))


def dt(text):
    return datetime.datetime.strptime(text, '%Y-%m-%d %H:%M')


SPAIN = country_holidays('ES')

NEXT_DAY_CASES = [
    # (due day, closing days, expected, why)
    ('2026-11-16', (), '2026-11-16', 'a Monday before a working day'),
    ('2026-11-14', (), '2026-11-16', 'a Saturday moves to Monday'),
    ('2026-11-15', (), '2026-11-16', 'a Sunday moves to Monday'),
    ('2026-12-25', (), '2026-12-28',
     '25 December (a Friday) moves past the weekend'),
    ('2026-12-24', (), '2026-12-28', 'the day before Christmas is refused'),
    ('2026-12-07', (), '2026-12-09',
     'the day before 8 December (Inmaculada) and the holiday itself'),
    ('2027-01-05', (), '2027-01-07', 'the day before Epiphany'),
    ('2026-11-18', ('2026-11-18',), '2026-11-19',
     'a closing day of the company'),
    ('2026-11-17', ('2026-11-18',), '2026-11-19',
     'the day before a closing day'),
    ('2026-11-21', ('2026-11-23',), '2026-11-24',
     'a Saturday before a closing Monday'),
    ('2026-11-20', ('2026-11-23',), '2026-11-20',
     'a Friday is not the day before Monday'),
]


class TestSuspensionCalendar(unittest.TestCase):

    def test_next_suspension_day_skips_weekends_holidays_and_eves(self):
        for day, closing, expected, why in NEXT_DAY_CASES:
            with self.subTest(day=day, why=why):
                self.assertEqual(
                    next_suspension_day(day, SPAIN, closing), d(expected))

    def test_saturday_sunday_and_christmas_are_never_suspension_days(self):
        for day in ('2026-11-14', '2026-11-15', '2026-12-25'):
            with self.subTest(day=day):
                self.assertFalse(is_suspension_day(day, SPAIN))

    def test_ordinary_weekday_is_a_suspension_day(self):
        self.assertTrue(is_suspension_day('2026-11-19', SPAIN))

    def test_day_before_weekend_refused_only_when_asked(self):
        self.assertTrue(is_suspension_day('2026-11-20', SPAIN))
        self.assertFalse(is_suspension_day(
            '2026-11-20', SPAIN, avoid_day_before_weekend=True))
        self.assertEqual(next_suspension_day(
            '2026-11-20', SPAIN, avoid_day_before_weekend=True),
            d('2026-11-23'))

    def test_unknown_country_has_no_holidays_but_keeps_weekends(self):
        none = country_holidays('XX')
        self.assertEqual(len(none), 0)
        self.assertEqual(next_suspension_day('2026-12-25', none),
                         d('2026-12-25'))
        self.assertEqual(next_suspension_day('2026-12-26', none),
                         d('2026-12-28'))

    def test_hours_bounds_are_from_inclusive_to_exclusive(self):
        self.assertTrue(is_suspension_hour(9.0, 9.0, 18.0))
        self.assertTrue(is_suspension_hour(17.99, 9.0, 18.0))
        self.assertFalse(is_suspension_hour(18.0, 9.0, 18.0))
        self.assertFalse(is_suspension_hour(8.5, 9.0, 18.0))

    def test_wrong_hours_are_refused(self):
        with self.assertRaises(ValueError):
            is_suspension_hour(10, 18.0, 9.0)
        with self.assertRaises(ValueError):
            is_suspension_hour(10, 9.0, 25.0)

    def test_suspension_moment_inside_the_hours_is_now(self):
        now = dt('2026-11-16 12:00')
        self.assertEqual(suspension_moment(now, 9.0, 18.0, SPAIN), now)
        self.assertTrue(may_suspend_now(now, 9.0, 18.0, SPAIN))

    def test_suspension_moment_before_opening_waits_for_opening(self):
        self.assertEqual(
            suspension_moment(dt('2026-11-16 07:45'), 9.5, 18.0, SPAIN),
            dt('2026-11-16 09:30'))
        self.assertFalse(may_suspend_now(dt('2026-11-16 07:45'), 9.5, 18.0,
                                         SPAIN))

    def test_suspension_moment_after_closing_moves_to_next_allowed_day(self):
        self.assertEqual(
            suspension_moment(dt('2026-11-16 18:00'), 9.0, 18.0, SPAIN),
            dt('2026-11-17 09:00'))
        # Friday evening: Monday morning
        self.assertEqual(
            suspension_moment(dt('2026-11-20 19:00'), 9.0, 18.0, SPAIN),
            dt('2026-11-23 09:00'))
        # 24 December at noon: not before 28 December
        self.assertEqual(
            suspension_moment(dt('2026-12-24 12:00'), 9.0, 18.0, SPAIN),
            dt('2026-12-28 09:00'))

    def test_suspension_moment_honours_closing_days(self):
        self.assertEqual(
            suspension_moment(dt('2026-11-17 10:00'), 9.0, 18.0, SPAIN,
                              closing_days=[d('2026-11-18')]),
            dt('2026-11-19 09:00'))
