# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .account_invoice import (DEFAULT_DELIVERY_MAX_PER_RUN,
                              PARAM_DELIVERY_MAX_PER_RUN)
from .res_company import SUSPEND_SCOPES


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    isp_sdd_max_representations = fields.Integer(
        related='company_id.isp_sdd_max_representations',
        string='Debit again after a return',
        help='How many times an invoice whose direct debit was returned '
             'is presented again; then it waits for dunning.',
    )

    isp_invoice_delivery_max_per_run = fields.Integer(
        string='Invoice e-mails per run',
        default=DEFAULT_DELIVERY_MAX_PER_RUN,
        help='The nightly invoice delivery sends at most this number of '
             'e-mails; the other invoices wait for the next run. Keep it '
             'below the limit of your mail provider.',
    )

    isp_payment_term_id = fields.Many2one(
        related='company_id.isp_payment_term_id',
        string='Payment terms of the billing runs',
        help='The payment terms of the invoices of the billing runs of '
             'customers who have none.',
    )

    isp_sdd_orders_after_posting = fields.Boolean(
        related='company_id.isp_sdd_orders_after_posting',
        string='Create debit orders after posting',
        help='When the posting of a billing run is done, its invoices paid '
             'by SEPA direct debit go into debit orders at once.',
    )

    isp_promise_enabled = fields.Boolean(
        related='company_id.isp_promise_enabled',
        string='Payment promises',
    )
    isp_promise_max_days = fields.Integer(
        related='company_id.isp_promise_max_days',
        string='Promise at most (days ahead)',
    )
    isp_promise_min_days_between = fields.Integer(
        related='company_id.isp_promise_min_days_between',
        string='Days between two promises',
    )
    isp_promise_suspended_may_promise = fields.Boolean(
        related='company_id.isp_promise_suspended_may_promise',
        string='Suspended customers may promise',
    )
    isp_network_webhook_url = fields.Char(
        related='company_id.isp_network_webhook_url',
        groups='isp_billing.group_isp_billing_manager',
        string='Network webhook URL',
    )
    isp_network_webhook_secret = fields.Char(
        related='company_id.isp_network_webhook_secret',
        groups='isp_billing.group_isp_billing_manager',
        string='Network webhook secret',
    )

    isp_invoice_creation = fields.Char(
        string='Draft invoices of the billing runs',
        compute='_compute_isp_invoice_creation',
        help='In bulk (fast) unless a module the bulk creation does not '
             'know overrides the creation or the changes of invoices, or '
             'the system parameter isp_billing.bulk_invoice_creation is 0: '
             'then one by one with create().',
    )

    # -- dunning ----------------------------------------------------------
    isp_credit_policy_id = fields.Many2one(
        related='company_id.credit_policy_id',
        string='Dunning policy',
    )
    isp_dunning_suspend_scope = fields.Selection(
        selection=SUSPEND_SCOPES,
        related='company_id.isp_dunning_suspend_scope',
        string='Dunning suspends',
    )
    isp_suspension_hour_from = fields.Float(
        related='company_id.isp_suspension_hour_from',
        string='Suspend from',
    )
    isp_suspension_hour_to = fields.Float(
        related='company_id.isp_suspension_hour_to',
        string='Suspend until',
    )
    isp_suspension_avoid_day_before_weekend = fields.Boolean(
        related='company_id.isp_suspension_avoid_day_before_weekend',
        string='Never suspend on the day before a weekend',
    )
    isp_reconnection_product_id = fields.Many2one(
        related='company_id.isp_reconnection_product_id',
        string='Reconnection fee',
    )

    @api.multi
    def _compute_isp_invoice_creation(self):
        text = self.env[
            'isp.billing.run.chunk']._bulk_invoice_creation_obstacle()
        for settings in self:
            settings.isp_invoice_creation = text or _('In bulk')

    @api.constrains('isp_invoice_delivery_max_per_run')
    def _check_isp_invoice_delivery_max_per_run(self):
        for settings in self:
            if settings.isp_invoice_delivery_max_per_run < 1:
                raise ValidationError(_(
                    'The nightly invoice delivery must send at least one '
                    'e-mail per run: enter 1 or more.'))

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        res['isp_invoice_delivery_max_per_run'] = \
            self.env['account.invoice']._isp_delivery_max_per_run()
        return res

    @api.multi
    def set_values(self):
        self._isp_check_settings_access()
        res = super(ResConfigSettings, self).set_values()
        self.env['ir.config_parameter'].sudo().set_param(
            PARAM_DELIVERY_MAX_PER_RUN,
            str(self.isp_invoice_delivery_max_per_run
                or DEFAULT_DELIVERY_MAX_PER_RUN))
        return res
