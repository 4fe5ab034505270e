# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import collection_date as collection_rules
from ..rules import pain008
from ..rules.mandate_check import is_sepa_direct_debit
from .account_payment_line import COLLECTION_DATES

# pain flavours whose file is built by rules/pain008.py instead of OCA's
# generator (which walks the bank lines through the ORM and has no .08)
FAST_PAIN008 = ('pain.008.001.02', 'pain.008.001.08')
# OCA mandate's recurrent_sequence_type -> SeqTp
SEQUENCE_TYPES = {'first': 'FRST', 'recurring': 'RCUR', 'final': 'FNAL'}


class AccountPaymentOrder(models.Model):
    _inherit = 'account.payment.order'

    isp_billing_run_id = fields.Many2one(
        comodel_name='isp.billing.run',
        string='Billing run',
        readonly=True,
        copy=False,
        index=True,
        ondelete='set null',
        help='The billing run whose "Create debit orders" made this order.',
    )

    @api.multi
    def draft2open(self):
        """Confirm: SEPA direct debits are dated on their collection date
        (``_isp_sdd_collection_dates``), which OCA's ``draft2open`` writes
        on each payment line instead of its own date (see
        ``account.payment.line.write``) before grouping the lines."""
        dates = {}
        for order in self:
            dates.update(order._isp_sdd_collection_dates())
        return super(AccountPaymentOrder, self.with_context(
            **{COLLECTION_DATES: dates})).draft2open()

    @api.multi
    def _isp_sdd_collection_dates(self):
        """{payment line id: collection date} of a SEPA direct debit
        order: the date OCA asks for (due date, fixed date or today, as the
        order says), moved to a TARGET2 business day and never earlier than
        today plus the payment mode's lead time in business days
        (``rules/collection_date.py``). Empty for other orders."""
        self.ensure_one()
        method = self.payment_method_id
        if not is_sepa_direct_debit(method.payment_type, method.pain_version):
            return {}
        today = fields.Date.context_today(self)
        lead_days = self.payment_mode_id.isp_sdd_lead_days
        dates = {}
        for line in self.payment_line_ids:
            if self.date_prefered == 'due':
                requested = line.ml_maturity_date or today
            elif self.date_prefered == 'fixed':
                requested = self.date_scheduled or today
            else:
                requested = today
            dates[line.id] = fields.Date.to_string(
                collection_rules.collection_date(requested, today, lead_days))
        return dates

    @api.multi
    def generate_payment_file(self):
        """SEPA direct debit files of the flavours in FAST_PAIN008 are
        built by rules/pain008.py from a few queries (one per table) over
        the bank lines, partners, bank accounts and mandates, validated
        against the XSD shipped in the addon before they are returned (OCA's
        generator walks every bank line through the ORM and has no .08).
        Bad data raises a UserError naming the record: no file is made.
        Every other file is OCA's."""
        self.ensure_one()
        method = self.payment_method_id
        if (method.code != 'sepa_direct_debit'
                or method.pain_version not in FAST_PAIN008):
            return super(AccountPaymentOrder, self).generate_payment_file()
        # the lines, accounts and mandates are read with SQL: only for who
        # may change the order and read them
        self.check_access_rights('write')
        self.check_access_rule('write')
        for model in ('bank.payment.line', 'account.payment.line',
                      'res.partner.bank', 'account.banking.mandate'):
            self.env[model].check_access_rights('read')
        flavour = method.pain_version
        created = fields.Datetime.context_timestamp(
            self, datetime.datetime.utcnow())
        creditor, party = self._isp_pain008_creditor()
        debits, currency = self._isp_pain008_debits()
        try:
            data = pain008.build(
                flavour, self.name, created, party, creditor, debits,
                batch_booking=self.batch_booking, currency=currency)
        except pain008.Pain008Error as error:
            raise UserError(self._isp_pain008_message(error))
        except ValueError as error:
            raise UserError(_(
                'The direct debit file of %(order)s is not valid against '
                'the ISO 20022 schema %(flavour)s, so it was not made: '
                '%(error)s') % {
                    'order': self.name, 'flavour': flavour, 'error': error})
        return data, 'sdd_%s.xml' % self.name

    @api.multi
    def _isp_pain008_creditor(self):
        """(Creditor, InitiatingParty) of the order's file, as OCA takes
        them: the order's bank account and its owner, the creditor
        identifier and the initiating party of the payment mode, else of
        the company."""
        self.ensure_one()
        mode = self.payment_mode_id
        company = mode.company_id or self.company_id
        bank = self.company_partner_bank_id
        owner = bank.partner_id.name or company.name
        creditor = pain008.Creditor(
            record=company.name, name=owner,
            iban=bank.sanitized_acc_number or '',
            bic=bank.bank_id.bic or '',
            identifier=(mode.sepa_creditor_identifier
                        or company.sepa_creditor_identifier or ''))
        party = pain008.InitiatingParty(
            name=owner,
            identifier=(mode.initiating_party_identifier
                        or company.initiating_party_identifier or ''),
            issuer=(mode.initiating_party_issuer
                    or company.initiating_party_issuer or ''))
        return creditor, party

    @api.multi
    def _isp_pain008_debits(self):
        """([Debit], currency) of the order's bank lines: a bank line's
        date, partner, bank account and mandate are those of its first
        payment line, as OCA's related fields give them. The sequence type
        comes from the mandate as in OCA."""
        self.ensure_one()
        currencies = set()
        debits = []
        for (name, amount, communication, date, line_currency, partner,
             iban, bic, holder, mandate, signed, mandate_type, sequence,
             scheme, state, last_debit) in self._isp_pain008_rows():
            currencies.add(line_currency)
            if not mandate:
                raise UserError(_(
                    'Customer %(customer)s: the debit %(debit)s has no SEPA '
                    'direct debit mandate: add a valid mandate to the '
                    'invoice.') % {'customer': partner, 'debit': name})
            if state != 'valid':
                raise UserError(_(
                    'Customer %(customer)s: the mandate %(mandate)s of the '
                    'debit %(debit)s is not valid: validate it or take the '
                    'invoice out of the order.') % {
                        'customer': partner, 'mandate': mandate,
                        'debit': name})
            if mandate_type == 'oneoff':
                if last_debit:
                    raise UserError(_(
                        'Customer %(customer)s: the one-off mandate '
                        '%(mandate)s was already used on %(date)s: take the '
                        'invoice out of the order.') % {
                            'customer': partner, 'mandate': mandate,
                            'date': last_debit})
                sequence_type = 'OOFF'
            else:
                sequence_type = SEQUENCE_TYPES.get(sequence)
            debits.append(pain008.Debit(
                record=partner, end_to_end_id=name, amount=amount,
                mandate_id=mandate, mandate_date=signed,
                debtor_name=holder or partner, debtor_iban=iban or '',
                debtor_bic=bic or '', remittance=communication or '',
                collection_date=date, sequence_type=sequence_type,
                scheme=scheme or 'CORE',
                amended=bool(sequence_type == 'FRST' and last_debit)))
        if len(currencies) > 1:
            raise UserError(_(
                'Debit order %(order)s mixes currencies (%(currencies)s): '
                'one file has one currency, make one order per currency.')
                % {'order': self.name,
                   'currencies': ', '.join(sorted(filter(None, currencies)))})
        return debits, (currencies.pop() if currencies else
                        pain008.CURRENCY)

    @api.multi
    def _isp_pain008_rows(self):
        """The bank lines of the order with what their file needs, one
        tuple each, in the order of the lines: read with one query per
        table, each by its primary keys or by order, and joined here (a
        join of the tables for 100,000 lines depends on the planner's
        statistics; lookups by primary key do not)."""
        self.ensure_one()
        self.recompute()
        cr = self.env.cr

        def by_id(query, ids):
            cr.execute(query, (list(ids),))
            return {row[0]: row[1:] for row in cr.fetchall()}

        cr.execute(
            'SELECT id, name, amount_currency, communication '
            'FROM bank_payment_line WHERE order_id = %s ORDER BY id',
            (self.id,))
        lines = cr.fetchall()
        cr.execute(
            'SELECT DISTINCT ON (bank_line_id) bank_line_id, date, '
            'currency_id, partner_id, partner_bank_id, mandate_id '
            'FROM account_payment_line WHERE order_id = %s '
            'AND bank_line_id IS NOT NULL ORDER BY bank_line_id, id',
            (self.id,))
        first = {row[0]: row[1:] for row in cr.fetchall()}
        values = list(first.values())
        accounts = by_id(
            'SELECT id, sanitized_acc_number, bank_id, partner_id '
            'FROM res_partner_bank WHERE id = ANY(%s)',
            {v[3] for v in values if v[3]})
        banks = by_id('SELECT id, bic FROM res_bank WHERE id = ANY(%s)',
                      {a[1] for a in accounts.values() if a[1]})
        partners = by_id(
            'SELECT id, display_name, name FROM res_partner '
            'WHERE id = ANY(%s)',
            {v[2] for v in values if v[2]}
            | {a[2] for a in accounts.values() if a[2]})
        mandates = by_id(
            'SELECT id, unique_mandate_reference, signature_date, type, '
            'recurrent_sequence_type, scheme, state, last_debit_date '
            'FROM account_banking_mandate WHERE id = ANY(%s)',
            {v[4] for v in values if v[4]})
        currencies = by_id('SELECT id, name FROM res_currency '
                           'WHERE id = ANY(%s)', {v[1] for v in values})
        no_account = (None, None, None)
        no_mandate = (None,) * 7
        rows = []
        for line_id, name, amount, communication in lines:
            date, currency, partner, account, mandate = first.get(
                line_id, (None,) * 5)
            iban, bank, holder = accounts.get(account, no_account)
            rows.append((
                name, amount, communication, date,
                currencies.get(currency, (None,))[0],
                partners.get(partner, (None,))[0],
                iban, banks.get(bank, (None,))[0],
                partners.get(holder, (None, None))[1],
            ) + mandates.get(mandate, no_mandate))
        return rows

    @api.model
    def _isp_pain008_message(self, error):
        """The translated message of a Pain008Error."""
        sepa_set = _("letters, digits, / - ? : ( ) . , ' + and space, at "
                     "most 35, no // and no / at the start or the end")
        messages = {
            'flavour': _('Debit order %(record)s: the pain flavour '
                         '%(value)s is not supported.'),
            'no_debits': _('Debit order %(record)s has no debit: add '
                           'invoices to it.'),
            'currency': _('Debit order %(record)s: the currency '
                          '%(value)s is not an ISO 4217 code.'),
            'message_id': _('Debit order %(record)s: its reference is not '
                            'a SEPA identifier (%(sepa)s): rename it.'),
            'initiating_party': _('Debit order %(record)s: the owner of '
                                  'its bank account has no name.'),
            'creditor_name': _('Company %(record)s: the owner of the bank '
                               'account of the debit order has no name.'),
            'creditor_identifier': _(
                'Company %(record)s: the SEPA creditor identifier '
                '"%(value)s" is missing or fails its check digits: correct '
                'it on the company or on the payment mode.'),
            'creditor_iban': _(
                'Company %(record)s: the IBAN "%(value)s" of the bank '
                'account of the debit order fails the check digits: '
                'correct the bank account.'),
            'creditor_bic': _(
                'Company %(record)s: the BIC "%(value)s" of the bank of '
                'the debit order is malformed: correct the bank.'),
            'debtor_name': _(
                'Customer %(record)s: the owner of the bank account has '
                'no name in the SEPA character set: correct the name.'),
            'debtor_iban': _(
                'Customer %(record)s: IBAN %(value)s fails the check '
                'digits: correct the bank account.'),
            'debtor_bic': _(
                'Customer %(record)s: BIC %(value)s is malformed (8 or 11 '
                'letters and digits): correct the bank of the account.'),
            'end_to_end_id': _(
                'Customer %(record)s: the payment reference %(value)s is '
                'not a SEPA identifier (%(sepa)s).'),
            'duplicate_end_to_end_id': _(
                'Customer %(record)s: the payment reference %(value)s '
                'appears twice in the debit order.'),
            'mandate_id': _(
                'Customer %(record)s: the mandate reference %(value)s is '
                'not a SEPA identifier (%(sepa)s): correct the mandate.'),
            'mandate_date': _(
                'Customer %(record)s: the mandate has no signature date or '
                'is signed after the collection date: correct the '
                'mandate.'),
            'amount': _(
                'Customer %(record)s: the amount %(value)s is not between '
                '0.01 and 999,999,999.99 euro.'),
            'collection_date': _(
                'Customer %(record)s: the debit has no collection date.'),
            'sequence_type': _(
                'Customer %(record)s: the mandate has no sequence type '
                '(first, recurring or final): correct the mandate.'),
            'scheme': _(
                'Customer %(record)s: the mandate scheme %(value)s is not '
                'CORE or B2B: correct the mandate.'),
        }
        return messages[error.code] % {
            'record': error.record, 'value': error.value or '',
            'sepa': sepa_set}
