# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    @api.multi
    def action_invoice_paid(self):
        """A payment that pays the promised invoices keeps the promise at
        once (the daily cron would otherwise do it the next night)."""
        res = super(AccountInvoice, self).action_invoice_paid()
        paid = self.filtered(lambda i: i.state == 'paid')
        if paid:
            promises = self.env['isp.payment.promise'].sudo().search([
                ('state', '=', 'active'),
                ('invoice_ids', 'in', paid.ids),
            ])
            promises._isp_check_kept()
        return res
