# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The debit orders of a billing run.

``DebitOrders(run).make()`` (the run's button "Create debit orders" and,
with the company's setting, the run itself once its posting is done) puts
the run's open invoices paid by SEPA direct debit, and the invoices of
earlier runs waiting to be presented again, into OCA payment orders
(``account.payment.order``, inbound): one per company, creditor bank
journal and payment mode. An invoice whose mandate may not be debited
(``rules/mandate_check.py``) is recorded as an ``isp.debit.exclusion``
with the reason instead."""
from collections import OrderedDict, defaultdict

from odoo import _, fields
from odoo.tools.misc import formatLang

from ..rules import collection_date as date_rules
from ..rules import mandate_check
from .isp_billing_run_chunk import _is_retryable

# payment orders whose lines are still going to the bank: an invoice in one
# of them is not presented again
PENDING_ORDER_STATES = ('draft', 'open', 'generated')


class DebitOrders(object):
    """The debit orders of the billing run ``run`` (one record), made in
    its environment (``self.env``: ``_()`` finds the language there)."""

    def __init__(self, run):
        run.ensure_one()
        self.run = run
        self.env = run.env

    def make(self):
        """Put the invoices of ``candidates`` into debit orders of the run
        (``order``) and record those that cannot be debited, replacing the
        run's previous list. Callers check the user's rights first; this
        runs as superuser. Returns a dict: the ``orders`` that got lines,
        the number of invoices ``added`` and ``excluded``."""
        self.run.debit_exclusion_ids.unlink()
        invoices = self.candidates()
        contract_ibans = self.contract_ibans(invoices)
        in_orders = self.order_states(invoices)
        # read in batches what each invoice's checks read
        invoices.mapped('move_id.line_ids').mapped('account_id.internal_type')
        invoices.mapped('mandate_id.partner_bank_id.acc_number')
        today = fields.Date.context_today(self.run)
        orders = OrderedDict()
        filled = self.env['account.payment.order']
        exclusions = []
        added = 0
        # the totals of the orders (and the amounts of their lines in the
        # company's currency) are computed once at the end, not again at
        # each line: their cost would grow with the square of the lines
        without_recompute = DebitOrders(
            self.run.with_context(recompute=False))
        for invoice in invoices:
            lines = self.move_lines(invoice, in_orders)
            if not lines:
                continue
            key = self.order_key(invoice)
            reason = self.exclusion_reason(
                invoice, contract_ibans[invoice.id])
            if reason:
                exclusions.append((key, self.prepare_exclusion_values(
                    invoice, reason, self.reason_text(
                        reason, invoice, contract_ibans[invoice.id]))))
                continue
            if key not in orders:
                orders[key] = self.order(key)
            order = orders[key]
            try:
                with self.env.cr.savepoint():
                    without_recompute.add_lines(order, invoice, lines, today)
            except Exception as error:  # pylint: disable=broad-except
                if _is_retryable(error):
                    raise
                self.run.invalidate_cache()
                message = getattr(error, 'name', None) or str(error)
                exclusions.append((key, self.prepare_exclusion_values(
                    invoice, mandate_check.ERROR, message)))
                continue
            filled |= order
            added += 1
            if invoice.isp_sdd_represent:
                invoice.isp_sdd_represent = False
        self.env['account.payment.line'].recompute()
        Exclusion = self.env['isp.debit.exclusion']
        for key, values in exclusions:
            order = orders.get(key) or self.order(key, create=False)
            values['order_id'] = order.id
            Exclusion.create(values)
        # an order made for a line that failed stays empty: not kept
        (self.env['account.payment.order'].union(*orders.values())
         - filled).filtered(lambda o: not o.payment_line_ids).unlink()
        return {'orders': filled, 'added': added,
                'excluded': len(exclusions)}

    def post_summary(self, result):
        """Say on the run what ``make`` did (``result``), as the user of
        the run's environment."""
        self.run.message_post(body=_(
            'Debit orders: %(added)s invoices added to %(orders)s debit '
            'orders, %(excluded)s not debited (see "Not debited").') % {
                'added': result['added'], 'orders': len(result['orders']),
                'excluded': result['excluded']})

    def candidates(self):
        """The open customer invoices to debit: the run's, then those of
        the company waiting to be presented again (``isp_sdd_represent``),
        paid by a SEPA direct debit (a pain.008 payment method)."""
        common = [
            ('type', '=', 'out_invoice'),
            ('state', '=', 'open'),
            ('company_id', '=', self.run.company_id.id),
            ('payment_mode_id.payment_method_id.payment_type', '=',
             'inbound'),
            ('payment_mode_id.payment_method_id.pain_version', '=like',
             mandate_check.SDD_PAIN_PREFIX + '%'),
        ]
        Invoice = self.env['account.invoice']
        return (Invoice.search([('isp_billing_run_id', '=', self.run.id)]
                               + common, order='id')
                | Invoice.search([('isp_sdd_represent', '=', True)] + common,
                                 order='id'))

    def order_states(self, invoices):
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

    def move_lines(self, invoice, in_orders):
        """The receivable items of ``invoice`` to debit: none when it is
        paid, or when it is in a debit order already (``in_orders``, see
        ``order_states``: an order that is not cancelled; for an
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

    def order_key(self, invoice):
        """(company, creditor bank journal, payment mode) of the debit
        order of ``invoice``."""
        mode = invoice.payment_mode_id
        return (invoice.company_id.id, self.journal(invoice).id,
                mode.id)

    def journal(self, invoice):
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

    def order(self, key, create=True):
        """The draft debit order of the run for ``key``; a new one unless
        ``create`` is False."""
        __, journal_id, mode_id = key
        Order = self.env['account.payment.order']
        order = Order.search([
            ('isp_billing_run_id', '=', self.run.id),
            ('payment_mode_id', '=', mode_id),
            ('journal_id', '=', journal_id or False),
            ('state', '=', 'draft'),
        ], limit=1)
        if order or not create:
            return order
        return Order.create(self.prepare_order_values(key))

    def prepare_order_values(self, key):
        __, journal_id, mode_id = key
        return {
            'payment_mode_id': mode_id,
            'journal_id': journal_id or False,
            'payment_type': 'inbound',
            'date_prefered': 'due',
            'isp_billing_run_id': self.run.id,
            'description': self.run.name,
        }

    def add_lines(self, order, invoice, move_lines, today):
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

    def contract_ibans(self, invoices):
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

    def exclusion_reason(self, invoice, contract_ibans):
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

    def reason_text(self, reason, invoice, contract_ibans):
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

    def prepare_exclusion_values(self, invoice, reason, text):
        return {
            'run_id': self.run.id,
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
