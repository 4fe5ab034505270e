# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.tools import float_is_zero
from odoo.tools.misc import format_date
from odoo.addons import decimal_precision as dp

from ..rules import billing_period as period_rules
from ..rules import migration as migration_rules


class IspSubscriptionCredit(models.Model):
    """The unused part of an invoiced period that has been credited (or
    deliberately kept by a migration).

    One record per invoiced period at most (SQL unique): this is what makes
    migrations and mass credit notes safe to run twice. Deleting the draft
    credit note line frees the period again."""
    _name = 'isp.subscription.credit'
    _description = 'Credited part of an invoiced ISP subscription period'
    _order = 'id desc'

    period_id = fields.Many2one(
        comodel_name='isp.subscription.period',
        string='Invoiced period',
        required=True,
        index=True,
        ondelete='cascade',
    )
    company_id = fields.Many2one(
        related='period_id.subscription_id.company_id',
        string='Company',
        store=True,
        readonly=True,
        index=True,
    )
    subscription_id = fields.Many2one(
        related='period_id.subscription_id',
        string='Subscription',
        store=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        related='period_id.subscription_id.partner_id',
        string='Customer',
        store=True,
        readonly=True,
    )
    date_from = fields.Date(
        string='Credited from',
        required=True,
        help='First unused day of the period.',
    )
    amount = fields.Float(
        digits=dp.get_precision('Account'),
        help='Amount credited, taxes excluded; 0 when the refund was '
             'waived.',
    )
    invoice_line_id = fields.Many2one(
        comodel_name='account.invoice.line',
        string='Credit note line',
        index=True,
        ondelete='cascade',
    )
    invoice_id = fields.Many2one(
        related='invoice_line_id.invoice_id',
        string='Credit note',
        readonly=True,
    )
    migration_id = fields.Many2one(
        comodel_name='isp.migration',
        string='Migration',
        index=True,
        ondelete='set null',
    )

    _sql_constraints = [
        ('period_unique', 'unique(period_id)',
         'This invoiced period has already been credited.'),
    ]

    @api.model
    def _refundable_items(self, subscription, date_change):
        """Invoiced periods of ``subscription`` with days from
        ``date_change`` on, not credited yet: a list of dicts with the
        ``period`` record and the unused ``amount``."""
        currency = subscription.company_id.currency_id
        periods = self.env['isp.subscription.period'].search([
            ('subscription_id', '=', subscription.id),
            ('date_end', '>=', fields.Date.to_string(
                period_rules.to_date(date_change))),
        ], order='date_start')
        credited = self.search([('period_id', 'in', periods.ids)]).mapped(
            'period_id')
        items = []
        for period in periods - credited:
            amount = migration_rules.unused_amount(
                period.amount, (period.date_start, period.date_end),
                subscription.date_start, date_change,
                rounding=currency.round)
            items.append({'period': period, 'amount': amount,
                          'date_from': date_change})
        return items

    @api.model
    def _create_credit_note(self, partner, items, date, origin,
                            migration=None):
        """One draft credit note for ``partner`` with a line per item of
        ``_refundable_items`` (items with no amount are only recorded as
        credited). Returns the credit note (none when nothing to credit).
        """
        Invoice = self.env['account.invoice']
        if not items:
            return Invoice
        subscription = items[0]['period'].subscription_id
        company = subscription.company_id
        currency = company.currency_id
        run = self.env['isp.billing.run'].new({
            'company_id': company.id, 'date': date,
            'cycle_day': subscription.billing_cycle_day})
        fiscal_position = self.env['account.fiscal.position'].browse(
            self.env['account.fiscal.position'].get_fiscal_position(
                partner.id))
        to_credit = OrderedDict()
        for item in items:
            if float_is_zero(item['amount'],
                             precision_rounding=currency.rounding):
                continue
            period = item['period']
            service = period.subscription_id.product_id
            env = self.with_context(lang=partner.lang).env
            # _() translates into the language of ``context``: the
            # customer's
            context = {  # noqa: F841 pylint: disable=W0612
                'lang': partner.lang}
            name = _('Unused days of %(service)s, '
                     '%(date_from)s–%(date_to)s') % {
                'service': service.with_context(lang=partner.lang).name,
                'date_from': format_date(env, item['date_from']),
                'date_to': format_date(env, period.date_end)}
            to_credit[period.id] = run._prepare_invoice_line_values(
                partner, service, name, 1.0, item['amount'],
                fiscal_position=fiscal_position)
        invoice = Invoice
        lines = {}
        if to_credit:
            key = run._invoice_group_key(partner, subscription)
            vals = run._prepare_invoice_values(
                partner, key, list(to_credit.values()))
            vals.update({'type': 'out_refund', 'origin': origin,
                         'isp_billing_run_id': False})
            invoice = Invoice.create(vals)
            invoice.compute_taxes()
            lines = dict(zip(to_credit, invoice.invoice_line_ids.sorted(
                lambda l: (l.sequence, l.id))))
        for item in items:
            period = item['period']
            line = lines.get(period.id)
            self.create({
                'period_id': period.id,
                'date_from': item['date_from'],
                'amount': line.price_subtotal if line else 0.0,
                'invoice_line_id': line.id if line else False,
                'migration_id': migration.id if migration else False,
            })
        return invoice
