# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


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

    @api.multi
    def _prepare_isp_consumption_items(self, run, partner, fiscal_position,
                                       cache=None):
        """The invoice items of the unbilled readings dated up to the date
        of ``run``: per reading, the consumption since the previous reading
        at the tariff's consumption unit price. Dicts with the invoice
        group ``key``, the ``line_vals``, the ``reading`` and the
        ``metered_subscription``."""
        self.ensure_one()
        readings = self._unbilled_readings(run.date)
        if not readings:
            return []
        product = self.product_id
        digits = self.env['decimal.precision'].precision_get('Product Price')
        if float_is_zero(product.isp_consumption_price,
                         precision_digits=digits):
            raise UserError(_(
                'Tariff %(product)s has no consumption unit price: set '
                'it on the product (ISP tab) so that the readings of '
                'subscription %(subscription)s can be billed.') % {
                    'product': product.display_name,
                    'subscription': self.name})
        key = run._invoice_group_key(partner, self, cache=cache)
        return [{
            'key': key,
            'reading': reading,
            'metered_subscription': self,
            'line_vals': run._prepare_invoice_line_values(
                partner, product, run._consumption_label(partner, reading),
                reading.consumption, product.isp_consumption_price,
                fiscal_position=fiscal_position, cache=cache),
        } for reading in readings]
