# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..rules import intake as intake_rules


class IspIntakeReason(models.TransientModel):
    """Asks why a contract is rejected or its failed credit check passed."""
    _name = 'isp.intake.reason'
    _description = 'Reason of an intake decision'

    order_ids = fields.Many2many(
        'sale.order', string='Contracts', required=True)
    action = fields.Selection(
        [(intake_rules.ACTION_REJECT, 'Reject'),
         (intake_rules.ACTION_CREDIT_OVERRIDE, 'Override credit check')],
        required=True, readonly=True)
    reason = fields.Text(required=True)

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        if self.action == intake_rules.ACTION_REJECT:
            self.order_ids._isp_reject(self.reason)
        else:
            self.order_ids._isp_credit_override(self.reason)
        return {'type': 'ir.actions.act_window_close'}
