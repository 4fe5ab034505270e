# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""isp.subscription emits a network event at each suspension and
reconnection."""
from odoo import _, api, models

# (state before, state after) -> kind of network event
NETWORK_EVENT_TRANSITIONS = {
    ('active', 'suspended'): 'suspend',
    ('active_nonbillable', 'suspended'): 'suspend',
    ('suspended', 'active'): 'reconnect',
    ('suspended', 'active_nonbillable'): 'reconnect',
}


class IspSubscription(models.Model):
    _inherit = 'isp.subscription'

    @api.multi
    def _change_state(self, new_state):
        """Emit a network event for each subscription that is suspended or
        reconnected. The reason is the context's ``isp_state_reason``,
        else the subscription's suspension reason (written before the
        change by the dunning), else who did it."""
        before = {subscription.id: subscription.state
                  for subscription in self}
        result = super(IspSubscription, self)._change_state(new_state)
        reason = self.env.context.get('isp_state_reason')
        for subscription in self:
            kind = NETWORK_EVENT_TRANSITIONS.get(
                (before[subscription.id], new_state))
            if kind:
                subscription._isp_emit_network_event(
                    kind, reason or (kind == 'suspend'
                                     and subscription.isp_suspension_reason)
                    or subscription._isp_default_event_reason(kind))
        return result

    @api.multi
    def _isp_default_event_reason(self, kind):
        if kind == 'suspend':
            return _('Suspended by %s') % self.env.user.name
        return _('Reconnected by %s') % self.env.user.name

    @api.multi
    def _isp_emit_network_event(self, kind, reason):
        """Extension point: record a network event of ``kind``
        ('suspend' or 'reconnect') with ``reason`` for each subscription,
        and send it to the company's webhook through a queue job when one
        is set. Addons that drive the network otherwise (RADIUS, an OLT
        API) extend this method: call super() to keep the record and the
        webhook. Returns the ``isp.network.event`` records."""
        events = self.env['isp.network.event'].sudo()
        for subscription in self:
            events |= events.create({
                'subscription_id': subscription.id,
                'partner_id': subscription.partner_id
                .commercial_partner_id.id,
                'company_id': subscription.company_id.id
                or self.env.user.company_id.id,
                'kind': kind,
                'reason': reason,
            })
        events._isp_schedule_send()
        return events.with_env(self.env)
