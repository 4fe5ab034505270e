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
        built by rules/pain008.py from one query over the bank lines,
        their partners, bank accounts and mandates, and validated against
        the XSD shipped in the addon before they are returned (OCA's
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
        """([Debit], currency) of the order's bank lines, read with one
        query: a bank line's date, partner, bank account and mandate are
        those of its first payment line, as OCA's related fields give
        them. The sequence type comes from the mandate as in OCA."""
        self.ensure_one()
        self.recompute()
        self.env.cr.execute("""
            SELECT bl.name, bl.amount_currency, bl.communication,
                   pl.date, cur.name, partner.display_name,
                   bank.sanitized_acc_number, rb.bic, holder.name,
                   m.unique_mandate_reference, m.signature_date, m.type,
                   m.recurrent_sequence_type, m.scheme, m.state,
                   m.last_debit_date
              FROM bank_payment_line bl
              JOIN LATERAL (
                   SELECT p.date, p.currency_id, p.partner_id,
                          p.partner_bank_id, p.mandate_id
                     FROM account_payment_line p
                    WHERE p.bank_line_id = bl.id
                    ORDER BY p.id LIMIT 1) pl ON TRUE
              LEFT JOIN res_currency cur ON cur.id = pl.currency_id
              LEFT JOIN res_partner partner ON partner.id = pl.partner_id
              LEFT JOIN res_partner_bank bank
                     ON bank.id = pl.partner_bank_id
              LEFT JOIN res_bank rb ON rb.id = bank.bank_id
              LEFT JOIN res_partner holder ON holder.id = bank.partner_id
              LEFT JOIN account_banking_mandate m ON m.id = pl.mandate_id
             WHERE bl.order_id = %s
             ORDER BY bl.id""", (self.id,))
        currencies = set()
        debits = []
        for (name, amount, communication, date, line_currency, partner,
             iban, bic, holder, mandate, signed, mandate_type, sequence,
             scheme, state, last_debit) in self.env.cr.fetchall():
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
