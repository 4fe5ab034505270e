# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from ..rules import mandate_check as mc

IBAN = 'ES91 2100 0418 4502 0005 1332'
OTHER = 'DE89370400440532013000'

CASES = [
    # (name, state, mandate IBAN, contract IBANs, blocked, amount, limit,
    #  expected reason)
    ('valid, same IBAN', 'valid', IBAN, [IBAN], '', 30.0, 0.0, None),
    ('IBAN spacing and case do not matter', 'valid',
     IBAN, ['es9121000418450200051332'], '', 30.0, 0.0, None),
    ('no contract IBAN: the mandate decides', 'valid', IBAN, [], '', 30.0,
     0.0, None),
    ('contract without IBAN is ignored', 'valid', IBAN, ['', None], '',
     30.0, 0.0, None),
    ('no mandate', None, '', [IBAN], '', 30.0, 0.0, mc.NO_MANDATE),
    ('no mandate (False)', False, '', [], '', 30.0, 0.0, mc.NO_MANDATE),
    ('draft mandate', 'draft', IBAN, [IBAN], '', 30.0, 0.0,
     mc.MANDATE_DRAFT),
    ('expired mandate', 'expired', IBAN, [IBAN], '', 30.0, 0.0,
     mc.MANDATE_EXPIRED),
    ('cancelled mandate', 'cancel', IBAN, [IBAN], '', 30.0, 0.0,
     mc.MANDATE_CANCELLED),
    ('unknown state is not valid', 'frozen', IBAN, [IBAN], '', 30.0, 0.0,
     mc.MANDATE_DRAFT),
    ('blocked after MD01', 'valid', IBAN, [IBAN], 'MD01: no mandate', 30.0,
     0.0, mc.MANDATE_BLOCKED),
    ('blank block is no block', 'valid', IBAN, [IBAN], '   ', 30.0, 0.0,
     None),
    ('cancelled wins over blocked', 'cancel', IBAN, [IBAN], 'MD06', 30.0,
     0.0, mc.MANDATE_CANCELLED),
    ('contract signed another IBAN', 'valid', IBAN, [OTHER], '', 30.0, 0.0,
     mc.OTHER_IBAN),
    ('one of two contracts on another IBAN', 'valid', IBAN, [IBAN, OTHER],
     '', 30.0, 0.0, mc.OTHER_IBAN),
    ('over the limit', 'valid', IBAN, [IBAN], '', 100.01, 100.0,
     mc.OVER_LIMIT),
    ('exactly the limit', 'valid', IBAN, [IBAN], '', 100.0, 100.0, None),
    ('float noise under the limit', 'valid', IBAN, [IBAN], '',
     0.1 + 0.2 + 99.7, 100.0, None),
    ('limit 0 is no limit', 'valid', IBAN, [IBAN], '', 1e7, 0.0, None),
    ('negative limit is no limit', 'valid', IBAN, [IBAN], '', 10.0, -1.0,
     None),
    ('other IBAN before the limit', 'valid', IBAN, [OTHER], '', 500.0,
     100.0, mc.OTHER_IBAN),
]


class TestMandateCheck(unittest.TestCase):

    def test_exclusion_reason_table(self):
        for (name, state, mandate_iban, contract_ibans, blocked, amount,
             limit, expected) in CASES:
            with self.subTest(name):
                self.assertEqual(
                    mc.exclusion_reason(state, mandate_iban, contract_ibans,
                                        blocked, amount, limit),
                    expected)

    def test_every_reason_has_a_label(self):
        codes = [code for code, _label in mc.REASONS]
        self.assertEqual(len(codes), len(set(codes)))
        for code in (mc.NO_MANDATE, mc.MANDATE_DRAFT, mc.MANDATE_EXPIRED,
                     mc.MANDATE_CANCELLED, mc.MANDATE_BLOCKED, mc.OTHER_IBAN,
                     mc.OVER_LIMIT, mc.ERROR):
            self.assertIn(code, codes)

    def test_limit_rounded_to_the_currency(self):
        # 100.004 is 100.00: not over a limit of 100 in cents...
        self.assertFalse(mc.is_over_limit(100.004, 100.0))
        # ...but over it in a currency of three decimals
        self.assertTrue(mc.is_over_limit(100.004, 100.0, digits=3))
        self.assertTrue(mc.is_over_limit(100.005, 100.0))
