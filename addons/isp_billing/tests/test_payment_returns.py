# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returned direct debits: OCA debit orders collect posted invoices, then
a pain.002 or a camt.054 built from a real bank file's structure returns
some of them."""
import base64
import io
import string

import openpyxl
from lxml import etree

from odoo.exceptions import UserError

from . import sepa_return_files as files
from .common import IspBillingCommon

REASON_XMLID = 'account_payment_return_import_sepa_pain.unpaid_reason_%s'


def iban(country, bban):
    """A valid IBAN (mod 97 check digits) of ``country`` and ``bban``."""
    digits = ''.join(str(string.ascii_uppercase.index(c) + 10)
                     if c.isalpha() else c
                     for c in (bban + country + '00').upper())
    return '%s%02d%s' % (country, 98 - int(digits) % 97, bban)


class TestPaymentReturns(IspBillingCommon):
    post_install = True
    at_install = False

    @classmethod
    def setUpClass(cls):
        super(TestPaymentReturns, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.isp_sdd_max_representations = 1
        cls.ccy = cls.company.currency_id.name
        # confirming a return undoes reconciliations (OCA): an accountant
        cls.accountant = cls._create_user(
            'isp_returns_accountant', ['isp_billing.group_isp_billing_manager',
                                       'account.group_account_user'])
        cls.creditor_iban = iban('ES', '21000813619900012345')
        cls.company_bank = cls.env['res.partner.bank'].create({
            'acc_number': cls.creditor_iban,
            'partner_id': cls.company.partner_id.id,
            'company_id': cls.company.id,
        })
        method = cls.env['account.payment.method'].create({
            'name': 'Returns test debit file',
            'code': 'manual',
            'payment_type': 'inbound',
            'mandate_required': True,
        })
        cls.sepa_method = cls.env.ref(
            'account_banking_sepa_direct_debit.sepa_direct_debit')
        cls.bank_journal = cls.env['account.journal'].create({
            'name': 'Returns test bank',
            'type': 'bank',
            'code': 'RTBK',
            'bank_account_id': cls.company_bank.id,
            'update_posted': True,
            'inbound_payment_method_ids': [
                (6, 0, (method | cls.sepa_method).ids)],
        })
        cls.mode = cls.env['account.payment.mode'].create({
            'name': 'Returns test direct debit',
            'payment_method_id': method.id,
            'bank_account_link': 'fixed',
            'fixed_journal_id': cls.bank_journal.id,
            'payment_order_ok': True,
            'default_date_prefered': 'now',
            'move_option': 'line',
        })
        cls.sale_journal = cls.env['account.journal'].search([
            ('type', '=', 'sale'), ('company_id', '=', cls.company.id)],
            limit=1)
        cls.service = cls._create_isp_product(
            'Returns Fibre', 30.0, taxes_id=[(6, 0, [])])
        cls.income = (cls.service.property_account_income_id
                      or cls.service.categ_id.property_account_income_categ_id)
        cls.fee = cls.env['product.product'].create({
            'name': 'Returned debit fee', 'type': 'service',
            'list_price': 4.5, 'taxes_id': [(6, 0, [])]})
        cls.reasons = {
            code: cls.env.ref(REASON_XMLID % code)
            for code in ('AM04', 'MS02', 'MD01', 'AC04')}
        cls.reasons['AM04'].isp_fee_product_id = cls.fee
        cls.customers = cls.env['res.partner']
        cls.mandates = {}
        cls.ibans = {}
        for index, name in enumerate(('Ana Returns', 'Bruno Returns',
                                      'Carla Returns'), 1):
            customer = cls.env['res.partner'].create({
                'name': name, 'customer': True,
                'email': 'customer%s@example.com' % index,
                'customer_payment_mode_id': cls.mode.id})
            account = iban('DE', '3704004405320130%02d' % index)
            bank = cls.env['res.partner.bank'].create({
                'acc_number': account, 'partner_id': customer.id})
            mandate = cls._create_mandate(bank)
            mandate.validate()
            cls.customers |= customer
            cls.mandates[customer.id] = mandate
            cls.ibans[customer.id] = account

    # -- fixtures -----------------------------------------------------------

    def _invoice(self, customer, amount):
        invoice = self.env['account.invoice'].create({
            'partner_id': customer.id,
            'type': 'out_invoice',
            'journal_id': self.sale_journal.id,
            'account_id': customer.property_account_receivable_id.id,
            'payment_mode_id': self.mode.id,
            'mandate_id': self.mandates[customer.id].id,
            'invoice_line_ids': [(0, 0, {
                'product_id': self.service.id, 'name': 'Fibre',
                'quantity': 1.0, 'price_unit': amount,
                'account_id': self.income.id})],
        })
        invoice.action_invoice_open()
        return invoice

    def _collect(self, invoices):
        """An uploaded OCA debit order of ``invoices``: they are paid.
        Returns {invoice: its debit as the bank files name it}."""
        invoices.create_account_payment_line()
        order = self.env['account.payment.order'].search([
            ('payment_mode_id', '=', self.mode.id),
            ('state', '=', 'draft')])
        self.assertEqual(len(order), 1)
        order.draft2open()
        order.open2generated()
        order.generated2uploaded()
        self.assertEqual(set(invoices.mapped('state')), {'paid'})
        debits = {}
        for invoice in invoices:
            bank_line = order.bank_line_ids.filtered(
                lambda b: b.partner_id == invoice.partner_id)
            self.assertEqual(len(bank_line), 1)
            debits[invoice] = {
                'e2e': bank_line.name,
                'mandate': invoice.mandate_id.unique_mandate_reference,
                'amount': invoice.amount_total,
                'debtor': invoice.partner_id.name,
                'iban': self.ibans[invoice.partner_id.id],
            }
        return debits

    def _collected(self, *amounts):
        invoices = self.env['account.invoice']
        for customer, amount in zip(self.customers, amounts):
            invoices |= self._invoice(customer, amount)
        debits = self._collect(invoices)
        return invoices, debits

    @staticmethod
    def _returned(debit, reason, **values):
        return dict(debit, reason=reason, **values)

    def _import(self, data, user=None):
        Import = self.env['payment.return.import'].sudo(
            user or self.env.user)
        wizard = Import.create({
            'data_file': base64.b64encode(data),
            'match_after_import': True,
        })
        action = wizard.import_file()
        payment_return = self.env['payment.return'].sudo(
            user or self.env.user).browse(action.get('res_id'))
        self.assertEqual(len(payment_return), 1)
        return payment_return

    def _snapshot(self, invoices):
        return [(i.state, i.residual, i.isp_return_count,
                 i.isp_last_return_reason_id, i.isp_sdd_represent,
                 i.isp_return_to_dunning) for i in invoices]

    def _return_mails(self, invoice):
        return self.env['mail.mail'].search([
            ('model', '=', 'account.invoice'), ('res_id', '=', invoice.id),
            ('subject', 'ilike', 'was returned')])

    # -- pain.002 ------------------------------------------------------------

    def test_pain002_reopens_invoices_bills_the_fee_and_debits_again(self):
        (ana, bruno), debits = self._collected(30.0, 45.5)
        data = files.pain002([
            self._returned(debits[ana], 'AM04'),
            self._returned(debits[bruno], 'MS02'),
        ], self.creditor_iban, currency=self.ccy,
            message_id='PAIN002-RET-1')
        # a billing manager imports and confirms (OCA's payment rights)
        payment_return = self._import(data, user=self.billing_manager)
        self.assertEqual(payment_return.journal_id, self.bank_journal)
        self.assertFalse(payment_return.isp_unmatched_count)
        self.assertEqual(
            payment_return.line_ids.mapped('isp_mandate_reference'),
            [debits[ana]['mandate'], debits[bruno]['mandate']])
        # imported, not confirmed: the invoices are still paid
        self.assertEqual((ana | bruno).mapped('state'), ['paid', 'paid'])

        # a billing manager without accounting rights may not confirm
        with self.assertRaises(UserError) as caught:
            payment_return.action_confirm()
        self.assertIn('Accounting / Adviser', caught.exception.name)
        self.assertEqual((ana | bruno).mapped('state'), ['paid', 'paid'])
        payment_return = payment_return.sudo(self.accountant)
        payment_return.action_confirm()
        self.assertEqual(payment_return.state, 'done')
        for invoice, code in ((ana, 'AM04'), (bruno, 'MS02')):
            self.assertEqual(invoice.state, 'open')
            self.assertAlmostEqual(invoice.residual, invoice.amount_total)
            self.assertEqual(invoice.isp_return_count, 1)
            self.assertEqual(invoice.isp_last_return_reason_id,
                             self.reasons[code])
            self.assertTrue(invoice.isp_sdd_represent)
            self.assertFalse(invoice.isp_return_to_dunning)
            self.assertEqual(invoice.partner_id.isp_returned_debit_count, 1)
            self.assertEqual(invoice.partner_id.isp_last_return_reason_id,
                             self.reasons[code])
        # the fee of AM04, invoiced and posted at once; none for MS02
        ana_line, bruno_line = payment_return.line_ids
        fee = ana_line.isp_fee_invoice_id
        self.assertEqual(fee.state, 'open')
        self.assertEqual(fee.partner_id, ana.partner_id)
        self.assertAlmostEqual(fee.amount_total, 4.5)
        self.assertEqual(fee.invoice_line_ids.product_id, self.fee)
        self.assertIn(ana.number, fee.invoice_line_ids.name)
        self.assertFalse(bruno_line.isp_fee_invoice_id)
        self.assertEqual(ana_line.isp_invoice_ids, ana)
        self.assertEqual(ana_line.isp_outcome, 'represent')
        # the customer is told: amount, reason in plain words, how to pay
        mail = self._return_mails(ana)
        self.assertEqual(len(mail), 1)
        self.assertIn('not enough funds', mail.body_html)
        self.assertIn('30.00', mail.body_html)
        self.assertIn(ana.number, mail.body_html)
        self.assertIn(ana._isp_payment_bank_account().acc_number,
                      mail.body_html)
        self.assertIn('access_token=', mail.body_html)
        self.assertEqual(mail.recipient_ids, ana.partner_id)
        # the XLSX of the return: a row per debit, amounts as numbers
        content, kind = self.env.ref(
            'isp_billing.payment_return_xlsx_report').render_xlsx(
                payment_return.ids, {})
        self.assertEqual(kind, 'xlsx')
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(
            min_row=4, max_row=5)]
        self.assertEqual([row[4] for row in rows],
                         [debits[ana]['e2e'], debits[bruno]['e2e']])
        self.assertEqual([row[6] for row in rows], ['AM04', 'MS02'])
        self.assertEqual([row[8] for row in rows], [30.0, 45.5])
        self.assertEqual(rows[0][11], fee.number)
        self.assertEqual(sheet.cell(row=6, column=9).value, '=SUM(I4:I5)')

    def test_same_file_twice_changes_nothing(self):
        (ana,), debits = self._collected(30.0)
        data = files.pain002(
            [self._returned(debits[ana], 'MS02')], self.creditor_iban,
            currency=self.ccy, message_id='PAIN002-TWICE')
        self._import(data).action_confirm()
        before = self._snapshot(ana)
        returns = self.env['payment.return'].search_count([])
        mails = len(self._return_mails(ana))
        with self.assertRaises(UserError) as caught:
            self._import(data)
        self.assertIn('already imported', caught.exception.name)
        self.assertEqual(self._snapshot(ana), before)
        self.assertEqual(self.env['payment.return'].search_count([]),
                         returns)
        self.assertEqual(len(self._return_mails(ana)), mails)
        self.assertEqual(ana.isp_return_count, 1)

    # -- camt.054 ------------------------------------------------------------

    def test_camt054_returns_and_second_return_after_max_goes_to_dunning(
            self):
        (ana, bruno), debits = self._collected(30.0, 20.0)
        data = files.camt054([
            self._returned(debits[ana], 'AM04'),
            self._returned(debits[bruno], 'AC04'),
        ], self.creditor_iban, currency=self.ccy,
            message_id='CAMT054-RET-1', version=8)
        first = self._import(data)
        self.assertEqual(first.journal_id, self.bank_journal)
        first.action_confirm()
        self.assertEqual((ana | bruno).mapped('state'), ['open', 'open'])
        self.assertTrue(ana.isp_sdd_represent)
        self.assertEqual(ana.isp_return_count, 1)
        self.assertTrue(first.line_ids[0].isp_fee_invoice_id)
        # AC04, account closed: never debited again, straight to dunning
        self.assertFalse(bruno.isp_sdd_represent)
        self.assertTrue(bruno.isp_return_to_dunning)
        self.assertEqual(first.line_ids[1].isp_outcome, 'dunning')

        # presented again in the next debit order, returned again
        again = self._collect(ana)
        self.assertNotEqual(again[ana]['e2e'], debits[ana]['e2e'])
        second = self._import(files.camt054(
            [self._returned(again[ana], 'AM04')], self.creditor_iban,
            currency=self.ccy, message_id='CAMT054-RET-2'))
        second.action_confirm()
        self.assertEqual(ana.state, 'open')
        self.assertEqual(ana.isp_return_count, 2)
        self.assertFalse(ana.isp_sdd_represent)
        self.assertTrue(ana.isp_return_to_dunning)
        self.assertEqual(ana.partner_id.isp_returned_debit_count, 2)
        self.assertEqual(len(self._return_mails(ana)), 2)

    def test_md01_blocks_the_mandate(self):
        (ana,), debits = self._collected(30.0)
        mandate = self.mandates[ana.partner_id.id]
        self._import(files.camt054(
            [self._returned(debits[ana], 'MD01')], self.creditor_iban,
            currency=self.ccy, message_id='CAMT054-MD01')).action_confirm()
        self.assertEqual(ana.state, 'open')
        self.assertFalse(ana.isp_sdd_represent)
        self.assertTrue(ana.isp_return_to_dunning)
        self.assertIn('MD01', mandate.isp_debit_blocked_reason)
        # the other customers' mandates stay free
        others = [m for partner_id, m in self.mandates.items()
                  if partner_id != ana.partner_id.id]
        self.assertFalse(any(m.isp_debit_blocked_reason for m in others))

    def test_unknown_debits_are_listed_and_nothing_changes(self):
        (ana, bruno), debits = self._collected(30.0, 20.0)
        unknown = dict(debits[bruno], e2e='NOT-OURS-1', mandate='UMR-X',
                       amount=99.0)
        wrong_amount = dict(debits[ana], amount=31.0)
        payment_return = self._import(files.camt054([
            self._returned(unknown, 'AM04'),
            self._returned(wrong_amount, 'AM04'),
        ], self.creditor_iban, currency=self.ccy,
            message_id='CAMT054-UNKNOWN'))
        self.assertEqual(payment_return.state, 'draft')
        self.assertEqual(payment_return.isp_unmatched_count, 2)
        self.assertIn('NOT-OURS-1', payment_return.isp_unmatched_info)
        self.assertIn('31.0', payment_return.isp_unmatched_info)
        before = self._snapshot(ana | bruno)
        with self.assertRaises(UserError) as caught:
            payment_return.action_confirm()
        self.assertIn('NOT-OURS-1', caught.exception.name)
        self.assertIn('nothing was changed', caught.exception.name)
        self.assertEqual(payment_return.state, 'draft')
        self.assertEqual(self._snapshot(ana | bruno), before)
        self.assertEqual((ana | bruno).mapped('state'), ['paid', 'paid'])

    def test_debit_found_by_mandate_and_amount_without_end_to_end_id(self):
        (ana,), debits = self._collected(30.0)
        payment_return = self._import(files.camt054(
            [self._returned(dict(debits[ana], e2e='NOTPROVIDED'), 'MS03')],
            self.creditor_iban, currency=self.ccy,
            message_id='CAMT054-NOE2E'))
        self.assertFalse(payment_return.isp_unmatched_count)
        payment_return.action_confirm()
        self.assertEqual(ana.state, 'open')

    # -- the pain.008 names the debits as the bank files return them --------

    def test_returned_end_to_end_ids_are_those_of_the_pain008_file(self):
        """The bank returns a debit under the EndToEndId of the pain.008
        file: the one our debit orders write must be the one matched."""
        self.company.sepa_creditor_identifier = 'FR78ZZZ424242'
        self.company_bank.bank_id = self.env['res.bank'].create({
            'name': 'Returns test bank', 'bic': 'CAIXESBBXXX'})
        self.mode.payment_method_id = self.sepa_method
        (ana, bruno), debits = self._collected(30.0, 20.0)
        order = self.env['account.payment.order'].search([
            ('payment_mode_id', '=', self.mode.id)], order='id desc',
            limit=1)
        attachment = self.env['ir.attachment'].search([
            ('res_model', '=', 'account.payment.order'),
            ('res_id', '=', order.id)])
        self.assertEqual(len(attachment), 1)
        content = base64.b64decode(attachment.datas)
        root = etree.fromstring(content)
        in_file = sorted(node.text for node in root.iter(
            '{*}EndToEndId'))
        self.assertEqual(in_file, sorted(
            d['e2e'] for d in debits.values()))
        payment_return = self._import(files.camt054([
            self._returned(debits[ana], 'AM04'),
            self._returned(debits[bruno], 'MS03'),
        ], self.creditor_iban, currency=self.ccy,
            message_id='CAMT054-PAIN008'))
        self.assertFalse(payment_return.isp_unmatched_count)
        payment_return.action_confirm()
        self.assertEqual((ana | bruno).mapped('state'), ['open', 'open'])

    # -- bad files -----------------------------------------------------------

    def test_bad_files_are_refused_and_nothing_is_saved(self):
        (ana,), debits = self._collected(30.0)
        returns = self.env['payment.return'].search_count([])
        camt053 = files.camt054(
            [self._returned(debits[ana], 'AM04')], self.creditor_iban,
            currency=self.ccy).replace(b'camt.054.001.02', b'camt.053.001.02')
        broken_amount = files.camt054(
            [self._returned(debits[ana], 'AM04')], self.creditor_iban,
            currency=self.ccy).replace(b'>30.00<', b'>30,00<')
        for data, expected in (
                (b'%PDF-1.4 this is no XML', 'camt.054'),
                (camt053, 'camt.054'),
                (broken_amount, '30,00')):
            with self.assertRaises(UserError) as caught:
                self._import(data)
            self.assertIn(expected, caught.exception.name, data[:40])
        self.assertEqual(self.env['payment.return'].search_count([]),
                         returns)
        self.assertEqual(ana.state, 'paid')
