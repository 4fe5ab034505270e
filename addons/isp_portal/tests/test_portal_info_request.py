# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/information-request: a visitor's question becomes a CRM lead; robots
(honeypot), floods from one IP and forms without consent or contact save
nothing."""
from odoo.tests.common import at_install, post_install

from .account_common import AccountHttpCase

URL = '/information-request'


@at_install(False)
@post_install(True)
class TestPortalInfoRequest(AccountHttpCase):

    def setUp(self):
        super(TestPortalInfoRequest, self).setUp()
        self.operator = self.env.ref('base.user_root')
        self.company.isp_portal_operator_id = self.operator
        self._share()

    def _form(self, **values):
        data = {'name': 'Dora Visitor', 'email': 'dora@example.com',
                'phone': '', 'topic': 'coverage',
                'text': 'Does fibre reach Calle Mayor 5?', 'consent': '1'}
        data.update(values)
        return {key: value for key, value in data.items()
                if value is not None}

    def _leads(self, text='Calle Mayor'):
        self._reread()
        return self.env['crm.lead'].sudo().with_context(
            active_test=False).search([('description', 'ilike', text)])

    def _send(self, **values):
        response = self._post(URL, self._form(**values))
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_anonymous_request_creates_a_lead_with_the_values(self):
        self._anonymous()
        self.assertEqual(self._get(URL).status_code, 200)
        page = self._send(phone='+34 600 111 222')
        self.assertIn('o_isp_info_message', page)
        lead = self._leads()
        self.assertEqual(len(lead), 1)
        self.assertEqual(
            (lead.type, lead.contact_name, lead.email_from, lead.phone,
             lead.partner_id, lead.user_id, lead.medium_id),
            ('lead', 'Dora Visitor', 'dora@example.com', '+34 600 111 222',
             self.env['res.partner'], self.operator,
             self.env.ref('isp_portal.utm_medium_portal')))
        self.assertIn('Coverage at my address', lead.name)
        self.assertIn('Consent to be contacted', lead.description)
        self.assertIn('Consent to be contacted',
                      ' '.join(lead.message_ids.mapped('body')))

    def test_filled_honeypot_thanks_but_saves_nothing(self):
        self._anonymous()
        page = self._send(website_url='http://spam.example')
        self.assertIn('o_isp_info_message', page)
        self.assertFalse(self._leads())

    def test_sixth_request_in_an_hour_from_one_ip_is_refused(self):
        self._anonymous()
        for number in range(5):
            self._send(text='Calle Mayor question %d' % number)
        self.assertEqual(len(self._leads()), 5)
        page = self._send(text='Calle Mayor question 6')
        self.assertIn('Too many requests', page)
        self.assertNotIn('o_isp_info_message', page)
        self.assertEqual(len(self._leads()), 5)

    def test_missing_consent_or_contact_keeps_values_saves_nothing(self):
        self._anonymous()
        page = self._send(consent=None)
        self.assertIn('o_isp_info_error', page)
        self.assertIn('Tick the box', page)
        self.assertIn('value="dora@example.com"', page)
        self.assertIn('Does fibre reach Calle Mayor 5?', page)
        page = self._send(email='', phone='')
        self.assertIn('Type an e-mail address or a phone number', page)
        self.assertIn('value="Dora Visitor"', page)
        self.assertFalse(self._leads())

    def test_customer_request_is_linked_to_him_and_on_his_timeline(self):
        self._login(self.user_ana)
        self.assertIn('value="ana.account@example.com"',
                      self._get(URL).text)
        page = self._send(name='Ana Account',
                          email='ana.account@example.com', topic='plans')
        self.assertIn('href="/my/requests"', page)
        lead = self._leads()
        self.assertEqual(lead.partner_id, self.ana)
        page = self._get('/my/requests').text
        self.assertIn('data-model="crm.lead" data-id="%d"' % lead.id, page)
        self._login(self.user_bea)
        self.assertNotIn('data-id="%d"' % lead.id,
                         self._get('/my/requests').text)

    def test_login_and_first_access_link_to_the_form(self):
        self._anonymous()
        for path in ('/web/login', '/my/first-access'):
            self.assertIn('href="%s"' % URL, self._get(path).text)
