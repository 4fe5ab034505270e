# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.addons import decimal_precision as dp


class IspSubscriptionPeriod(models.Model):
    """A billing period of a subscription that has been invoiced.

    The SQL constraint on (subscription, period start) is what makes the
    billing run idempotent: a period is invoiced at most once, whatever
    the number of workers or restarts. Deleting the draft invoice line
    frees the period again."""
    _name = 'isp.subscription.period'
    _inherit = 'isp.subscription.line.mixin'
    _description = 'Invoiced period of an ISP subscription'
    _order = 'date_start desc, id desc'

    partner_id = fields.Many2one(
        related='subscription_id.partner_id',
        string='Customer',
        store=True,
        readonly=True,
    )
    date_start = fields.Date(
        string='Period start',
        required=True,
    )
    date_end = fields.Date(
        string='Period end',
        required=True,
    )
    amount = fields.Float(
        digits=dp.get_precision('Account'),
        help='Amount invoiced for the period, extra amounts and discounts '
             'included, taxes excluded.',
    )
    invoice_line_id = fields.Many2one(
        comodel_name='account.invoice.line',
        string='Invoice line',
        index=True,
        ondelete='cascade',
    )
    invoice_id = fields.Many2one(
        related='invoice_line_id.invoice_id',
        string='Invoice',
        readonly=True,
    )
    run_id = fields.Many2one(
        comodel_name='isp.billing.run',
        string='Billing run',
        index=True,
        ondelete='set null',
    )

    _sql_constraints = [
        ('subscription_period_unique', 'unique(subscription_id, date_start)',
         'This period of the subscription has already been invoiced.'),
    ]
