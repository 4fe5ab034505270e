# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re
from unittest.mock import patch

from odoo.addons.isp_billing.rules import collection_date as collection_rules
from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install
from odoo.tools.misc import format_date

from odoo.addons.isp_portal.controllers.portal_money import (
    IspMoneyHomePortal)

from .money_common import MoneyHttpCase

QUERY_BUDGET = 30
_logger = logging.getLogger(__name__)


@at_install(False)
@post_install(True)
class TestPortalHome(MoneyHttpCase):
    """/my: balance, next debit, last invoice, pay, promise to pay."""

    def setUp(self):
        super(TestPortalHome, self).setUp()
        self.overdue = self._invoice(self.owner, 40.0,
                                     self._date(months=-1),
                                     self._date(months=-1, days=5))
        self.current = self._invoice(self.owner, 60.0, self._date(),
                                     self._date(days=10))
        self.foreign = self._invoice(self.other, 70.0,
                                     self._date(months=-1))
        self.transfer = self.env.ref('payment.payment_acquirer_transfer')
        self.transfer.write({'website_published': True,
                             'company_id': self.company.id,
                             'journal_id': self.bank.id})
        self.company.isp_portal_pay_policy = 'total'

    def _set_policy(self, policy):
        self.company.isp_portal_pay_policy = policy

    # -- home -------------------------------------------------------------

    def test_home_shows_balance_last_invoice_and_next_debit(self):
        method = self.env.ref(
            'account_banking_sepa_direct_debit.sepa_direct_debit')
        mode = self.env['account.payment.mode'].create({
            'name': 'Money SEPA', 'bank_account_link': 'fixed',
            'fixed_journal_id': self.bank.id,
            'payment_method_id': method.id, 'isp_sdd_lead_days': 2})
        self.current.sudo().payment_mode_id = mode
        self._login('money_owner')
        page = self._get('/my').text
        self.assertIn('40.00', self._text_of(page, 'o_isp_overdue'))
        self.assertIn('60.00', self._text_of(page, 'o_isp_not_due'))
        self.assertEqual(self.current.number, self._text_of(
            page, 'o_isp_last_number'))
        self.assertIn('/my/invoices/pdf/%d' % self.current.id, page)
        expected = collection_rules.collection_date(
            self.current.date_due, self.today, 2)
        self.assertEqual(self._text_of(page, 'o_isp_next_debit'),
                         format_date(self.env, expected))
        self.assertIn('href="/my/pay"', page)
        self.assertIn('href="/my/promise"', page)

    def test_other_customer_home_shows_only_his_money(self):
        self._login('money_other')
        page = self._get('/my').text
        self.assertIn('70.00', self._text_of(page, 'o_isp_overdue'))
        self.assertNotIn(self.current.number, page)

    def _home_queries(self):
        """(queries of /my, queries of the same page through the same
        layout without its money part: Odoo's home, its document
        counters and the per-request work of Odoo)."""
        total = self._queries('/my')
        with patch.object(IspMoneyHomePortal, '_isp_home_values',
                          lambda portal, **kw: {'isp_money': False}):
            empty = self._queries('/my')
        return total, empty

    def test_home_own_queries_at_most_30_and_same_with_24_months(self):
        """The money part of /my costs at most 30 SQL queries on top of
        the same page without it (Odoo's per-request work and the
        layout's document counters, measured here), and exactly as many
        with 1 or 24 months of invoices (no query per invoice)."""
        self._login('money_owner')
        one_month, one_month_empty = self._home_queries()
        for month in range(24):
            self._invoice(self.owner, 20.0 + month,
                          self._date(months=-2 - month))
        total, empty = self._home_queries()
        _logger.info('/my: %d queries (without the money part %d); with '
                     'one month of invoices %d (%d)', total, empty,
                     one_month, one_month_empty)
        self.assertLessEqual(total - empty, QUERY_BUDGET,
                             '/my: %d queries, without money %d' % (
                                 total, empty))
        self.assertEqual(total, one_month)
        # 40 + (20 + 21 + ... + 43) overdue
        self.assertIn('796.00', self._text_of(self._get('/my').text,
                                              'o_isp_overdue'))

    # -- pay --------------------------------------------------------------

    def _start_payment(self, amount=None):
        data = {'acquirer_id': self.transfer.id}
        if amount is not None:
            data['amount'] = amount
        return self._post('/my/pay', data)

    def test_pay_total_debt_through_the_acquirer_reconciles_when_done(self):
        self._login('money_owner')
        response = self._start_payment()
        self.assertEqual(response.status_code, 200)
        form = re.search(
            r'<form[^>]* action="/payment/transfer/feedback"[^>]*>'
            r'(.*?)</form>', response.text, re.S)
        self.assertTrue(form, 'no form posting to the acquirer')
        transaction = self.env['payment.transaction'].search(
            [('partner_id', '=', self.owner.id)])
        self.assertEqual(transaction.amount, 100.0)
        self.assertEqual(transaction.isp_portal_invoice_ids,
                         self.overdue | self.current)
        # the customer posts the acquirer's form: a transfer is pending
        fields = dict(re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
            form.group(1)))
        answer = self.opener.post(self._url('/payment/transfer/feedback'),
                                  data=fields, allow_redirects=False,
                                  timeout=60)
        self.assertIn(answer.status_code, (302, 303))
        transaction.invalidate_cache()
        self.assertEqual(transaction.state, 'pending')
        self.assertEqual(self.overdue.state, 'open')
        # the bank confirms it
        transaction.sudo().write({'state': 'done'})
        self.assertEqual((self.overdue | self.current).mapped('state'),
                         ['paid', 'paid'])
        self.assertEqual(transaction.isp_portal_payment_id.amount, 100.0)

    def test_an_employee_without_accounting_rights_cannot_confirm(self):
        employee = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Money Employee', 'login': 'money_employee',
                'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        self._login('money_owner')
        self._start_payment()
        transaction = self.env['payment.transaction'].search(
            [('partner_id', '=', self.owner.id)])
        with self.assertRaises(AccessError):
            transaction.sudo(employee).write({'state': 'done'})
        self.assertEqual(self.overdue.state, 'open')
        self.assertFalse(transaction.isp_portal_payment_id)

    def test_paid_suspended_customer_is_queued_for_reconnection(self):
        product = self.env['product.product'].create(
            {'name': 'Money Fibre', 'type': 'service'})
        self.env['isp.subscription'].create({
            'partner_id': self.owner.id, 'product_id': product.id,
            'state': 'suspended', 'isp_suspended_by_dunning': True})
        self._login('money_owner')
        self._start_payment()
        transaction = self.env['payment.transaction'].search(
            [('partner_id', '=', self.owner.id)])
        transaction.sudo().write({'state': 'done'})
        jobs = self.env['queue.job'].search([
            ('method_name', '=', '_isp_job_dunning_paid'),
            ('model_name', '=', 'res.partner')])
        self.assertIn([self.owner.id], jobs.mapped('record_ids'))

    def test_pay_last_invoice_policy_pays_only_the_last(self):
        self._set_policy('last')
        self._login('money_owner')
        self._start_payment(amount='1.00')  # the amount is not the user's
        transaction = self.env['payment.transaction'].search(
            [('partner_id', '=', self.owner.id)])
        self.assertEqual(transaction.amount, 60.0)
        transaction.sudo().write({'state': 'done'})
        self.assertEqual(self.current.state, 'paid')
        self.assertEqual(self.overdue.state, 'open')

    def test_pay_free_amount_refuses_zero_and_above_debt(self):
        self._set_policy('free')
        self._login('money_owner')
        for amount, message in (('0', 'above zero'),
                                ('100.01', 'at most what you owe'),
                                ('abc', 'as a number')):
            response = self._start_payment(amount)
            self.assertEqual(response.status_code, 200)
            self.assertIn(message, self._text_of(response.text,
                                                 'o_isp_error'))
        self.assertFalse(self.env['payment.transaction'].search(
            [('partner_id', '=', self.owner.id)]))
        self._start_payment('25,50')
        transaction = self.env['payment.transaction'].search(
            [('partner_id', '=', self.owner.id)])
        self.assertEqual(transaction.amount, 25.5)
        transaction.sudo().write({'state': 'done'})
        # the oldest due first
        self.assertEqual(self.overdue.residual, 14.5)
        self.assertEqual(self.current.residual, 60.0)

    def test_nothing_to_pay_says_so(self):
        self._login('money_other')
        self._pay(self.foreign)
        page = self._get('/my/pay').text
        self.assertIn('nothing to pay', self._text_of(page, 'o_isp_error')
                      or page[-3000:])

    # -- promise ----------------------------------------------------------

    def test_promise_to_pay_recorded_and_refusals_translated(self):
        self._login('money_owner')
        Promise = self.env['isp.payment.promise']
        for date, message in ((self._date(days=-1), 'in the past'),
                              (self._date(days=40), 'too far ahead'),
                              ('not a date', 'Choose the date')):
            response = self._post('/my/promise', {'date_promised': date})
            self.assertEqual(response.status_code, 200, date)
            self.assertIn(message, self._text_of(response.text,
                                                 'o_isp_error'))
        self.assertFalse(Promise.search([('partner_id', '=',
                                          self.owner.id)]))
        response = self._post('/my/promise',
                              {'date_promised': self._date(days=7)})
        self.assertIn(response.status_code, (302, 303))
        promise = Promise.search([('partner_id', '=', self.owner.id)])
        self.assertEqual(
            (promise.state, promise.origin, promise.date_promised,
             promise.invoice_ids),
            ('active', 'portal', self._date(days=7), self.overdue))
        page = self._get('/my').text
        self.assertIn('o_isp_promise_active', page)
        self.assertNotIn('href="/my/promise"', page)

    def test_promise_page_is_gone_when_the_company_turns_it_off(self):
        self.company.isp_portal_promise_enabled = False
        self._login('money_owner')
        self._get('/my/promise', status=404)
        self.assertNotIn('href="/my/promise"', self._get('/my').text)
