# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the tests of SEPA debit orders: a company with a creditor
identifier and a bank journal collecting by SEPA direct debit, customers
with validated mandates, their posted invoices and confirmed debit
orders."""
from odoo.tests.common import SavepointCase

CREDITOR_ID = 'DE98ZZZ09999999999'
COMPANY_IBAN = 'ES7921000813610123456789'


def create_sdd_mandate(env, account, sequence='first'):
    """A validated recurrent SEPA mandate on ``account``
    (res.partner.bank), at sequence type ``sequence``."""
    mandate = env['account.banking.mandate'].create({
        'partner_bank_id': account.id,
        'signature_date': '2024-01-02',
        'format': 'sepa',
        'type': 'recurrent',
        'recurrent_sequence_type': sequence,
    })
    mandate.validate()
    return mandate


class SepaOrderCommon(SavepointCase):
    """``cls.mode`` collects by SEPA direct debit into ``cls.journal``
    (account ``cls.company_account``); ``_add_customer`` gives a customer
    and its mandate, ``_order`` a confirmed debit order."""

    # names the test's records (journal code: its first three letters)
    PREFIX = 'Sepa'

    @classmethod
    def setUpClass(cls):
        super(SepaOrderCommon, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.sepa_creditor_identifier = CREDITOR_ID
        cls.method = cls.env.ref(
            'account_banking_sepa_direct_debit.sepa_direct_debit')
        bank = cls.env['res.bank'].create({
            'name': '%s Test Creditor Bank' % cls.PREFIX,
            'bic': 'CAIXESBBXXX'})
        cls.debtor_bank = cls.env['res.bank'].create({
            'name': '%s Test Debtor Bank' % cls.PREFIX, 'bic': 'ABNANL2A'})
        cls.company_account = cls.env['res.partner.bank'].create({
            'acc_number': COMPANY_IBAN,
            'partner_id': cls.company.partner_id.id,
            'bank_id': bank.id,
        })
        cls.journal = cls.env['account.journal'].create({
            'name': '%s Test Bank' % cls.PREFIX,
            'code': '%sBK' % cls.PREFIX[:3].upper(), 'type': 'bank',
            'bank_account_id': cls.company_account.id,
            'inbound_payment_method_ids': [(4, cls.method.id)],
        })
        cls.mode = cls.env['account.payment.mode'].create({
            'name': '%s Test SDD' % cls.PREFIX,
            'bank_account_link': 'fixed',
            'fixed_journal_id': cls.journal.id,
            'payment_method_id': cls.method.id,
        })
        cls.income = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=',
             cls.env.ref('account.data_account_type_revenue').id)], limit=1)
        cls.customers, cls.mandates = [], []

    @classmethod
    def _add_customer(cls, name, iban, bank=None, sequence='first'):
        """A customer with the account ``iban`` (at ``bank``) and a
        validated mandate on it, appended to ``cls.customers`` and
        ``cls.mandates``."""
        customer = cls.env['res.partner'].create({
            'name': name, 'customer': True, 'company_id': cls.company.id})
        account = cls.env['res.partner.bank'].create({
            'acc_number': iban, 'partner_id': customer.id,
            'bank_id': bank and bank.id})
        cls.customers.append(customer)
        cls.mandates.append(create_sdd_mandate(cls.env, account, sequence))
        return customer

    def _invoice(self, index, amount):
        """A posted invoice of ``amount`` EUR to customer ``index``, paid
        by direct debit with its mandate."""
        invoice = self.env['account.invoice'].create({
            'partner_id': self.customers[index].id,
            'type': 'out_invoice',
            'currency_id': self.env.ref('base.EUR').id,
            'payment_mode_id': self.mode.id,
            'mandate_id': self.mandates[index].id,
            'invoice_line_ids': [(0, 0, {
                'name': 'Fibre 600 Mb', 'quantity': 1,
                'price_unit': amount, 'account_id': self.income.id})],
        })
        invoice.action_invoice_open()
        return invoice

    def _order(self, amounts):
        """A confirmed debit order of one invoice per (customer index,
        amount); the order and the invoices, in that order."""
        order = self.env['account.payment.order']
        invoices = self.env['account.invoice']
        for index, amount in amounts:
            invoice = self._invoice(index, amount)
            invoices |= invoice
            action = invoice.create_account_payment_line()
            order = order.browse(action['res_id'])
        order.draft2open()
        self.assertEqual(order.state, 'open')
        return order, invoices
