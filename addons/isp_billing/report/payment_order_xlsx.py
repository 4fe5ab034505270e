# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""XLSX of debit orders (OCA report_xlsx): one sheet per order, the order's
header (mode, account, state, billing run, number of debits and total) and
one row per debit, the debtor's IBAN masked as on the invoice, the amount a
numeric cell, the collection date a date cell, the total a SUM formula."""
import re

from odoo import _, models
from odoo.exceptions import UserError

from ..rules import bank_account as bank_rules
from .isp_billing_xlsx import DATE, INTEGER, MONEY, TEXT

# OCA mandate's recurrent_sequence_type -> SeqTp of the file
SEQUENCE_TYPES = {'first': 'FRST', 'recurring': 'RCUR', 'final': 'FNAL'}
# states in which the mandate's next sequence type is the one the order's
# file carries (on upload, OCA moves FRST mandates to RCUR)
SEQUENCE_STATES = ('draft', 'open', 'generated')
# characters a worksheet name may not hold, and its length
SHEET_FORBIDDEN = re.compile(r'[\[\]:*?/\\]')
SHEET_NAME_SIZE = 31


class IspPaymentOrderXlsx(models.AbstractModel):
    _name = 'report.isp_billing.payment_order_xlsx'
    _inherit = 'report.isp_billing.xlsx_common'

    def generate_xlsx_report(self, workbook, data, orders):
        self._check_report_records(orders, 'account.payment.order')
        outbound = orders.filtered(lambda o: o.payment_type != 'inbound')
        if outbound:
            raise UserError(_(
                'Payment order %s pays suppliers: this export lists debit '
                'orders (customers debited) only.') % outbound[0].name)
        formats = self._formats(workbook)
        used = set()
        for order in orders:
            self._isp_order_sheet(workbook, formats, order, used)

    @staticmethod
    def _isp_sheet_name(name, used):
        """``name`` as a worksheet name: without the characters Excel
        refuses, at most 31 characters, unique in the workbook."""
        base = SHEET_FORBIDDEN.sub('-', name or '').strip("' ") or '-'
        candidate = base[:SHEET_NAME_SIZE]
        counter = 1
        while candidate.lower() in used:
            counter += 1
            suffix = ' (%d)' % counter
            candidate = base[:SHEET_NAME_SIZE - len(suffix)] + suffix
        used.add(candidate.lower())
        return candidate

    @staticmethod
    def _isp_sequence_type(order, mandate):
        """FRST/RCUR/FNAL/OOFF of a debit, as the order's file carries it:
        the mandate's next one until the file is uploaded; OCA keeps no
        trace of it afterwards (the mandate has moved on), so blank."""
        if not mandate or order.state not in SEQUENCE_STATES:
            return ''
        if mandate.type == 'oneoff':
            return 'OOFF'
        return SEQUENCE_TYPES.get(mandate.recurrent_sequence_type, '')

    def _isp_order_rows(self, order):
        rows = []
        for line in order.payment_line_ids.sorted(
                lambda l: (l.partner_id.display_name or '', l.id)):
            partner = line.partner_id.commercial_partner_id
            invoice = line.move_line_id.invoice_id
            mandate = line.mandate_id
            currency = line.currency_id or order.company_currency_id
            rows.append([
                line.partner_id.display_name or '',
                partner.isp_customer_code or '',
                invoice.number or line.move_line_id.move_id.name or '',
                mandate.unique_mandate_reference or '',
                self._isp_sequence_type(order, mandate),
                bank_rules.mask_account_number(
                    line.partner_bank_id.sudo().acc_number),
                line.date,
                self._round(currency, line.amount_currency),
                currency.name or '',
                line.communication or '',
                line.bank_line_id.name or line.name or '',
            ])
        return rows

    def _isp_order_sheet(self, workbook, formats, order, used):
        currency = order.payment_line_ids[:1].currency_id or \
            order.company_currency_id
        rows = self._isp_order_rows(order)
        states = dict(order._fields['state']._description_selection(
            self.env))
        sheet = workbook.add_worksheet(self._isp_sheet_name(order.name, used))
        sheet.write_string(0, 0, _('Debit order %s') % (order.name or ''),
                           formats['title'])
        header = [
            (_('Debit order'), TEXT, order.name),
            (_('Company'), TEXT, order.company_id.name),
            (_('Payment mode'), TEXT, order.payment_mode_id.name),
            (_('Bank account'), TEXT,
             order.company_partner_bank_id.acc_number),
            (_('State'), TEXT, states.get(order.state, '')),
            (_('Billing run'), TEXT, order.isp_billing_run_id.name),
            (_('Number of debits'), INTEGER, len(rows)),
            (_('Total amount'), MONEY,
             self._round(currency, sum(row[7] for row in rows))),
            (_('Currency'), TEXT, currency.name),
        ]
        for index, (label, kind, value) in enumerate(header, 2):
            sheet.write_string(index, 0, label, formats['header'])
            self._write_cell(sheet, index, 1, kind, value, formats)
        self._write_table(sheet, len(header) + 3, [
            (_('Customer'), TEXT, 30, False),
            (_('Customer code'), TEXT, 14, False),
            (_('Invoice'), TEXT, 18, False),
            (_('Mandate'), TEXT, 20, False),
            (_('Sequence type'), TEXT, 9, False),
            (_('Debtor IBAN'), TEXT, 20, False),
            (_('Collection date'), DATE, 12, False),
            (_('Amount'), MONEY, 12, True),
            (_('Currency'), TEXT, 8, False),
            (_('Communication'), TEXT, 24, False),
            (_('End-to-end id'), TEXT, 22, False),
        ], rows, formats, total_label=_('Total'), currency=currency)
