# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import OrderedDict

from odoo import api, fields, models
from odoo.addons import decimal_precision as dp

from ..rules import billing_period as period_rules


class IspBillingRunPreview(models.Model):
    """One line of a dry run: what a contract would be invoiced, and the
    difference with what its previous period was invoiced."""
    _name = 'isp.billing.run.preview'
    _description = 'ISP billing run dry-run line'
    _order = 'partner_id, id'

    run_id = fields.Many2one(
        comodel_name='isp.billing.run',
        string='Billing run',
        required=True,
        index=True,
        ondelete='cascade',
    )
    company_id = fields.Many2one(
        related='run_id.company_id',
        string='Company',
        store=True,
        readonly=True,
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        ondelete='cascade',
    )
    subscription_id = fields.Many2one(
        comodel_name='isp.subscription',
        string='Subscription',
        ondelete='cascade',
    )
    order_id = fields.Many2one(
        comodel_name='sale.order',
        string='Contract',
        ondelete='cascade',
    )
    name = fields.Char(
        string='Description',
    )
    amount = fields.Float(
        digits=dp.get_precision('Account'),
    )
    previous_amount = fields.Float(
        string='Previous period',
        digits=dp.get_precision('Account'),
    )
    difference = fields.Float(
        digits=dp.get_precision('Account'),
    )

    @api.model
    def _prepare_preview_values(self, run, partner):
        """Dry-run lines of ``partner`` in ``run``: one per subscription
        period (its extra amounts included), one per one-off charge, one
        per charge for the next invoice and one per meter reading."""
        currency = run.company_id.currency_id
        lines = OrderedDict()
        for item in run._compute_customer_items(partner):
            vals = item['line_vals']
            subtotal = currency.round(
                vals['quantity'] * vals['price_unit']
                * (1 - (vals['discount'] or 0.0) / 100.0))
            subscription = item.get('subscription')
            previous_amount = 0.0
            if subscription:
                key = (subscription.id, item['period'][0])
                order = subscription.order_id
            elif item.get('charge'):
                key = ('charge', item['charge'].id)
                subscription = item['charge'].subscription_id
                order = subscription.order_id
            elif item.get('reading'):
                key = ('reading', item['reading'].id)
                subscription = item['metered_subscription']
                order = subscription.order_id
            else:
                key = ('oneoff', item['sale_line'].id,
                       vals['product_id'])
                order = item['sale_line'].order_id
            if key not in lines:
                if item.get('period'):
                    previous_amount = self._previous_amount(
                        subscription, item['period'])
                lines[key] = {
                    'partner_id': partner.id,
                    'subscription_id': subscription.id if subscription
                    else False,
                    'order_id': order.id,
                    'name': vals['name'],
                    'amount': 0.0,
                    'previous_amount': previous_amount,
                }
            lines[key]['amount'] += subtotal
        for vals in lines.values():
            vals['difference'] = currency.round(
                vals['amount'] - vals['previous_amount'])
        return list(lines.values())

    @api.model
    def _previous_amount(self, subscription, period):
        """What the period before ``period`` of ``subscription`` was
        invoiced."""
        previous = period_rules.previous_period(period)
        return sum(self.env['isp.subscription.period'].search([
            ('subscription_id', '=', subscription.id),
            ('date_start', '=', fields.Date.to_string(previous[0])),
        ]).mapped('amount'))
