# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    """The contract documents: the data of each service and the
    conditions the contract is signed with."""
    _inherit = 'sale.order'

    isp_service_detail_ids = fields.One2many(
        comodel_name='isp.contract.service', inverse_name='order_id',
        string='Service data', copy=True)
    isp_condition_id = fields.Many2one(
        comodel_name='isp.contract.condition', string='Conditions',
        ondelete='restrict',
        help='The conditions the contract is signed with (printed in the '
             'contract conditions document): by default those of an offer '
             'of the contract, else the general ones.')

    @api.multi
    def _isp_default_condition(self):
        """The conditions of an offer of the order's lines, else the
        company's general conditions."""
        self.ensure_one()
        templates = self.order_line.mapped('product_id.product_tmpl_id')
        return self.env['isp.contract.condition']._find_for(
            templates, self.company_id or self.env.user.company_id)

    @api.onchange('order_line', 'isp_is_contract')
    def _onchange_isp_condition(self):
        if not self.isp_is_contract:
            return
        condition = self._isp_default_condition()
        if condition and (not self.isp_condition_id
                          or condition.product_tmpl_ids):
            self.isp_condition_id = condition

    @api.model
    def create(self, vals):
        order = super(SaleOrder, self).create(vals)
        if order.isp_is_contract and not order.isp_condition_id:
            condition = order._isp_default_condition()
            if condition:
                order.isp_condition_id = condition
        return order
