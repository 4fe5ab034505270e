# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The account statement of a customer (portal, PDF, XLSX)."""
from odoo import _, api, fields, models

from ..rules import portal_money as money_rules


class ResPartner(models.Model):
    _inherit = 'res.partner'

    @api.multi
    def _isp_portal_statement(self, date_from, date_to):
        """The receivable moves of the customer (commercial partner)
        between two dates, with the opening balance and a running
        balance: {date_from, date_to, opening, lines, closing, debit,
        credit, currency}. Callers check that the partner is theirs."""
        self.ensure_one()
        partner = self.commercial_partner_id
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
