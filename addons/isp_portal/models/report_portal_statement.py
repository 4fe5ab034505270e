# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's account statement as a PDF (QWeb) and an XLSX file
(OCA report_xlsx)."""
import datetime

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

from ..rules import portal_money as money_rules


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
    def _isp_statement(self, partner, date_from, date_to):
        """The receivable moves of ``partner`` (its commercial partner)
        between two dates, with the opening balance and a running balance:
        {date_from, date_to, opening, lines, closing, debit, credit,
        currency}. Callers check that the partner is theirs; run as
        superuser."""
        partner = partner.commercial_partner_id
        company = self.env.user.company_id
        currency = company.currency_id
        MoveLine = self.env['account.move.line']
        base = [
            ('partner_id', '=', partner.id),
            ('account_id.internal_type', '=', 'receivable'),
            ('move_id.state', '=', 'posted'),
            ('company_id', '=', company.id),
        ]
        opening = MoveLine.read_group(
            base + [('date', '<', date_from)], ['balance'], [])
        opening = opening and opening[0].get('balance') or 0.0
        moves = MoveLine.search_read(
            base + [('date', '>=', date_from), ('date', '<=', date_to)],
            ['date', 'move_id', 'name', 'ref', 'invoice_id', 'debit',
             'credit', 'date_maturity'], order='date asc, id asc')
        invoice_ids = list({m['invoice_id'][0] for m in moves
                            if m['invoice_id']})
        invoice_types = {
            r['id']: r['type'] for r in self.env['account.invoice'].sudo()
            .browse(invoice_ids).read(['type'])} if invoice_ids else {}
        rows = []
        for move in moves:
            if move['invoice_id']:
                kind = invoice_types.get(move['invoice_id'][0])
                label = _('Credit note') if kind == 'out_refund' else \
                    _('Invoice')
                reference = move['invoice_id'][1].split(' ')[0]
            else:
                label = _('Payment')
                reference = move['ref'] or move['move_id'][1]
            rows.append({
                'date': move['date'],
                'label': label,
                'reference': reference,
                'debit': move['debit'],
                'credit': move['credit'],
            })
        lines = money_rules.running_balance(
            opening, rows, digits=currency.decimal_places)
        debit = currency.round(sum(r['debit'] for r in rows))
        credit = currency.round(sum(r['credit'] for r in rows))
        return {
            'partner': partner,
            'date_from': date_from,
            'date_to': date_to,
            'opening': currency.round(opening),
            'lines': lines,
            'debit': debit,
            'credit': credit,
            'closing': lines[-1]['balance'] if lines else
            currency.round(opening),
            'currency': currency,
            'today': fields.Date.context_today(self),
        }

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
                self.sudo()._isp_statement(partner, date_from, date_to)
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
            statement = self.env[
                'report.isp_portal.report_portal_statement'].sudo(
                )._isp_statement(partner, date_from, date_to)
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
