# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import datetime

from odoo.addons.isp_helpdesk.rules import sla

OPENED = datetime(2026, 3, 2, 9, 0)


class TestSlaRules(unittest.TestCase):

    def test_deadline_adds_calendar_hours_or_none_without_sla(self):
        cases = [
            (OPENED, 8, datetime(2026, 3, 2, 17, 0)),
            (OPENED, 24, datetime(2026, 3, 3, 9, 0)),
            (OPENED, 1.5, datetime(2026, 3, 2, 10, 30)),
            (OPENED, 0, None),
            (OPENED, None, None),
            (None, 8, None),
        ]
        for start, hours, expected in cases:
            with self.subTest(start=start, hours=hours):
                self.assertEqual(sla.deadline(start, hours), expected)

    def test_overdue_only_when_open_and_past_the_deadline(self):
        deadline = datetime(2026, 3, 2, 17, 0)
        cases = [
            (deadline, False, datetime(2026, 3, 2, 17, 1), True),
            (deadline, False, datetime(2026, 3, 2, 16, 59), False),
            (deadline, True, datetime(2026, 3, 5, 0, 0), False),
            (None, False, datetime(2026, 3, 5, 0, 0), False),
        ]
        for date_deadline, closed, now, expected in cases:
            with self.subTest(closed=closed, now=now):
                self.assertEqual(
                    sla.is_overdue(date_deadline, closed, now), expected)

    def test_reminder_due_within_the_window_once(self):
        deadline = datetime(2026, 3, 2, 17, 0)
        cases = [
            # (remind_hours, now, already_reminded, expected)
            (2, datetime(2026, 3, 2, 14, 59), False, False),
            (2, datetime(2026, 3, 2, 15, 0), False, True),
            (2, datetime(2026, 3, 2, 18, 0), False, True),
            (2, datetime(2026, 3, 2, 16, 0), True, False),
            (0, datetime(2026, 3, 2, 16, 0), False, False),
            (0, datetime(2026, 3, 2, 17, 0), False, True),
        ]
        for remind_hours, now, reminded, expected in cases:
            with self.subTest(remind_hours=remind_hours, now=now):
                self.assertEqual(
                    sla.reminder_due(deadline, remind_hours, now, reminded),
                    expected)
        self.assertFalse(sla.reminder_due(None, 2, OPENED))
