# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""XLSX of payment returns (OCA report_xlsx): one row per returned debit,
the amount a numeric cell, the return date a date cell, the total a SUM
formula."""
from odoo import _, models

from .isp_billing_xlsx import DATE, MONEY, TEXT


class IspPaymentReturnXlsx(models.AbstractModel):
    _name = 'report.isp_billing.payment_return_xlsx'
    _inherit = 'report.isp_billing.xlsx_common'

    def generate_xlsx_report(self, workbook, data, returns):
        self._check_report_records(returns, 'payment.return')
        formats = self._formats(workbook)
        currency = returns[:1].company_id.currency_id
        outcomes = dict(self.env['payment.return.line']._fields[
            'isp_outcome']._description_selection(self.env))
        rows = []
        for payment_return in returns:
            for line in payment_return.line_ids:
                partner = line.partner_id.commercial_partner_id
                rows.append([
                    payment_return.name,
                    payment_return.date,
                    partner.isp_customer_code or '',
                    line.partner_id.display_name or line.partner_name or '',
                    line.reference or '',
                    line.isp_mandate_reference or '',
                    line.reason_id.code or '',
                    line.reason_id.name or '',
                    self._round(currency, line.amount),
                    ', '.join(i.number or '' for i in line.isp_invoice_ids),
                    outcomes.get(line.isp_outcome, '')
                    if line.isp_outcome else (line.isp_match_error or ''),
                    line.isp_fee_invoice_id.number
                    or line.isp_fee_charge_id.invoice_id.number
                    or (line.isp_fee_charge_id and _('next invoice'))
                    or '',
                ])
        sheet = workbook.add_worksheet(_('Returned debits'))
        sheet.write_string(0, 0, _('Returned direct debits'),
                           formats['title'])
        self._write_table(sheet, 2, [
            (_('Return'), TEXT, 18, False),
            (_('Return date'), DATE, 12, False),
            (_('Customer code'), TEXT, 14, False),
            (_('Customer'), TEXT, 30, False),
            (_('End-to-end id'), TEXT, 22, False),
            (_('Mandate'), TEXT, 18, False),
            (_('Reason code'), TEXT, 8, False),
            (_('Reason'), TEXT, 30, False),
            (_('Amount'), MONEY, 12, True),
            (_('Invoices'), TEXT, 20, False),
            (_('Then'), TEXT, 20, False),
            (_('Fee invoice'), TEXT, 16, False),
        ], rows, formats, total_label=_('Total'), currency=currency)
