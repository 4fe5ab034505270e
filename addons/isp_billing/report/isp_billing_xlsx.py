# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""XLSX exports (OCA report_xlsx): billing run summary, receivables aging,
subscription list. Amounts and quantities are numeric cells, dates are
date cells, and every total is a SUM/COUNTIF formula that carries the
total computed in Python as its cached value (files opened without
recalculation show the same figure)."""
import datetime
from collections import OrderedDict

from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import _, fields, models
from odoo.exceptions import AccessError

from ..rules import aging as aging_rules

TEXT = 'text'
DATE = 'date'
MONEY = 'money'
NUMBER = 'number'
INTEGER = 'integer'
NUMERIC = (MONEY, NUMBER, INTEGER)


class IspXlsxCommon(models.AbstractModel):
    """Formats and a table writer shared by the ISP XLSX exports."""
    _name = 'report.isp_billing.xlsx_common'
    _inherit = 'report.report_xlsx.abstract'

    def _check_report_records(self, records, model_name):
        """``generate_xlsx_report`` is public: refuse anything but records
        of ``model_name`` that a billing user may read."""
        if not isinstance(records, models.BaseModel) \
                or records._name != model_name:
            raise AccessError(_(
                'This export is made from the records it lists: open them '
                'and export from there.'))
        if not self.env.user.has_group('isp_billing.group_isp_billing_user'):
            raise AccessError(_(
                'Only ISP billing users export billing data: ask your '
                'administrator for the ISP Billing / User group.'))
        records.check_access_rights('read')
        records.check_access_rule('read')

    def _formats(self, workbook):
        return {
            'title': workbook.add_format({'bold': True, 'font_size': 14}),
            'header': workbook.add_format({
                'bold': True, 'bg_color': '#D9D9D9', 'border': 1,
                'text_wrap': True}),
            TEXT: workbook.add_format({}),
            DATE: workbook.add_format({'num_format': 'yyyy-mm-dd'}),
            MONEY: workbook.add_format({'num_format': '#,##0.00'}),
            NUMBER: workbook.add_format({'num_format': '#,##0.000'}),
            INTEGER: workbook.add_format({'num_format': '0'}),
            'total_label': workbook.add_format({'bold': True, 'top': 1}),
            'total_' + MONEY: workbook.add_format({
                'bold': True, 'top': 1, 'num_format': '#,##0.00'}),
            'total_' + NUMBER: workbook.add_format({
                'bold': True, 'top': 1, 'num_format': '#,##0.000'}),
            'total_' + INTEGER: workbook.add_format({
                'bold': True, 'top': 1, 'num_format': '0'}),
        }

    @staticmethod
    def _round(currency, amount):
        """``amount`` rounded to the currency, without float noise
        (54.8, not 54.800000000000004, is the cell's value)."""
        return round(currency.round(amount), currency.decimal_places)

    @staticmethod
    def _to_datetime(value):
        if not value:
            return None
        value = fields.Date.from_string(value) if isinstance(
            value, str) else value
        return datetime.datetime(value.year, value.month, value.day)

    def _write_cell(self, sheet, row, col, kind, value, formats):
        if kind == DATE:
            value = self._to_datetime(value)
            if value is None:
                sheet.write_blank(row, col, None, formats[DATE])
            else:
                sheet.write_datetime(row, col, value, formats[DATE])
        elif kind in NUMERIC:
            sheet.write_number(row, col, value or 0, formats[kind])
        else:
            sheet.write_string(row, col, value or '', formats[TEXT])

    def _write_table(self, sheet, first_row, columns, rows, formats,
                     total_label=None, currency=None):
        """Write ``rows`` under a header of ``columns`` (``(title, kind,
        width, total)`` tuples) from ``first_row``; with ``total_label``, a
        totals row sums the columns marked ``total`` with a SUM formula.
        Returns the totals row index (or the last row written) and the
        totals computed."""
        for col, (title, _kind, width, _total) in enumerate(columns):
            sheet.write_string(first_row, col, title, formats['header'])
            sheet.set_column(col, col, width)
        sheet.freeze_panes(first_row + 1, 0)
        for index, row_values in enumerate(rows, first_row + 1):
            for col, value in enumerate(row_values):
                self._write_cell(sheet, index, col, columns[col][1], value,
                                 formats)
        last = first_row + len(rows)
        totals = {}
        if total_label is None:
            return last, totals
        total_row = last + 1
        sheet.write_string(total_row, 0, total_label, formats['total_label'])
        for col, (_title, kind, _width, total) in enumerate(columns):
            if not total:
                continue
            value = sum(row_values[col] or 0 for row_values in rows)
            if kind == MONEY and currency:
                value = self._round(currency, value)
            elif kind == NUMBER:
                value = round(value, 3)
            totals[col] = value
            if rows:
                formula = '=SUM(%s:%s)' % (
                    xl_rowcol_to_cell(first_row + 1, col),
                    xl_rowcol_to_cell(last, col))
            else:
                formula = '=0'
            sheet.write_formula(total_row, col, formula,
                                formats['total_' + kind], value)
        return total_row, totals


class IspBillingRunXlsx(models.AbstractModel):
    _name = 'report.isp_billing.billing_run_xlsx'
    _inherit = 'report.isp_billing.xlsx_common'

    def generate_xlsx_report(self, workbook, data, runs):
        self._check_report_records(runs, 'isp.billing.run')
        formats = self._formats(workbook)
        currency = runs[:1].company_id.currency_id
        customers = OrderedDict()
        products = OrderedDict()
        for run in runs:
            invoices = run.invoice_ids.sorted(
                lambda i: (i.partner_id.display_name or '', i.id))
            for invoice in invoices:
                sign = -1 if invoice.type == 'out_refund' else 1
                key = (run.id, invoice.partner_id.id)
                partner = invoice.partner_id.commercial_partner_id
                values = customers.setdefault(key, [
                    run.name, run.date, partner.isp_customer_code or '',
                    invoice.partner_id.display_name, 0, 0.0, 0.0, 0.0])
                values[4] += 1
                values[5] += sign * invoice.amount_untaxed
                values[6] += sign * invoice.amount_tax
                values[7] += sign * invoice.amount_total
                for line in invoice.invoice_line_ids:
                    key = (run.id, line.product_id.id)
                    values = products.setdefault(key, [
                        run.name, line.product_id.default_code or '',
                        line.product_id.display_name or line.name,
                        line.uom_id.name or '', 0.0, 0.0])
                    values[4] += sign * line.quantity
                    values[5] += sign * line.price_subtotal
        for values in customers.values():
            values[5:8] = [self._round(currency, v) for v in values[5:8]]
        for values in products.values():
            values[4] = round(values[4], 3)
            values[5] = self._round(currency, values[5])
        sheet = workbook.add_worksheet(_('Customers'))
        sheet.write_string(0, 0, _('Billing run summary per customer'),
                           formats['title'])
        self._write_table(sheet, 2, [
            (_('Billing run'), TEXT, 28, False),
            (_('Invoice date'), DATE, 12, False),
            (_('Customer code'), TEXT, 14, False),
            (_('Customer'), TEXT, 32, False),
            (_('Invoices'), INTEGER, 10, True),
            (_('Untaxed'), MONEY, 14, True),
            (_('Taxes'), MONEY, 14, True),
            (_('Total'), MONEY, 14, True),
        ], list(customers.values()), formats, total_label=_('Total'),
            currency=currency)
        sheet = workbook.add_worksheet(_('Products'))
        sheet.write_string(0, 0, _('Billing run summary per product'),
                           formats['title'])
        self._write_table(sheet, 2, [
            (_('Billing run'), TEXT, 28, False),
            (_('Internal reference'), TEXT, 14, False),
            (_('Product'), TEXT, 36, False),
            (_('Unit'), TEXT, 10, False),
            (_('Quantity'), NUMBER, 12, False),
            (_('Untaxed'), MONEY, 14, True),
        ], list(products.values()), formats, total_label=_('Total'),
            currency=currency)


class IspSubscriptionXlsx(models.AbstractModel):
    _name = 'report.isp_billing.subscription_xlsx'
    _inherit = 'report.isp_billing.xlsx_common'

    def _get_objs_for_report(self, docids, data):
        if not docids and data and data.get('isp_all_subscriptions'):
            return self.env['isp.subscription'].search([])
        return super(IspSubscriptionXlsx, self)._get_objs_for_report(
            docids, data)

    def generate_xlsx_report(self, workbook, data, subscriptions):
        self._check_report_records(subscriptions, 'isp.subscription')
        formats = self._formats(workbook)
        currency = subscriptions[:1].company_id.currency_id or \
            self.env.user.company_id.currency_id
        Subscription = self.env['isp.subscription']
        selections = Subscription.fields_get(['state', 'billing_mode'])
        states = OrderedDict(selections['state']['selection'])
        modes = dict(selections['billing_mode']['selection'])
        rows = []
        for sub in subscriptions.sorted(lambda s: (
                s.partner_id.display_name or '', s.name or '')):
            monthly = sub.quantity * sub.price_unit * (
                1 - (sub.discount or 0.0) / 100.0)
            rows.append([
                sub.name,
                sub.partner_id.commercial_partner_id.isp_customer_code or '',
                sub.partner_id.display_name,
                sub.product_id.display_name,
                states.get(sub.state, sub.state),
                sub.date_start, sub.date_end, sub.date_commitment_end,
                sub.billing_cycle_day,
                modes.get(sub.billing_mode, sub.billing_mode),
                sub.quantity, sub.price_unit, sub.discount,
                self._round(currency, monthly),
            ])
        sheet = workbook.add_worksheet(_('Subscriptions'))
        sheet.write_string(0, 0, _('Subscriptions'), formats['title'])
        total_row, _totals = self._write_table(sheet, 2, [
            (_('Reference'), TEXT, 14, False),
            (_('Customer code'), TEXT, 14, False),
            (_('Customer'), TEXT, 30, False),
            (_('Service'), TEXT, 30, False),
            (_('State'), TEXT, 18, False),
            (_('Start Date'), DATE, 12, False),
            (_('End Date'), DATE, 12, False),
            (_('Commitment end'), DATE, 12, False),
            (_('Billing cycle day'), INTEGER, 8, False),
            (_('Billing mode'), TEXT, 24, False),
            (_('Quantity'), NUMBER, 10, False),
            (_('Unit Price'), MONEY, 12, False),
            (_('Discount (%)'), NUMBER, 10, False),
            (_('Amount per period'), MONEY, 14, True),
        ], rows, formats, total_label=_('Total'), currency=currency)
        # count per state: COUNTIF over the state column
        sheet = workbook.add_worksheet(_('States'))
        sheet.write_string(0, 0, _('Subscriptions per state'),
                           formats['title'])
        sheet.write_string(2, 0, _('State'), formats['header'])
        sheet.write_string(2, 1, _('Subscriptions'), formats['header'])
        sheet.set_column(0, 0, 24)
        first, last = 4, max(total_row, 4)
        row = 2
        for row, label in enumerate(states.values(), 3):
            sheet.write_string(row, 0, label)
            count = len([r for r in rows if r[4] == label])
            sheet.write_formula(
                row, 1, "=COUNTIF('%s'!E%d:E%d,A%d)" % (
                    _('Subscriptions'), first, last, row + 1),
                formats[INTEGER], count)
        sheet.write_string(row + 1, 0, _('Total'), formats['total_label'])
        sheet.write_formula(row + 1, 1, '=SUM(B4:B%d)' % (row + 1),
                            formats['total_' + INTEGER], len(rows))


class IspReceivableAgingXlsx(models.AbstractModel):
    _name = 'report.isp_billing.receivable_aging_xlsx'
    _inherit = 'report.isp_billing.xlsx_common'

    def generate_xlsx_report(self, workbook, data, wizards):
        self._check_report_records(wizards, 'isp.receivable.aging.wizard')
        formats = self._formats(workbook)
        wizard = wizards[:1]
        currency = wizard.company_id.currency_id
        items = wizard._aging_items()
        labels = wizard._bucket_labels()
        partners = OrderedDict()
        for item in items:
            partner = item['partner']
            values = partners.setdefault(partner.id, [
                partner.isp_customer_code or '', partner.display_name]
                + [0.0] * len(aging_rules.BUCKET_KEYS) + [0.0])
            index = 2 + aging_rules.BUCKET_KEYS.index(item['bucket'])
            values[index] = self._round(currency,
                                        values[index] + item['amount'])
            values[-1] = self._round(currency, values[-1] + item['amount'])
        sheet = workbook.add_worksheet(_('Aging'))
        sheet.write_string(0, 0, _('Receivables aging at'), formats['title'])
        sheet.write_datetime(0, 3, self._to_datetime(wizard.date_at),
                             formats[DATE])
        columns = [(_('Customer code'), TEXT, 14, False),
                   (_('Customer'), TEXT, 32, False)]
        columns += [(labels[key], MONEY, 13, True)
                    for key in aging_rules.BUCKET_KEYS]
        columns.append((_('Total'), MONEY, 14, True))
        rows = list(partners.values())
        self._write_table(sheet, 2, columns, rows, formats,
                          total_label=_('Total'), currency=currency)
        # each row's total is the sum of its buckets
        total_col = len(columns) - 1
        for index, values in enumerate(rows, 3):
            sheet.write_formula(index, total_col, '=SUM(%s:%s)' % (
                xl_rowcol_to_cell(index, 2),
                xl_rowcol_to_cell(index, total_col - 1)),
                formats[MONEY], values[-1])
        sheet = workbook.add_worksheet(_('Open items'))
        self._write_table(sheet, 0, [
            (_('Customer'), TEXT, 32, False),
            (_('Document'), TEXT, 22, False),
            (_('Date'), DATE, 12, False),
            (_('Due date'), DATE, 12, False),
            (_('Days overdue'), INTEGER, 10, False),
            (_('Bucket'), TEXT, 12, False),
            (_('Outstanding'), MONEY, 14, True),
        ], [[item['partner'].display_name, item['name'], item['date'],
             item['date_due'], item['days_overdue'], labels[item['bucket']],
             item['amount']] for item in items],
            formats, total_label=_('Total'), currency=currency)
