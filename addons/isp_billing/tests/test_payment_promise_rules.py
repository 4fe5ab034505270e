# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import unittest

from ..rules.payment_promise import (
    ACTIVE, COOLDOWN, NO_OVERDUE, PAST, SUSPENDED, TOO_FAR, check_promise,
    latest_date, next_promise_date)

TODAY = datetime.date(2026, 3, 10)

# (date_promised, overrides of the defaults, expected problems, why)
CASES = [
    ('2026-03-10', {}, [], 'today is allowed'),
    ('2026-03-17', {}, [], 'the last allowed day (today + 7)'),
    ('2026-03-09', {}, [PAST], 'yesterday'),
    ('2026-03-18', {}, [TOO_FAR], 'one day beyond the maximum'),
    ('2026-03-20', {'max_days': 10}, [], 'a longer maximum'),
    ('2026-03-12', {'has_active': True}, [ACTIVE], 'one active at a time'),
    ('2026-03-12', {'last_promise_date': '2026-02-20'}, [COOLDOWN],
     '18 days after the last promise, 30 required'),
    ('2026-03-12', {'last_promise_date': '2026-02-08'}, [],
     'exactly 30 days after the last promise'),
    ('2026-03-12', {'last_promise_date': '2026-02-20',
                    'min_days_between': 0}, [], 'no cooldown'),
    ('2026-03-12', {'customer_suspended': True}, [SUSPENDED],
     'suspended customers may not promise'),
    ('2026-03-12', {'customer_suspended': True,
                    'suspended_may_promise': True}, [],
     'suspended customers may promise'),
    ('2026-03-12', {'has_overdue': False}, [NO_OVERDUE],
     'nothing overdue'),
    ('2026-03-01', {'has_active': True, 'has_overdue': False},
     [PAST, ACTIVE, NO_OVERDUE], 'every problem is reported'),
]


class TestPaymentPromiseRules(unittest.TestCase):

    def _check(self, date_promised, **overrides):
        args = dict(
            today=TODAY, date_promised=date_promised, max_days=7,
            last_promise_date=None, min_days_between=30, has_active=False,
            customer_suspended=False, suspended_may_promise=False)
        args.update(overrides)
        return check_promise(**args)

    def test_check_promise_table(self):
        for date_promised, overrides, expected, why in CASES:
            with self.subTest(why=why):
                self.assertEqual(
                    self._check(date_promised, **overrides), expected)

    def test_dates_accept_strings(self):
        self.assertEqual(latest_date('2026-03-10', 7),
                         datetime.date(2026, 3, 17))
        self.assertEqual(next_promise_date('2026-02-08', 30),
                         datetime.date(2026, 3, 10))
        self.assertIsNone(next_promise_date(False, 30))
