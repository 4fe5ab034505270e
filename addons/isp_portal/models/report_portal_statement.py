# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's account statement as a PDF (QWeb) and an XLSX file
(OCA report_xlsx)."""
import datetime

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


def check_statement_access(env, partners):
    """The report models' methods are public (any logged-in user may call
    them over RPC): a customer gets only his own statement; accounting
    staff and server code (the portal controller renders after its own
    check, as the superuser) any."""
    if env.uid == SUPERUSER_ID or env.user.has_group(
            'account.group_account_invoice'):
        return True
    if len(partners) == 1 and partners == env.user.commercial_partner_id:
        return True
    raise AccessError(_('You may only print your own statement.'))


def statement_dates(data):
    data = data or {}
    today = datetime.date.today()
    return (data.get('date_from') or today.replace(month=1, day=1)
            .isoformat(), data.get('date_to') or today.isoformat())


class ReportPortalStatement(models.AbstractModel):
    _name = 'report.isp_portal.report_portal_statement'
    _description = 'Customer statement (PDF)'

    @api.model
    def get_report_values(self, docids, data=None):
        partners = self.env['res.partner'].browse(docids)
        check_statement_access(self.env, partners)
        date_from, date_to = statement_dates(data)
        return {
            'doc_ids': docids,
            'doc_model': 'res.partner',
            'docs': partners,
            'statements': [
                partner.sudo()._isp_portal_statement(date_from, date_to)
                for partner in partners],
        }


class ReportPortalStatementXlsx(models.AbstractModel):
    _name = 'report.isp_portal.portal_statement_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Customer statement (XLSX)'

    def generate_xlsx_report(self, workbook, data, partners):
        check_statement_access(self.env, partners)
        date_from, date_to = statement_dates(data)
        bold = workbook.add_format({'bold': True})
        header = workbook.add_format({'bold': True, 'bg_color': '#D9D9D9',
                                      'border': 1})
        money = workbook.add_format({'num_format': '#,##0.00'})
        total = workbook.add_format({'bold': True, 'top': 1,
                                     'num_format': '#,##0.00'})
        date_format = workbook.add_format({'num_format': 'yyyy-mm-dd'})
        for partner in partners:
            statement = partner.sudo()._isp_portal_statement(
                date_from, date_to)
            sheet = workbook.add_worksheet(_('Statement')[:31])
            sheet.set_column(0, 0, 12)
            sheet.set_column(1, 2, 22)
            sheet.set_column(3, 5, 14)
            sheet.write(0, 0, _('Statement of %s') % partner.name, bold)
            sheet.write(1, 0, _('From %(from)s to %(to)s') % {
                'from': date_from, 'to': date_to})
            titles = [_('Date'), _('Document'), _('Reference'), _('Debit'),
                      _('Credit'), _('Balance')]
            for col, title in enumerate(titles):
                sheet.write(3, col, title, header)
            sheet.write(4, 1, _('Opening balance'))
            sheet.write_number(4, 5, statement['opening'], money)
            row = 5
            for line in statement['lines']:
                sheet.write_datetime(row, 0, datetime.datetime.strptime(
                    line['date'], '%Y-%m-%d'), date_format)
                sheet.write(row, 1, line['label'])
                sheet.write(row, 2, line['reference'] or '')
                sheet.write_number(row, 3, line['debit'], money)
                sheet.write_number(row, 4, line['credit'], money)
                sheet.write_number(row, 5, line['balance'], money)
                row += 1
            sheet.write(row, 1, _('Closing balance'), bold)
            sheet.write_number(row, 3, statement['debit'], total)
            sheet.write_number(row, 4, statement['credit'], total)
            sheet.write_number(row, 5, statement['closing'], total)
