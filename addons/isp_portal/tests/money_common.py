# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customers, invoices and a logged-in browser for the money pages'
HTTP tests (built on the registry's test cursor, where the server's
requests look)."""
import datetime
import re

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests.common import HttpCase
from odoo.tools import config

from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class MoneyHttpCase(HttpCase):

    def setUp(self):
        super(MoneyHttpCase, self).setUp()
        self.env = env = self.env(cr=self.registry.test_cr)
        self.today = fields.Date.from_string(
            fields.Date.context_today(env.user))
        self.company = env.user.company_id
        self.currency = self.company.currency_id
        self.company.write({'isp_promise_enabled': True,
                            'isp_promise_max_days': 15,
                            'isp_promise_min_days_between': 0})
        Users = env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True)
        portal = env.ref('base.group_portal')
        Partner = env['res.partner']
        self.owner = Partner.create({
            'name': 'Money Owner SL', 'is_company': True,
            'customer': True, 'country_id': env.ref('base.es').id})
        self.contact = Partner.create({
            'name': 'Money Owner Contact', 'parent_id': self.owner.id})
        self.other = Partner.create({'name': 'Money Other',
                                     'customer': True})
        for login, partner in (('money_owner', self.contact),
                               ('money_other', self.other)):
            Users.create({'login': login, 'password': login,
                          'partner_id': partner.id,
                          'groups_id': [(6, 0, [portal.id])]})
        self.receivable = env['account.account'].search(
            [('user_type_id.type', '=', 'receivable'),
             ('company_id', '=', self.company.id)], limit=1)
        self.income = env['account.account'].search(
            [('user_type_id.type', '=', 'other'),
             ('company_id', '=', self.company.id)], limit=1)
        self.bank = env['account.journal'].search(
            [('type', '=', 'bank'), ('company_id', '=', self.company.id)],
            limit=1)

    # -- data -------------------------------------------------------------

    def _date(self, days=0, months=0):
        return fields.Date.to_string(
            self.today + relativedelta(days=days, months=months))

    def _invoice(self, partner, amount, date_invoice, date_due=None,
                 kind='out_invoice', follow=False):
        """A posted invoice the customer does NOT follow (as a billing
        run's, created in bulk)."""
        invoice = self.env['account.invoice'].create({
            'partner_id': partner.id, 'account_id': self.receivable.id,
            'type': kind, 'date_invoice': date_invoice,
            'date_due': date_due or date_invoice,
            'invoice_line_ids': [(0, 0, {
                'name': 'Fibre 600 Mb', 'quantity': 1,
                'price_unit': amount, 'account_id': self.income.id})],
        })
        invoice.action_invoice_open()
        invoice.write({'date_due': date_due or date_invoice})
        if not follow:
            invoice.message_unsubscribe(
                (partner | partner.commercial_partner_id
                 | partner.child_ids).ids)
        return invoice

    def _pay(self, invoice, amount=None, date=None):
        payment = self.env['account.payment'].create({
            'payment_type': 'inbound', 'partner_type': 'customer',
            'partner_id': invoice.commercial_partner_id.id,
            'amount': amount or invoice.residual,
            'journal_id': self.bank.id,
            'payment_method_id': self.env.ref(
                'account.account_payment_method_manual_in').id,
            'payment_date': date or invoice.date_invoice,
            'invoice_ids': [(6, 0, invoice.ids)]})
        payment.post()
        return payment

    # -- browser ----------------------------------------------------------

    def _login(self, login):
        self._commit()
        authenticate_on_test_cursor(self, login, login)

    def _url(self, path):
        return 'http://127.0.0.1:%d%s' % (config['http_port'], path)

    def _commit(self):
        """The server's requests close the test cursor by rolling back to
        its last savepoint: keep what the test wrote so far."""
        self.registry.test_cr.commit()

    def _queries(self, path):
        """SQL queries of one warm request of ``path`` (the server's
        requests run on the registry's test cursor): the page asked twice
        first, so that templates, rules and caches are loaded."""
        self._get(path)
        self._get(path)
        before = self.registry.test_cr.sql_log_count
        self._get(path)
        return self.registry.test_cr.sql_log_count - before

    def _get(self, path, status=200):
        self._commit()
        response = self.opener.get(self._url(path), timeout=60,
                                   allow_redirects=False)
        self.assertEqual(response.status_code, status, path)
        return response

    def _post(self, path, data, form_path=None):
        page = self._get(form_path or path).text
        token = CSRF.search(page)
        self.assertTrue(token, 'no form on %s' % (form_path or path))
        data = dict(data, csrf_token=token.group(1))
        self._commit()
        return self.opener.post(self._url(path), data=data, timeout=60,
                                allow_redirects=False)

    @staticmethod
    def _cards(page):
        """{invoice id: status} of the invoice cards of a page."""
        return {int(i): s for i, s in re.findall(
            r'data-invoice-id="(\d+)" data-status="(\w+)"', page)}

    @staticmethod
    def _text_of(page, css_class):
        match = re.search(
            r'class="[^"]*\b%s\b[^"]*"[^>]*>(.*?)</' % css_class, page,
            re.S)
        if not match:
            return None
        return re.sub(r'<[^>]+>|\s+', ' ', match.group(1)).replace(
            '&nbsp;', ' ').strip()

    def _today_str(self):
        return fields.Date.to_string(self.today)

    @staticmethod
    def _amount(value):
        return '%.2f' % value

    def _days(self, days):
        return self.today + datetime.timedelta(days=days)
