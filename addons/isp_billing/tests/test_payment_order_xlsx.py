# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""XLSX of debit orders: the order's header, one row per debit with the
debtor's IBAN masked, the collection date a date cell, the amounts numbers
and their total; one sheet per order; billing users only."""
import datetime
import io

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install

from .sepa_common import SepaOrderCommon

REPORT = 'isp_billing.payment_order_xlsx_report'
# header rows: label in column A, value in column B, from row 3
HEADER_FIRST_ROW = 3
TABLE_HEADER_ROW = 13


@at_install(False)
@post_install(True)
class TestPaymentOrderXlsx(SepaOrderCommon):

    PREFIX = 'Xlsx Order'

    @classmethod
    def setUpClass(cls):
        super(TestPaymentOrderXlsx, cls).setUpClass()
        cls._add_customer('Xlsx Ana Pérez', 'DE89370400440532013000',
                          sequence='recurring')
        if not cls.customers[0].isp_customer_code:
            cls.customers[0].isp_customer_code = 'XO-0001'
        cls._add_customer('Xlsx Bogdan Ionescu', 'NL91ABNA0417164300')

    def _render(self, orders):
        content, kind = self.env.ref(REPORT).render_xlsx(orders.ids, {})
        self.assertEqual(kind, 'xlsx')
        return (openpyxl.load_workbook(io.BytesIO(content)),
                openpyxl.load_workbook(io.BytesIO(content), data_only=True))

    @staticmethod
    def _header(sheet):
        return {sheet.cell(row=row, column=1).value:
                sheet.cell(row=row, column=2).value
                for row in range(HEADER_FIRST_ROW, TABLE_HEADER_ROW - 1)}

    @staticmethod
    def _table(sheet):
        """(column titles, data rows as dicts, totals row as a dict)."""
        titles = [cell.value for cell in sheet[TABLE_HEADER_ROW]]
        rows = []
        for row in sheet.iter_rows(min_row=TABLE_HEADER_ROW + 1):
            values = dict(zip(titles, row))
            if row[0].value == 'Total':
                return titles, rows, values
            rows.append(values)
        raise AssertionError('no totals row')

    def test_debit_rows_masked_iban_dates_amounts_and_totals(self):
        """Each debit is a row: customer and code, invoice, mandate and
        sequence type, the IBAN masked but for its last 4 characters, the
        collection date as a date cell, the amount as a number; the totals
        row sums them with a formula whose cached value is the total."""
        order, invoices = self._order([(0, 49.9), (1, 30.05), (0, 12.5)])
        run = self.env['isp.billing.run'].create(
            {'date': '2026-02-01', 'cycle_day': 1})
        order.isp_billing_run_id = run
        book, values = self._render(order)
        self.assertEqual(book.sheetnames, [order.name])
        sheet, cached = book[order.name], values[order.name]
        header = self._header(sheet)
        self.assertEqual(header['Debit order'], order.name)
        self.assertEqual(header['Payment mode'], 'Xlsx Order Test SDD')
        self.assertEqual(header['Bank account'],
                         self.company_account.acc_number)
        self.assertEqual(header['Billing run'], run.name)
        self.assertEqual(header['Number of debits'], 3)
        self.assertAlmostEqual(header['Total amount'], 92.45, places=2)
        self.assertEqual(header['Currency'], 'EUR')
        _titles, rows, totals = self._table(sheet)
        self.assertEqual(len(rows), 3)
        lines = {line.move_line_id.invoice_id.number: line
                 for line in order.payment_line_ids}
        by_invoice = {row['Invoice'].value: row for row in rows}
        self.assertEqual(set(by_invoice), set(invoices.mapped('number')))
        for invoice in invoices:
            row, line = by_invoice[invoice.number], lines[invoice.number]
            mandate = invoice.mandate_id
            self.assertEqual(row['Customer'].value,
                             invoice.partner_id.display_name)
            self.assertEqual(row['Mandate'].value,
                             mandate.unique_mandate_reference)
            self.assertEqual(row['Amount'].data_type, 'n')
            self.assertAlmostEqual(row['Amount'].value,
                                   invoice.amount_total, places=2)
            self.assertEqual(row['Currency'].value, 'EUR')
            self.assertTrue(row['Collection date'].is_date)
            self.assertEqual(
                row['Collection date'].value,
                datetime.datetime.combine(
                    fields.Date.from_string(line.date), datetime.time()))
            self.assertEqual(row['End-to-end id'].value,
                             line.bank_line_id.name)
            self.assertTrue(row['End-to-end id'].value)
        ana = [row for row in rows
               if row['Customer'].value == 'Xlsx Ana Pérez']
        self.assertEqual(len(ana), 2)
        for row in ana:
            self.assertEqual(row['Customer code'].value,
                             self.customers[0].isp_customer_code)
            self.assertTrue(row['Customer code'].value)
            self.assertEqual(row['Debtor IBAN'].value, 'DE89 **** 3000')
            self.assertEqual(row['Sequence type'].value, 'RCUR')
        bogdan = [row for row in rows
                  if row['Customer'].value == 'Xlsx Bogdan Ionescu'][0]
        self.assertEqual(bogdan['Customer code'].value or False,
                         self.customers[1].isp_customer_code or False)
        self.assertEqual(bogdan['Debtor IBAN'].value, 'NL91 **** 4300')
        self.assertEqual(bogdan['Sequence type'].value, 'FRST')
        # no full IBAN anywhere in the sheet
        texts = [str(cell.value) for row in sheet.iter_rows()
                 for cell in row if cell.value]
        self.assertFalse([t for t in texts if '0532013000' in t
                          or '0417164300' in t])
        amount = totals['Amount']
        self.assertTrue(str(amount.value).startswith('=SUM('))
        cached_total = cached.cell(row=amount.row, column=amount.column)
        self.assertAlmostEqual(cached_total.value, 92.45, places=2)

    def test_one_sheet_per_order(self):
        """Two orders selected: two sheets, each with its own debits."""
        first, _invoices = self._order([(0, 10.0)])
        second, _invoices = self._order([(1, 20.0), (1, 5.0)])
        self.assertNotEqual(first, second)
        book, _values = self._render(first | second)
        self.assertEqual(book.sheetnames, [first.name, second.name])
        self.assertEqual(self._header(book[first.name])['Number of debits'],
                         1)
        _titles, rows, _totals = self._table(book[second.name])
        self.assertEqual(sorted(row['Amount'].value for row in rows),
                         [5.0, 20.0])

    def test_export_is_refused_outside_billing(self):
        """``generate_xlsx_report`` is public: called over JSON-RPC (ids
        instead of records) or by an accountant without ISP billing rights,
        it refuses before reading anything; a supplier payment order is not
        a debit order."""
        order, _invoices = self._order([(0, 10.0)])
        report = self.env['report.isp_billing.payment_order_xlsx']
        with self.assertRaises(AccessError):
            report.generate_xlsx_report(None, {}, order.ids)
        accountant = self.env['res.users'].create({
            'name': 'Xlsx Accountant', 'login': 'xlsx_order_accountant',
            'groups_id': [(6, 0, [
                self.env.ref('base.group_user').id,
                self.env.ref('account.group_account_manager').id,
                self.env.ref(
                    'account_payment_order.group_account_payment').id])]})
        self.assertTrue(order.sudo(accountant).name)
        with self.assertRaises(AccessError):
            report.sudo(accountant).generate_xlsx_report(
                None, {}, order.sudo(accountant))
        supplier_mode = self.env['account.payment.mode'].create({
            'name': 'Xlsx Order Transfer',
            'bank_account_link': 'fixed',
            'fixed_journal_id': self.mode.fixed_journal_id.id,
            'payment_method_id': self.env.ref(
                'account.account_payment_method_manual_out').id,
        })
        outbound = self.env['account.payment.order'].create(
            {'payment_mode_id': supplier_mode.id})
        self.assertEqual(outbound.payment_type, 'outbound')
        with self.assertRaises(UserError):
            report.generate_xlsx_report(None, {}, outbound)
