# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models
from odoo.addons.queue_job.job import identity_exact


class AccountInvoice(models.Model):
    """A paid invoice (a reconciliation: portal, bank statement, payment)
    queues the reconnection of the customer's services suspended by the
    dunning."""
    _inherit = 'account.invoice'

    @api.multi
    def action_invoice_paid(self):
        res = super(AccountInvoice, self).action_invoice_paid()
        self._isp_enqueue_dunning_paid()
        return res

    @api.multi
    def _isp_enqueue_dunning_paid(self):
        partners = self.filtered(
            lambda i: i.type == 'out_invoice' and i.state == 'paid'
        ).mapped('commercial_partner_id')
        if not partners:
            return
        Subscription = self.env['isp.subscription'].sudo()
        for partner in partners.sudo():
            if not partner.isp_dunning_level_id and not \
                    Subscription.search_count([
                        ('partner_id', 'child_of', partner.id),
                        ('isp_suspended_by_dunning', '=', True)]):
                continue
            partner.with_delay(
                description=_('Dunning: %s paid, reconnection') %
                partner.display_name,
                identity_key=identity_exact,
            )._isp_job_dunning_paid()
