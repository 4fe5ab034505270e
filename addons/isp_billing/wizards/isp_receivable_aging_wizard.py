# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from .billing_user import check_billing_user
from ..rules import aging as aging_rules


class IspReceivableAgingWizard(models.TransientModel):
    """Receivables aging at a date, exported to XLSX."""
    _name = 'isp.receivable.aging.wizard'
    _description = 'ISP receivables aging export'

    date_at = fields.Date(
        string='Aging at',
        required=True,
        default=fields.Date.context_today,
        help='What customers owed at the end of this day: payments and '
             'credit notes matched after it do not count.',
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )

    @api.multi
    def action_export(self):
        self.ensure_one()
        check_billing_user(self.env)
        return self.env.ref(
            'isp_billing.isp_receivable_aging_xlsx_report').report_action(
                self, config=False)

    @api.model
    def _bucket_labels(self):
        return {
            aging_rules.CURRENT: _('Current'),
            '1-30': _('1–30 days'),
            '31-60': _('31–60 days'),
            '61-90': _('61–90 days'),
            '90+': _('Over 90 days'),
        }

    @api.multi
    def _aging_items(self):
        """Open receivable items at ``date_at``: dicts with ``partner``
        (commercial), ``name``, ``date``, ``date_due``, ``days_overdue``,
        ``bucket`` and ``amount`` (positive: owed by the customer,
        negative: owed to them), in the company's currency."""
        self.ensure_one()
        currency = self.company_id.currency_id
        lines = self.env['account.move.line'].search([
            ('company_id', '=', self.company_id.id),
            ('account_id.internal_type', '=', 'receivable'),
            ('move_id.state', '=', 'posted'),
            ('partner_id', '!=', False),
            ('date', '<=', self.date_at),
        ], order='date_maturity, date, id')
        items = []
        for line in lines:
            matched = sum(
                partial.amount for partial in line.matched_credit_ids
                if partial.max_date <= self.date_at) - sum(
                partial.amount for partial in line.matched_debit_ids
                if partial.max_date <= self.date_at)
            amount = round(currency.round(line.debit - line.credit - matched),
                           currency.decimal_places)
            if currency.is_zero(amount):
                continue
            date_due = line.date_maturity or line.date
            items.append({
                'partner': line.partner_id.commercial_partner_id,
                'name': line.invoice_id.number or line.move_id.name,
                'date': line.date,
                'date_due': date_due,
                'days_overdue': aging_rules.days_overdue(
                    date_due, self.date_at),
                'bucket': aging_rules.bucket(date_due, self.date_at),
                'amount': amount,
            })
        items.sort(key=lambda i: (i['partner'].display_name or '',
                                  i['date_due'], i['name'] or ''))
        return items
