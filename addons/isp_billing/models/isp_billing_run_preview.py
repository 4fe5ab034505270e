# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.addons import decimal_precision as dp


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
