# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.tests.common import at_install, post_install

from ..rules import epc_qr
from .invoice_common import (COMPANY_BIC, IspInvoiceCommon,
                             real_pdf_rendering)
from .pdf_reader import pdf_pages_text, pdf_qr_codes
from .test_epc_qr import decode_png


@at_install(False)
@post_install(True)
class TestInvoiceDocument(IspInvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super(TestInvoiceDocument, cls).setUpClass()
        cls.report = cls.env.ref('account.account_invoices')
        cls.transfer_invoice = cls._create_invoice(
            cls.doc_customer, 29.9, subscription=cls.doc_subscription)
        # collected by direct debit: a mandate on the invoice
        cls.debit_customer = cls.env['res.partner'].create({
            'name': 'Debit Customer', 'customer': True,
            'email': 'debit@example.com'})
        debit_account = cls.env['res.partner.bank'].create({
            'acc_number': 'DE89370400440532013000',
            'partner_id': cls.debit_customer.id})
        cls.mandate = cls._create_mandate(debit_account)
        cls.mandate.validate()
        cls.debit_invoice = cls._create_invoice(
            cls.debit_customer, 45.0, mandate_id=cls.mandate.id)

    def _html(self, invoices):
        return self.report.render_qweb_html(invoices.ids)[0].decode('utf-8')

    def _expected_payload(self, invoice, amount):
        return epc_qr.epc_payload(
            self.company.name, self.company_account.acc_number, amount,
            invoice.number, COMPANY_BIC)

    def test_document_shows_code_period_commitment_and_words(self):
        invoice = self.transfer_invoice
        html = self._html(invoice)
        lang = self.env['res.lang']._lang_get('es_ES')
        self.assertTrue(self.doc_customer.isp_customer_code)
        self.assertIn(self.doc_customer.isp_customer_code, html)
        self.assertIn('isp_service_period', html)
        self.assertEqual(lang.date_format, '%d/%m/%Y')
        self.assertIn('01/11/2026', html)
        self.assertIn('30/11/2026', html)
        # commitment of 12 months from 01/03/2026
        self.assertEqual(invoice._isp_commitment_end(), '2027-03-01')
        self.assertIn('01/03/2027', html)
        self.assertIn('veintinueve euros con noventa céntimos', html)

    def test_amount_in_words_follows_the_customer_language(self):
        invoice = self.transfer_invoice
        for lang, words in [
                ('es_ES', 'veintinueve euros con noventa céntimos'),
                ('it_IT', 'ventinove euro e novanta centesimi'),
                ('ro_RO', 'douăzeci și nouă de euro și nouăzeci de cenți'),
                ('en_US', 'twenty-nine euro, ninety cents')]:
            with self.subTest(lang=lang):
                self.env['res.lang'].load_lang(lang)
                self.doc_customer.lang = lang
                self.assertEqual(invoice._isp_amount_in_words(), words)

    def test_transfer_invoice_qr_png_decodes_to_the_epc_fields(self):
        invoice = self.transfer_invoice
        uri = invoice._isp_payment_qr_data_uri()
        self.assertTrue(uri.startswith('data:image/png;base64,'))
        self.assertIn(uri, self._html(invoice))
        [text] = decode_png(base64.b64decode(uri.split(',', 1)[1]))
        self.assertEqual(text, self._expected_payload(invoice, 29.9))
        fields = epc_qr.parse_payload(text)
        self.assertEqual(fields['service'], 'BCD')
        self.assertEqual(fields['version'], '002')
        self.assertEqual(fields['charset'], '1')
        self.assertEqual(fields['identification'], 'SCT')
        self.assertEqual(fields['bic'], COMPANY_BIC)
        self.assertEqual(fields['name'], self.company.name)
        self.assertEqual(fields['iban'], 'ES7921000813610123456789')
        self.assertEqual(fields['amount'], 'EUR29.90')
        self.assertEqual(fields['remittance'], invoice.number)

    def test_direct_debit_invoice_has_no_payment_qr(self):
        self.assertTrue(self.debit_invoice._isp_is_direct_debit())
        self.assertFalse(self.debit_invoice._isp_payment_qr_payload())
        html = self._html(self.debit_invoice)
        self.assertNotIn('isp_payment_qr', html)
        self.assertIn('isp_amount_words', html)

    def test_payment_mode_requiring_a_mandate_means_no_qr(self):
        mode = self._create_debit_payment_mode(mandate_required=True)
        invoice = self._create_invoice(self.doc_customer, 10.0,
                                       payment_mode_id=mode.id)
        self.assertFalse(invoice.mandate_id)
        self.assertFalse(invoice._isp_payment_qr_payload())
        transfer_mode = self._create_debit_payment_mode(
            mandate_required=False)
        invoice = self._create_invoice(self.doc_customer, 10.0,
                                       payment_mode_id=transfer_mode.id)
        self.assertEqual(epc_qr.parse_payload(
            invoice._isp_payment_qr_payload())['amount'], 'EUR10.00')

    def test_qr_asks_only_for_the_amount_still_due(self):
        invoice = self._create_invoice(self.doc_customer, 100.0)
        self.assertEqual(epc_qr.parse_payload(
            invoice._isp_payment_qr_payload())['amount'], 'EUR100.00')
        draft = self._create_invoice(self.doc_customer, 100.0, post=False)
        self.assertFalse(draft._isp_payment_qr_payload())
        usd = self._create_invoice(self.doc_customer, 100.0,
                                   currency_id=self.env.ref('base.USD').id)
        self.assertFalse(usd._isp_payment_qr_payload())

    def test_pdf_of_three_invoices_has_pages_headers_and_qr_codes(self):
        second = self._create_invoice(
            self.doc_customer, 1234.56, subscription=self.doc_subscription,
            period=('2026-12-01', '2026-12-31'), date='2026-12-01')
        invoices = self.transfer_invoice | self.debit_invoice | second
        with real_pdf_rendering(self.env, self.report, invoices.ids):
            pdf, kind = self.report.render_qweb_pdf(invoices.ids)
        self.assertEqual(kind, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'))
        pages = pdf_pages_text(pdf)
        self.assertEqual(len(pages), 3)
        for page, invoice in zip(pages, invoices):
            self.assertIn(invoice.number, page)
            # header: the company; footer: the page number
            self.assertIn(self.company.name, page)
            self.assertRegex(page, r'Page:\s*\d+\s*/\s*\d+')
        self.assertIn('mil doscientos treinta y cuatro euros', pages[2])
        codes = pdf_qr_codes(pdf)
        self.assertEqual(codes[1], [self._expected_payload(
            self.transfer_invoice, 29.9)])
        self.assertEqual(codes[2], [])
        self.assertEqual(codes[3], [self._expected_payload(
            second, 1234.56)])

    def test_customer_iban_is_masked_company_iban_printed_in_full(self):
        method = self.env.ref(
            'account_banking_sepa_direct_debit.sepa_direct_debit')
        mode = self.env['account.payment.mode'].create({
            'name': 'Doc SEPA direct debit',
            'bank_account_link': 'variable',
            'payment_method_id': method.id,
            'show_bank_account': 'full',
        })
        invoice = self._create_invoice(
            self.debit_customer, 45.0, mandate_id=self.mandate.id,
            payment_mode_id=mode.id, partner_bank_id=False)
        self.assertEqual(invoice.partner_banks_to_show(),
                         self.mandate.partner_bank_id)
        html = self._html(invoice)
        self.assertIn('isp_bank_account', html)
        self.assertIn('DE89 **** 3000', html)
        self.assertNotIn('DE89370400440532013000', html)
        self.assertNotIn('0532013000', html)
        # the company's account, that customers pay to, stays whole
        self.assertEqual(
            invoice._isp_document_bank_account(self.company_account),
            self.company_account.acc_number)

    def test_header_tax_ids_due_date_and_no_internal_source(self):
        self.company.vat = 'ESA28017895'
        self.doc_customer.write({'isp_fiscal_id_type': 'es_dni',
                                 'isp_fiscal_id': '45678901G'})
        run = self.env['isp.billing.run'].create({
            'date': '2026-12-01', 'cycle_day': 1})
        term = self.env.ref('account.account_payment_term_15days')
        invoice = self._create_invoice(
            self.doc_customer, 29.9, subscription=self.doc_subscription,
            period=('2026-12-01', '2026-12-31'), date='2026-12-01',
            isp_billing_run_id=run.id, origin=run.name,
            payment_term_id=term.id)
        self.assertEqual(invoice.date_due, '2026-12-16')
        html = self._html(invoice)
        self.assertIn('isp_company_tax_id', html)
        self.assertIn('ESA28017895', html)
        self.assertIn('isp_customer_tax_id', html)
        self.assertIn('45678901G', html)
        # due date printed, in the customer's format
        self.assertIn('16/12/2026', html)
        # the run's name is internal
        self.assertNotIn(run.name, html)
        self.assertNotIn('Source:', html)
        # the commitment label never wraps inside a word
        self.assertRegex(html, r'id="isp_commitment_end">\s*<strong '
                               r'style="white-space: nowrap;"')

    def test_line_shows_the_days_it_bills_not_the_whole_period(self):
        customer = self.env['res.partner'].create({
            'name': 'Cliente Alta', 'customer': True, 'lang': 'es_ES'})
        subscription = self._create_subscription(
            customer, product_id=self.committed_product.id, price_unit=29.9)
        subscription._activate(date_start='2026-12-05')
        invoice = self._create_invoice(
            customer, 25.08, subscription=subscription,
            period=('2026-12-01', '2026-12-31'), date='2026-12-05')
        html = self._html(invoice)
        self.assertIn('05/12/2026', html)
        self.assertIn('31/12/2026', html)
        self.assertNotIn('01/12/2026', html)
