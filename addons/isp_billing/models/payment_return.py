# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import misc

from ..rules import sepa_return as return_rules

_logger = logging.getLogger(__name__)

MAIL_TEMPLATE = 'isp_billing.mail_template_payment_return'


class PaymentReturn(models.Model):
    _inherit = 'payment.return'

    isp_unmatched_count = fields.Integer(
        string='Unknown debits',
        compute='_compute_isp_unmatched',
    )
    isp_unmatched_info = fields.Text(
        string='Debits Odoo does not know',
        compute='_compute_isp_unmatched',
    )
    isp_reason_ids = fields.Many2many(
        comodel_name='payment.return.reason',
        string='Reasons',
        compute='_compute_isp_reason_ids',
        search='_search_isp_reason_ids',
    )

    @api.depends('line_ids.move_line_ids', 'line_ids.isp_match_error')
    def _compute_isp_unmatched(self):
        for payment_return in self:
            lines = payment_return.line_ids.filtered(
                lambda l: not l.move_line_ids)
            payment_return.isp_unmatched_count = len(lines)
            payment_return.isp_unmatched_info = '\n'.join(
                '%s: %s' % (line._isp_describe(),
                            line.isp_match_error or _('no debit chosen'))
                for line in lines)

    @api.depends('line_ids.reason_id')
    def _compute_isp_reason_ids(self):
        for payment_return in self:
            payment_return.isp_reason_ids = payment_return.mapped(
                'line_ids.reason_id')

    @api.model
    def _search_isp_reason_ids(self, operator, value):
        return [('line_ids.reason_id', operator, value)]

    @api.multi
    def button_match(self):
        """OCA's matching takes only lines with a reference: a debit the
        bank returns without its end-to-end id is looked up by mandate
        and amount too."""
        res = super(PaymentReturn, self).button_match()
        lines = self.mapped('line_ids').filtered(
            lambda l: not l.move_line_ids and not l.reference)
        if lines:
            lines._find_match()
            self._check_duplicate_move_line()
        return res

    @api.multi
    def action_confirm(self):
        """Refuse a return with debits Odoo does not know (listed, nothing
        changes); OCA's confirmation (the invoices are open again), then
        the ISP's effects: count and reason on the invoices, fee invoice,
        debit again or dunning, mandate blocked (MD01/MD06), e-mail."""
        self.ensure_one()
        # OCA undoes the reconciliations of the debits: say so at once
        if not self.env['account.partial.reconcile'].check_access_rights(
                'unlink', raise_exception=False):
            raise UserError(_(
                'Confirming the return %s undoes the payment of its '
                'invoices in the accounting: it needs the Accounting / '
                'Adviser rights (Show Full Accounting Features). Ask an '
                'accountant to confirm it.') % self.name)
        unmatched = self.line_ids.filtered(lambda l: not l.move_line_ids)
        if unmatched:
            raise UserError(_(
                'The return %(return)s names debits Odoo does not know; '
                'nothing was changed. Remove these lines or choose their '
                'debit by hand, then confirm again:\n%(debits)s') % {
                    'return': self.name,
                    'debits': '\n'.join(
                        '- %s: %s' % (line._isp_describe(),
                                      line.isp_match_error
                                      or _('no debit chosen'))
                        for line in unmatched)})
        invoices_by_line = {
            line.id: line._isp_returned_invoices() for line in self.line_ids}
        res = super(PaymentReturn, self).action_confirm()
        self._isp_apply_return_effects(invoices_by_line)
        return res

    @api.multi
    def action_cancel(self):
        """Cancelling a confirmed return: OCA pays the invoices with their
        debits again; the ISP's effects are undone too (return count and
        reason of the invoices, debit again or dunning, the fee credited
        or its charge cancelled, the mandates the return blocked freed).
        Refused while an invoice of the return is already in another
        debit order."""
        done = self.filtered(lambda r: r.state == 'done')
        for payment_return in done:
            payment_return._isp_check_cancel()
        res = super(PaymentReturn, self).action_cancel()
        for payment_return in done:
            payment_return._isp_undo_return_effects()
        return res

    @api.multi
    def _isp_check_cancel(self):
        self.ensure_one()
        if not self.env['account.partial.reconcile'].check_access_rights(
                'unlink', raise_exception=False):
            raise UserError(_(
                'Cancelling the return %s pays its invoices with their '
                'debits again in the accounting: it needs the Accounting / '
                'Adviser rights (Show Full Accounting Features). Ask an '
                'accountant to cancel it.') % self.name)
        for line in self.line_ids:
            debits = line.move_line_ids.mapped(
                'bank_payment_line_id.payment_line_ids')
            if not debits or not line.isp_invoice_ids:
                continue
            later = self.env['account.payment.line'].sudo().search([
                ('move_line_id.invoice_id', 'in', line.isp_invoice_ids.ids),
                ('order_id.state', '!=', 'cancel'),
                ('id', '>', max(debits.ids)),
            ])
            if later:
                raise UserError(_(
                    'The return %(return)s cannot be cancelled: its invoice '
                    '%(invoice)s is already in the debit order %(order)s '
                    'again. Remove it from that order (or cancel the '
                    'order) first, so that it is not collected twice.') % {
                        'return': self.name,
                        'invoice': ', '.join(later.mapped(
                            'move_line_id.invoice_id.number')),
                        'order': ', '.join(later.mapped('order_id.name'))})
        return True

    @api.multi
    def _isp_undo_return_effects(self):
        """Undo ``_isp_apply_return_effects`` (the return is cancelled
        and its debits pay the invoices again)."""
        self.ensure_one()
        Line = self.env['payment.return.line']
        notes = []
        for line in self.line_ids:
            for invoice in line.isp_invoice_ids:
                previous = Line.search([
                    ('isp_invoice_ids', 'in', invoice.ids),
                    ('return_id.state', '=', 'done'),
                    ('id', '!=', line.id),
                ], order='id desc', limit=1)
                invoice.write({
                    'isp_return_count': max(invoice.isp_return_count - 1, 0),
                    'isp_last_return_reason_id': previous.reason_id.id,
                    'isp_sdd_represent': False,
                    'isp_return_to_dunning': False,
                })
            for mandate in line.isp_blocked_mandate_ids:
                if not Line.search_count([
                        ('isp_blocked_mandate_ids', 'in', mandate.ids),
                        ('return_id.state', '=', 'done'),
                        ('id', '!=', line.id)]):
                    mandate.isp_debit_blocked_reason = False
                    notes.append(_('mandate %s may be debited again')
                                 % mandate.unique_mandate_reference)
            charge = line.isp_fee_charge_id
            if charge and charge.state == 'pending':
                charge.sudo().action_cancel()
                notes.append(_('fee charge "%s" cancelled') % charge.name)
            fee_lines = line.isp_fee_invoice_id.invoice_line_ids \
                if line.isp_fee_invoice_id else charge.invoice_line_id
            if fee_lines:
                refund = self._isp_credit_fee(fee_lines)
                notes.append(_('fee of %(invoice)s credited by %(refund)s')
                             % {'invoice': fee_lines.mapped(
                                 'invoice_id').number,
                                'refund': refund.number})
            line.write({
                'isp_outcome': False,
                'isp_fee_invoice_id': False,
                'isp_fee_charge_id': False,
                'isp_blocked_mandate_ids': [(5, 0, 0)],
            })
        self.message_post(body=_(
            'Return cancelled: the invoices are paid by their debits again'
            '%s.') % ''.join('; ' + note for note in notes))
        return True

    @api.multi
    def _isp_credit_fee(self, fee_lines):
        """A posted credit note of ``fee_lines`` (lines of one customer
        invoice), set against that invoice while it is open."""
        self.ensure_one()
        Invoice = self.env['account.invoice']
        invoice = fee_lines.mapped('invoice_id')
        values = Invoice._prepare_refund(
            invoice, date_invoice=self.date,
            description=_('Fee of the cancelled return %s') % self.name,
            journal_id=invoice.journal_id.id)
        values['invoice_line_ids'] = Invoice._refund_cleanup_lines(
            fee_lines)
        values['tax_line_ids'] = []
        refund = Invoice.create(values)
        refund.compute_taxes()
        refund.action_invoice_open()
        if invoice.state == 'open':
            (invoice.move_id.line_ids | refund.move_id.line_ids).filtered(
                lambda l: l.account_id == invoice.account_id
                and not l.reconciled).reconcile()
        return refund

    @api.multi
    def _isp_apply_return_effects(self, invoices_by_line):
        """``invoices_by_line``: line id -> the invoices its debit had
        paid."""
        self.ensure_one()
        max_times = self.company_id.isp_sdd_max_representations
        for line in self.line_ids:
            invoices = invoices_by_line.get(line.id) or \
                self.env['account.invoice']
            outcome = False
            for invoice in invoices:
                count = invoice.isp_return_count + 1
                outcome = return_rules.return_outcome(
                    line.reason_id.code, count, max_times)
                invoice.write(self._prepare_isp_invoice_values(
                    line, count, outcome))
            if outcome == return_rules.OUTCOME_BLOCKED:
                self._isp_block_mandates(line, invoices)
            values = {'isp_invoice_ids': [(6, 0, invoices.ids)],
                      'isp_outcome': outcome}
            if invoices and not (line.isp_fee_invoice_id
                                 or line.isp_fee_charge_id):
                values.update(self._isp_bill_fee(line, invoices[0]))
            line.write(values)
            for invoice in invoices:
                line._isp_notify_customer(invoice)

    @api.multi
    def _isp_bill_fee(self, line, invoice):
        """The return fee of ``line``'s reason for the customer of
        ``invoice``: a charge on the service the invoice billed, for its
        next invoice, or a posted invoice at once (the reason's choice;
        at once as well when the invoice bills no running service).
        Return values for the line."""
        self.ensure_one()
        product = line.reason_id.isp_fee_product_id
        if not product:
            return {}
        if line.reason_id.isp_fee_timing == 'next':
            subscription = invoice._isp_running_subscriptions()[:1]
            if subscription:
                return {'isp_fee_charge_id': self._isp_create_fee_charge(
                    line, invoice, product, subscription).id}
        return {'isp_fee_invoice_id': self._isp_create_fee_invoice(
            line, invoice, product).id}

    @api.multi
    def _isp_fee_label(self, line, invoice, product):
        """The fee's invoice line text, in the customer's language."""
        lang = invoice.partner_id.lang or self.env.lang
        self = self.with_context(lang=lang)
        return _('%(product)s: debit of %(invoice)s returned '
                 '(%(reason)s)') % {
            'product': product.with_context(lang=lang).name,
            'invoice': invoice.number,
            'reason': line.reason_id.code or line.reason_id.name or ''}

    @api.multi
    def _isp_create_fee_charge(self, line, invoice, product, subscription):
        """A charge of ``product`` (the return fee) that the next
        billing run of ``subscription`` adds to the invoice."""
        self.ensure_one()
        return self.env['isp.subscription.charge'].sudo().create({
            'subscription_id': subscription.id,
            'product_id': product.id,
            'name': self._isp_fee_label(line, invoice, product),
            'quantity': 1.0,
            'price_unit': product.lst_price,
            'date': self.date,
            'origin': '%s %s' % (self.name, invoice.number),
        })

    @api.model
    def _prepare_isp_invoice_values(self, line, count, outcome):
        return {
            'isp_return_count': count,
            'isp_last_return_reason_id': line.reason_id.id,
            'isp_sdd_represent':
                outcome == return_rules.OUTCOME_REPRESENT,
            'isp_return_to_dunning':
                outcome != return_rules.OUTCOME_REPRESENT,
        }

    @api.multi
    def _isp_block_mandates(self, line, invoices):
        """MD01/MD06: the mandates of the returned debit (of its
        ``invoices`` when the debit has none) are not debited again until
        someone empties the reason (a new signature)."""
        self.ensure_one()
        mandates = line.move_line_ids.mapped(
            'bank_payment_line_id.payment_line_ids.mandate_id')
        if not mandates:
            mandates = invoices.mapped('mandate_id')
        if not mandates:
            return
        reason = line.reason_id
        date = misc.format_date(self.env, self.date)
        line.isp_blocked_mandate_ids = [(6, 0, mandates.ids)]
        mandates.write({'isp_debit_blocked_reason': _(
            '%(code)s on %(date)s: %(reason)s (return %(return)s)') % {
                'code': reason.code or '', 'date': date,
                'reason': reason.name or '', 'return': self.name}})

    @api.multi
    def _isp_create_fee_invoice(self, line, invoice, product):
        """A posted customer invoice of ``product`` (the return fee) to the
        customer of ``invoice``."""
        self.ensure_one()
        values = self._prepare_isp_fee_invoice_values(line, invoice)
        draft = self.env['account.invoice'].new(values)
        draft._onchange_partner_id()
        values.update({
            'account_id': draft.account_id.id,
            'fiscal_position_id': draft.fiscal_position_id.id,
            'payment_term_id': draft.payment_term_id.id,
        })
        fee = self.env['account.invoice'].create(values)
        fee_line = self.env['account.invoice.line'].new({
            'invoice_id': fee.id,
            'product_id': product.id,
            'quantity': 1.0,
        })
        fee_line._onchange_product_id()
        line_values = fee_line._convert_to_write(fee_line._cache)
        line_values['name'] = self._isp_fee_label(line, invoice, product)
        self.env['account.invoice.line'].create(line_values)
        fee.compute_taxes()
        fee.action_invoice_open()
        return fee

    @api.multi
    def _prepare_isp_fee_invoice_values(self, line, invoice):
        self.ensure_one()
        values = {
            'type': 'out_invoice',
            'partner_id': invoice.partner_id.id,
            'company_id': invoice.company_id.id,
            'currency_id': invoice.currency_id.id,
            'date_invoice': self.date,
            'origin': '%s %s' % (self.name, invoice.number),
            'name': _('Returned debit of %s') % invoice.number,
        }
        if 'payment_mode_id' in invoice._fields:
            values['payment_mode_id'] = invoice.payment_mode_id.id
        if 'mandate_id' in invoice._fields:
            values['mandate_id'] = invoice.mandate_id.id
        return values
