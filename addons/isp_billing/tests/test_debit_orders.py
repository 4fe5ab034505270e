# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Debit orders of the billing runs: what goes into them, what is left out
and why, their collection dates, re-presentation, FRST then RCUR."""
import base64
import datetime
from unittest.mock import patch

from dateutil.easter import easter
from lxml import etree

from odoo import _, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from ..models.debit_orders import DebitOrders
from .common import IspBillingCommon
from .sepa_common import create_sdd_mandate

CYCLE = 17
LEAD_DAYS = 2


def target2_closed(day):
    """TARGET2 is closed on weekends, 1 January, Good Friday, Easter
    Monday, 1 May, 25 and 26 December (written here from the rulebook,
    not from the calendar library the code uses)."""
    sunday = easter(day.year)
    return (day.weekday() >= 5
            or (day.month, day.day) in ((1, 1), (5, 1), (12, 25), (12, 26))
            or day in (sunday - datetime.timedelta(days=2),
                       sunday + datetime.timedelta(days=1)))


def next_open_day(day):
    while target2_closed(day):
        day += datetime.timedelta(days=1)
    return day


def open_days_after(day, count):
    day = next_open_day(day)
    for __ in range(count):
        day = next_open_day(day + datetime.timedelta(days=1))
    return day


def make_iban(number, bank='37040044'):
    """A German IBAN of account ``number`` (check digits computed)."""
    bban = '%s%010d' % (bank, number)
    digits = ''.join(str(int(char, 36)) for char in bban + 'DE00')
    return 'DE%02d%s' % (98 - int(digits) % 97, bban)


def sequence_types(text):
    """{mandate reference: SEPA sequence type} of a pain.008 file."""
    root = etree.fromstring(text.encode('utf-8'))
    result = {}
    for info in root.iter('{*}PmtInf'):
        sequence_type = next(info.iter('{*}SeqTp')).text
        for mandate_id in info.iter('{*}MndtId'):
            result[mandate_id.text] = sequence_type
    return result


def click(record, method, user):
    """Press the button ``method`` of ``record`` as ``user`` the way the
    web client does (``/web/dataset/call_button``: ``args=[[id],
    context]``, through ``call_kw``)."""
    assert not method.startswith('_'), 'the web client refuses it'
    context = {'lang': 'en_US', 'tz': 'Europe/Madrid', 'uid': user.id,
               'params': {'id': record.id, 'model': record._name,
                          'view_type': 'form'}}
    model = record.env[record._name].sudo(user)
    return api.call_kw(model, method, [[record.id], context], {})


@at_install(False)
@post_install(True)
class TestDebitOrders(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestDebitOrders, cls).setUpClass()
        cls.today = fields.Date.from_string(
            fields.Date.context_today(cls.env['res.users']))
        company = cls.env.user.company_id
        company.sepa_creditor_identifier = 'DE98ZZZ09999999999'
        cls.sdd_method = cls.env.ref(
            'account_banking_sepa_direct_debit.sepa_direct_debit')
        creditor_bank = cls.env['res.bank'].create({
            'name': 'Debit Test Creditor Bank', 'bic': 'CAIXESBBXXX'})
        cls.debtor_bank = cls.env['res.bank'].create({
            'name': 'Debit Test Debtor Bank', 'bic': 'ABNANL2AXXX'})
        company_account = cls.env['res.partner.bank'].create({
            'acc_number': 'ES7921000813610123456789',
            'partner_id': company.partner_id.id,
            'bank_id': creditor_bank.id,
        })
        cls.journal = cls.env['account.journal'].create({
            'name': 'Debit Test Bank', 'code': 'DTBK', 'type': 'bank',
            'bank_account_id': company_account.id,
            'inbound_payment_method_ids': [(4, cls.sdd_method.id)],
        })
        cls.mode = cls._sdd_mode('Debit Test SDD')
        cls.limited_mode = cls._sdd_mode('Debit Test SDD limited',
                                         isp_sdd_amount_limit=50.0)
        transfer_method = cls.env['account.payment.method'].create({
            'name': 'Debit Test Transfer', 'code': 'isp_debit_test_transfer',
            'payment_type': 'inbound'})
        cls.transfer_mode = cls.env['account.payment.mode'].create({
            'name': 'Debit Test Transfer', 'bank_account_link': 'variable',
            'payment_method_id': transfer_method.id})
        cls.fibre = cls._create_isp_product('Debit Fibre', 30.0)
        # SEPA debits are in euro: the customers are invoiced in a sales
        # journal in euro (whatever the company's currency)
        cls.eur = cls.env.ref('base.EUR')
        cls.sales = cls.env['account.journal'].create({
            'name': 'Debit Test Sales EUR', 'code': 'DTSE', 'type': 'sale',
            'currency_id': cls.eur.id})
        ibans = (make_iban(number) for number in range(7101, 7200))
        # customer key -> (price, payment mode)
        specs = [
            ('ok', 30.0, cls.mode), ('ok2', 40.0, cls.mode),
            ('small', 20.0, cls.limited_mode),
            ('big', 80.0, cls.limited_mode),
            ('no_mandate', 30.0, cls.mode), ('draft', 30.0, cls.mode),
            ('expired', 30.0, cls.mode), ('cancelled', 30.0, cls.mode),
            ('other_iban', 30.0, cls.mode), ('blocked', 30.0, cls.mode),
        ]
        cls.customers, cls.mandates, cls.accounts = {}, {}, {}
        for key, price, mode in specs:
            customer = cls.env['res.partner'].create({
                'name': 'Debit %s' % key, 'customer': True,
                'isp_journal_id': cls.sales.id})
            account = cls._account(customer, next(ibans))
            mandate = cls._sdd_mandate(account)
            signed_account = account
            if key == 'other_iban':
                # the contract was signed with another account than the
                # mandate's
                signed_account = cls._account(customer, next(ibans))
            cls._debit_subscription(customer, price, mode, mandate,
                                    signed_account)
            cls.customers[key] = customer
            cls.mandates[key] = mandate
            cls.accounts[key] = account
        cls.mandates['draft'].state = 'draft'
        cls.mandates['expired'].state = 'expired'
        cls.mandates['cancelled'].cancel()
        cls.mandates['blocked'].isp_debit_blocked_reason = \
            'MD01 No valid mandate'
        # paid by transfer: neither debited nor listed
        cls.customers['transfer'] = cls.env['res.partner'].create({
            'name': 'Debit transfer', 'customer': True})
        sub = cls._create_subscription(
            cls.customers['transfer'], product_id=cls.fibre.id,
            price_unit=30.0, billing_cycle_day=CYCLE,
            payment_mode_id=cls.transfer_mode.id)
        sub._activate(date_start='2026-10-17')

        cls.run1 = cls._new_run('2026-10-17')
        cls._start(cls.run1)
        # an invoice that lost its mandate (e.g. imported without one)
        cls._invoice(cls.run1, 'no_mandate').mandate_id = False
        cls._post(cls.run1)
        cls.run2 = cls._post(cls._start(cls._new_run('2026-11-17')))

    # -- fixtures ---------------------------------------------------------

    @classmethod
    def _sdd_mode(cls, name, **values):
        vals = {
            'name': name,
            'bank_account_link': 'fixed',
            'fixed_journal_id': cls.journal.id,
            'payment_method_id': cls.sdd_method.id,
            'isp_sdd_lead_days': LEAD_DAYS,
        }
        vals.update(values)
        return cls.env['account.payment.mode'].create(vals)

    @classmethod
    def _account(cls, customer, iban):
        return cls.env['res.partner.bank'].create({
            'acc_number': iban, 'partner_id': customer.id,
            'bank_id': cls.debtor_bank.id})

    @classmethod
    def _sdd_mandate(cls, account):
        return create_sdd_mandate(cls.env, account)

    @classmethod
    def _debit_subscription(cls, customer, price, mode, mandate, account):
        subscription = cls._create_subscription(
            customer, product_id=cls.fibre.id, price_unit=price,
            billing_cycle_day=CYCLE, payment_mode_id=mode.id,
            mandate_id=mandate.id, bank_account_id=account.id)
        subscription._activate(date_start='2026-10-17')
        return subscription

    @classmethod
    def _new_run(cls, date, cycle=CYCLE):
        return cls.env['isp.billing.run'].create(
            {'date': date, 'cycle_day': cycle, 'chunk_size': 3})

    @classmethod
    @mute_logger('odoo.addons.queue_job.models.base')
    def _start(cls, run):
        run.with_context(test_queue_job_no_delay=True).action_start()
        return run

    @classmethod
    @mute_logger('odoo.addons.queue_job.models.base')
    def _post(cls, run):
        run.with_context(
            test_queue_job_no_delay=True).action_post_invoices()
        return run

    @classmethod
    def _invoice(cls, run, key):
        return run.invoice_ids.filtered(
            lambda i: i.partner_id == cls.customers[key])

    def _create_orders(self, run):
        click(run, 'action_create_debit_orders', self.billing_user)
        run.invalidate_cache()
        return run.payment_order_ids

    @staticmethod
    def _lines_of(orders, invoice):
        return orders.mapped('payment_line_ids').filtered(
            lambda l: l.move_line_id.invoice_id == invoice)

    def _upload(self, order):
        """Confirm the order, make its file, mark it uploaded; the file's
        text."""
        order.draft2open()
        order.open2generated()
        attachment = self.env['ir.attachment'].search([
            ('res_model', '=', 'account.payment.order'),
            ('res_id', '=', order.id)], order='id desc', limit=1)
        order.generated2uploaded()
        return base64.b64decode(attachment.datas).decode('utf-8')

    # -- the orders -------------------------------------------------------

    def test_one_order_per_payment_mode_with_the_invoices_amounts(self):
        orders = self._create_orders(self.run1)
        self.assertEqual(len(orders), 2)
        order = orders.filtered(lambda o: o.payment_mode_id == self.mode)
        limited = orders.filtered(
            lambda o: o.payment_mode_id == self.limited_mode)
        for each in orders:
            self.assertEqual(each.state, 'draft')
            self.assertEqual(each.payment_type, 'inbound')
            self.assertEqual(each.journal_id, self.journal)
            self.assertEqual(each.isp_billing_run_id, self.run1)
        # only the invoices with a valid mandate, each with its amount, its
        # mandate and the mandate's account
        self.assertEqual(
            order.payment_line_ids.mapped('partner_id'),
            self.customers['ok'] | self.customers['ok2'])
        self.assertEqual(limited.payment_line_ids.mapped('partner_id'),
                         self.customers['small'])
        for key in ('ok', 'ok2', 'small'):
            invoice = self._invoice(self.run1, key)
            self.assertEqual(invoice.state, 'open')
            line = self._lines_of(orders, invoice)
            self.assertEqual(len(line), 1)
            self.assertAlmostEqual(line.amount_currency,
                                   invoice.amount_total)
            self.assertEqual(line.currency_id, self.eur)
            self.assertEqual(line.mandate_id, self.mandates[key])
            self.assertEqual(line.partner_bank_id, self.accounts[key])
        self.assertEqual(self._invoice(self.run1, 'ok').amount_untaxed, 30.0)
        self.assertAlmostEqual(
            sum(order.payment_line_ids.mapped('amount_currency')),
            self._invoice(self.run1, 'ok').amount_total
            + self._invoice(self.run1, 'ok2').amount_total)
        self.assertEqual(self.run1.payment_order_count, 2)

    def test_invoices_that_cannot_be_debited_are_listed_with_the_reason(self):
        orders = self._create_orders(self.run1)
        reasons = {exclusion.partner_id: exclusion.reason
                   for exclusion in self.run1.debit_exclusion_ids}
        expected = {
            'no_mandate': 'no_mandate', 'draft': 'mandate_draft',
            'expired': 'mandate_expired', 'cancelled': 'mandate_cancelled',
            'other_iban': 'other_iban', 'blocked': 'mandate_blocked',
            'big': 'over_limit',
        }
        self.assertEqual(reasons, {self.customers[key]: reason
                                   for key, reason in expected.items()})
        self.assertEqual(self.run1.debit_exclusion_count, 7)
        for exclusion in self.run1.debit_exclusion_ids:
            invoice = exclusion.invoice_id
            self.assertEqual(invoice.partner_id, exclusion.partner_id)
            self.assertFalse(self._lines_of(orders, invoice))
            self.assertAlmostEqual(exclusion.amount, invoice.amount_total)
            self.assertEqual(exclusion.currency_id, self.eur)
            self.assertTrue(exclusion.reason_text)
        by_key = {key: self.run1.debit_exclusion_ids.filtered(
            lambda e, key=key: e.partner_id == self.customers[key])
            for key in expected}
        self.assertIn('MD01 No valid mandate',
                      by_key['blocked'].reason_text)
        self.assertIn(self.accounts['other_iban'].sanitized_acc_number,
                      by_key['other_iban'].reason_text)
        self.assertIn(self.mandates['expired'].unique_mandate_reference,
                      by_key['expired'].reason_text)
        self.assertEqual(by_key['big'].order_id.payment_mode_id,
                         self.limited_mode)
        # paid by transfer: not a direct debit, neither debited nor listed
        transfer = self._invoice(self.run1, 'transfer')
        self.assertEqual(transfer.state, 'open')
        self.assertFalse(self._lines_of(orders, transfer))
        self.assertNotIn(self.customers['transfer'],
                         self.run1.debit_exclusion_ids.mapped('partner_id'))

    def test_second_click_adds_nothing_twice(self):
        orders = self._create_orders(self.run1)
        lines = orders.mapped('payment_line_ids')
        # the first order confirmed meanwhile: still not added again
        orders[0].draft2open()
        again = self._create_orders(self.run1)
        self.assertEqual(again, orders)
        self.assertEqual(again.mapped('payment_line_ids'), lines)
        # the list of those not debited is made again, not doubled
        self.assertEqual(self.run1.debit_exclusion_count, 7)
        self.assertEqual(len(self.run1.debit_exclusion_ids.mapped(
            'invoice_id')), 7)

    def test_invoice_the_order_refuses_is_listed_the_others_debited(self):
        refused = self._invoice(self.run1, 'ok2')
        add = DebitOrders.add_lines

        def failing(debit_orders, order, invoice, lines, today):
            if invoice == refused:
                raise UserError(_('Missing Partner Bank Account'))
            return add(debit_orders, order, invoice, lines, today)
        with patch.object(DebitOrders, 'add_lines', failing):
            orders = self._create_orders(self.run1)
        self.assertFalse(self._lines_of(orders, refused))
        self.assertTrue(self._lines_of(orders, self._invoice(self.run1,
                                                             'ok')))
        exclusion = self.run1.debit_exclusion_ids.filtered(
            lambda e: e.invoice_id == refused)
        self.assertEqual(exclusion.reason, 'error')
        self.assertEqual(exclusion.reason_text,
                         'Missing Partner Bank Account')

    def test_cancelled_order_gives_its_invoices_back(self):
        orders = self._create_orders(self.run1)
        orders.action_cancel()
        self._create_orders(self.run1)
        new = self.run1.payment_order_ids - orders
        self.assertEqual(len(new), 2)
        self.assertEqual(new.mapped('payment_line_ids.partner_id'),
                         self.customers['ok'] | self.customers['ok2']
                         | self.customers['small'])

    def test_mandate_fixed_after_the_list_is_debited_by_the_next_click(self):
        self._create_orders(self.run1)
        self.mandates['blocked'].isp_debit_blocked_reason = False
        orders = self._create_orders(self.run1)
        self.assertTrue(self._lines_of(
            orders, self._invoice(self.run1, 'blocked')))
        self.assertEqual(self.run1.debit_exclusion_count, 6)
        self.assertNotIn(self.customers['blocked'],
                         self.run1.debit_exclusion_ids.mapped('partner_id'))

    # -- collection dates -------------------------------------------------

    def _future(self, day):
        """``day`` moved by whole years until it is 10 days or more after
        today (same month and day)."""
        while day < self.today + datetime.timedelta(days=10):
            day = day.replace(year=day.year + 1)
        return day

    def test_collection_dates_on_target2_business_days_after_lead_time(self):
        christmas = self._future(datetime.date(self.today.year, 12, 25))
        good_friday = easter(self.today.year) - datetime.timedelta(days=2)
        while good_friday < self.today + datetime.timedelta(days=10):
            good_friday = easter(good_friday.year + 1) - \
                datetime.timedelta(days=2)
        saturday = self.today + datetime.timedelta(
            days=10 + (5 - self.today.weekday()) % 7)
        maturities = {'ok': christmas, 'ok2': good_friday,
                      'small': saturday}
        for key, day in maturities.items():
            receivable = self._invoice(self.run1, key).move_id.line_ids\
                .filtered(lambda l: l.account_id.internal_type ==
                          'receivable')
            receivable.write({'date_maturity': fields.Date.to_string(day)})
        # run 1's other invoices are due in the past: today + lead time
        earliest = open_days_after(self.today, LEAD_DAYS)
        expected = {key: next_open_day(day)
                    for key, day in maturities.items()}
        self.assertEqual(expected['ok2'],
                         good_friday + datetime.timedelta(days=4))
        self.assertTrue(expected['ok'] >= christmas +
                        datetime.timedelta(days=2))
        orders = self._create_orders(self.run1)
        orders.draft2open()
        for key, day in expected.items():
            line = self._lines_of(orders, self._invoice(self.run1, key))
            self.assertEqual(line.date, fields.Date.to_string(day), key)
            self.assertEqual(line.bank_line_id.date,
                             fields.Date.to_string(day), key)
        # every date: a TARGET2 business day, never before the lead time
        for line in orders.mapped('payment_line_ids'):
            day = fields.Date.from_string(line.date)
            self.assertFalse(target2_closed(day), line.date)
            self.assertGreaterEqual(day, earliest)

    def test_past_due_date_collected_after_the_lead_time(self):
        orders = self._create_orders(self.run2)
        orders.draft2open()
        line = self._lines_of(orders, self._invoice(self.run2, 'ok'))
        self.assertLess(line.ml_maturity_date,
                        fields.Date.to_string(self.today))
        self.assertEqual(line.date, fields.Date.to_string(
            open_days_after(self.today, LEAD_DAYS)))

    # -- re-presentation, FRST then RCUR ----------------------------------

    def test_frst_then_rcur_across_two_months(self):
        mandate = self.mandates['ok']
        self.assertEqual(mandate.recurrent_sequence_type, 'first')
        first = self._create_orders(self.run1).filtered(
            lambda o: o.payment_mode_id == self.mode)
        umr = mandate.unique_mandate_reference
        self.assertEqual(sequence_types(self._upload(first))[umr], 'FRST')
        self.assertEqual(first.state, 'uploaded')
        self.assertEqual(self._invoice(self.run1, 'ok').state, 'paid')
        self.assertEqual(mandate.recurrent_sequence_type, 'recurring')
        self.assertEqual(mandate.last_debit_date, first.date_generated)
        # next month: the same mandates are debited as recurring
        second = self._create_orders(self.run2).filtered(
            lambda o: o.payment_mode_id == self.mode)
        self.assertTrue(self._lines_of(second,
                                       self._invoice(self.run2, 'ok')))
        self.assertEqual(sequence_types(self._upload(second))[umr], 'RCUR')
        self.assertEqual(mandate.recurrent_sequence_type, 'recurring')

    def test_returned_invoice_is_presented_again_once(self):
        first = self._create_orders(self.run1).filtered(
            lambda o: o.payment_mode_id == self.mode)
        self._upload(first)
        invoice = self._invoice(self.run1, 'ok')
        self.assertEqual(invoice.state, 'paid')
        # the bank returns the debit: the invoice is open again, to be
        # presented again
        invoice.move_id.line_ids.filtered(
            lambda l: l.account_id.internal_type == 'receivable'
        ).remove_move_reconcile()
        self.assertEqual(invoice.state, 'open')
        invoice.isp_sdd_represent = True
        # run 1 itself does not take it again without the flag...
        orders = self._create_orders(self.run2)
        lines = self._lines_of(orders, invoice)
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines.order_id.isp_billing_run_id, self.run2)
        self.assertAlmostEqual(lines.amount_currency, invoice.residual)
        self.assertFalse(invoice.isp_sdd_represent)
        # ...next to the customer's invoice of this month
        self.assertTrue(self._lines_of(orders,
                                       self._invoice(self.run2, 'ok')))
        # pressed again, or flagged again while in the order: once
        invoice.isp_sdd_represent = True
        orders = self._create_orders(self.run2)
        self.assertEqual(len(self._lines_of(orders, invoice)), 1)
        self.assertFalse(invoice.isp_sdd_represent)

    def test_returned_invoice_not_flagged_is_not_debited_again(self):
        first = self._create_orders(self.run1).filtered(
            lambda o: o.payment_mode_id == self.mode)
        self._upload(first)
        invoice = self._invoice(self.run1, 'ok')
        invoice.move_id.line_ids.filtered(
            lambda l: l.account_id.internal_type == 'receivable'
        ).remove_move_reconcile()
        self.assertEqual(invoice.state, 'open')
        orders = self._create_orders(self.run1)
        # only the line of the uploaded order: not debited again until
        # flagged to be presented again
        self.assertEqual(self._lines_of(orders, invoice),
                         self._lines_of(first, invoice))
        self.assertEqual(len(self._lines_of(first, invoice)), 1)

    def test_represented_invoice_with_a_blocked_mandate_is_listed(self):
        invoice = self._invoice(self.run1, 'ok2')
        invoice.isp_sdd_represent = True
        self.mandates['ok2'].isp_debit_blocked_reason = 'MD06 Refund'
        self._create_orders(self.run2)
        exclusions = self.run2.debit_exclusion_ids.filtered(
            lambda e: e.invoice_id == invoice)
        self.assertEqual(exclusions.reason, 'mandate_blocked')
        self.assertTrue(exclusions.represented)
        # still waiting for a valid mandate
        self.assertTrue(invoice.isp_sdd_represent)

    # -- the run's automatic step -----------------------------------------

    def _single_customer_run(self, cycle):
        customer = self.env['res.partner'].create({
            'name': 'Debit auto %s' % cycle, 'customer': True,
            'isp_journal_id': self.sales.id})
        account = self._account(customer, make_iban(7300 + cycle))
        mandate = self._sdd_mandate(account)
        subscription = self._create_subscription(
            customer, product_id=self.fibre.id, price_unit=30.0,
            billing_cycle_day=cycle, payment_mode_id=self.mode.id,
            mandate_id=mandate.id, bank_account_id=account.id)
        subscription._activate(date_start='2026-10-%02d' % cycle)
        run = self._new_run('2026-10-%02d' % cycle, cycle=cycle)
        return self._start(run)

    def test_posting_makes_the_debit_orders_when_the_company_says_so(self):
        run = self._single_customer_run(18)
        self._post(run)
        self.assertFalse(run.payment_order_ids)
        self.env.user.company_id.isp_sdd_orders_after_posting = True
        run = self._single_customer_run(19)
        self._post(run)
        self.assertEqual(run.invoice_posted_count, 1)
        self.assertEqual(
            run.payment_order_ids.mapped('payment_line_ids.move_line_id'
                                         '.invoice_id'), run.invoice_ids)

    def test_failing_debit_step_is_recorded_and_the_posting_stays(self):
        self.env.user.company_id.isp_sdd_orders_after_posting = True
        run = self._single_customer_run(20)

        def failing(debit_orders):
            raise UserError(_('Creditor identifier missing'))
        with patch.object(DebitOrders, 'make', failing), \
                mute_logger('odoo.addons.isp_billing.models.'
                            'isp_billing_run'):
            self._post(run)
        self.assertEqual(run.invoice_ids.mapped('state'), ['open'])
        self.assertFalse(run.payment_order_ids)
        failure = run.failure_ids.filtered(lambda f: f.step == 'debit')
        self.assertEqual(failure.message, 'Creditor identifier missing')

    # -- rights -----------------------------------------------------------

    def test_only_billing_users_create_debit_orders(self):
        with self.assertRaises(AccessError):
            click(self.run1, 'action_create_debit_orders', self.isp_user)
        self.assertFalse(self.run1.payment_order_ids)
        # a billing user reads what the button made
        self._create_orders(self.run1)
        run = self.run1.sudo(self.billing_user)
        self.assertEqual(run.payment_order_count, 2)
        self.assertEqual(run.debit_exclusion_count, 7)
        action = click(self.run1, 'action_view_debit_exclusions',
                       self.billing_user)
        self.assertEqual(action['res_model'], 'isp.debit.exclusion')
        self.assertEqual(
            self.env['isp.debit.exclusion'].search(action['domain']),
            self.run1.debit_exclusion_ids)
        action = click(self.run1, 'action_view_debit_orders',
                       self.billing_user)
        self.assertEqual(
            self.env['account.payment.order'].search(action['domain']),
            self.run1.payment_order_ids)

    def test_run_without_posted_invoice_refused_with_a_message(self):
        run = self._new_run('2026-10-21', cycle=21)
        with self.assertRaises(UserError):
            click(run, 'action_create_debit_orders', self.billing_user)

    def test_users_of_another_company_do_not_see_the_list(self):
        self._create_orders(self.run1)
        other = self.env['res.company'].create({'name': 'Debit Other Co'})
        user = self._create_company_user(
            'debit_other_billing', other,
            ['isp_billing.group_isp_billing_user'])
        Exclusion = self.env['isp.debit.exclusion']
        self.assertEqual(Exclusion.sudo(user).search_count(
            [('run_id', '=', self.run1.id)]), 0)
        self.assertEqual(Exclusion.sudo(self.billing_user).search_count(
            [('run_id', '=', self.run1.id)]), 7)

    def test_run_form_and_collections_menus(self):
        arch = self.env['isp.billing.run'].sudo(
            self.billing_user).fields_view_get(view_type='form')['arch']
        for name in ('action_create_debit_orders', 'action_view_debit_orders',
                     'action_view_debit_exclusions', 'debit_exclusion_ids'):
            self.assertIn(name, arch)
        menus = self.env['ir.ui.menu'].sudo(self.billing_user).search(
            [('parent_id', '=',
              self.env.ref('isp_billing.menu_isp_collections').id)])
        actions = {menu.action.res_model for menu in menus}
        self.assertTrue({'account.payment.order', 'account.banking.mandate',
                         'isp.debit.exclusion'} <= actions)
        search = self.env['isp.debit.exclusion'].fields_view_get(
            view_type='search')['arch']
        self.assertIn("'group_by': 'reason'", search)
        self.assertIn("'group_by': 'run_id'", search)
        search = self.env['account.payment.order'].fields_view_get(
            view_type='search')['arch']
        self.assertIn('isp_billing_run_id', search)
        settings = self.env['res.config.settings'].fields_view_get(
            view_type='form')['arch']
        self.assertIn('isp_sdd_orders_after_posting', settings)

    # -- mandates (OCA) ---------------------------------------------------

    def test_mandates_numbered_by_sequence(self):
        references = [m.unique_mandate_reference
                      for m in self.mandates.values()]
        self.assertEqual(len(set(references)), len(references))
        self.assertNotIn('New', references)
        self.assertTrue(all(references))

    def test_mandate_unused_for_36_months_expires(self):
        old = self._sdd_mandate(self.accounts['ok'])
        old.signature_date = fields.Date.to_string(
            self.today - datetime.timedelta(days=37 * 31))
        used = self._sdd_mandate(self.accounts['ok2'])
        used.write({
            'signature_date': old.signature_date,
            'last_debit_date': fields.Date.to_string(
                self.today - datetime.timedelta(days=300))})
        self.env.ref('account_banking_sepa_direct_debit.'
                     'sdd_mandate_expire_cron').method_direct_trigger()
        self.assertEqual(old.state, 'expired')
        self.assertEqual(used.state, 'valid')
        self.assertEqual(self.mandates['ok'].state, 'valid')
