# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountBankingMandate(models.Model):
    _inherit = 'account.banking.mandate'

    isp_debit_blocked_reason = fields.Char(
        string='Debits blocked because',
        track_visibility='onchange',
        copy=False,
        help='When set, the debit orders of the billing runs leave out the '
             'invoices of this mandate and list them with this reason '
             '(set when the bank returns a debit with MD01 "no mandate" or '
             'MD06 "refund requested by the debtor"). Empty it once the '
             'customer has signed again.',
    )
