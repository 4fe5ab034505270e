# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.addons.isp_crm.models.product_template import METERED_SERVICE_TYPES


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    isp_is_metered = fields.Boolean(
        string='Metered service',
        compute='_compute_isp_is_metered',
        store=True,
        help='Electricity, gas and water tariffs are billed from meter '
             'readings.')
    isp_consumption_price = fields.Float(
        string='Consumption unit price',
        digits=dp.get_precision('Product Price'),
        help='Price of one consumed unit (the unit of measure of the '
             'tariff: kWh, m³...) of a metered service. The billing run '
             'invoices the consumption between readings at this price, on '
             'top of the subscription price (the fixed standing charge).')

    @api.depends('isp_service_type')
    def _compute_isp_is_metered(self):
        for template in self:
            template.isp_is_metered = (
                template.isp_service_type in METERED_SERVICE_TYPES)
