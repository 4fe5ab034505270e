# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import unittest

from odoo.exceptions import ValidationError
from odoo.tests.common import at_install, post_install

from ..rules import credit_check
from .test_intake import IntakeCommon

D = datetime.date


class TestCreditCheckRule(unittest.TestCase):
    """The pure credit rule, as a table."""

    def test_failures_table(self):
        ref = D(2026, 3, 15)
        table = [
            # (unpaid invoices, max days, require id, id valid, expected)
            ([], 30, True, True, []),
            ([], 30, True, False, [('fiscal_id', None)]),
            ([], 30, False, False, []),
            ([('INV/1', D(2026, 2, 13))], 30, True, True, []),  # 30 days
            ([('INV/1', D(2026, 2, 12))], 30, True, True,
             [('overdue_invoice', ('INV/1', 31))]),
            ([('INV/1', D(2026, 4, 1))], 0, True, True, []),  # not due
            ([('INV/1', D(2026, 3, 14))], 0, True, True,
             [('overdue_invoice', ('INV/1', 1))]),
            ([('INV/1', D(2026, 1, 10))], 90, False, False, []),
            ([('INV/2', D(2026, 1, 10)), ('INV/1', D(2025, 12, 1))], 30,
             True, False,
             [('overdue_invoice', ('INV/1', 104)),
              ('overdue_invoice', ('INV/2', 64)),
              ('fiscal_id', None)]),
            ([('INV/1', None)], 0, False, False, []),
        ]
        for invoices, max_days, require, valid, expected in table:
            with self.subTest(invoices=invoices, max_days=max_days,
                              require=require, valid=valid):
                self.assertEqual(
                    credit_check.failures(
                        invoices, ref, max_days, require, valid),
                    expected)

    def test_bad_arguments_are_refused(self):
        with self.assertRaises(TypeError):
            credit_check.failures([], '2026-03-15', 30, True, True)
        with self.assertRaises(ValueError):
            credit_check.failures([], D(2026, 3, 15), -1, True, True)


@at_install(False)
@post_install(True)
class TestCreditCheck(IntakeCommon):

    @classmethod
    def setUpClass(cls):
        super(TestCreditCheck, cls).setUpClass()
        cls.params = cls.env['ir.config_parameter'].sudo()
        cls.params.set_param('isp_crm.credit_require_fiscal_id', 'True')
        cls.params.set_param('isp_crm.credit_max_overdue_days', '30')
        cls.good_customer = cls.env['res.partner'].create({
            'name': 'Good Payer',
            'customer': True,
            'country_id': cls.env.ref('base.es').id,
            'isp_fiscal_id_type': 'es_dni',
            'isp_fiscal_id': '45678901G',
        })
        cls.income_account = cls.env['account.account'].search([
            ('user_type_id', '=',
             cls.env.ref('account.data_account_type_revenue').id),
        ], limit=1)

    def _validated_contract(self, partner):
        order = self._create_contract(self.agent, partner=partner)
        order.sudo(self.backoffice).action_isp_validate()
        return order.sudo(self.backoffice)

    def _invoice(self, partner, date_due, post=True):
        invoice = self.env['account.invoice'].create({
            'partner_id': partner.id,
            'type': 'out_invoice',
            'date_invoice': '2025-12-01',
            'date_due': date_due,
            'invoice_line_ids': [(0, 0, {
                'name': 'Fibre December',
                'quantity': 1,
                'price_unit': 30.0,
                'account_id': self.income_account.id,
            })],
        })
        if post:
            invoice.action_invoice_open()
        return invoice

    def test_customer_with_fiscal_id_and_no_debt_passes(self):
        order = self._validated_contract(self.good_customer)
        order._isp_credit_check(date_ref='2026-03-15')
        self.assertEqual(order.isp_intake_state, 'credit_checked')
        self.assertEqual(order.isp_credit_check_result, 'passed')
        self.assertFalse(order.isp_credit_check_reasons)

    def test_customer_without_fiscal_id_fails_and_stays_validated(self):
        order = self._validated_contract(self.customer)
        order._isp_credit_check(date_ref='2026-03-15')
        self.assertEqual(order.isp_intake_state, 'validated')
        self.assertEqual(order.isp_credit_check_result, 'failed')
        self.assertIn('fiscal identity', order.isp_credit_check_reasons)
        self.assertEqual(order.isp_date_credit_check, '2026-03-15')
        self.assertEqual(order.isp_credit_checked_by_id, self.backoffice)

    def test_fiscal_id_not_required_by_settings_passes(self):
        self.params.set_param('isp_crm.credit_require_fiscal_id', 'False')
        order = self._validated_contract(self.customer)
        order._isp_credit_check(date_ref='2026-03-15')
        self.assertEqual(order.isp_credit_check_result, 'passed')

    def test_invoice_unpaid_longer_than_tolerated_fails(self):
        invoice = self._invoice(self.good_customer, '2026-01-10')
        order = self._validated_contract(self.good_customer)
        order._isp_credit_check(date_ref='2026-03-15')
        self.assertEqual(order.isp_intake_state, 'validated')
        self.assertEqual(order.isp_credit_check_result, 'failed')
        self.assertIn(invoice.number, order.isp_credit_check_reasons)
        self.assertIn('64 days', order.isp_credit_check_reasons)

    def test_overdue_days_are_counted_at_the_check_date(self):
        self._invoice(self.good_customer, '2026-01-10')
        order = self._validated_contract(self.good_customer)
        # 30 days after the due date: still tolerated
        order._isp_credit_check(date_ref='2026-02-09')
        self.assertEqual(order.isp_credit_check_result, 'passed')

    def test_tolerated_days_come_from_the_settings(self):
        self.params.set_param('isp_crm.credit_max_overdue_days', '90')
        self._invoice(self.good_customer, '2026-01-10')
        order = self._validated_contract(self.good_customer)
        order._isp_credit_check(date_ref='2026-03-15')
        self.assertEqual(order.isp_credit_check_result, 'passed')

    def test_draft_and_paid_invoices_do_not_count(self):
        self._invoice(self.good_customer, '2026-01-10', post=False)
        paid = self._invoice(self.good_customer, '2026-01-10')
        bank = self.env['account.journal'].search(
            [('type', '=', 'bank')], limit=1)
        paid.pay_and_reconcile(bank, paid.amount_total, date='2026-01-05')
        self.assertEqual(paid.state, 'paid')
        order = self._validated_contract(self.good_customer)
        order._isp_credit_check(date_ref='2026-03-15')
        self.assertEqual(order.isp_credit_check_result, 'passed')

    def test_contact_of_a_debtor_company_fails(self):
        company = self.env['res.partner'].create({
            'name': 'Debtor Ltd', 'is_company': True,
            'country_id': self.env.ref('base.es').id,
            'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': '45678901G',
        })
        contact = self.env['res.partner'].create({
            'name': 'Debtor Contact', 'parent_id': company.id})
        self._invoice(company, '2026-01-10')
        order = self._validated_contract(contact)
        order._isp_credit_check(date_ref='2026-03-15')
        self.assertEqual(order.isp_credit_check_result, 'failed')

    def test_manager_override_passes_a_failed_check(self):
        self._invoice(self.good_customer, '2026-01-10')
        order = self._validated_contract(self.good_customer)
        order._isp_credit_check(date_ref='2026-03-15')
        self.assertEqual(order.isp_credit_check_result, 'failed')
        order.sudo(self.manager)._isp_credit_override(
            'Debt settled with a payment promise')
        self.assertEqual(order.isp_intake_state, 'credit_checked')
        self.assertEqual(order.isp_credit_check_result, 'overridden')
        self.assertEqual(order.isp_credit_override_reason,
                         'Debt settled with a payment promise')
        # the findings of the failed check stay on the contract
        self.assertIn('64 days', order.isp_credit_check_reasons)


@at_install(False)
@post_install(True)
class TestIspSettings(IntakeCommon):

    PARAMS = ('isp_crm.credit_max_overdue_days',
              'isp_crm.credit_require_fiscal_id',
              'isp_crm.activity_reminder_days')

    def setUp(self):
        super(TestIspSettings, self).setUp()
        self.env['ir.config_parameter'].sudo().search(
            [('key', 'in', self.PARAMS)]).unlink()

    def test_settings_default_values(self):
        settings = self.env['res.config.settings'].create({})
        self.assertEqual(settings.isp_credit_max_overdue_days, 30)
        self.assertTrue(settings.isp_credit_require_fiscal_id)
        self.assertEqual(settings.isp_activity_reminder_days, 2)
        self.assertEqual(
            self.env['sale.order']._isp_credit_check_settings(), (30, True))

    def test_settings_are_saved_as_parameters(self):
        self.env['res.config.settings'].create({
            'isp_credit_max_overdue_days': 45,
            'isp_credit_require_fiscal_id': False,
            'isp_activity_reminder_days': 5,
        }).execute()
        params = self.env['ir.config_parameter'].sudo()
        self.assertEqual(
            params.get_param('isp_crm.credit_max_overdue_days'), '45')
        self.assertEqual(
            params.get_param('isp_crm.credit_require_fiscal_id'), 'False')
        self.assertEqual(
            params.get_param('isp_crm.activity_reminder_days'), '5')
        settings = self.env['res.config.settings'].create({})
        self.assertFalse(settings.isp_credit_require_fiscal_id)
        self.assertEqual(settings.isp_credit_max_overdue_days, 45)
        self.assertEqual(
            self.env['sale.order']._isp_credit_check_settings(), (45, False))

    def test_negative_days_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env['res.config.settings'].create({
                'isp_credit_max_overdue_days': -1})

    def test_settings_menu_opens_the_isp_block(self):
        action = self.env.ref('isp_crm.res_config_settings_action')
        self.assertEqual(action.res_model, 'res.config.settings')
        self.assertEqual(action.context, "{'module': 'isp_crm'}")
