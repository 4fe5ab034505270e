# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The remote path of the wizard: "Send for signature" e-mails the link
to a real local SMTP server; the customer opens it, asks for the
one-time code by e-mail, types it and signs over HTTP; the confirmation
e-mail carries the signed envelope."""
import base64
import re
from unittest import mock

from odoo import api
from odoo.addons.isp_esign.tests.local_servers import LocalSmtpServer
from odoo.addons.isp_esign.tests.test_esign_page import (
    CODE_RE, EsignPageCase, png_data_url)
from odoo.tests.common import at_install, post_install
from odoo.tools import config

from .test_contract_wizard_common import DNI, IBAN, ICC
from .test_contract_wizard_sign_browser import (
    SignedContractChecks, make_ready, make_shop_data,
    precisions_on_their_own_cursor, real_contract_pdf)

CUSTOMER = 'Lucia Remote'
EMAIL = 'lucia.remote@example.com'
LINK_RE = re.compile(r'(https?://[^\s"<>]+)/sign/([A-Za-z0-9_-]{20,})')
SHA_RE = re.compile(r'name="document_sha256" value="([0-9a-f]{64})"')


@at_install(False)
@post_install(True)
class TestContractWizardRemoteSignature(SignedContractChecks,
                                        EsignPageCase):

    def setUp(self):
        super(TestContractWizardRemoteSignature, self).setUp()
        precisions_on_their_own_cursor(self)
        data = make_shop_data(self.env, 'shop_remote_agent')
        self.agent = data['agent']
        self.backoffice = data['backoffice']
        self.mobile = data['mobile']
        self.bundle = data['bundle']
        self.debit = data['debit']
        self.base_url = 'http://127.0.0.1:%d' % config['http_port']
        # the links e-mailed lead to this server
        self.env['ir.config_parameter'].set_param(
            'web.base.url', self.base_url)

    # -- the wizard, as the web client calls it --------------------------

    def _click(self, wizard, method):
        model = self.env['isp.contract.wizard'].sudo(self.agent)
        return api.call_kw(model, method, [[wizard.id], {}], {})

    def _create_contract(self):
        Wizard = self.env['isp.contract.wizard'].sudo(self.agent)
        values = Wizard.default_get(list(Wizard._fields))
        values.update({
            'customer_mode': 'new', 'new_name': CUSTOMER,
            'new_country_id': self.env.ref('base.es').id,
            'new_street': 'Calle Luna 5', 'new_zip': '46001',
            'new_city': 'Valencia', 'new_email': EMAIL,
            'fiscal_id_type': 'es_dni', 'fiscal_id': DNI,
        })
        wizard = Wizard.create(values)
        self._click(wizard, 'action_next')
        wizard.write({'product_tmpl_id': self.bundle.product_tmpl_id.id,
                      'payment_method': 'direct_debit',
                      'payment_mode_id': self.debit.id,
                      'cycle_preset': 'first', 'billing_cycle_day': 1,
                      'billing_mode': 'prepaid'})
        self._click(wizard, 'action_next')
        wizard.write({'iban': IBAN})
        self._click(wizard, 'action_next')
        self._click(wizard, 'action_next')
        if wizard.step == 'migration':
            self._click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'services')
        for line in wizard.service_line_ids:
            if line.service_type == 'fibre':
                line.write({'install_street': 'Calle Luna 5',
                            'install_zip': '46001',
                            'install_city': 'Valencia',
                            'install_coverage': 'covered'})
            else:
                line.write({'number_mode': 'portability',
                            'port_donor_operator': 'Donor Tel',
                            'port_number': '600555444', 'port_icc': ICC})
        self._click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'summary')
        self._click(wizard, 'action_create_contract')
        self.assertEqual(wizard.step, 'done')
        return wizard

    # -- the customer's mailbox ------------------------------------------

    def _mail(self, smtp, subject_start):
        """The one mail to the customer whose subject starts so."""
        # Odoo sends no mail while the registry is in test mode (an
        # HttpCase's): the outgoing mails go to the SMTP server now, when
        # no request of the page is running
        with mock.patch.object(self.registry, 'in_test_mode',
                               lambda: False):
            smtp.deliver()
        mails = [received.message for received in smtp.messages_to(EMAIL)
                 if received.message['subject'].startswith(subject_start)]
        self.assertEqual(len(mails), 1, [
            received.message['subject'] for received in smtp.received])
        return mails[0]

    def test_link_and_code_emailed_customer_signs_over_http(self):
        wizard = self._create_contract()
        order = wizard.order_id
        self.assertEqual(make_ready(order, self.backoffice), 'ready')
        with LocalSmtpServer(self.env) as smtp:
            with real_contract_pdf(self.env, order):
                action = self._click(wizard, 'action_send_for_signature')
            request = self.env['isp.esign.request'].browse(action['res_id'])
            self.assertEqual(request.channel, 'email')
            self.assertEqual(request.state, 'sent')
            self.assertEqual(order.state, 'draft')
            # the link, in the e-mail the SMTP server received
            mail = self._mail(smtp, self.company.name + ': please sign')
            body = mail.get_body(('html', 'plain')).get_content()
            base, token = LINK_RE.search(body).groups()
            self.assertEqual(base, self.base_url)
            self.registry.test_cr.commit()
            page = self.url_open('/sign/%s' % token)
            self.assertEqual(page.status_code, 200)
            self.assertIn('Contract %s' % order.name, page.text)
            self.assertNotIn('o_isp_esign_sign_form', page.text)
            # the one-time code, by e-mail too
            response = self._post('/sign/%s/code' % token, token,
                                  {'channel': 'email'})
            self.assertIsNone(self._error(response), response.text[:2000])
            code = CODE_RE.search(
                self._mail(smtp, 'Your signature code')['subject']).group(1)
            response = self._verify(token, code)
            self.assertIn('o_isp_esign_sign_form', response.text)
            # sign what the page shows
            response = self._post('/sign/%s/submit' % token, token, {
                'name': CUSTOMER, 'signature': png_data_url(),
                'consent': '1',
                'document_sha256': SHA_RE.search(response.text).group(1)})
            self.assertIsNone(self._error(response), response.text[:2000])
            self.assertIn('o_isp_esign_success', response.text)
            # the confirmation with the signed documents
            confirmation = self._mail(smtp, 'Signed: Contract %s'
                                      % order.name)
        self.env['sale.order'].invalidate_cache()
        self.assertEqual(request.code_verified_channel, 'email')
        self.assertFalse(request.in_store_user_id)
        signed = self.assert_signed_contract(order, request, CUSTOMER)
        pdfs = [part.get_content()
                for part in confirmation.iter_attachments()
                if part.get_content_type() == 'application/pdf']
        self.assertEqual(pdfs, [signed])
        self.assertEqual(base64.b64decode(order.esign_signed_pdf), signed)
