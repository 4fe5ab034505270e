# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .billing_user import check_billing_user


class IspReconnectWizard(models.TransientModel):
    """Reconnect suspended services by hand, with a reason (and the
    company's reconnection fee unless waived)."""
    _name = 'isp.reconnect.wizard'
    _description = 'ISP manual reconnection'

    subscription_ids = fields.Many2many(
        comodel_name='isp.subscription',
        string='Services',
        required=True,
        domain=[('state', '=', 'suspended')],
    )
    reason = fields.Text(
        required=True,
        help='Why the services are reconnected before the overdue '
             'invoices are paid (kept in their history).',
    )
    bill_fee = fields.Boolean(
        string='Bill the reconnection fee',
        default=True,
        help='The company\'s reconnection fee goes on the next invoice.',
    )

    @api.multi
    def action_reconnect(self):
        """Button: reconnect the services for the reason given."""
        self.ensure_one()
        check_billing_user(self.env)
        subscriptions = self.subscription_ids
        subscriptions.check_access_rights('write')
        subscriptions.check_access_rule('write')
        if not (self.reason or '').strip():
            raise UserError(_('Give the reason of the reconnection.'))
        reason = _('%(reason)s (by %(user)s)') % {
            'reason': self.reason.strip(), 'user': self.env.user.name}
        subscriptions.sudo()._isp_reconnect(reason, bill_fee=self.bill_fee)
        subscriptions.mapped('partner_id')._isp_update_dunning_level()
        return {'type': 'ir.actions.act_window_close'}
