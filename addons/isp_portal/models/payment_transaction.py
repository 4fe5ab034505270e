# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A payment made from the portal's Pay button (Odoo's payment acquirers):
once the acquirer confirms it (state done), the amount becomes a customer
payment reconciled with the open invoices it was made for, oldest due
first. isp_billing then reconnects a customer suspended for debt
(``account.invoice.action_invoice_paid``)."""
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)


class PaymentTransaction(models.Model):
    _inherit = 'payment.transaction'

    isp_portal_pay = fields.Boolean(
        string='Paid from the portal',
        readonly=True,
        copy=False,
    )
    isp_portal_invoice_ids = fields.Many2many(
        comodel_name='account.invoice',
        relation='isp_portal_transaction_invoice_rel',
        column1='transaction_id',
        column2='invoice_id',
        string='Invoices paid',
        readonly=True,
        copy=False,
    )
    isp_portal_payment_id = fields.Many2one(
        comodel_name='account.payment',
        string='Customer payment',
        readonly=True,
        copy=False,
        ondelete='set null',
    )

    @api.multi
    def write(self, vals):
        """A portal payment the acquirer confirms is reconciled at once
        (portal users have no write access to transactions: only the
        acquirers' feedback and accounting staff get here)."""
        todo = self.browse()
        if vals.get('state') == 'done':
            todo = self.filtered(
                lambda t: t.isp_portal_pay and not t.isp_portal_payment_id)
            if todo and not (
                    self.env.uid == SUPERUSER_ID or self.env.user.has_group(
                        'account.group_account_invoice')):
                # employees may edit transactions (Odoo's rights), but only
                # the acquirer (as superuser) or accounting staff confirm
                # a payment that becomes an accounting entry
                raise AccessError(_(
                    'Only accounting staff confirm a payment made in the '
                    'portal.'))
        res = super(PaymentTransaction, self).write(vals)
        todo._isp_portal_reconcile()
        return res

    @api.model
    def _isp_portal_create(self, partner, acquirer, amount, currency,
                           invoices):
        """For the portal controller, after its checks (the partner is the
        logged-in customer, the amount allowed by the company's policy):
        a draft transaction of ``amount`` paying ``invoices``."""
        prefix = 'PORTAL-%s' % (partner.isp_customer_code or partner.id) \
            if 'isp_customer_code' in partner._fields else \
            'PORTAL-%s' % partner.id
        reference = self._get_next_reference(
            '%s-%s' % (prefix, fields.Date.context_today(self)))
        return self.create({
            'acquirer_id': acquirer.id,
            'type': 'form',
            'amount': amount,
            'currency_id': currency.id,
            'partner_id': partner.id,
            'partner_country_id': (
                partner.country_id or acquirer.company_id.country_id).id,
            'reference': reference,
            'isp_portal_pay': True,
            'isp_portal_invoice_ids': [(6, 0, invoices.ids)],
        })

    @api.multi
    def _isp_portal_journal(self):
        self.ensure_one()
        journal = self.acquirer_id.journal_id
        if not journal:
            journal = self.env['account.journal'].search([
                ('type', '=', 'bank'),
                ('company_id', '=', self.acquirer_id.company_id.id)],
                limit=1)
        return journal

    @api.multi
    def _isp_portal_reconcile(self):
        """The customer payment of each confirmed portal transaction,
        posted and reconciled with its invoices still open."""
        for transaction in self.sudo():
            journal = transaction._isp_portal_journal()
            if not journal:
                _logger.warning('portal payment %s: no bank journal, not '
                                'reconciled', transaction.reference)
                continue
            invoices = transaction.isp_portal_invoice_ids.filtered(
                lambda i: i.state == 'open')
            partner = transaction.partner_id.commercial_partner_id
            payment = self.env['account.payment'].with_context(
                force_company=journal.company_id.id).create({
                    'payment_type': 'inbound',
                    'partner_type': 'customer',
                    'partner_id': partner.id,
                    'amount': transaction.amount,
                    'currency_id': transaction.currency_id.id,
                    'journal_id': journal.id,
                    'payment_method_id':
                        journal.inbound_payment_method_ids[:1].id or
                        self.env.ref(
                            'account.account_payment_method_manual_in').id,
                    'payment_date': fields.Date.context_today(self),
                    'communication': transaction.reference,
                    'invoice_ids': [(6, 0, invoices.ids)],
                })
            payment.post()
            transaction.isp_portal_payment_id = payment
            partner.message_post(body=_(
                'Payment %(reference)s of %(amount).2f %(currency)s made in '
                'the portal and reconciled.') % {
                    'reference': transaction.reference,
                    'amount': transaction.amount,
                    'currency': transaction.currency_id.name})
        return True
