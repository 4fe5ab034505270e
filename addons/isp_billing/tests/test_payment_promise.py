# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError

from .promise_common import TODAY, PromiseCommon


class TestPaymentPromise(PromiseCommon):

    def _count(self):
        return self.env['isp.payment.promise'].search_count(
            [('partner_id', '=', self.customer.id)])

    def assertRefused(self, message_part, date_promised, today=TODAY,
                      **values):
        before = self._count()
        with self.assertRaises(ValidationError) as caught:
            self._promise(date_promised, today=today, **values)
        self.assertIn(message_part, caught.exception.name)
        self.assertEqual(self._count(), before, 'nothing saved')

    # ---------------------------------------------------------------- create

    def test_promise_covers_the_overdue_invoices_and_their_residual(self):
        promise = self._promise('2026-03-17')
        self.assertEqual(promise.state, 'active')
        self.assertEqual(promise.invoice_ids, self.overdue,
                         'the invoice not due yet is not promised')
        self.assertAlmostEqual(promise.amount, 29.9)
        self.assertEqual(promise.origin, 'staff')
        self.assertTrue(promise.name.startswith('PP/'))

    def test_promise_of_an_invoice_of_another_customer_is_refused(self):
        other = self.env['res.partner'].create({
            'name': 'Other promise customer', 'customer': True})
        foreign = self._create_invoice(other, 5.0, '2026-02-01',
                                       '2026-02-10')
        self.assertRefused('are not overdue invoices', '2026-03-12',
                           invoice_ids=[(6, 0, foreign.ids)])

    # -------------------------------------------------------------- refusals

    def test_promise_date_in_the_past_is_refused(self):
        self.assertRefused('is in the past', '2026-03-09')

    def test_promise_beyond_the_maximum_days_is_refused(self):
        self.assertRefused('is too far ahead', '2026-03-18')
        self.assertEqual(self._promise('2026-03-17').state, 'active',
                         'the last allowed day is accepted')

    def test_second_active_promise_is_refused(self):
        first = self._promise('2026-03-12')
        self.assertRefused('already has an active promise', '2026-03-13',
                           today='2026-03-11')
        first.action_cancel()
        self.assertEqual(self._promise('2026-03-13',
                                       today='2026-03-11').state, 'active',
                         'a cancelled promise neither blocks nor counts')

    def test_second_promise_inside_the_cooldown_is_refused(self):
        first = self._promise('2026-03-12')
        first.sudo().write({'state': 'broken'})
        self.assertRefused('a new promise can be made from 2026-04-09',
                           '2026-03-25', today='2026-03-20')
        self.assertEqual(self._promise('2026-04-10',
                                       today='2026-04-09').state, 'active',
                         'accepted once the 30 days are over')

    def test_customer_without_overdue_invoice_cannot_promise(self):
        self.assertRefused('has no overdue invoice', '2026-02-05',
                           today='2026-02-01')

    def test_promises_turned_off_are_refused(self):
        self.company.isp_promise_enabled = False
        self.assertRefused('turned off', '2026-03-12')

    def test_suspended_customer_may_not_promise_unless_allowed(self):
        self.subscription.action_suspend()
        self.assertRefused('suspended customers may not promise',
                           '2026-03-12')
        self.assertEqual(self.subscription.state, 'suspended')

    def test_suspended_customer_who_may_promise_is_reconnected(self):
        self.company.isp_promise_suspended_may_promise = True
        self.subscription.write({
            'isp_suspension_reason': 'Dunning level "Cut": overdue',
            'isp_suspended_by_dunning': True,
            'isp_state_before_suspension': 'active',
        })
        self.subscription.action_suspend()
        promise = self._promise('2026-03-15')
        self.assertEqual(self.subscription.state, 'active')
        self.assertEqual(promise.reconnected_subscription_ids,
                         self.subscription)
        events = self.env['isp.network.event'].search(
            [('subscription_id', '=', self.subscription.id)])
        self.assertEqual(events.mapped('kind'), ['reconnect', 'suspend'])
        self.assertIn(promise.name, events[0].reason)
        self.assertEqual(events[1].reason, 'Dunning level "Cut": overdue')
        self.assertFalse(self.subscription.isp_suspended_by_dunning)
        self.assertFalse(self.env['isp.subscription.charge'].search(
            [('subscription_id', '=', self.subscription.id)]),
            'no reconnection fee for a promise')

    def test_suspension_by_hand_is_not_reconnected_by_a_promise(self):
        self.company.isp_promise_suspended_may_promise = True
        self.subscription.action_suspend()
        self._promise('2026-03-15')
        self.assertEqual(self.subscription.state, 'suspended')

    # ----------------------------------------------------------- kept/broken

    def test_payment_of_the_promised_invoices_keeps_the_promise_at_once(self):
        promise = self._promise('2026-03-15')
        self.overdue.pay_and_reconcile(self.bank_journal, 29.9,
                                       '2026-03-12')
        self.assertEqual(self.overdue.state, 'paid')
        self.assertEqual(promise.state, 'kept')
        self.assertFalse(self.env['isp.payment.promise']
                         ._isp_promised_partner_ids('2026-03-13'))

    def test_partial_payment_does_not_keep_the_promise(self):
        promise = self._promise('2026-03-15')
        self.overdue.pay_and_reconcile(self.bank_journal, 10.0,
                                       '2026-03-12')
        self.env['isp.payment.promise']._cron_check_promises('2026-03-13')
        self.assertEqual(promise.state, 'active')

    def test_unpaid_promise_is_broken_the_day_after_its_date(self):
        promise = self._promise('2026-03-15')
        Promise = self.env['isp.payment.promise']
        Promise._cron_check_promises('2026-03-15')
        self.assertEqual(promise.state, 'active', 'its last day')
        Promise._cron_check_promises('2026-03-16')
        self.assertEqual(promise.state, 'broken')
        self.assertEqual(promise.date_closed, '2026-03-16')
        self.assertIn(promise.name, self.customer.message_ids[0].body)
        self.assertIn('broken', self.customer.message_ids[0].body)

    def test_promised_partner_ids_while_the_promise_is_active(self):
        Promise = self.env['isp.payment.promise']
        self._promise('2026-03-15')
        self.assertEqual(Promise._isp_promised_partner_ids('2026-03-09'),
                         set(), 'before it was made')
        self.assertEqual(Promise._isp_promised_partner_ids('2026-03-10'),
                         {self.customer.id})
        self.assertEqual(Promise._isp_promised_partner_ids('2026-03-15'),
                         {self.customer.id})
        self.assertEqual(Promise._isp_promised_partner_ids('2026-03-16'),
                         set(), 'after its date')
        Promise._cron_check_promises('2026-03-16')
        self.assertEqual(Promise._isp_promised_partner_ids('2026-03-12'),
                         set(), 'a broken promise no longer holds')

    def test_promise_of_a_contact_is_the_commercial_customer(self):
        contact = self.env['res.partner'].create({
            'name': 'Contact of the customer', 'parent_id': self.customer.id})
        promise = self._promise('2026-03-15', partner=contact)
        self.assertEqual(promise.partner_id, self.customer)
        self.assertEqual(self.env['isp.payment.promise']
                         ._isp_promised_partner_ids('2026-03-12'),
                         {self.customer.id})

    def test_portal_promise_in_the_past_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env['isp.payment.promise']._isp_portal_create_promise(
                self.customer, '2026-01-01')
        self.assertEqual(self._count(), 0)

    # ------------------------------------------------------ wizard and access

    def test_wizard_refuses_a_past_date_and_saves_nothing(self):
        wizard = self.env['isp.payment.promise.wizard'].sudo(
            self.billing_user).create({
                'partner_id': self.customer.id,
                'date_promised': '2026-01-01',
            })
        with self.assertRaises(ValidationError):
            wizard.action_confirm()
        self.assertEqual(self._count(), 0)

    def test_wizard_is_for_billing_users_only(self):
        wizard = self.env['isp.payment.promise.wizard'].sudo(
            self.isp_user).create({
                'partner_id': self.customer.id,
                'date_promised': '2026-01-01',
            })
        with self.assertRaises(UserError):
            wizard.action_confirm()

    def test_billing_user_records_promises_others_cannot_read_them(self):
        promise = self._promise('2026-03-15')
        promise.sudo(self.billing_user).action_cancel()
        self.assertEqual(promise.state, 'cancelled')
        with self.assertRaises(AccessError):
            self.env['isp.payment.promise'].sudo(self.isp_user).search([])
