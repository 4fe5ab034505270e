# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.addons.isp_crm.rules import penalty as penalty_rules


class IspMigrationLine(models.Model):
    """An old subscription a migration ends, with the choices made for
    it. The amounts are the preview: refreshed by "Preview", on
    confirmation and when applied, and equal to the documents created."""
    _name = 'isp.migration.line'
    _description = 'Subscription ended by an ISP migration'
    _order = 'migration_id, id'

    migration_id = fields.Many2one(
        comodel_name='isp.migration',
        string='Migration',
        required=True,
        index=True,
        ondelete='cascade',
    )
    company_id = fields.Many2one(
        related='migration_id.company_id',
        string='Company',
        store=True,
        readonly=True,
        index=True,
    )
    subscription_id = fields.Many2one(
        comodel_name='isp.subscription',
        string='Old subscription',
        required=True,
        index=True,
        ondelete='cascade',
    )
    product_id = fields.Many2one(
        related='subscription_id.product_id',
        string='Service',
        readonly=True,
    )
    billing_mode = fields.Selection(
        related='subscription_id.billing_mode',
        readonly=True,
    )
    date_commitment_end = fields.Date(
        related='subscription_id.date_commitment_end',
        readonly=True,
    )
    apply_penalty = fields.Boolean(
        string='Charge penalty',
        default=True,
        help='Untick to waive the early-termination penalty.',
    )
    refund = fields.Boolean(
        string='Refund unused days',
        default=True,
        help='Credit the days of an already invoiced period after the '
             'change date. Untick to keep them.',
    )
    penalty_amount = fields.Float(
        digits=dp.get_precision('Account'),
        readonly=True,
    )
    refund_amount = fields.Float(
        digits=dp.get_precision('Account'),
        readonly=True,
    )

    @api.multi
    def _compute_penalty(self):
        """The tariff's early-termination penalty at the change date."""
        self.ensure_one()
        subscription = self.subscription_id
        product = subscription.product_id
        if not self.apply_penalty or not self.migration_id.date:
            return 0.0
        amount = penalty_rules.early_termination_penalty(
            product.isp_penalty_type or penalty_rules.PENALTY_NONE,
            product.isp_penalty_amount, subscription.date_start,
            product.isp_commitment_months, self.migration_id.date)
        return subscription.company_id.currency_id.round(amount)

    @api.multi
    def _refund_items(self):
        self.ensure_one()
        if not self.migration_id.date:
            return []
        return self.env['isp.subscription.credit']._refundable_items(
            self.subscription_id, self.migration_id.date)

    @api.multi
    def _update_amounts(self):
        for line in self:
            refund = 0.0
            if line.refund:
                refund = sum(item['amount'] for item in line._refund_items())
            line.write({'penalty_amount': line._compute_penalty(),
                        'refund_amount': refund})
