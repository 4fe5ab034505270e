# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re

import schwifty

from odoo import fields
from odoo.addons.isp_billing.tests.invoice_common import real_pdf_rendering
from odoo.addons.isp_billing.tests.pdf_reader import pdf_pages_text
from odoo.addons.isp_esign.rules import sealing
from odoo.addons.isp_esign.tests.common import (
    data_url, drawn_signature_png)
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install

from ..rules import icc as icc_rules

CREDITOR_ID = 'DE98ZZZ09999999999'
CONDITION_CLAUSE = 'Clause 7.3: the router stays ours'
PORT_NUMBER = '612398745'
SECOND_PORT_NUMBER = '699001122'


def flat(text):
    """Text without white space: a PDF's text breaks lines anywhere."""
    return re.sub(r'\s+', '', text)


def valid_icc(prefix='893407123456789012'):
    """The 19-digit ICC of ``prefix`` with its Luhn check digit."""
    for digit in '0123456789':
        if icc_rules.luhn_ok(prefix + digit):
            return prefix + digit
    raise AssertionError('no check digit')


PORT_ICC = valid_icc('893407555566667777')


@at_install(False)
@post_install(True)
class TestContractDocuments(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestContractDocuments, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context,
                                       tracking_disable=True))
        cls.company = cls.env.user.company_id
        cls.company.partner_id.write({
            'country_id': cls.env.ref('base.es').id,
            'city': 'Valencia', 'street': 'Avenida del Puerto 12',
            'zip': '46021'})
        cls.company.sepa_creditor_identifier = CREDITOR_ID
        cls.company._esign_generate_demo_certificate()
        users = cls.env['res.users'].with_context(no_reset_password=True)
        cls.clerk = users.create({
            'name': 'Shop Clerk', 'login': 'isp_cw_docs_clerk',
            'groups_id': [(6, 0, [
                cls.env.ref('isp_esign.group_isp_esign_user').id,
                cls.env.ref('isp_crm.group_isp_user').id])],
        })
        cls.backoffice = users.create({
            'name': 'Back Office', 'login': 'isp_cw_docs_backoffice',
            'groups_id': [(6, 0, [
                cls.env.ref('isp_crm.group_isp_backoffice').id])],
        })
        cls.customer = cls.env['res.partner'].create({
            'name': 'Lucia Documents', 'customer': True, 'lang': 'en_US',
            'street': 'Calle Mayor 1', 'zip': '28001', 'city': 'Madrid',
            'country_id': cls.env.ref('base.es').id,
            'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': '45678912S',
            'email': 'lucia.documents@example.com',
        })
        cls.customer.action_isp_make_customer()
        bank = cls.env['res.bank'].create({
            'name': 'Commerzbank', 'bic': 'COBADEFFXXX'})
        cls.iban = str(schwifty.IBAN.generate(
            'DE', bank_code='37040044', account_code='0532013918'))
        cls.bank_account = cls.env['res.partner.bank'].create({
            'acc_number': cls.iban, 'partner_id': cls.customer.id,
            'bank_id': bank.id})
        cls.mandate = cls.env['account.banking.mandate'].create({
            'partner_bank_id': cls.bank_account.id,
            'partner_id': cls.customer.id,
            'type': 'recurrent', 'signature_date': False,
        })
        cls.mobile = cls.env['product.product'].create({
            'name': 'Mobile 7 GB', 'type': 'service', 'list_price': 15.0,
            'isp_service_type': 'mobile', 'isp_recurring': True,
            'isp_commitment_months': 12, 'isp_penalty_type': 'fixed',
            'isp_penalty_amount': 90.0, 'taxes_id': [(5, 0, 0)],
        })
        cls.other = cls.env['product.product'].create({
            'name': 'Landline', 'type': 'service', 'list_price': 9.0,
            'isp_service_type': 'voice', 'isp_recurring': True,
            'taxes_id': [(5, 0, 0)],
        })
        Condition = cls.env['isp.contract.condition']
        cls.general = Condition.create({
            'name': 'Test general conditions', 'sequence': 1,
            'company_id': cls.company.id,
            'body': '<p>General clause of the test</p>'})
        cls.condition = Condition.create({
            'name': 'Mobile 7 GB conditions',
            'product_tmpl_ids': [(6, 0, cls.mobile.product_tmpl_id.ids)],
            'body': '<h3>Router</h3><p>%s</p>' % CONDITION_CLAUSE})
        cls.order = cls._make_contract(cls.mobile, mandate=cls.mandate)
        cls.portability = cls.env['isp.contract.service'].create({
            'order_id': cls.order.id, 'product_id': cls.mobile.id,
            'sale_line_id': cls.order.order_line[0].id,
            'name': 'Mobile line 1', 'number_mode': 'portability',
            'port_donor_operator': 'Donor Telecom',
            'port_number': PORT_NUMBER, 'port_icc': PORT_ICC,
            'port_window_date': '2030-01-15',
        })
        cls.holder_change = cls.env['isp.contract.service'].create({
            'order_id': cls.order.id, 'product_id': cls.mobile.id,
            'name': 'Mobile line 2', 'number_mode': 'portability',
            'port_donor_operator': 'Other Mobile',
            'port_number': SECOND_PORT_NUMBER, 'port_icc': valid_icc(),
            'holder_change': True, 'holder_name': 'Pedro Previous',
            'holder_vat': '23456789D',
        })
        cls.reports = {
            name: cls.env.ref('isp_contract_wizard.action_report_contract_'
                              + name)
            for name in ('conditions', 'mandate', 'portability',
                         'holder_change')}
        # the envelope: every document of the contract
        cls.reports['documents'] = cls.env.ref(
            'isp_contract_wizard.action_report_isp_contract')

    @classmethod
    def _make_contract(cls, product, mandate=None):
        return cls.env['sale.order'].create({
            'partner_id': cls.customer.id,
            'isp_is_contract': True,
            'isp_mandate_id': mandate.id if mandate else False,
            'isp_bank_account_id': (
                mandate.partner_bank_id.id if mandate else False),
            'isp_billing_cycle_day': 15,
            'order_line': [(0, 0, {
                'product_id': product.id, 'name': product.name,
                'product_uom_qty': 2, 'product_uom': product.uom_id.id,
                'price_unit': product.list_price})],
        })

    def _pdf(self, name, orders=None):
        orders = orders or self.order
        report = self.reports[name]
        with real_pdf_rendering(self.env, report, orders.ids):
            pdf, kind = report.render_qweb_pdf(orders.ids)
        self.assertEqual(kind, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'))
        return pdf

    def _service(self, **values):
        base = {'order_id': self.order.id, 'product_id': self.mobile.id,
                'name': 'Mobile line 9'}
        base.update(values)
        return self.env['isp.contract.service'].create(base)

    # the data model and its refusals

    def test_contract_takes_the_conditions_of_its_offer_else_general(self):
        self.assertEqual(self.order.isp_condition_id, self.condition)
        other = self._make_contract(self.other)
        self.assertEqual(other.isp_condition_id, self.general)
        quotation = self.env['sale.order'].create({
            'partner_id': self.customer.id})
        self.assertFalse(quotation.isp_condition_id)

    def test_portability_without_donor_operator_or_icc_is_refused(self):
        with self.assertRaisesRegex(ValidationError, 'Mobile line 9') as ctx:
            self._service(number_mode='portability', port_number='611')
        message = ctx.exception.name
        self.assertIn('donor operator', message)
        self.assertIn('ICC', message)
        self.assertNotIn('number to port', message)

    def test_icc_with_wrong_check_digit_or_length_is_refused(self):
        good = valid_icc()
        wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
        for icc, reason in ((wrong, 'check digit'),
                            (good[:15], '19 or 20 digits'),
                            ('8934A7123456789012' + good[-1], 'only digits')):
            with self.assertRaisesRegex(ValidationError, reason):
                self._service(number_mode='portability', port_icc=icc,
                              port_donor_operator='Donor',
                              port_number='611223344')
        service = self._service(
            number_mode='portability', port_icc=good,
            port_donor_operator='Donor', port_number='611223344')
        self.assertEqual(service.port_icc, good)
        with self.assertRaisesRegex(ValidationError, 'SIM ICC'):
            service.sim_icc = wrong

    def test_holder_change_needs_a_valid_fiscal_id_of_the_company_country(
            self):
        with self.assertRaisesRegex(ValidationError, 'name and the fiscal'):
            self._service(holder_change=True, holder_name='Old Holder')
        with self.assertRaisesRegex(ValidationError, '23456789A'):
            self._service(holder_change=True, holder_name='Old Holder',
                          holder_vat='23456789A')
        # a valid Italian codice fiscale is no Spanish fiscal id
        with self.assertRaisesRegex(ValidationError, 'not a valid'):
            self._service(holder_change=True, holder_name='Old Holder',
                          holder_vat='RSSMRA85T10A562S')
        service = self._service(holder_change=True, holder_name='Old Holder',
                                holder_vat='23456789D')
        self.assertTrue(service.holder_change)

    def test_ftth_line_at_an_address_not_covered_is_refused(self):
        with self.assertRaisesRegex(ValidationError, 'not covered'):
            self._service(install_street='Camino Lejano 3',
                          install_coverage='not_covered')
        service = self._service(install_street='Calle Mayor 1',
                                install_coverage='pending')
        with self.assertRaisesRegex(ValidationError, 'cannot include'):
            service.install_coverage = 'not_covered'

    def test_users_read_conditions_back_office_manages_them(self):
        Condition = self.env['isp.contract.condition']
        self.assertIn(self.condition, Condition.sudo(self.clerk).search([]))
        with self.assertRaises(AccessError):
            self.condition.sudo(self.clerk).write({'name': 'Mine'})
        created = Condition.sudo(self.backoffice).create({
            'name': 'Fibre conditions', 'body': '<p>Fibre</p>'})
        created.sudo(self.backoffice).body = '<p>Fibre, new text</p>'
        self.assertIn('new text', created.body)

    def test_service_data_follow_the_visibility_of_their_contract(self):
        Service = self.env['isp.contract.service']
        employee = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Employee', 'login': 'isp_cw_docs_employee',
                'groups_id': [(6, 0, self.env.ref('base.group_user').ids)]})
        with self.assertRaises(AccessError):
            Service.sudo(employee).create({
                'order_id': self.order.id, 'product_id': self.mobile.id})
        with self.assertRaises(AccessError):
            self.portability.sudo(employee).read(['port_number'])
        # a salesman sees the service data of his own contracts only
        self.order.user_id = self.backoffice
        self.assertFalse(Service.sudo(self.clerk).search(
            [('order_id', '=', self.order.id)]))
        self.order.user_id = self.clerk
        self.assertEqual(
            Service.sudo(self.clerk).search(
                [('order_id', '=', self.order.id)]),
            self.portability | self.holder_change)

    # the documents, rendered by wkhtmltopdf

    def test_mandate_pdf_has_the_epc_fields_and_refund_wording(self):
        text = ' '.join(pdf_pages_text(self._pdf('mandate')))
        compact = flat(text)
        self.assertIn('SEPA Core Direct Debit Mandate', text)
        self.assertIn(CREDITOR_ID, compact)
        self.assertIn(self.mandate.unique_mandate_reference, compact)
        self.assertIn(self.iban, compact)
        self.assertIn('COBADEFFXXX', compact)
        self.assertIn('LuciaDocuments', compact)
        self.assertIn('CalleMayor1', compact)
        self.assertIn('[X]Recurrentpayment', compact)
        self.assertIn(flat(
            'By signing this mandate form, you authorise (A) %s to send '
            'instructions to your bank to debit your account and (B) your '
            'bank to debit your account in accordance with the instructions '
            'from %s.' % (self.company.name, self.company.name)), compact)
        self.assertIn(flat(
            'A refund must be claimed within 8 weeks starting from the date '
            'on which your account was debited.'), compact)
        self.assertIn('Valencia', text)

    def test_conditions_pdf_shows_customer_services_totals_and_commitment(
            self):
        text = ' '.join(pdf_pages_text(self._pdf('conditions')))
        compact = flat(text)
        self.assertIn(CONDITION_CLAUSE, text)
        self.assertIn('45678912S', compact)
        self.assertTrue(self.customer.isp_customer_code)
        self.assertIn(flat(self.customer.isp_customer_code), compact)
        self.assertIn('Mobile7GB', compact)
        # two lines of 15.00 a month
        self.assertRegex(compact, r'Monthlyamount.{0,20}\$30\.00')
        self.assertIn('Billingcycleday15', compact)
        self.assertIn('12months', compact)
        self.assertIn('90.00', compact)
        self.assertIn(self.mandate.unique_mandate_reference, compact)
        self.assertNotIn('SEPA Core Direct Debit Mandate', text)

    def test_envelope_holds_conditions_mandate_and_each_request_in_order(
            self):
        pages = pdf_pages_text(self._pdf('documents'))
        text = flat('\n'.join(pages))
        markers = [CONDITION_CLAUSE, 'SEPA Core Direct Debit Mandate',
                   'Number portability request', 'Holder change request']
        positions = [text.index(flat(marker)) for marker in markers]
        self.assertEqual(positions, sorted(positions))
        self.assertEqual(text.count('Numberportabilityrequest'), 2)
        self.assertEqual(text.count('Holderchangerequest'), 1)
        portability = text[positions[2]:positions[3]]
        for value in (PORT_NUMBER, PORT_ICC, 'DonorTelecom',
                      SECOND_PORT_NUMBER):
            self.assertIn(value, portability)
        holder = text[positions[3]:]
        self.assertIn('PedroPrevious', holder)
        self.assertIn('23456789D', holder)
        # every document starts on its own page
        starts = [index for index, page in enumerate(pages)
                  if 'Mandate reference' in page
                  or 'Number portability request' in page
                  or 'Holder change request' in page]
        self.assertEqual(len(starts), 4)
        self.assertEqual(len(set(starts)), 4)

    def test_portability_and_holder_change_forms_print_one_per_line(self):
        pages = [flat(page) for page in pdf_pages_text(
            self._pdf('portability'))]
        firsts = [page for page in pages
                  if 'Numberportabilityrequest' in page]
        self.assertEqual(len(firsts), 2)
        self.assertIn(PORT_NUMBER, firsts[0])
        self.assertIn('DonorTelecom', firsts[0])
        # the requested day, in the customer's (English) date format
        self.assertIn('01/15/2030', firsts[0])
        self.assertIn(SECOND_PORT_NUMBER, firsts[1])
        self.assertNotIn(SECOND_PORT_NUMBER, firsts[0])
        text = flat(' '.join(pdf_pages_text(self._pdf('holder_change'))))
        self.assertEqual(text.count('Holderchangerequest'), 1)
        for value in ('PedroPrevious', '23456789D', 'LuciaDocuments',
                      '45678912S', SECOND_PORT_NUMBER):
            self.assertIn(value, text)

    def test_conditions_are_printed_in_the_customer_language(self):
        if not self.env['res.lang'].search([('code', '=', 'es_ES')]):
            self.env['res.lang'].load_lang('es_ES')
        self.env['ir.translation'].create({
            'name': 'isp.contract.condition,body', 'type': 'model',
            'lang': 'es_ES', 'res_id': self.condition.id,
            'src': CONDITION_CLAUSE, 'state': 'translated',
            'value': 'Cláusula 7.3: el router sigue siendo nuestro'})
        self.customer.lang = 'es_ES'
        text = flat(' '.join(pdf_pages_text(self._pdf('conditions'))))
        self.assertIn(flat('Cláusula 7.3: el router sigue siendo nuestro'),
                      text)
        self.assertNotIn(flat(CONDITION_CLAUSE), text)
        self.assertRegex(text, r'Monthlyamount.{0,20}\$30,00')
        # the same conditions in English for an English customer
        self.customer.lang = 'en_US'
        text = flat(' '.join(pdf_pages_text(self._pdf('conditions'))))
        self.assertIn(flat(CONDITION_CLAUSE), text)

    def test_contract_without_mandate_has_no_mandate_in_its_envelope(self):
        order = self._make_contract(self.mobile)
        text = ' '.join(pdf_pages_text(self._pdf('documents', order)))
        self.assertIn(CONDITION_CLAUSE, text)
        self.assertNotIn('SEPA Core Direct Debit Mandate', text)
        alone = ' '.join(pdf_pages_text(self._pdf('mandate', order)))
        self.assertIn('no direct debit mandate', alone)

    # one envelope, one signature

    def _request_in_store(self, order):
        action = order.with_context(
            esign_channel='store').action_esign_request()
        request = self.env['isp.esign.request'].browse(action['res_id'])
        request.action_sign_now()
        return request

    def _sign_in_store(self, request):
        return request.sudo(self.clerk)._sign(
            'Lucia Documents', data_url(drawn_signature_png()), True,
            ip='10.1.1.1', user_agent='Tablet',
            document_sha256=request.document_sha256, in_store=True)

    def test_one_signature_seals_every_document_and_validates_the_mandate(
            self):
        order = self.order
        with real_pdf_rendering(self.env, self.reports['documents'],
                                order.ids):
            request = self._request_in_store(order)
        document = base64.b64decode(request.document_pdf)
        sent = flat(' '.join(pdf_pages_text(document)))
        self.assertIn(flat(CONDITION_CLAUSE), sent)
        self.assertIn('SEPACoreDirectDebitMandate', sent)
        self.assertEqual(self.mandate.state, 'draft')
        self._sign_in_store(request)
        self.assertEqual(request.state, 'signed')
        signed = base64.b64decode(request.signed_pdf)
        status = sealing.validate_sealed_pdf(signed)
        self.assertTrue(status['intact'] and status['valid']
                        and status['covers_all'])
        text = flat(' '.join(pdf_pages_text(signed)))
        for value in (flat(CONDITION_CLAUSE), 'SEPACoreDirectDebitMandate',
                      self.mandate.unique_mandate_reference, self.iban,
                      PORT_NUMBER, 'Holderchangerequest', 'Audittrail'):
            self.assertIn(value, text)
        self.assertLess(text.index('SEPACoreDirectDebitMandate'),
                        text.index('Audittrail'))
        # the mandate was signed with the contract
        signed_day = fields.Datetime.context_timestamp(
            self.mandate, fields.Datetime.from_string(
                request.date_signed)).date()
        self.assertEqual(self.mandate.state, 'valid')
        self.assertEqual(self.mandate.signature_date,
                         fields.Date.to_string(signed_day))
        self.assertIn(self.mandate.unique_mandate_reference,
                      ' '.join(order.message_ids.mapped('body')))

    def test_signature_of_a_contract_without_bank_account_keeps_mandate(
            self):
        mandate = self.env['account.banking.mandate'].create({
            'partner_id': self.customer.id, 'type': 'recurrent',
            'signature_date': False})
        order = self._make_contract(self.other, mandate=mandate)
        request = self._request_in_store(order)
        self._sign_in_store(request)
        self.assertEqual(request.state, 'signed')
        self.assertEqual(mandate.state, 'draft')
        self.assertIn('no bank account',
                      ' '.join(order.message_ids.mapped('body')))

    def test_service_data_are_locked_once_sent_for_signature(self):
        order = self.order
        before = order._esign_fingerprint()
        self.portability.port_window_date = '2030-02-01'
        self.assertNotEqual(order._esign_fingerprint(), before)
        request = self._request_in_store(order)
        with self.assertRaisesRegex(UserError, 'sent for signature'):
            self.portability.port_number = '600000000'
        with self.assertRaisesRegex(UserError, 'sent for signature'):
            self._service()
        with self.assertRaisesRegex(UserError, 'sent for signature'):
            self.holder_change.unlink()
        with self.assertRaisesRegex(UserError, 'sent for signature'):
            order.isp_condition_id = self.general
        self.assertEqual(request.state, 'sent')
        # the same value is no change
        self.portability.write({'port_number': PORT_NUMBER})
        self.assertEqual(request.state, 'sent')
