# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons import decimal_precision as dp


class SaleOrderLine(models.Model):
    """The campaign a contract line was sold with."""
    _inherit = 'sale.order.line'

    isp_campaign_id = fields.Many2one(
        'isp.campaign', string='Campaign', readonly=True,
        ondelete='restrict')
    isp_campaign_months = fields.Integer(
        string='Campaign months', readonly=True,
        help='Months the campaign price applies from the start of the '
             'service (0: no limit). Billing returns to the regular price '
             'afterwards.')
    isp_price_regular = fields.Float(
        string='Regular price', digits=dp.get_precision('Product Price'),
        readonly=True,
        help='Unit price without the campaign, billed once it ends.')

    @api.multi
    def _prepare_isp_campaign_removal_values(self):
        """Values that take the campaign off this line: back to the
        regular price."""
        self.ensure_one()
        return {
            'price_unit': self.isp_price_regular,
            'discount': 0.0,
            'isp_campaign_id': False,
            'isp_campaign_months': 0,
            'isp_price_regular': 0.0,
        }
