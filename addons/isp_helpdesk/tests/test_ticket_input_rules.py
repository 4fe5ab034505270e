# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from odoo.addons.isp_helpdesk.rules import ticket_input


class TestTicketInputRules(unittest.TestCase):

    def test_daily_limit_reached_only_when_enabled(self):
        cases = [
            (False, 1, 10, False),
            (True, 3, 2, False),
            (True, 3, 3, True),
            (True, 3, 4, True),
            (True, 0, 0, True),
        ]
        for enabled, limit, count, expected in cases:
            with self.subTest(enabled=enabled, limit=limit, count=count):
                self.assertEqual(ticket_input.daily_limit_reached(
                    enabled, limit, count), expected)

    def test_ticket_title_is_first_non_empty_line_shortened(self):
        cases = [
            ('No internet\nsince today', 'No internet'),
            ('\n\n  Router red light  \nmore', 'Router red light'),
            ('x' * 70, 'x' * 59 + '\u2026'),
            ('', ''),
        ]
        for description, expected in cases:
            with self.subTest(description=description):
                self.assertEqual(
                    ticket_input.ticket_title(description), expected)
