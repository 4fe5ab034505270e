# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import invoice_recipients as recipient_rules

DELIVERY_MODE_PDF = 'pdf'
DELIVERY_MODE_LINK = 'link'
DELIVERY_MODES = [
    (DELIVERY_MODE_PDF, 'PDF attached'),
    (DELIVERY_MODE_LINK, 'Link to the customer portal'),
]


class IspInvoiceDeliveryMixin(models.AbstractModel):
    """How a customer's invoices are sent by e-mail: on the customer
    (``res.partner``), overridable per contract (``sale.order``)."""
    _name = 'isp.invoice.delivery.mixin'
    _description = 'Invoice delivery settings'

    isp_invoice_delivery = fields.Boolean(
        string='Send invoices by e-mail',
        help='The nightly delivery sends every posted invoice by e-mail.',
    )
    isp_invoice_delivery_mode = fields.Selection(
        selection=DELIVERY_MODES,
        string='Invoice delivery mode',
        default=DELIVERY_MODE_PDF,
        help='"PDF attached" sends the invoice as a PDF file; "Link to the '
             'customer portal" sends a personal link to the invoice.',
    )
    isp_invoice_delivery_emails = fields.Char(
        string='Invoice e-mail recipients',
        help='Up to 4 addresses, separated by commas. Empty: the e-mail '
             'address of the customer.',
    )

    @api.constrains('isp_invoice_delivery_emails')
    def _check_isp_invoice_delivery_emails(self):
        for record in self:
            addresses = recipient_rules.parse_recipients(
                record.isp_invoice_delivery_emails)
            errors = recipient_rules.check_recipients(addresses)
            messages = []
            for code, value in errors:
                if code == recipient_rules.ERROR_INVALID:
                    messages.append(_(
                        '"%s" is not a valid e-mail address: correct it or '
                        'remove it.') % value)
                else:
                    messages.append(_(
                        'Invoices can be sent to at most %(max)s addresses '
                        'and %(count)s are listed: remove %(extra)s of '
                        'them.') % {
                            'max': recipient_rules.MAX_RECIPIENTS,
                            'count': value,
                            'extra': int(value)
                            - recipient_rules.MAX_RECIPIENTS,
                    })
            if messages:
                raise ValidationError('\n'.join(messages))

    @api.multi
    def _isp_invoice_delivery_recipients(self):
        """The recipient addresses, normalised (a list, maybe empty)."""
        self.ensure_one()
        return recipient_rules.parse_recipients(
            self.isp_invoice_delivery_emails)
