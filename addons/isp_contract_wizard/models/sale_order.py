# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models


class SaleOrder(models.Model):
    _name = 'sale.order'
    _inherit = ['sale.order', 'isp.esign.mixin']

    @api.multi
    def _esign_can_confirm(self):
        """Whether signing may confirm the order: a quotation, and for an
        ISP contract only once its intake is ready for activation."""
        self.ensure_one()
        if self.state not in ('draft', 'sent'):
            return False
        if self.isp_is_contract and self.isp_intake_state != 'ready':
            return False
        return True

    @api.multi
    def _esign_on_accepted(self, request):
        """The customer signed: confirm the contract."""
        for order in self:
            if order._esign_can_confirm():
                order.action_confirm()
                order.message_post(body=_(
                    'Confirmed by the signature of %(name)s (%(request)s).')
                    % {'name': request.signed_name, 'request': request.name})
            else:
                order.message_post(body=_(
                    'Signed by %(name)s (%(request)s). Confirm the contract '
                    'when its intake is ready for activation.')
                    % {'name': request.signed_name, 'request': request.name})
        return True
