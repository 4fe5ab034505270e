# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import network_event as network_event_rules


class ResCompany(models.Model):
    _inherit = 'res.company'

    isp_sdd_max_representations = fields.Integer(
        string='Debit again after a return',
        default=1,
        help='How many times an invoice whose direct debit was returned '
             'is presented again in the next debit order; after that (or '
             'for a reason that rules it out) it waits for dunning.',
    )

    isp_payment_term_id = fields.Many2one(
        comodel_name='account.payment.term',
        string='Payment terms of the billing runs',
        ondelete='set null',
        help='The payment terms of the invoices of the billing runs of '
             'customers who have none: they give the due date printed on '
             'the invoice.',
    )
    isp_sdd_orders_after_posting = fields.Boolean(
        string='Create debit orders after posting',
        help='When the posting of a billing run is done, its invoices paid '
             'by SEPA direct debit go into debit orders at once (as with '
             'the run\'s "Create debit orders" button).',
    )

    # payment promises (isp.payment.promise)
    isp_promise_enabled = fields.Boolean(
        string='Payment promises',
        default=True,
        help='Customers (portal) and staff may record a promise to pay '
             'overdue invoices by a date; the dunning waits until then.',
    )
    isp_promise_max_days = fields.Integer(
        string='Promise at most (days ahead)',
        default=7,
    )
    isp_promise_min_days_between = fields.Integer(
        string='Days between two promises',
        default=30,
    )
    isp_promise_suspended_may_promise = fields.Boolean(
        string='Suspended customers may promise',
        help='A suspended customer may promise to pay and is then '
             'reconnected until the promised date.',
    )

    # network events (isp.network.event)
    isp_network_webhook_url = fields.Char(
        string='Network webhook URL',
        groups='isp_billing.group_isp_billing_manager',
        help='Each suspension and reconnection is POSTed to this http(s) '
             'URL as JSON, signed in the X-ISP-Signature header.',
    )
    isp_network_webhook_secret = fields.Char(
        string='Network webhook secret',
        groups='isp_billing.group_isp_billing_manager',
        help='Shared secret of the HMAC-SHA256 signature of the webhook '
             'calls.',
    )

    @api.constrains('isp_network_webhook_url')
    def _check_isp_network_webhook_url(self):
        for company in self:
            url = company.isp_network_webhook_url
            if url and not network_event_rules.is_http_url(url):
                raise ValidationError(_(
                    'The network webhook URL "%s" is not an http or https '
                    'address: enter a URL such as '
                    'https://noc.example.com/isp-events.') % url)
