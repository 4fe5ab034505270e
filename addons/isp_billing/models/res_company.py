# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import network_event as network_event_rules
from ..rules import suspension_calendar

SUSPEND_SCOPES = [
    ('all', 'All the customer\'s services'),
    ('contract', 'The services of the overdue contract'),
]


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

    # -- dunning ----------------------------------------------------------
    # the dunning settings of the company: what a suspension level
    # suspends, when (hours, calendar) and the reconnection fee

    isp_dunning_suspend_scope = fields.Selection(
        selection=SUSPEND_SCOPES,
        string='Dunning suspends',
        default='all',
        required=True,
        help='At a suspension level of the dunning: every live service of '
             'the customer, or only those of the contract whose invoice '
             'is overdue.',
    )
    isp_suspension_hour_from = fields.Float(
        string='Suspend from',
        default=9.0,
        help='Dunning suspends services on business days from this hour '
             '(time zone of the company\'s address).',
    )
    isp_suspension_hour_to = fields.Float(
        string='Suspend until',
        default=18.0,
        help='Dunning suspends services before this hour.',
    )
    isp_suspension_avoid_day_before_weekend = fields.Boolean(
        string='Never suspend on the day before a weekend',
        help='Besides weekends, public holidays, closing days and the '
             'days before them, never suspend on a Friday.',
    )
    isp_reconnection_product_id = fields.Many2one(
        comodel_name='product.product',
        string='Reconnection fee',
        ondelete='restrict',
        help='Billed with the next invoice when services suspended by the '
             'dunning are reconnected (empty: no fee).',
    )

    @api.constrains('isp_suspension_hour_from', 'isp_suspension_hour_to')
    def _check_isp_suspension_hours(self):
        for company in self:
            if not (0 <= company.isp_suspension_hour_from
                    < company.isp_suspension_hour_to <= 24):
                raise ValidationError(_(
                    'Company %s: the suspension hours must start before '
                    'they end, between 00:00 and 24:00.') % company.name)

    @api.multi
    def _isp_suspension_calendar(self):
        """The explicit arguments of ``rules/suspension_calendar.py`` for
        this company: (public holidays of its country, its closing days,
        avoid the day before a weekend)."""
        self.ensure_one()
        closing_days = self.env['isp.closing.day'].sudo().search(
            [('company_id', '=', self.id)]).mapped('date')
        return (
            suspension_calendar.country_holidays(self.country_id.code),
            {fields.Date.from_string(day) for day in closing_days},
            self.isp_suspension_avoid_day_before_weekend,
        )

    @api.multi
    def _isp_suspension_moment(self, now):
        """The first moment on or after ``now`` (naive, company time) the
        dunning may suspend services of this company."""
        self.ensure_one()
        public_holidays, closing_days, avoid = \
            self._isp_suspension_calendar()
        return suspension_calendar.suspension_moment(
            now, self.isp_suspension_hour_from, self.isp_suspension_hour_to,
            public_holidays, closing_days, avoid)

    @api.multi
    def _isp_local_now(self):
        """Now, as a naive datetime in the time zone of the company's
        address (UTC when it has none)."""
        self.ensure_one()
        tz = self.partner_id.tz or 'UTC'
        now = fields.Datetime.context_timestamp(
            self.with_context(tz=tz),
            fields.Datetime.from_string(fields.Datetime.now()))
        return now.replace(tzinfo=None)
