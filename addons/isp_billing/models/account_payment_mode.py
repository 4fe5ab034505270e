# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import ValidationError


class AccountPaymentMode(models.Model):
    _inherit = 'account.payment.mode'

    isp_sdd_lead_days = fields.Integer(
        string='Direct debit lead time (business days)',
        default=1,
        help='TARGET2 business days between the day a debit order is made '
             'and the earliest collection date of its debits: 1 for SEPA '
             'Core and B2B under the EPC rulebooks since 2016; some banks '
             'ask for more. The collection date is the invoice due date, '
             'never earlier than this, and never on a weekend or a TARGET2 '
             'closing day.',
    )
    isp_sdd_amount_limit = fields.Float(
        string='Direct debit amount limit',
        digits=dp.get_precision('Account'),
        help='The debit orders of the billing runs leave out the invoices '
             'whose debit is more than this amount (in the currency of the '
             'debits) and list them in "Not debited"; 0: no limit.',
    )

    @api.constrains('isp_sdd_lead_days')
    def _check_isp_sdd_lead_days(self):
        for mode in self:
            if mode.isp_sdd_lead_days < 0:
                raise ValidationError(_(
                    'Payment mode %s: the direct debit lead time is a '
                    'number of business days, 0 or more.') % mode.name)
