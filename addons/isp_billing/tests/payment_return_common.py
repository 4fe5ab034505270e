# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the tests of returned direct debits: OCA debit orders
collect posted invoices, then a pain.002 or a camt.054 built from a real
bank file's structure returns some of them."""
import base64
import string

from .common import IspBillingCommon

REASON_XMLID = 'account_payment_return_import_sepa_pain.unpaid_reason_%s'


def iban(country, bban):
    """A valid IBAN (mod 97 check digits) of ``country`` and ``bban``."""
    digits = ''.join(str(string.ascii_uppercase.index(c) + 10)
                     if c.isalpha() else c
                     for c in (bban + country + '00').upper())
    return '%s%02d%s' % (country, 98 - int(digits) % 97, bban)


class PaymentReturnCommon(IspBillingCommon):
    """Three customers with validated mandates, collected by a debit
    file into ``cls.bank_journal``; ``cls.fee`` is AM04's return fee;
    ``cls.accountant`` may confirm returns."""

    @classmethod
    def setUpClass(cls):
        super(PaymentReturnCommon, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.isp_sdd_max_representations = 1
        cls.ccy = cls.company.currency_id.name
        # confirming a return undoes reconciliations (OCA): an accountant
        cls.accountant = cls._create_user(
            'isp_returns_accountant', ['isp_billing.group_isp_billing_manager',
                                       'account.group_account_user'])
        cls.creditor_iban = iban('ES', '21000813619900012345')
        cls.company_bank = cls.env['res.partner.bank'].create({
            'acc_number': cls.creditor_iban,
            'partner_id': cls.company.partner_id.id,
            'company_id': cls.company.id,
        })
        method = cls.env['account.payment.method'].create({
            'name': 'Returns test debit file',
            'code': 'manual',
            'payment_type': 'inbound',
            'mandate_required': True,
        })
        cls.sepa_method = cls.env.ref(
            'account_banking_sepa_direct_debit.sepa_direct_debit')
        cls.bank_journal = cls.env['account.journal'].create({
            'name': 'Returns test bank',
            'type': 'bank',
            'code': 'RTBK',
            'bank_account_id': cls.company_bank.id,
            'update_posted': True,
            'inbound_payment_method_ids': [
                (6, 0, (method | cls.sepa_method).ids)],
        })
        cls.mode = cls.env['account.payment.mode'].create({
            'name': 'Returns test direct debit',
            'payment_method_id': method.id,
            'bank_account_link': 'fixed',
            'fixed_journal_id': cls.bank_journal.id,
            'payment_order_ok': True,
            'default_date_prefered': 'now',
            'move_option': 'line',
        })
        cls.sale_journal = cls.env['account.journal'].search([
            ('type', '=', 'sale'), ('company_id', '=', cls.company.id)],
            limit=1)
        cls.service = cls._create_isp_product(
            'Returns Fibre', 30.0, taxes_id=[(6, 0, [])])
        cls.income = (cls.service.property_account_income_id
                      or cls.service.categ_id.property_account_income_categ_id)
        cls.fee = cls.env['product.product'].create({
            'name': 'Returned debit fee', 'type': 'service',
            'list_price': 4.5, 'taxes_id': [(6, 0, [])]})
        cls.reasons = {
            code: cls.env.ref(REASON_XMLID % code)
            for code in ('AM04', 'MS02', 'MD01', 'AC04')}
        cls.reasons['AM04'].isp_fee_product_id = cls.fee
        cls.customers = cls.env['res.partner']
        cls.mandates = {}
        cls.ibans = {}
        for index, name in enumerate(('Ana Returns', 'Bruno Returns',
                                      'Carla Returns'), 1):
            customer = cls.env['res.partner'].create({
                'name': name, 'customer': True,
                'email': 'customer%s@example.com' % index,
                'customer_payment_mode_id': cls.mode.id})
            account = iban('DE', '3704004405320130%02d' % index)
            bank = cls.env['res.partner.bank'].create({
                'acc_number': account, 'partner_id': customer.id})
            mandate = cls._create_mandate(bank)
            mandate.validate()
            cls.customers |= customer
            cls.mandates[customer.id] = mandate
            cls.ibans[customer.id] = account

    # -- fixtures -----------------------------------------------------------

    def _invoice(self, customer, amount):
        invoice = self.env['account.invoice'].create({
            'partner_id': customer.id,
            'type': 'out_invoice',
            'journal_id': self.sale_journal.id,
            'account_id': customer.property_account_receivable_id.id,
            'payment_mode_id': self.mode.id,
            'mandate_id': self.mandates[customer.id].id,
            'invoice_line_ids': [(0, 0, {
                'product_id': self.service.id, 'name': 'Fibre',
                'quantity': 1.0, 'price_unit': amount,
                'account_id': self.income.id})],
        })
        invoice.action_invoice_open()
        return invoice

    def _collect(self, invoices):
        """An uploaded OCA debit order of ``invoices``: they are paid.
        Returns {invoice: its debit as the bank files name it}."""
        invoices.create_account_payment_line()
        order = self.env['account.payment.order'].search([
            ('payment_mode_id', '=', self.mode.id),
            ('state', '=', 'draft')])
        self.assertEqual(len(order), 1)
        order.draft2open()
        order.open2generated()
        order.generated2uploaded()
        self.assertEqual(set(invoices.mapped('state')), {'paid'})
        debits = {}
        for invoice in invoices:
            bank_line = order.bank_line_ids.filtered(
                lambda b: b.partner_id == invoice.partner_id)
            self.assertEqual(len(bank_line), 1)
            debits[invoice] = {
                'e2e': bank_line.name,
                'mandate': invoice.mandate_id.unique_mandate_reference,
                'amount': invoice.amount_total,
                'debtor': invoice.partner_id.name,
                'iban': self.ibans[invoice.partner_id.id],
            }
        return debits

    def _collected(self, *amounts):
        invoices = self.env['account.invoice']
        for customer, amount in zip(self.customers, amounts):
            invoices |= self._invoice(customer, amount)
        debits = self._collect(invoices)
        return invoices, debits

    @staticmethod
    def _returned(debit, reason, **values):
        return dict(debit, reason=reason, **values)

    def _import(self, data, user=None):
        Import = self.env['payment.return.import'].sudo(
            user or self.env.user)
        wizard = Import.create({
            'data_file': base64.b64encode(data),
            'match_after_import': True,
        })
        action = wizard.import_file()
        payment_return = self.env['payment.return'].sudo(
            user or self.env.user).browse(action.get('res_id'))
        self.assertEqual(len(payment_return), 1)
        return payment_return

    def _snapshot(self, invoices):
        return [(i.state, i.residual, i.isp_return_count,
                 i.isp_last_return_reason_id, i.isp_sdd_represent,
                 i.isp_return_to_dunning) for i in invoices]

    def _return_mails(self, invoice):
        return self.env['mail.mail'].search([
            ('model', '=', 'account.invoice'), ('res_id', '=', invoice.id),
            ('subject', 'ilike', 'was returned')])
