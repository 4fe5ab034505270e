# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models

# what the contract document shows: a change after the document was sent
# for signature cancels the request (fields absent from the database are
# skipped, so that each addon of the suite may be installed alone)
ESIGN_ORDER_FIELDS = (
    'partner_id', 'partner_invoice_id', 'partner_shipping_id',
    'pricelist_id', 'currency_id', 'payment_term_id', 'fiscal_position_id',
    'company_id', 'note', 'amount_untaxed', 'amount_tax', 'amount_total',
    'isp_is_contract', 'isp_bundle_id', 'isp_campaign_id',
    'isp_billing_cycle_day', 'isp_billing_mode', 'isp_payment_mode_id',
    'isp_mandate_id', 'isp_bank_account_id',
)
ESIGN_LINE_FIELDS = (
    'product_id', 'name', 'product_uom_qty', 'product_uom', 'price_unit',
    'discount', 'tax_id',
)


def _fingerprint_value(record, name):
    """A field's value as plain JSON-able data."""
    field = record._fields[name]
    value = record[name]
    if field.type == 'many2one':
        return value.id or False
    if field.type in ('one2many', 'many2many'):
        return sorted(value.ids)
    if field.type in ('float', 'monetary'):
        return '%.6f' % (value or 0.0)
    return value


class SaleOrder(models.Model):
    _name = 'sale.order'
    _inherit = ['sale.order', 'isp.esign.mixin']

    @api.multi
    def write(self, vals):
        result = super(SaleOrder, self).write(vals)
        self._esign_cancel_if_changed()
        return result

    @api.multi
    def _esign_fingerprint_values(self):
        """The order data that the contract document shows."""
        self.ensure_one()
        order_fields = [name for name in ESIGN_ORDER_FIELDS
                        if name in self._fields]
        line_fields = [name for name in ESIGN_LINE_FIELDS
                       if name in self.order_line._fields]
        return {
            'order': {name: _fingerprint_value(self, name)
                      for name in order_fields},
            'lines': [{name: _fingerprint_value(line, name)
                       for name in line_fields}
                      for line in self.order_line.sorted('id')],
        }

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
        """The customer signed: confirm the contract, if it is still the
        one whose document was signed."""
        for order in self:
            order._esign_check_unchanged(request)
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


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    @api.model
    def create(self, vals):
        # refuse who may not create lines before any other module's create
        # reads the values (sale_commission's asserts on missing ones)
        self.check_access_rights('create')
        line = super(SaleOrderLine, self).create(vals)
        line.order_id._esign_cancel_if_changed()
        return line

    @api.multi
    def write(self, vals):
        result = super(SaleOrderLine, self).write(vals)
        self.mapped('order_id')._esign_cancel_if_changed()
        return result

    @api.multi
    def unlink(self):
        orders = self.mapped('order_id')
        result = super(SaleOrderLine, self).unlink()
        orders.exists()._esign_cancel_if_changed()
        return result
