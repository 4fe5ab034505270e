# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
from unittest import mock

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.addons.queue_job.job import Job

from .common import IspBillingCommon


def at(day, hour=10):
    """A moment of ``day`` (ISO) at ``hour`` (company time)."""
    return datetime.datetime.strptime(day, '%Y-%m-%d') + \
        datetime.timedelta(hours=hour)


def plus(day, days):
    return fields.Date.to_string(
        fields.Date.from_string(day) + datetime.timedelta(days=days))


class TestDunning(IspBillingCommon):
    """The default policy: reminder D+3 e-mail, second reminder D+7 SMS,
    suspension notice D+10 letter, suspension D+15, run by the daily
    dunning on given dates (a Spanish company, 09:00-18:00)."""

    @classmethod
    def setUpClass(cls):
        super(TestDunning, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.partner_id.tz = 'Europe/Madrid'
        cls.policy = cls.env.ref(
            'isp_billing.credit_control_policy_isp_default')
        cls.levels = {
            level.level: level for level in cls.policy.level_ids}
        cls.reconnection = cls.env['product.product'].create({
            'name': 'Dunning test reconnection', 'type': 'service',
            'list_price': 15.0, 'taxes_id': [(6, 0, [])]})
        cls.letter_fee = cls.env['product.product'].create({
            'name': 'Dunning test letter fee', 'type': 'service',
            'list_price': 3.0, 'taxes_id': [(6, 0, [])]})
        cls.levels[3].isp_fee_product_id = cls.letter_fee
        cls.company.write({
            'country_id': cls.env.ref('base.es').id,
            'credit_policy_id': cls.policy.id,
            'isp_dunning_suspend_scope': 'all',
            'isp_suspension_hour_from': 9.0,
            'isp_suspension_hour_to': 18.0,
            'isp_suspension_avoid_day_before_weekend': False,
            'isp_reconnection_product_id': cls.reconnection.id,
        })
        # a receivable account of its own: only the test's invoices are
        # dunned, whatever else the database holds
        cls.receivable = cls.env['account.account'].create({
            'code': 'DUN430',
            'name': 'Dunning test receivable',
            'user_type_id': cls.env.ref(
                'account.data_account_type_receivable').id,
            'reconcile': True,
            'company_id': cls.company.id,
        })
        cls.policy.account_ids = [(6, 0, cls.receivable.ids)]
        # the calendar of the tests: Spain's holidays, no closing day
        cls.env['isp.closing.day'].search(
            [('company_id', '=', cls.company.id)]).unlink()
        cls.income = cls.env['account.account'].search([
            ('user_type_id', '=', cls.env.ref(
                'account.data_account_type_revenue').id),
            ('company_id', '=', cls.company.id)], limit=1)
        cls.sale_journal = cls.env['account.journal'].search([
            ('type', '=', 'sale'), ('company_id', '=', cls.company.id)],
            limit=1)
        cls.bank_journal = cls.env['account.journal'].search([
            ('type', '=', 'bank'), ('company_id', '=', cls.company.id)],
            limit=1)
        cls.debtor = cls.env['res.partner'].create({
            'name': 'Dora Debtor',
            'customer': True,
            'email': 'dora@example.com',
            'mobile': '+34600111222',
            'lang': 'en_US',
            'property_account_receivable_id': cls.receivable.id,
        })
        cls.fibre = cls._create_subscription(cls.debtor)
        cls.tv = cls._create_subscription(cls.debtor)
        (cls.fibre | cls.tv)._activate(date_start='2026-09-01')

    # -- helpers ------------------------------------------------------------

    def _invoice(self, date_due, amount=30.0):
        invoice = self.env['account.invoice'].create({
            'partner_id': self.debtor.id,
            'type': 'out_invoice',
            'journal_id': self.sale_journal.id,
            'account_id': self.receivable.id,
            'date_invoice': plus(date_due, -15),
            'date_due': date_due,
            'invoice_line_ids': [(0, 0, {
                'name': 'Fibre', 'quantity': 1.0, 'price_unit': amount,
                'account_id': self.income.id})],
        })
        invoice.action_invoice_open()
        invoice.date_due = date_due
        invoice.move_id.line_ids.filtered(
            lambda l: l.account_id == self.receivable).write(
                {'date_maturity': date_due})
        return invoice

    def _dun(self, day, hour=10):
        return self.env['credit.control.run']._isp_run_dunning(
            self.company, day, at(day, hour))

    def _lines(self, invoice):
        return self.env['credit.control.line'].search(
            [('invoice_id', '=', invoice.id)], order='level, id')

    def _levels_sent(self, invoice):
        return self._lines(invoice).filtered(
            lambda l: l.state == 'sent').mapped('level')

    def _reach_suspension_level(self, due):
        """The dunning run on the day of each level up to the
        suspension's (D+3, D+7, D+10, D+15)."""
        for days in (3, 7, 10, 15):
            self._dun(plus(due, days))

    def _suspended(self):
        return (self.fibre | self.tv).filtered(
            lambda s: s.state == 'suspended')

    def _notes(self, record):
        return record.message_ids.mapped('body')

    # -- levels -------------------------------------------------------------

    def test_each_level_fires_on_its_day_exactly_once(self):
        invoice = self._invoice('2026-10-01')
        expected = [
            # (day, levels sent after the day's run)
            ('2026-10-03', []),
            ('2026-10-04', [1]),      # D+3 reminder
            ('2026-10-04', [1]),      # the same day again: nothing new
            ('2026-10-05', [1]),      # the next day: nothing new
            ('2026-10-08', [1, 2]),   # D+7 second reminder
            ('2026-10-09', [1, 2]),
            ('2026-10-11', [1, 2, 3]),  # D+10 suspension notice
            ('2026-10-15', [1, 2, 3]),
            ('2026-10-16', [1, 2, 3, 4]),  # D+15 suspension (a Friday)
            ('2026-10-16', [1, 2, 3, 4]),
            ('2026-10-17', [1, 2, 3, 4]),
        ]
        for day, levels in expected:
            self._dun(day)
            self.assertEqual(self._levels_sent(invoice), levels, day)
        # one line per level, each sent on its own day
        lines = self._lines(invoice)
        self.assertEqual(lines.mapped('level'), [1, 2, 3, 4])
        self.assertEqual(lines.mapped('date_sent'), [
            '2026-10-04', '2026-10-08', '2026-10-11', '2026-10-16'])
        self.assertEqual(lines.mapped('channel'),
                         ['email', 'sms', 'letter', 'email'])
        # the reminder is an e-mail to the customer (OCA's mail, queued)
        self.assertIn('dora@example.com', lines[0].mail_message_id.email_to)
        # the letter is on the customer's chatter, the fee on a service
        letters = self.debtor.message_ids.filtered(
            lambda m: m.attachment_ids and 'letter' in m.body)
        self.assertEqual(len(letters), 1)
        charges = self.env['isp.subscription.charge'].search(
            [('product_id', '=', self.letter_fee.id)])
        self.assertEqual(len(charges), 1)
        self.assertEqual(charges.price_unit, 3.0)
        self.assertIn(charges.subscription_id, self.fibre | self.tv)
        # each step is on the invoice's chatter too
        notes = ' '.join(self._notes(invoice))
        for level in self.policy.level_ids:
            self.assertIn(level.name, notes)
        # the suspension: every live service, with the reason
        self.assertEqual(self._suspended(), self.fibre | self.tv)
        self.assertTrue(self.fibre.isp_suspended_by_dunning)
        self.assertIn(invoice.number, self.fibre.isp_suspension_reason)
        self.assertIn(self.levels[4].name, self.fibre.isp_suspension_reason)
        self.assertEqual(self.fibre.isp_suspension_invoice_ids, invoice)
        self.assertEqual(self.debtor.isp_dunning_level_id, self.levels[4])

    def test_customer_with_active_promise_is_skipped_then_resumed(self):
        invoice = self._invoice('2026-10-01')
        partner_model = type(self.env['res.partner'])
        with mock.patch.object(partner_model, '_isp_promised_partner_ids',
                               return_value={self.debtor.id}):
            self._dun('2026-10-04')
            self.assertFalse(self._lines(invoice))
        # promise over (broken): the dunning resumes at the first level
        self._dun('2026-10-06')
        self.assertEqual(self._levels_sent(invoice), [1])

    # -- suspension calendar ------------------------------------------------

    def _assert_suspension_moves_to(self, due, waiting_days, allowed_day):
        invoice = self._invoice(due)
        self._reach_suspension_level(due)
        suspension = self._lines(invoice).filtered(lambda l: l.level == 4)
        self.assertEqual(suspension.state, 'to_be_sent')
        self.assertFalse(self._suspended())
        # planned at the opening of the allowed day (09:00 Madrid, UTC+1)
        self.assertEqual(suspension.isp_date_planned,
                         '%s 08:00:00' % allowed_day)
        for day in waiting_days:
            self._dun(day)
            self.assertFalse(self._suspended(), day)
        # the allowed day, before the opening hour: still waiting
        self._dun(allowed_day, hour=8)
        self.assertFalse(self._suspended())
        self._dun(allowed_day, hour=10)
        self.assertEqual(self._suspended(), self.fibre | self.tv)
        self.assertEqual(suspension.state, 'sent')
        self.assertEqual(suspension.date_sent, allowed_day)
        self.assertEqual(self.fibre.isp_date_suspension,
                         '%s 09:00:00' % allowed_day)

    def test_suspension_due_on_saturday_moves_to_monday(self):
        # D+15 = Saturday 14 November 2026
        self._assert_suspension_moves_to(
            '2026-10-30', ['2026-11-15'], '2026-11-16')

    def test_suspension_due_on_sunday_moves_to_monday(self):
        # D+15 = Sunday 15 November 2026
        self._assert_suspension_moves_to('2026-10-31', [], '2026-11-16')

    def test_suspension_due_on_christmas_moves_to_next_monday(self):
        # D+15 = Friday 25 December 2026
        self._assert_suspension_moves_to(
            '2026-12-10', ['2026-12-26', '2026-12-27'], '2026-12-28')

    def test_suspension_due_the_day_before_a_holiday_waits_past_it(self):
        # D+15 = Thursday 24 December 2026, the day before Christmas
        self._assert_suspension_moves_to(
            '2026-12-09', ['2026-12-25'], '2026-12-28')

    def test_suspension_waits_for_a_closing_day_and_the_day_before(self):
        self.env['isp.closing.day'].create({
            'name': 'Company party', 'date': '2026-11-18',
            'company_id': self.company.id})
        # D+15 = Tuesday 17 November, the day before the closing day
        self._assert_suspension_moves_to(
            '2026-11-02', ['2026-11-18'], '2026-11-19')

    def test_suspension_waiting_for_an_invoice_paid_meanwhile_is_dropped(self):
        invoice = self._invoice('2026-10-30')
        self._reach_suspension_level('2026-10-30')
        invoice.pay_and_reconcile(self.bank_journal, date='2026-11-15')
        self._dun('2026-11-16')
        self.assertFalse(self._suspended())
        suspension = self._lines(invoice).filtered(lambda l: l.level == 4)
        self.assertEqual(suspension.state, 'ignored')

    # -- reconnection -------------------------------------------------------

    def _suspend(self):
        invoice = self._invoice('2026-10-01')
        self._reach_suspension_level('2026-10-01')
        self.assertEqual(self._suspended(), self.fibre | self.tv)
        return invoice

    def test_payment_reconnects_through_the_job_with_the_fee(self):
        invoice = self._suspend()
        invoice.pay_and_reconcile(self.bank_journal, date='2026-10-20')
        self.assertEqual(invoice.state, 'paid')
        # queued: nothing changes until the job runs
        self.assertEqual(self._suspended(), self.fibre | self.tv)
        job = self.env['queue.job'].search(
            [('method_name', '=', '_isp_job_dunning_paid')])
        self.assertEqual(len(job), 1)
        self.assertEqual(job.record_ids, self.debtor.ids)
        Job.load(self.env, job.uuid).perform()
        self.assertFalse(self._suspended())
        self.assertEqual((self.fibre | self.tv).mapped('state'),
                         ['active', 'active'])
        self.assertFalse(self.fibre.isp_suspended_by_dunning)
        self.assertFalse(self.fibre.isp_suspension_reason)
        self.assertFalse(self.debtor.isp_dunning_level_id)
        # the reconnection fee waits for the next invoice, once
        fees = self.env['isp.subscription.charge'].search(
            [('product_id', '=', self.reconnection.id)])
        self.assertEqual(len(fees), 1)
        self.assertEqual(fees.state, 'pending')
        self.assertEqual(fees.price_unit, 15.0)
        self.assertIn(fees.subscription_id, self.fibre | self.tv)

    def test_payment_reconnects_at_once_without_job_delay(self):
        invoice = self._suspend()
        invoice.with_context(test_queue_job_no_delay=True).pay_and_reconcile(
            self.bank_journal, date='2026-10-20')
        self.assertFalse(self._suspended())

    def test_partial_payment_keeps_the_services_suspended(self):
        invoice = self._suspend()
        invoice.with_context(test_queue_job_no_delay=True).pay_and_reconcile(
            self.bank_journal, pay_amount=10.0, date='2026-10-20')
        self.assertEqual(invoice.state, 'open')
        self.assertEqual(self._suspended(), self.fibre | self.tv)

    def test_manual_reconnection_needs_a_reason(self):
        self._suspend()
        wizard = self.env['isp.reconnect.wizard'].sudo(
            self.billing_user).create({
                'subscription_ids': [(6, 0, self.fibre.ids)],
                'reason': '   ',
            })
        with self.assertRaises(UserError):
            wizard.action_reconnect()
        self.assertEqual(self.fibre.state, 'suspended')
        wizard.reason = 'Paid at the counter, receipt 42'
        wizard.bill_fee = False
        wizard.action_reconnect()
        self.assertEqual(self.fibre.state, 'active')
        self.assertEqual(self.tv.state, 'suspended')
        self.assertIn('receipt 42', ' '.join(self._notes(self.fibre)))
        self.assertFalse(self.env['isp.subscription.charge'].search(
            [('product_id', '=', self.reconnection.id)]))

    def test_manual_reconnection_refused_to_non_billing_users(self):
        self._suspend()
        wizard = self.env['isp.reconnect.wizard'].sudo(
            self.isp_user).create({
                'subscription_ids': [(6, 0, self.fibre.ids)],
                'reason': 'Friend of the boss',
            })
        with self.assertRaises(AccessError):
            wizard.action_reconnect()
        self.assertEqual(self.fibre.state, 'suspended')

    # -- channels and scope -------------------------------------------------

    def test_second_reminder_goes_by_sms_through_the_gateway(self):
        invoice = self._invoice('2026-10-01')
        sent = []

        class Gateway(object):
            def _send_sms(self, mobile, text):
                sent.append((mobile, text))

        comm_model = type(self.env['credit.control.communication'])
        with mock.patch.object(comm_model, '_isp_sms_gateway',
                               return_value=Gateway()):
            self._dun('2026-10-04')
            self.assertFalse(sent, 'the first level is an e-mail')
            self._dun('2026-10-08')
        self.assertEqual(len(sent), 1)
        mobile, text = sent[0]
        self.assertEqual(mobile, '+34600111222')
        self.assertIn(invoice.number, text)
        self.assertIn('30.00', text)
        self.assertEqual(self._levels_sent(invoice), [1, 2])
        self.assertIn('SMS sent to +34600111222', ' '.join(
            self._notes(self.debtor)))

    def test_second_reminder_without_gateway_goes_by_email(self):
        invoice = self._invoice('2026-10-01')
        comm_model = type(self.env['credit.control.communication'])
        with mock.patch.object(comm_model, '_isp_sms_gateway',
                               return_value=None):
            self._dun('2026-10-04')
            self._dun('2026-10-08')
        second = self._lines(invoice).filtered(lambda l: l.level == 2)
        self.assertEqual(second.state, 'sent')
        self.assertIn('dora@example.com', second.mail_message_id.email_to)

    def test_contract_scope_suspends_only_the_overdue_contract(self):
        self.company.isp_dunning_suspend_scope = 'contract'
        invoice = self._invoice('2026-10-01')
        # the invoice billed the fibre only
        self.env['isp.subscription.period'].create({
            'subscription_id': self.fibre.id,
            'date_start': '2026-09-01',
            'date_end': '2026-09-30',
            'invoice_line_id': invoice.invoice_line_ids.id,
        })
        self._reach_suspension_level('2026-10-01')
        self.assertEqual(self._suspended(), self.fibre)
        self.assertEqual(self.tv.state, 'active')

    # -- access -------------------------------------------------------------

    def test_run_now_and_send_now_are_for_billing_users_only(self):
        action = self.env.ref('isp_billing.ir_actions_server_isp_run_dunning')
        with self.assertRaises(AccessError):
            action.sudo(self.isp_user).run()
        run = self.env['credit.control.run'].create({
            'date': '2026-10-04', 'policy_ids': [(6, 0, self.policy.ids)]})
        run.generate_credit_lines()
        with self.assertRaises(AccessError):
            run.sudo(self.isp_user).action_isp_process_lines()
        self.assertFalse(self.env['isp.subscription.charge'].search(
            [('partner_id', '=', self.debtor.id)]))

    def test_billing_user_sends_the_lines_of_a_run(self):
        invoice = self._invoice('2026-10-01')
        run = self.env['credit.control.run'].sudo(self.billing_user).create({
            'date': '2026-10-04', 'policy_ids': [(6, 0, self.policy.ids)]})
        run.generate_credit_lines()
        self.assertEqual(self._lines(invoice).mapped('state'), ['draft'])
        run.action_isp_process_lines()
        self.assertEqual(self._levels_sent(invoice), [1])
