# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A direct debit revoked in the portal stops on its effective date:
applied before it, the mandate stays valid and the daily job cancels it on
the day (once); applied on or after it, the mandate is cancelled at once. A
mandate in a debit order not uploaded yet is not cancelled behind the
staff's back."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

IBAN = 'ES60 0049 1500 0512 3456 7892'
CANCEL_NOTE = 'cancelled: revoked by the customer from the portal'


class TestPortalRevokeSchedule(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestPortalRevokeSchedule, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz='UTC',
                                       tracking_disable=True))
        cls.partner = cls.env['res.partner'].create({
            'name': 'Rita & Sons Revoke', 'customer': True})
        cls.bank = cls.env['res.partner.bank'].create({
            'partner_id': cls.partner.id, 'acc_number': IBAN})
        cls.mandate = cls.env['account.banking.mandate'].create({
            'partner_bank_id': cls.bank.id, 'signature_date': '2024-01-02'})
        cls.mandate.validate()
        cls.Request = cls.env['isp.portal.request']
        cls.today = fields.Date.from_string(
            fields.Date.context_today(cls.Request))

    def _day(self, days):
        return fields.Date.to_string(self.today + timedelta(days=days))

    def _revoke(self, date_effective):
        return self.Request._isp_portal_create(
            self.partner, 'mandate_revoke', 'Revoke direct debit',
            'The customer revoked the direct debit.',
            payload={'date_effective': date_effective},
            mandate_id=self.mandate.id)

    def _notes(self, record, text=CANCEL_NOTE):
        return record.message_ids.filtered(
            lambda message: text in (message.body or ''))

    def _debit_order(self, state):
        method = self.env['account.payment.method'].create({
            'name': 'Revoke test debit', 'code': 'isp_revoke_test',
            'payment_type': 'inbound', 'mandate_required': True})
        mode = self.env['account.payment.mode'].create({
            'name': 'Revoke test debit', 'bank_account_link': 'variable',
            'payment_method_id': method.id})
        order = self.env['account.payment.order'].create(
            {'payment_mode_id': mode.id})
        self.env['account.payment.line'].create({
            'order_id': order.id, 'partner_id': self.partner.id,
            'partner_bank_id': self.bank.id, 'mandate_id': self.mandate.id,
            'amount_currency': 29.9, 'communication': 'INV/2026/0001',
            'currency_id': self.env.user.company_id.currency_id.id})
        order.state = state
        return order

    def test_applied_before_its_date_the_mandate_stays_valid_until_then(self):
        day = self._day(10)
        req = self._revoke(day)
        req.action_apply()
        self.assertEqual(req.state, 'done')
        self.assertEqual(self.mandate.state, 'valid')
        self.assertEqual(self.mandate.isp_revoke_date, day)
        self.Request._isp_cron_revoke_mandates(date_ref=self._day(9))
        self.assertEqual(self.mandate.state, 'valid')
        self.Request._isp_cron_revoke_mandates(date_ref=day)
        self.assertEqual(self.mandate.state, 'cancel')
        self.assertFalse(self.mandate.isp_revoke_date)

    def test_the_job_run_twice_on_the_day_cancels_and_notes_once(self):
        day = self._day(3)
        self._revoke(day).action_apply()
        self.Request._isp_cron_revoke_mandates(date_ref=day)
        self.Request._isp_cron_revoke_mandates(date_ref=day)
        self.assertEqual(self.mandate.state, 'cancel')
        self.assertEqual(len(self._notes(self.mandate)), 1)
        self.assertEqual(len(self._notes(self.partner)), 1)

    def test_applied_on_or_after_its_date_the_mandate_is_cancelled_at_once(
            self):
        for days in (0, -3):
            with self.subTest(days=days):
                self.mandate.write({'state': 'valid'})
                req = self._revoke(self._day(days))
                req.action_apply()
                self.assertEqual(req.state, 'done')
                self.assertEqual(self.mandate.state, 'cancel')
                self.assertFalse(self.mandate.isp_revoke_date)
                self.assertIn(self._day(days),
                              self._notes(self.partner)[:1].body)

    def test_a_mandate_in_a_debit_order_not_uploaded_is_not_cancelled(self):
        order = self._debit_order('open')
        req = self._revoke(self._day(0))
        with self.assertRaisesRegex(UserError, order.name):
            req.action_apply()
        self.assertEqual(self.mandate.state, 'valid')
        self.assertEqual(req.state, 'pending')
        order.state = 'uploaded'
        req.action_apply()
        self.assertEqual(self.mandate.state, 'cancel')

    def test_the_job_leaves_a_mandate_in_a_debit_order_valid_with_one_note(
            self):
        day = self._day(5)
        self._revoke(day).action_apply()
        order = self._debit_order('generated')
        self.Request._isp_cron_revoke_mandates(date_ref=day)
        self.Request._isp_cron_revoke_mandates(date_ref=day)
        self.assertEqual(self.mandate.state, 'valid')
        self.assertEqual(self.mandate.isp_revoke_date, day)
        self.assertEqual(len(self._notes(self.mandate, order.name)), 1)
        order.state = 'uploaded'
        self.Request._isp_cron_revoke_mandates(date_ref=self._day(6))
        self.assertEqual(self.mandate.state, 'cancel')
