# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.addons.queue_job.job import job

# defines the mixin the partner inherits below (before this file's class)
from . import isp_invoice_delivery_mixin  # noqa: F401 pylint: disable=W0611

# subscriptions in these states never served the customer
HARMLESS_SUBSCRIPTION_STATES = ('pending', 'rejected')
# credit control lines that count as sent for the customer's level
LIVE_LINE_STATES = ('to_be_sent', 'sent', 'error', 'email_error')


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

    # -- dunning ----------------------------------------------------------
    # a customer's dunning level (highest level reached by an invoice still
    # open) and reconnection when the overdue invoices are paid

    isp_dunning_level_id = fields.Many2one(
        comodel_name='credit.control.policy.level',
        string='Dunning level',
        readonly=True,
        copy=False,
        index=True,
        group_expand='_group_expand_isp_dunning_level_id',
        help='The highest dunning level reached by an invoice of the '
             'customer that is still open.',
    )
    isp_dunning_suspended_count = fields.Integer(
        string='Services suspended by dunning',
        compute='_compute_isp_dunning_suspended_count',
    )

    @api.model
    def _group_expand_isp_dunning_level_id(self, levels, domain, order):
        policy = self.env.user.company_id.credit_policy_id
        if not policy:
            return levels
        return levels | policy.level_ids

    @api.multi
    def _compute_isp_dunning_suspended_count(self):
        data = self.env['isp.subscription'].read_group(
            [('partner_id', 'in', self.ids),
             ('isp_suspended_by_dunning', '=', True)],
            ['partner_id'], ['partner_id'])
        counts = {row['partner_id'][0]: row['partner_id_count']
                  for row in data}
        for partner in self:
            partner.isp_dunning_suspended_count = counts.get(partner.id, 0)

    @api.model
    def _isp_promised_partner_ids(self, date):
        """Commercial partner ids whose payment promise is active on
        ``date`` (none when the promises are not installed)."""
        if 'isp.payment.promise' not in self.env:
            return set()
        return self.env['isp.payment.promise']._isp_promised_partner_ids(
            date)

    @api.multi
    def _isp_update_dunning_level(self):
        """Write the level reached by the customers' open invoices."""
        Line = self.env['credit.control.line'].sudo()
        for partner in self.mapped('commercial_partner_id'):
            line = Line.search([
                ('partner_id', 'child_of', partner.id),
                ('state', 'in', LIVE_LINE_STATES),
                ('move_line_id.reconciled', '=', False),
            ], order='level desc', limit=1)
            if partner.isp_dunning_level_id != line.policy_level_id:
                partner.sudo().isp_dunning_level_id = line.policy_level_id
        return True

    @api.multi
    def action_isp_dunning_suspended(self):
        """Button: the customer's services suspended by the dunning."""
        self.ensure_one()
        action = self.env.ref(
            'isp_billing.isp_subscription_dunning_action').read()[0]
        action['domain'] = [
            ('partner_id', 'child_of', self.commercial_partner_id.id),
            ('isp_suspended_by_dunning', '=', True)]
        return action

    @api.multi
    @job
    def _isp_job_dunning_paid(self):
        """Queue job after a payment: update the customer's dunning level
        and reconnect the services whose overdue invoices are all paid."""
        today = fields.Date.context_today(self)
        for partner in self.exists():
            partner._isp_update_dunning_level()
            subscriptions = self.env['isp.subscription'].sudo().search([
                ('partner_id', 'child_of', partner.id),
                ('state', '=', 'suspended'),
                ('isp_suspended_by_dunning', '=', True)])
            paid = subscriptions.filtered(
                lambda s: all(invoice.state == 'paid' for invoice in
                              s.isp_suspension_invoice_ids))
            if paid:
                paid._isp_reconnect(_('the overdue invoices %s are paid')
                                    % ', '.join(paid.mapped(
                                        'isp_suspension_invoice_ids.number')),
                                    date=today)
        return True

    @api.multi
    def _isp_bill_dunning_fee(self, product, level, invoices, date):
        """The fee of dunning ``level`` (``product``) for this customer:
        a charge on the next invoice of one of the services the overdue
        ``invoices`` billed (or of any running service), a posted invoice
        at once when no service runs."""
        self.ensure_one()
        lang = self.lang or self.env.lang
        label = _('%(product)s: %(level)s (invoices %(invoices)s)') % {
            'product': product.with_context(lang=lang).name,
            'level': level.with_context(lang=lang).name,
            'invoices': ', '.join(invoices.mapped('number'))}
        subscription = self.env['isp.subscription']
        for invoice in invoices:
            subscription = subscription or \
                invoice.sudo()._isp_running_subscriptions()[:1]
        if not subscription:
            subscription = self.env['isp.subscription'].sudo().search([
                ('partner_id', 'child_of', self.id),
                ('state', 'in', ('active', 'suspended'))], limit=1)
        if subscription:
            charge = self.env['isp.subscription.charge'].sudo().create({
                'subscription_id': subscription.id,
                'product_id': product.id,
                'name': label,
                'quantity': 1.0,
                'price_unit': product.lst_price,
                'date': date,
                'origin': level.name,
            })
            note = _('Dunning fee "%s" billed with the next invoice.') % label
        else:
            charge = self._isp_dunning_fee_invoice(product, label, date,
                                                   invoices[:1])
            note = _('Dunning fee "%(label)s" invoiced at once '
                     '(%(invoice)s).') % {
                         'label': label, 'invoice': charge.number}
        self.sudo().message_post(body=note, subtype='mail.mt_note')
        return charge

    @api.multi
    def _isp_dunning_fee_invoice(self, product, label, date, invoice):
        """A posted invoice of ``product`` to this customer (like the
        overdue ``invoice``: company, currency, payment mode)."""
        self.ensure_one()
        values = {
            'type': 'out_invoice',
            'partner_id': self.id,
            'date_invoice': date,
            'origin': invoice.number,
            'name': label,
        }
        if invoice:
            values.update({'company_id': invoice.company_id.id,
                           'currency_id': invoice.currency_id.id})
            if 'payment_mode_id' in invoice._fields:
                values['payment_mode_id'] = invoice.payment_mode_id.id
        Invoice = self.env['account.invoice'].sudo()
        draft = Invoice.new(values)
        draft._onchange_partner_id()
        values.update({
            'account_id': draft.account_id.id,
            'fiscal_position_id': draft.fiscal_position_id.id,
            'payment_term_id': draft.payment_term_id.id,
        })
        fee = Invoice.create(values)
        fee_line = self.env['account.invoice.line'].sudo().new({
            'invoice_id': fee.id,
            'product_id': product.id,
            'quantity': 1.0,
        })
        fee_line._onchange_product_id()
        line_values = fee_line._convert_to_write(fee_line._cache)
        line_values['name'] = label
        self.env['account.invoice.line'].sudo().create(line_values)
        fee.compute_taxes()
        fee.action_invoice_open()
        return fee

    # -- payment promises -------------------------------------------------

    isp_payment_promise_count = fields.Integer(
        string='Payment promises',
        compute='_compute_isp_payment_promise_count',
        groups='isp_billing.group_isp_billing_user',
    )

    @api.multi
    def _compute_isp_payment_promise_count(self):
        groups = self.env['isp.payment.promise'].read_group(
            [('partner_id', 'in', self.mapped('commercial_partner_id').ids)],
            ['partner_id'], ['partner_id'])
        counts = {g['partner_id'][0]: g['partner_id_count'] for g in groups}
        for partner in self:
            partner.isp_payment_promise_count = counts.get(
                partner.commercial_partner_id.id, 0)


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
