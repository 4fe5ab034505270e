# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .isp_subscription import SUBSCRIPTION_STATES


class IspSubscription(models.Model):
    """Suspension by the dunning and reconnection (by the payment job or
    by hand). States change only through ``_change_state``."""
    _inherit = 'isp.subscription'

    isp_suspended_by_dunning = fields.Boolean(
        string='Suspended by dunning',
        readonly=True,
        copy=False,
        index=True,
    )
    isp_state_before_suspension = fields.Selection(
        selection=SUBSCRIPTION_STATES,
        string='State before the suspension',
        readonly=True,
        copy=False,
    )
    isp_suspension_invoice_ids = fields.Many2many(
        comodel_name='account.invoice',
        relation='isp_subscription_suspension_invoice_rel',
        column1='subscription_id',
        column2='invoice_id',
        string='Overdue invoices',
        readonly=True,
        copy=False,
        help='The invoices whose dunning suspended the service: once they '
             'are all paid the service is reconnected.',
    )

    @api.multi
    def action_isp_reconnect_wizard(self):
        """Button: open the manual reconnection (a reason is required)."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        return {
            'type': 'ir.actions.act_window',
            'name': _('Reconnect'),
            'res_model': 'isp.reconnect.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_subscription_ids': [(6, 0, self.ids)]},
        }

    @api.multi
    def _isp_dunning_suspend(self, invoices, level, moment):
        """Suspend the live subscriptions among these for the overdue
        ``invoices`` at dunning ``level`` (``moment``: a datetime string,
        UTC). Subscriptions already suspended by the dunning add the
        invoices; those suspended by hand stay as they are. Returns the
        subscriptions suspended now."""
        reason = _('Dunning level "%(level)s": invoices %(invoices)s '
                   'overdue.') % {
            'level': level.name,
            'invoices': ', '.join(invoices.mapped(
                lambda i: i.number or i.display_name)),
        }
        suspended = self.browse()
        for subscription in self:
            if subscription.state == 'suspended':
                if subscription.isp_suspended_by_dunning:
                    subscription.isp_suspension_invoice_ids = [
                        (4, invoice.id) for invoice in invoices]
                continue
            if subscription.state not in ('active', 'active_nonbillable'):
                continue
            subscription.write({
                'isp_suspension_reason': reason,
                'isp_date_suspension': moment,
                'isp_suspended_by_dunning': True,
                'isp_state_before_suspension': subscription.state,
                'isp_suspension_invoice_ids': [(6, 0, invoices.ids)],
            })
            subscription._change_state('suspended')
            subscription.message_post(
                body=_('Suspended by the dunning: %s') % reason,
                subtype='mail.mt_note')
            suspended |= subscription
        return suspended

    @api.multi
    def _isp_reconnect(self, reason, bill_fee=True, date=None):
        """Reactivate these suspended subscriptions (to the state they had
        before) for ``reason``; with ``bill_fee``, the company's
        reconnection fee goes, once per customer, on the next invoice of
        one of them. Returns the charges created."""
        if not reason or not reason.strip():
            raise UserError(_('Give the reason of the reconnection.'))
        charges = self.env['isp.subscription.charge']
        not_suspended = self.filtered(lambda s: s.state != 'suspended')
        if not_suspended:
            raise UserError(_(
                'Only suspended services can be reconnected: %s is not '
                'suspended.') % ', '.join(not_suspended.mapped('name')))
        for subscription in self:
            subscription._change_state(
                subscription.isp_state_before_suspension or 'active')
            subscription.write({
                'isp_suspension_reason': False,
                'isp_date_suspension': False,
                'isp_suspended_by_dunning': False,
                'isp_state_before_suspension': False,
                'isp_suspension_invoice_ids': [(5, 0, 0)],
            })
            subscription.message_post(
                body=_('Reconnected: %s') % reason, subtype='mail.mt_note')
        if bill_fee:
            for partner in self.mapped('partner_id.commercial_partner_id'):
                subscriptions = self.filtered(
                    lambda s: s.partner_id.commercial_partner_id == partner)
                charges |= subscriptions[:1]._isp_bill_reconnection_fee(
                    reason, date)
        return charges

    @api.multi
    def _isp_bill_reconnection_fee(self, reason, date=None):
        """The company's reconnection fee on this subscription's next
        invoice (no charge when the company has no fee product)."""
        self.ensure_one()
        product = self.company_id.isp_reconnection_product_id
        if not product:
            return self.env['isp.subscription.charge']
        lang = self.partner_id.lang or self.env.lang
        label = _('%(product)s: %(service)s reconnected') % {
            'product': product.with_context(lang=lang).name,
            'service': self.name}
        charge = self.env['isp.subscription.charge'].sudo().create({
            'subscription_id': self.id,
            'product_id': product.id,
            'name': label,
            'quantity': 1.0,
            'price_unit': product.lst_price,
            'date': date or fields.Date.context_today(self),
            'origin': reason[:200],
        })
        self.message_post(
            body=_('Reconnection fee "%(label)s" (%(amount)s) billed with '
                   'the next invoice.') % {
                       'label': label, 'amount': product.lst_price},
            subtype='mail.mt_note')
        return charge
