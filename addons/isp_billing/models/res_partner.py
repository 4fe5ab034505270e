# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

# defines the mixin the partner inherits below (before this file's class)
from . import isp_invoice_delivery_mixin  # noqa: F401 pylint: disable=W0611

# subscriptions in these states never served the customer
HARMLESS_SUBSCRIPTION_STATES = ('pending', 'rejected')


class ResPartner(models.Model):
    _inherit = 'res.partner'

    @api.multi
    def _isp_deletion_blockers(self):
        """isp_crm's reasons, and: subscriptions that served the customer
        (any state but pending activation or rejected), and subscriptions
        with extra amounts or discounts."""
        blockers = super(ResPartner, self)._isp_deletion_blockers()
        Subscription = self.env['isp.subscription'].sudo()
        for partner in self:
            family = partner._isp_family()
            subscriptions = Subscription.search(
                [('partner_id', 'in', family.ids)])
            served = subscriptions.filtered(
                lambda s: s.state not in HARMLESS_SUBSCRIPTION_STATES)
            if served:
                blockers[partner].append(_(
                    'it has %(count)s subscription(s) that were activated: '
                    '%(names)s') % {
                        'count': len(served),
                        'names': self._isp_names(served)})
            adjusted = subscriptions.filtered(
                lambda s: s.adjustment_ids or s.discount)
            if adjusted:
                blockers[partner].append(_(
                    'it has %(count)s subscription(s) with extra amounts or '
                    'discounts: %(names)s') % {
                        'count': len(adjusted),
                        'names': self._isp_names(adjusted)})
        return blockers


class ResPartnerInvoiceDelivery(models.Model):
    """Invoice delivery by e-mail: the customer's settings (a contract
    can override them)."""
    _name = 'res.partner'
    _inherit = ['res.partner', 'isp.invoice.delivery.mixin']

    isp_invoice_delivery_log_ids = fields.One2many(
        comodel_name='isp.invoice.delivery.log',
        inverse_name='partner_id',
        string='Invoice e-mails',
        readonly=True,
        groups='account.group_account_invoice',
    )
