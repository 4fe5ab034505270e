# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .isp_invoice_delivery_mixin import DELIVERY_MODES

LOG_SENT = 'sent'
LOG_FAILED = 'failed'
LOG_BOUNCED = 'bounced'
LOG_STATES = [
    (LOG_SENT, 'Sent'),
    (LOG_FAILED, 'Failed'),
    (LOG_BOUNCED, 'Bounced'),
]


class IspInvoiceDeliveryLog(models.Model):
    """One sending of an invoice by e-mail: when, to whom, how, and how it
    went (a bounce received later marks it)."""
    _name = 'isp.invoice.delivery.log'
    _description = 'Invoice e-mail sending'
    _order = 'date desc, id desc'

    invoice_id = fields.Many2one(
        comodel_name='account.invoice',
        string='Invoice',
        required=True,
        readonly=True,
        index=True,
        ondelete='cascade',
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        related='invoice_id.commercial_partner_id',
        store=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        related='invoice_id.company_id',
        store=True,
        readonly=True,
    )
    date = fields.Datetime(
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    recipients = fields.Char(
        readonly=True,
    )
    mode = fields.Selection(
        selection=DELIVERY_MODES,
        readonly=True,
    )
    state = fields.Selection(
        selection=LOG_STATES,
        string='Result',
        required=True,
        readonly=True,
    )
    error = fields.Text(
        readonly=True,
        help='Why the sending failed or what the bounce said.',
    )
    bounce_email = fields.Char(
        string='Bounced address',
        readonly=True,
    )
    mail_id = fields.Many2one(
        comodel_name='mail.mail',
        string='E-mail',
        readonly=True,
        index=True,
        ondelete='set null',
    )
    message_id = fields.Char(
        string='Message-Id',
        readonly=True,
        index=True,
    )
