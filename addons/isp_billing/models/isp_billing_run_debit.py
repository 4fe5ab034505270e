# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The debit orders of a billing run.

``action_create_debit_orders`` (and, with the company's setting, the run
itself once its posting is done) puts the run's open invoices paid by SEPA
direct debit, and the invoices of earlier runs waiting to be presented
again, into OCA payment orders (``account.payment.order``, inbound): one
per company, creditor bank journal and payment mode. An invoice whose
mandate may not be debited (``rules/mandate_check.py``) is recorded as an
``isp.debit.exclusion`` with the reason instead."""
import logging
from collections import OrderedDict, defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang
from odoo.addons.queue_job.job import identity_exact, job

from ..rules import collection_date as date_rules
from ..rules import mandate_check
from .isp_billing_run_chunk import _is_retryable

_logger = logging.getLogger(__name__)

# payment orders whose lines are still going to the bank: an invoice in one
# of them is not presented again
PENDING_ORDER_STATES = ('draft', 'open', 'generated')


class IspBillingRun(models.Model):
    _inherit = 'isp.billing.run'

    payment_order_ids = fields.One2many(
        comodel_name='account.payment.order',
        inverse_name='isp_billing_run_id',
        string='Debit orders',
        readonly=True,
        copy=False,
    )
    payment_order_count = fields.Integer(
        string='Debit orders',
        compute='_compute_debit_counts',
    )
    debit_exclusion_ids = fields.One2many(
        comodel_name='isp.debit.exclusion',
        inverse_name='run_id',
        string='Not debited',
        readonly=True,
        copy=False,
    )
    debit_exclusion_count = fields.Integer(
        string='Not debited',
        compute='_compute_debit_counts',
    )

    @api.depends('payment_order_ids', 'debit_exclusion_ids')
    def _compute_debit_counts(self):
        for run in self:
            run.payment_order_count = len(run.payment_order_ids)
            run.debit_exclusion_count = len(run.debit_exclusion_ids)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    @api.multi
    def action_create_debit_orders(self):
        """Button "Create debit orders": the run's open invoices paid by
        SEPA direct debit (and those of earlier runs to present again) go
        into draft debit orders; those that cannot be debited are listed
        in "Not debited" with the reason. Safe to press again: an invoice
        already in a debit order that is not cancelled is not added twice,
        the list of those not debited is made again.

        Checks that the user may change the run (billing user, the run's
        company), then works as superuser: billing users create debit
        orders only through this button."""
        self.ensure_one()
        self._check_write_access()
        if not self.invoice_posted_count:
            raise UserError(_(
                'The billing run has no posted invoice: post its invoices '
                'first, then create the debit orders.'))
        self._post_debit_summary(self.sudo()._create_debit_orders())
        return True

    @api.multi
    def action_view_debit_orders(self):
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        action = self.env.ref('isp_billing.isp_debit_order_action').read()[0]
        action['domain'] = [('isp_billing_run_id', '=', self.id)]
        action['context'] = {'create': False}
        return action

    @api.multi
    def action_view_debit_exclusions(self):
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        action = self.env.ref(
            'isp_billing.isp_debit_exclusion_action').read()[0]
        action['domain'] = [('run_id', '=', self.id)]
        action['context'] = {}
        return action

    # ------------------------------------------------------------------
    # after the posting
    # ------------------------------------------------------------------

    @api.multi
    def _schedule_debit_orders_after_posting(self):
        """When the company makes the debit orders after the posting, queue
        the small job that makes them once no posting chunk is pending
        (each posting chunk calls this when it is done)."""
        self.ensure_one()
        if not self.company_id.isp_sdd_orders_after_posting:
            return False
        self.with_delay(
            description=_('Billing run %s: debit orders after the '
                          'posting') % self.name,
            identity_key=identity_exact,
        )._job_debit_orders_after_posting()
        return True

    @api.multi
    @job
    def _job_debit_orders_after_posting(self):
        """Queue job of ``_schedule_debit_orders_after_posting``."""
        for run in self.exists():
            run._debit_orders_after_posting()
        return True

    @api.multi
    def _debit_orders_after_posting(self):
        """Make the debit orders when the posting is done, in a savepoint
        of their own: a failure is recorded on the run (failures and
        chatter), the posting stays done. Returns whether it made them."""
        self.ensure_one()
        if not self.company_id.isp_sdd_orders_after_posting:
            return False
        # two posting chunks ending together: the second waits here, then
        # sees every chunk done (see _check_done)
        self.env.cr.execute(
            'UPDATE isp_billing_run SET write_date = write_date '
            'WHERE id = %s', (self.id,))
        if self.chunk_ids.filtered(
                lambda c: c.step == 'post' and c.state == 'pending'):
            return False
        try:
            with self.env.cr.savepoint():
                result = self.sudo()._create_debit_orders()
        except Exception as error:  # pylint: disable=broad-except
            if _is_retryable(error):
                raise
            self.env.clear()
            message = getattr(error, 'name', None) or str(error) or \
                repr(error)
            _logger.warning('Billing run %s: no debit orders: %s',
                            self.id, message)
            self.env['isp.billing.run.failure'].sudo().create({
                'run_id': self.id,
                'step': 'debit',
                'message': message,
            })
            self.message_post(body=_(
                'The debit orders could not be made after the posting: '
                '%s. Correct it, then press "Create debit orders".') % (
                    message,))
            return False
        self._post_debit_summary(result)
        return True

    # ------------------------------------------------------------------
    # the debit orders
    # ------------------------------------------------------------------

    @api.multi
    def _create_debit_orders(self):
        """Put the invoices of ``_debit_candidates`` into debit orders of
        this run (``_debit_order``) and record those that cannot be
        debited, replacing the run's previous list. Callers check the
        user's rights first; this runs as superuser. Returns a dict: the
        ``orders`` that got lines, the number of invoices ``added`` and
        ``excluded``."""
        self.ensure_one()
        self.debit_exclusion_ids.unlink()
        invoices = self._debit_candidates()
        contract_ibans = self._debit_contract_ibans(invoices)
        in_orders = self._debit_order_states(invoices)
        # read in batches what each invoice's checks read
        invoices.mapped('move_id.line_ids').mapped('account_id.internal_type')
        invoices.mapped('mandate_id.partner_bank_id.acc_number')
        today = fields.Date.context_today(self)
        orders = OrderedDict()
        filled = self.env['account.payment.order']
        exclusions = []
        added = 0
        # the totals of the orders (and the amounts of their lines in the
        # company's currency) are computed once at the end, not again at
        # each line: their cost would grow with the square of the lines
        run = self.with_context(recompute=False)
        for invoice in invoices:
            lines = self._debit_move_lines(invoice, in_orders)
            if not lines:
                continue
            key = self._debit_order_key(invoice)
            reason = self._debit_exclusion_reason(
                invoice, contract_ibans[invoice.id])
            if reason:
                exclusions.append((key, self._prepare_debit_exclusion_values(
                    invoice, reason, self._debit_reason_text(
                        reason, invoice, contract_ibans[invoice.id]))))
                continue
            if key not in orders:
                orders[key] = self._debit_order(key)
            order = orders[key]
            try:
                with self.env.cr.savepoint():
                    run._add_debit_lines(order, invoice, lines, today)
            except Exception as error:  # pylint: disable=broad-except
                if _is_retryable(error):
                    raise
                self.invalidate_cache()
                message = getattr(error, 'name', None) or str(error)
                exclusions.append((key, self._prepare_debit_exclusion_values(
                    invoice, mandate_check.ERROR, message)))
                continue
            filled |= order
            added += 1
            if invoice.isp_sdd_represent:
                invoice.isp_sdd_represent = False
        self.env['account.payment.line'].recompute()
        Exclusion = self.env['isp.debit.exclusion']
        for key, values in exclusions:
            order = orders.get(key) or self._debit_order(key, create=False)
            values['order_id'] = order.id
            Exclusion.create(values)
        # an order made for a line that failed stays empty: not kept
        (self.env['account.payment.order'].union(*orders.values())
         - filled).filtered(lambda o: not o.payment_line_ids).unlink()
        return {'orders': filled, 'added': added,
                'excluded': len(exclusions)}

    @api.multi
    def _post_debit_summary(self, result):
        """Say on the run what ``_create_debit_orders`` did (``result``),
        as the user who did it."""
        self.ensure_one()
        self.message_post(body=_(
            'Debit orders: %(added)s invoices added to %(orders)s debit '
            'orders, %(excluded)s not debited (see "Not debited").') % {
                'added': result['added'], 'orders': len(result['orders']),
                'excluded': result['excluded']})

    @api.multi
    def _debit_candidates(self):
        """The open customer invoices to debit: the run's, then those of
        the company waiting to be presented again (``isp_sdd_represent``),
        paid by a SEPA direct debit (a pain.008 payment method)."""
        self.ensure_one()
        common = [
            ('type', '=', 'out_invoice'),
            ('state', '=', 'open'),
            ('company_id', '=', self.company_id.id),
            ('payment_mode_id.payment_method_id.payment_type', '=',
             'inbound'),
            ('payment_mode_id.payment_method_id.pain_version', '=like',
             mandate_check.SDD_PAIN_PREFIX + '%'),
        ]
        Invoice = self.env['account.invoice']
        return (Invoice.search([('isp_billing_run_id', '=', self.id)]
                               + common, order='id')
                | Invoice.search([('isp_sdd_represent', '=', True)] + common,
                                 order='id'))

    @api.model
    def _debit_order_states(self, invoices):
        """{receivable item id: the states of the debit orders it is in}
        of ``invoices``, read with one query."""
        result = defaultdict(set)
        if invoices:
            self.env.cr.execute(
                'SELECT pl.move_line_id, o.state '
                'FROM account_payment_line pl '
                'JOIN account_payment_order o ON o.id = pl.order_id '
                'JOIN account_move_line ml ON ml.id = pl.move_line_id '
                'WHERE ml.invoice_id IN %s', (tuple(invoices.ids),))
            for move_line_id, state in self.env.cr.fetchall():
                result[move_line_id].add(state)
        return result

    @api.model
    def _debit_move_lines(self, invoice, in_orders):
        """The receivable items of ``invoice`` to debit: none when it is
        paid, or when it is in a debit order already (``in_orders``, see
        ``_debit_order_states``: an order that is not cancelled; for an
        invoice to present again, an order still going to the bank). An
        invoice to present again that needs no debit any more loses its
        flag."""
        lines = invoice.move_id.line_ids.filtered(
            lambda l: l.account_id.internal_type == 'receivable'
            and not l.reconciled)
        states = PENDING_ORDER_STATES if invoice.isp_sdd_represent else (
            'draft', 'open', 'generated', 'uploaded', 'done')
        if lines and not any(in_orders[line.id] & set(states)
                             for line in lines):
            return lines
        if invoice.isp_sdd_represent:
            invoice.isp_sdd_represent = False
        return lines.browse()

    @api.model
    def _debit_order_key(self, invoice):
        """(company, creditor bank journal, payment mode) of the debit
        order of ``invoice``."""
        mode = invoice.payment_mode_id
        return (invoice.company_id.id, self._debit_journal(invoice).id,
                mode.id)

    @api.model
    def _debit_journal(self, invoice):
        """The bank journal (the company's account) that collects
        ``invoice``: the payment mode's fixed journal, else the allowed
        journal of the account printed on the invoice, else the only
        allowed journal (none: the user chooses it on the order)."""
        mode = invoice.payment_mode_id
        if mode.bank_account_link == 'fixed':
            return mode.fixed_journal_id
        journals = mode.variable_journal_ids
        if invoice.partner_bank_id:
            matching = journals.filtered(
                lambda j: j.bank_account_id == invoice.partner_bank_id)
            if matching:
                return matching[0]
        return journals if len(journals) == 1 else journals.browse()

    @api.multi
    def _debit_order(self, key, create=True):
        """The draft debit order of this run for ``key``; a new one unless
        ``create`` is False."""
        self.ensure_one()
        __, journal_id, mode_id = key
        Order = self.env['account.payment.order']
        order = Order.search([
            ('isp_billing_run_id', '=', self.id),
            ('payment_mode_id', '=', mode_id),
            ('journal_id', '=', journal_id or False),
            ('state', '=', 'draft'),
        ], limit=1)
        if order or not create:
            return order
        return Order.create(self._prepare_debit_order_values(key))

    @api.multi
    def _prepare_debit_order_values(self, key):
        self.ensure_one()
        __, journal_id, mode_id = key
        return {
            'payment_mode_id': mode_id,
            'journal_id': journal_id or False,
            'payment_type': 'inbound',
            'date_prefered': 'due',
            'isp_billing_run_id': self.id,
            'description': self.name,
        }

    @api.model
    def _add_debit_lines(self, order, invoice, move_lines, today):
        """One payment line per receivable item of ``invoice`` (OCA's
        values) with the invoice's mandate, the one checked, and the
        account it covers, dated on its collection date
        (``rules/collection_date.py``)."""
        lead_days = order.payment_mode_id.isp_sdd_lead_days
        mandate = invoice.mandate_id
        PaymentLine = self.env['account.payment.line']
        for move_line in move_lines:
            values = move_line._prepare_payment_line_vals(order)
            values.update(mandate_id=mandate.id,
                          partner_bank_id=mandate.partner_bank_id.id)
            values['date'] = fields.Date.to_string(
                date_rules.collection_date(
                    move_line.date_maturity or today, today, lead_days))
            PaymentLine.create(values)

    @api.model
    def _debit_contract_ibans(self, invoices):
        """{invoice id: the IBANs of the bank accounts signed with the
        contracts it bills}: those of its subscriptions (invoiced periods)
        and of the contracts of its sale lines (one-off charges)."""
        result = defaultdict(list)
        if not invoices:
            return result
        lines = invoices.mapped('invoice_line_ids')
        periods = self.env['isp.subscription.period'].search(
            [('invoice_line_id', 'in', lines.ids)])
        for period in periods:
            account = period.subscription_id.bank_account_id
            if account:
                result[period.invoice_line_id.invoice_id.id].append(
                    account.acc_number)
        for line in lines:
            for order in line.sale_line_ids.mapped('order_id'):
                if order.isp_bank_account_id:
                    result[line.invoice_id.id].append(
                        order.isp_bank_account_id.acc_number)
        return result

    @api.model
    def _debit_exclusion_reason(self, invoice, contract_ibans):
        """``mandate_check.exclusion_reason`` of ``invoice``: None when it
        may be debited."""
        mandate = invoice.mandate_id
        return mandate_check.exclusion_reason(
            mandate.state if mandate else None,
            mandate.partner_bank_id.acc_number,
            contract_ibans,
            mandate.isp_debit_blocked_reason,
            invoice.residual,
            invoice.payment_mode_id.isp_sdd_amount_limit,
            invoice.currency_id.decimal_places)

    @api.model
    def _debit_reason_text(self, reason, invoice, contract_ibans):
        """Why ``invoice`` is not debited, in words, and what to do."""
        mandate = invoice.mandate_id
        mode = invoice.payment_mode_id
        values = {
            'invoice': invoice.number or invoice.display_name,
            'mandate': mandate.unique_mandate_reference or '',
            'mode': mode.display_name,
        }
        if reason == mandate_check.NO_MANDATE:
            return _('Invoice %(invoice)s has no direct debit mandate: add '
                     'the mandate signed with the contract ("Change bank '
                     'data" on the contract).') % values
        if reason == mandate_check.MANDATE_DRAFT:
            return _('Mandate %(mandate)s is not validated: validate it once '
                     'the customer has signed it.') % values
        if reason == mandate_check.MANDATE_EXPIRED:
            return _('Mandate %(mandate)s has expired (36 months without a '
                     'debit, or a one-off mandate already used): the '
                     'customer must sign a new mandate.') % values
        if reason == mandate_check.MANDATE_CANCELLED:
            return _('Mandate %(mandate)s is cancelled: the customer must '
                     'sign a new mandate or pay another way.') % values
        if reason == mandate_check.MANDATE_BLOCKED:
            values['reason'] = mandate.isp_debit_blocked_reason
            return _('Debits on mandate %(mandate)s are blocked: '
                     '%(reason)s. The customer must sign a new mandate.') % (
                         values)
        if reason == mandate_check.OTHER_IBAN:
            mandate_iban = mandate_check.normalize_iban(
                mandate.partner_bank_id.acc_number)
            values['mandate_iban'] = mandate_iban
            values['contract_iban'] = ', '.join(sorted(set(
                mandate_check.normalize_iban(iban) for iban in contract_ibans
                if mandate_check.normalize_iban(iban) not in ('',
                                                              mandate_iban))))
            return _('Mandate %(mandate)s covers the account '
                     '%(mandate_iban)s, the contract was signed with '
                     '%(contract_iban)s: change the bank data of the '
                     'contract.') % values
        if reason == mandate_check.OVER_LIMIT:
            currency = invoice.currency_id
            values['amount'] = formatLang(
                self.env, invoice.residual, currency_obj=currency)
            values['limit'] = formatLang(
                self.env, mode.isp_sdd_amount_limit, currency_obj=currency)
            return _('%(amount)s is over the limit of %(limit)s of payment '
                     'mode %(mode)s: collect invoice %(invoice)s another '
                     'way, or raise the limit.') % values
        return dict(mandate_check.REASONS).get(reason, reason)

    @api.multi
    def _prepare_debit_exclusion_values(self, invoice, reason, text):
        self.ensure_one()
        return {
            'run_id': self.id,
            'invoice_id': invoice.id,
            'partner_id': invoice.commercial_partner_id.id,
            'payment_mode_id': invoice.payment_mode_id.id,
            'mandate_id': invoice.mandate_id.id,
            'currency_id': invoice.currency_id.id,
            'amount': invoice.residual,
            'reason': reason,
            'reason_text': text,
            'represented': invoice.isp_sdd_represent,
        }
