# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class IspSubscription(models.Model):
    """Meters, readings and consumption of metered services (electricity,
    gas, water)."""
    _inherit = 'isp.subscription'

    is_metered = fields.Boolean(
        related='product_id.isp_is_metered',
        string='Metered service',
        readonly=True,
    )
    consumption_price = fields.Float(
        related='product_id.isp_consumption_price',
        string='Consumption unit price',
        readonly=True,
    )
    meter_ids = fields.One2many(
        comodel_name='isp.meter',
        inverse_name='subscription_id',
        string='Meters',
        copy=False,
    )
    reading_ids = fields.One2many(
        comodel_name='isp.meter.reading',
        inverse_name='subscription_id',
        string='Readings',
        copy=False,
    )
    reading_count = fields.Integer(
        string='Readings',
        compute='_compute_reading_count',
    )

    @api.depends('reading_ids')
    def _compute_reading_count(self):
        for subscription in self:
            subscription.reading_count = len(subscription.reading_ids)

    @api.multi
    def action_view_consumption(self):
        """The consumption history of the subscription: graph first."""
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        action = self.env.ref(
            'isp_billing.isp_meter_reading_action').read()[0]
        action['domain'] = [('subscription_id', '=', self.id)]
        action['view_mode'] = 'graph,tree,pivot,form'
        action['views'] = [(False, mode) for mode in
                           ('graph', 'tree', 'pivot', 'form')]
        action['context'] = {
            'default_subscription_id': self.id,
            'search_default_subscription_id': self.id,
        }
        return action

    @api.multi
    def _unbilled_readings(self, date_to):
        """Readings up to ``date_to`` whose consumption is not billed yet
        (a service's first reading is its starting index: nothing to
        bill)."""
        self.ensure_one()
        return self.env['isp.meter.reading'].search([
            ('subscription_id', '=', self.id),
            ('is_billed', '=', False),
            ('previous_reading_id', '!=', False),
            ('date', '<=', date_to),
        ], order='date, id')
