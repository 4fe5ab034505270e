# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

# defines the mixin the partner inherits below (before this file's class)
from . import isp_invoice_delivery_mixin  # noqa: F401 pylint: disable=W0611

# subscriptions in these states never served the customer
HARMLESS_SUBSCRIPTION_STATES = ('pending', 'rejected')


class ResPartner(models.Model):
    _inherit = 'res.partner'

    isp_returned_debit_count = fields.Integer(
        string='Returned debits',
        compute='_compute_isp_returned_debits',
        groups='account.group_account_invoice',
    )
    isp_last_return_reason_id = fields.Many2one(
        comodel_name='payment.return.reason',
        string='Last return reason',
        compute='_compute_isp_returned_debits',
        groups='account.group_account_invoice',
    )

    @api.multi
    def _compute_isp_returned_debits(self):
        """The debits of the customer (and contacts) the bank returned, in
        confirmed returns, and the reason of the last one."""
        Line = self.env['payment.return.line']
        for partner in self:
            if not partner.id:
                continue
            lines = Line.search([
                ('partner_id', 'child_of', partner.commercial_partner_id.id),
                ('return_id.state', '=', 'done')],
                order='id desc')
            partner.isp_returned_debit_count = len(lines)
            partner.isp_last_return_reason_id = lines[:1].reason_id

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
