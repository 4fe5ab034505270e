# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returned direct debits: OCA debit orders collect posted invoices, then
a pain.002 or a camt.054 built from a real bank file's structure returns
some of them."""
import base64
import io

import openpyxl
from lxml import etree

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from . import sepa_return_files as files
from .payment_return_common import PaymentReturnCommon


class TestPaymentReturns(PaymentReturnCommon):
    post_install = True
    at_install = False

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

    # -- the fee with the next invoice ----------------------------------------

    @mute_logger('odoo.addons.queue_job.models.base')
    def _run(self, date, customer):
        """A posted billing run of ``date`` (cycle day 3); the invoice of
        ``customer``."""
        run = self.env['isp.billing.run'].create(
            {'date': date, 'cycle_day': 3, 'chunk_size': 3})
        run.with_context(test_queue_job_no_delay=True).action_start()
        run.with_context(test_queue_job_no_delay=True).action_post_invoices()
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == customer)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, 'open')
        return invoice

    def test_fee_with_the_next_invoice_is_billed_once_by_the_next_run(self):
        self.reasons['AM04'].isp_fee_timing = 'next'
        ana = self.customers[0]
        mandate = self.mandates[ana.id]
        subscription = self._create_subscription(
            ana, product_id=self.service.id, price_unit=30.0,
            billing_cycle_day=3, payment_mode_id=self.mode.id,
            mandate_id=mandate.id, bank_account_id=mandate.partner_bank_id.id)
        subscription._activate(date_start='2026-11-03')
        invoice = self._run('2026-11-03', ana)
        debits = self._collect(invoice)
        payment_return = self._import(files.camt054(
            [self._returned(debits[invoice], 'AM04')], self.creditor_iban,
            currency=self.ccy, message_id='CAMT054-NEXT-FEE',
            booking_date='2026-11-20'))
        payment_return.action_confirm()
        line = payment_return.line_ids
        # no invoice of its own: a charge on the service for its next one
        self.assertFalse(line.isp_fee_invoice_id)
        charge = line.isp_fee_charge_id
        self.assertEqual(charge.subscription_id, subscription)
        self.assertEqual(charge.state, 'pending')
        self.assertEqual(charge.date, '2026-11-20')
        self.assertAlmostEqual(charge.price_unit, 4.5)
        self.assertEqual(invoice.state, 'open')
        self.assertTrue(invoice.isp_sdd_represent)

        following = self._run('2026-12-03', ana)
        fee_line = following.invoice_line_ids.filtered(
            lambda l: l.product_id == self.fee)
        self.assertEqual(len(fee_line), 1)
        self.assertAlmostEqual(fee_line.price_subtotal, 4.5)
        self.assertIn(invoice.number, fee_line.name)
        self.assertAlmostEqual(following.amount_total, 34.5)
        self.assertEqual(charge.state, 'billed')
        self.assertEqual(charge.invoice_id, following)
        # billed once: the run finds nothing more to bill for it
        self.assertFalse([
            item for item in following.isp_billing_run_id
            ._compute_customer_items(ana) if item.get('charge')])
        with self.assertRaises(UserError):
            charge.price_unit = 1.0

        # the return is cancelled: the billed fee is credited on the
        # invoice that carried it
        payment_return.action_cancel()
        self.assertEqual(invoice.state, 'paid')
        self.assertEqual(invoice.isp_return_count, 0)
        self.assertFalse(invoice.isp_sdd_represent)
        refund = self.env['account.invoice'].search(
            [('refund_invoice_id', '=', following.id)])
        self.assertEqual(refund.state, 'paid')
        self.assertAlmostEqual(refund.amount_total, 4.5)
        self.assertEqual(refund.invoice_line_ids.product_id, self.fee)
        self.assertAlmostEqual(following.residual, 30.0)

    def test_fee_waiting_for_the_next_invoice_is_cancelled_with_the_return(
            self):
        self.reasons['AM04'].isp_fee_timing = 'next'
        bruno = self.customers[1]
        mandate = self.mandates[bruno.id]
        subscription = self._create_subscription(
            bruno, product_id=self.service.id, price_unit=25.0,
            billing_cycle_day=3, payment_mode_id=self.mode.id,
            mandate_id=mandate.id, bank_account_id=mandate.partner_bank_id.id)
        subscription._activate(date_start='2026-11-03')
        invoice = self._run('2026-11-03', bruno)
        debits = self._collect(invoice)
        payment_return = self._import(files.camt054(
            [self._returned(debits[invoice], 'AM04')], self.creditor_iban,
            currency=self.ccy, message_id='CAMT054-NEXT-CANCEL',
            booking_date='2026-11-20'))
        payment_return.action_confirm()
        charge = payment_return.line_ids.isp_fee_charge_id
        self.assertEqual(charge.state, 'pending')
        payment_return.action_cancel()
        self.assertEqual(charge.state, 'cancelled')
        following = self._run('2026-12-03', bruno)
        self.assertNotIn(self.fee, following.invoice_line_ids.mapped(
            'product_id'))
        self.assertAlmostEqual(following.amount_total, 25.0)

    def test_invoice_without_a_running_service_gets_the_fee_at_once(self):
        self.reasons['AM04'].isp_fee_timing = 'next'
        (ana,), debits = self._collected(30.0)
        payment_return = self._import(files.camt054(
            [self._returned(debits[ana], 'AM04')], self.creditor_iban,
            currency=self.ccy, message_id='CAMT054-NO-SERVICE'))
        payment_return.action_confirm()
        line = payment_return.line_ids
        self.assertFalse(line.isp_fee_charge_id)
        self.assertAlmostEqual(line.isp_fee_invoice_id.amount_total, 4.5)

    # -- cancelling a confirmed return ----------------------------------------

    def test_cancelled_return_undoes_count_fee_and_mandate_block(self):
        (ana, bruno), debits = self._collected(30.0, 20.0)
        payment_return = self._import(files.camt054([
            self._returned(debits[ana], 'AM04'),
            self._returned(debits[bruno], 'MD01'),
        ], self.creditor_iban, currency=self.ccy,
            message_id='CAMT054-CANCEL'))
        payment_return.action_confirm()
        fee = payment_return.line_ids[0].isp_fee_invoice_id
        self.assertEqual(fee.state, 'open')
        mandate = self.mandates[bruno.partner_id.id]
        self.assertIn('MD01', mandate.isp_debit_blocked_reason)
        self.assertTrue(bruno.isp_return_to_dunning)

        payment_return.sudo(self.accountant).action_cancel()
        self.assertEqual(payment_return.state, 'cancelled')
        self.assertEqual((ana | bruno).mapped('state'), ['paid', 'paid'])
        for invoice in ana | bruno:
            self.assertEqual(invoice.isp_return_count, 0)
            self.assertFalse(invoice.isp_last_return_reason_id)
            self.assertFalse(invoice.isp_sdd_represent)
            self.assertFalse(invoice.isp_return_to_dunning)
            self.assertEqual(invoice.partner_id.isp_returned_debit_count, 0)
        self.assertFalse(mandate.isp_debit_blocked_reason)
        # the fee is credited and set against its invoice
        refund = self.env['account.invoice'].search(
            [('refund_invoice_id', '=', fee.id)])
        self.assertEqual(refund.type, 'out_refund')
        self.assertAlmostEqual(refund.amount_total, 4.5)
        self.assertEqual(fee.state, 'paid')
        self.assertEqual(refund.state, 'paid')
        self.assertEqual(payment_return.line_ids.mapped('isp_outcome'),
                         [False, False])

        # confirmed again: the same effects once more, a new fee
        payment_return.action_draft()
        payment_return.action_confirm()
        self.assertEqual(ana.isp_return_count, 1)
        self.assertIn('MD01', mandate.isp_debit_blocked_reason)
        new_fee = payment_return.line_ids[0].isp_fee_invoice_id
        self.assertTrue(new_fee)
        self.assertNotEqual(new_fee, fee)

    def test_return_whose_invoice_is_debited_again_cannot_be_cancelled(self):
        (ana,), debits = self._collected(30.0)
        payment_return = self._import(files.camt054(
            [self._returned(debits[ana], 'AM04')], self.creditor_iban,
            currency=self.ccy, message_id='CAMT054-CANCEL-LATE'))
        payment_return.action_confirm()
        self._collect(ana)
        with self.assertRaises(UserError) as caught:
            payment_return.action_cancel()
        self.assertIn(ana.number, caught.exception.name)
        self.assertIn('collected twice', caught.exception.name)
        self.assertEqual(payment_return.state, 'done')
        self.assertEqual(ana.isp_return_count, 1)

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
