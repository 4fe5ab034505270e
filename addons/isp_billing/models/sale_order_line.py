# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrderLine(models.Model):
    """Contract lines: the subscriptions they gave, and the one-off charges
    (installation, equipment) waiting for the billing run."""
    _inherit = 'sale.order.line'

    isp_subscription_ids = fields.One2many(
        comodel_name='isp.subscription',
        inverse_name='sale_line_id',
        string='Subscriptions',
        readonly=True,
    )
    isp_is_oneoff = fields.Boolean(
        string='One-off charge',
        readonly=True,
        copy=False,
        help='A service billed once (installation, equipment): the next '
             'billing run invoices it.',
    )
    isp_oneoff_billed = fields.Boolean(
        string='One-off charge billed',
        readonly=True,
        copy=False,
    )

    @api.depends('invoice_lines.invoice_id.state', 'invoice_lines.quantity')
    def _get_invoice_qty(self):
        """A recurring service of an ISP contract counts the billing-run
        invoices that billed it (its quantity each): Odoo's sum of the
        invoiced quantities would mix the components of a bundle and
        exceed the ordered quantity from the second month on."""
        result = super(SaleOrderLine, self)._get_invoice_qty()
        for line in self.filtered(
                lambda l: l.order_id.isp_is_contract
                and l._isp_subscription_products()):
            invoices = line.invoice_lines.mapped('invoice_id').filtered(
                lambda i: i.state != 'cancel')
            count = (
                len(invoices.filtered(lambda i: i.type == 'out_invoice'))
                - len(invoices.filtered(lambda i: i.type == 'out_refund')))
            line.qty_invoiced = count * line.product_uom_qty
        return result

    @api.depends('qty_invoiced', 'qty_delivered', 'product_uom_qty',
                 'order_id.state')
    def _get_to_invoice_qty(self):
        """Nothing of an ISP contract's services is left to invoice from
        the order: the billing runs invoice them."""
        result = super(SaleOrderLine, self)._get_to_invoice_qty()
        for line in self.filtered(
                lambda l: l.order_id.isp_is_contract
                and l._isp_billed_by_runs()):
            line.qty_to_invoice = 0.0
        return result

    @api.multi
    def _isp_billed_by_runs(self):
        """Whether the billing runs invoice one of these lines: a
        recurring service (or a bundle of them) or a one-off charge."""
        return any(line.isp_is_oneoff or line._isp_is_oneoff_charge()
                   or line._isp_subscription_products() for line in self)

    @api.multi
    def _isp_subscription_products(self):
        """(product, quantity) pairs of the subscriptions this line gives:
        itself for a recurring ISP service, the recurring components of a
        bundle, nothing otherwise."""
        self.ensure_one()
        product = self.product_id
        if product.isp_is_bundle:
            return [
                (bundle_line.product_id,
                 bundle_line.qty_default * self.product_uom_qty)
                for bundle_line in product.isp_bundle_line_ids
                if bundle_line.qty_default > 0
                and bundle_line.product_id.isp_recurring]
        if product.isp_service_type and product.isp_recurring:
            return [(product, self.product_uom_qty)]
        return []

    @api.multi
    def _isp_oneoff_charges(self):
        """(product, quantity, unit price, discount) of the one-off charges
        this line gives, billed once by the next billing run: the line
        itself for a one-off service (installation, equipment), the
        one-off components of a bundle at their list prices (with the
        line's discount, a campaign's for instance); none otherwise."""
        self.ensure_one()
        product = self.product_id
        if product.isp_is_bundle:
            return [
                (bundle_line.product_id,
                 bundle_line.qty_default * self.product_uom_qty,
                 bundle_line.product_id.lst_price, self.discount)
                for bundle_line in product.isp_bundle_line_ids
                if bundle_line.qty_default > 0
                and not bundle_line.product_id.isp_recurring]
        if self.isp_is_oneoff or self._isp_is_oneoff_charge():
            return [(product, self.product_uom_qty, self.price_unit,
                     self.discount)]
        return []

    @api.multi
    def _isp_is_oneoff_charge(self):
        self.ensure_one()
        product = self.product_id
        return bool(product.isp_service_type and not product.isp_recurring
                    and not product.isp_is_bundle)
