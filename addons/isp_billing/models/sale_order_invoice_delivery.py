# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    """A contract can send its invoices otherwise than its customer's
    other invoices (another address, the link instead of the PDF)."""
    _name = 'sale.order'
    _inherit = ['sale.order', 'isp.invoice.delivery.mixin']

    isp_invoice_delivery_override = fields.Boolean(
        string='Own invoice delivery',
        copy=True,
        help='The invoices of this contract are sent with the settings '
             'below instead of the customer\'s.',
    )

    @api.onchange('isp_invoice_delivery_override')
    def _onchange_isp_invoice_delivery_override(self):
        """Start from the customer's settings."""
        if self.isp_invoice_delivery_override and \
                not self.isp_invoice_delivery_emails:
            customer = self.partner_id.commercial_partner_id
            self.isp_invoice_delivery = customer.isp_invoice_delivery
            self.isp_invoice_delivery_mode = \
                customer.isp_invoice_delivery_mode
            self.isp_invoice_delivery_emails = \
                customer.isp_invoice_delivery_emails
