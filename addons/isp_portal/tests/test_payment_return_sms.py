# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Returned debits with isp_esign present: the customer gets an SMS
through the suite's SMS gateway, a real HTTP server on 127.0.0.1."""
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_billing.tests import sepa_return_files as files
from odoo.addons.isp_billing.tests.payment_return_common import (
    PaymentReturnCommon)
from odoo.addons.isp_esign.tests.local_servers import LocalHttpSink


@at_install(False)
@post_install(True)
class TestPaymentReturnSms(PaymentReturnCommon):

    @classmethod
    def setUpClass(cls):
        super(TestPaymentReturnSms, cls).setUpClass()
        cls.ana, cls.bruno = cls.customers[0], cls.customers[1]
        cls.env['res.lang'].load_lang('es_ES')
        cls.ana.write({'mobile': '+34 600 222 333', 'lang': 'es_ES'})
        cls.bruno.mobile = '+34 600 444 555'

    def _gateway(self, url):
        gateway = self.env['isp.sms.gateway'].create({
            'name': 'Local returns SMS', 'url': url,
            'company_id': self.company.id})
        self.company.sms_gateway_id = gateway
        return gateway

    def _return(self, debits, message_id):
        payment_return = self._import(files.camt054(
            debits, self.creditor_iban, currency=self.ccy,
            message_id=message_id))
        payment_return.action_confirm()
        return payment_return

    def test_customer_gets_an_sms_with_amount_reason_and_what_follows(self):
        (ana, bruno), debits = self._collected(30.0, 20.0)
        with LocalHttpSink() as sink:
            self._gateway(sink.url)
            self._return([self._returned(debits[ana], 'AM04'),
                          self._returned(debits[bruno], 'AC04')],
                         'CAMT054-SMS-1')
            bodies = sink.json_bodies()
        self.assertEqual([body['to'] for body in bodies],
                         ['+34 600 222 333', '+34 600 444 555'])
        # Ana's in Spanish when the translation is loaded; the amount and
        # the invoice in any language
        self.assertIn(ana.number, bodies[0]['text'])
        self.assertIn('30', bodies[0]['text'])
        # Bruno's account is closed (AC04): not debited again, pay it
        self.assertIn(bruno.number, bodies[1]['text'])
        self.assertIn('bank account is closed', bodies[1]['text'])
        self.assertIn(bruno._isp_payment_bank_account().acc_number or
                      'access_token=', bodies[1]['text'])
        # the SMS is on the invoice's history
        self.assertTrue(bruno.message_ids.filtered(
            lambda m: '+34 600 444 555' in (m.body or '')))

    def test_failing_gateway_is_noted_and_the_return_goes_through(self):
        (ana,), debits = self._collected(30.0)
        with LocalHttpSink(status=500) as sink:
            self._gateway(sink.url)
            payment_return = self._return(
                [self._returned(debits[ana], 'MS02')], 'CAMT054-SMS-FAIL')
            self.assertEqual(len(sink.received), 1)
        self.assertEqual(payment_return.state, 'done')
        self.assertEqual(ana.state, 'open')
        self.assertTrue(ana.message_ids.filtered(
            lambda m: 'could not be sent' in (m.body or '')))
        self.assertEqual(len(self._return_mails(ana)), 1)

    def test_no_gateway_no_sms_and_the_email_still_goes(self):
        (ana,), debits = self._collected(30.0)
        self.company.sms_gateway_id = False
        self.env['isp.sms.gateway'].search([]).write({'active': False})
        self._return([self._returned(debits[ana], 'AM04')],
                     'CAMT054-NO-SMS')
        self.assertEqual(ana.state, 'open')
        self.assertEqual(len(self._return_mails(ana)), 1)
        self.assertFalse(ana.message_ids.filtered(
            lambda m: 'SMS' in (m.body or '')))
