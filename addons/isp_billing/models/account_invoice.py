# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    isp_billing_run_id = fields.Many2one(
        comodel_name='isp.billing.run',
        string='Billing run',
        readonly=True,
        copy=False,
        index=True,
        ondelete='set null',
    )
