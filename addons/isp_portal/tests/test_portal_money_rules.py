# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from ..rules import portal_money as rules


class TestPortalMoneyRules(unittest.TestCase):

    def test_invoice_status(self):
        cases = [
            # state, due, returns, today -> status
            ('paid', '2026-01-10', 0, '2026-03-01', rules.PAID),
            ('paid', '2026-01-10', 2, '2026-03-01', rules.PAID),
            ('cancel', '2026-01-10', 0, '2026-03-01', rules.CANCELLED),
            ('open', '2026-01-10', 1, '2026-01-01', rules.RETURNED),
            ('open', '2026-02-28', 0, '2026-03-01', rules.OVERDUE),
            ('open', '2026-03-01', 0, '2026-03-01', rules.OPEN),
            ('open', False, 0, '2026-03-01', rules.OPEN),
        ]
        for state, due, returns, today, expected in cases:
            self.assertEqual(
                rules.invoice_status(state, due, returns, today), expected,
                (state, due, returns, today))

    def test_amount_to_pay_by_policy(self):
        cases = [
            # policy, total, last, typed -> (amount, problem)
            ('total', 100.0, 60.0, '1', (100.0, None)),
            ('total', 0.0, 0.0, None, (0.0, rules.NOTHING_DUE)),
            ('last', 100.0, 60.0, '1', (60.0, None)),
            ('last', 100.0, 0.0, None, (0.0, rules.NOTHING_DUE)),
            ('last', 30.0, 60.0, None, (30.0, None)),
            ('free', 100.0, 60.0, '25,50', (25.5, None)),
            ('free', 100.0, 60.0, ' 100 ', (100.0, None)),
            ('free', 100.0, 60.0, '100.01', (100.01, rules.ABOVE_DEBT)),
            ('free', 100.0, 60.0, '0', (0.0, rules.NOT_POSITIVE)),
            ('free', 100.0, 60.0, '-5', (-5.0, rules.NOT_POSITIVE)),
            ('free', 100.0, 60.0, 'abc', (0.0, rules.NOT_A_NUMBER)),
            ('free', 100.0, 60.0, 'nan', (0.0, rules.NOT_A_NUMBER)),
            ('free', 100.0, 60.0, '', (0.0, rules.NOT_A_NUMBER)),
        ]
        for policy, total, last, typed, expected in cases:
            self.assertEqual(
                rules.amount_to_pay(policy, total, last, typed), expected,
                (policy, total, last, typed))

    def test_running_balance(self):
        lines = rules.running_balance(10.0, [
            {'debit': 40.0, 'credit': 0.0},
            {'debit': 0.0, 'credit': 50.0},
            {'debit': 0.1, 'credit': 0.0},
            {'debit': 0.2, 'credit': 0.0},
        ])
        self.assertEqual([line["balance"] for line in lines],
                         [50.0, 0.0, 0.1, 0.3])
