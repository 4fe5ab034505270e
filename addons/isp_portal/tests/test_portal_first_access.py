# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""First access, login with the identifier of the settings, password reset:
over HTTP, with their throttling and the former customers' rule."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import TransactionCase, at_install, post_install

from .account_common import AccountHttpCase

SENT = 'we have sent a link to set your password'
TOO_MANY = 'Too many tries'
RESET_SENT = 'we have sent a link to set a new password'


@at_install(False)
@post_install(True)
class TestFirstAccess(AccountHttpCase):

    def _first_access(self, code, fiscal_id):
        return self._post('/my/first-access', {
            'customer_code': code, 'fiscal_id': fiscal_id})

    def test_first_access_creates_the_portal_user_and_mails_the_link(self):
        self._anonymous()
        page = self._get('/my/first-access')
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="customer_code"', page.text)
        response = self._first_access(
            self.carla.isp_customer_code.lower(), '00000023-t')
        self.assertEqual(response.status_code, 200)
        self.assertIn(SENT, response.text)
        user = self.env['res.users'].search(
            [('partner_id', '=', self.carla.id)])
        self.assertEqual(len(user), 1)
        self.assertTrue(user.has_group('base.group_portal'))
        self.assertFalse(user.has_group('base.group_user'))
        self.assertEqual(user.login, 'carla.account@example.com')
        mail = self._mails_to('carla.account@example.com')
        self.assertEqual(len(mail), 1)
        token = self.carla.sudo().signup_token
        self.assertTrue(token)
        self.assertIn(token, mail.body_html)
        self.assertIn('/web/reset_password', mail.body_html)

    def test_first_access_of_a_customer_with_a_user_mails_the_link(self):
        self._anonymous()
        response = self._first_access(self.ana.isp_customer_code,
                                      '45678901G')
        self.assertIn(SENT, response.text)
        self.assertEqual(self.env['res.users'].search_count(
            [('partner_id', '=', self.ana.id)]), 1)
        self.assertEqual(len(self._mails_to('ana.account@example.com')), 1)

    def test_first_access_wrong_fiscal_id_answers_the_same_and_sends_nothing(
            self):
        self._anonymous()
        response = self._first_access(self.carla.isp_customer_code,
                                      '12345678Z')
        self.assertEqual(response.status_code, 200)
        self.assertIn(SENT, response.text)
        unknown = self._first_access('C9999999', '00000023T')
        self.assertIn(SENT, unknown.text)
        self.assertFalse(self.env['res.users'].search(
            [('partner_id', '=', self.carla.id)]))
        self.assertFalse(self._mails_to('carla.account@example.com'))

    def test_first_access_sixth_try_of_a_customer_in_an_hour_is_refused(self):
        self._anonymous()
        for __ in range(5):
            self.assertIn(SENT, self._first_access(
                self.carla.isp_customer_code, '11111111H').text)
        response = self._first_access(self.carla.isp_customer_code,
                                      '00000023T')
        self.assertIn(TOO_MANY, response.text)
        self.assertNotIn(SENT, response.text)
        self.assertFalse(self._mails_to('carla.account@example.com'))

    def test_first_access_sixth_try_from_one_address_is_refused(self):
        self._anonymous()
        for number in range(5):
            self._first_access('C80000%d' % number, '11111111H')
        response = self._first_access(self.carla.isp_customer_code,
                                      '00000023T')
        self.assertIn(TOO_MANY, response.text)
        self.assertFalse(self._mails_to('carla.account@example.com'))

    def test_first_access_empty_fields_say_what_to_type(self):
        self._anonymous()
        response = self._first_access('', '')
        self.assertIn('Type your customer code and your fiscal id',
                      response.text)
        self.assertFalse(self.env['isp.portal.attempt'].sudo().search([]))

    def test_first_access_former_customer_only_when_the_settings_allow(self):
        self.carla.isp_customer_state = 'former'
        self._share()
        self._anonymous()
        self.assertIn(SENT, self._first_access(
            self.carla.isp_customer_code, '00000023T').text)
        self.assertFalse(self._mails_to('carla.account@example.com'))
        self.company.isp_portal_former_customers = True
        self._share()
        self._first_access(self.carla.isp_customer_code, '00000023T')
        self.assertEqual(len(self._mails_to('carla.account@example.com')), 1)

    def test_first_access_csrf_token_is_required(self):
        self._anonymous()
        response = self.opener.post(self._url('/my/first-access'), data={
            'customer_code': self.carla.isp_customer_code,
            'fiscal_id': '00000023T'}, timeout=60)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._mails_to('carla.account@example.com'))


@at_install(False)
@post_install(True)
class TestPortalLogin(AccountHttpCase):

    def _web_login(self, login, password):
        self._anonymous()
        return self._post('/web/login', {'login': login,
                                         'password': password})

    def _logged_in(self):
        return self._get('/my').status_code == 200

    def test_login_page_asks_for_the_identifier_of_the_settings(self):
        self._anonymous()
        self.assertIn('>Email</label>', self._get('/web/login').text)
        self.company.isp_portal_login_field = 'code'
        self._share()
        page = self._get('/web/login').text
        self.assertIn('>Customer code</label>', page)
        self.assertIn('href="/my/first-access"', page)
        self.company.isp_portal_login_field = 'vat'
        self._share()
        self.assertIn('>Fiscal id</label>', self._get('/web/login').text)

    def test_login_with_the_customer_code(self):
        self.company.isp_portal_login_field = 'code'
        self._share()
        self._web_login(self.ana.isp_customer_code, 'ana_account')
        self.assertTrue(self._logged_in())
        self._web_login(self.ana.isp_customer_code, 'bea_account')
        self.assertFalse(self._logged_in())

    def test_login_with_the_fiscal_id_in_any_spelling(self):
        self.company.isp_portal_login_field = 'vat'
        self._share()
        self._web_login('45678901-g', 'ana_account')
        self.assertTrue(self._logged_in())

    def test_login_with_the_email(self):
        self._web_login('Ana.Account@example.com', 'ana_account')
        self.assertTrue(self._logged_in())

    def test_wildcards_in_the_email_match_nothing(self):
        self._web_login('ana.acc%', 'ana_account')
        self.assertFalse(self._logged_in())
        self._web_login('ana_account@example.com', 'ana_account')
        self.assertFalse(self._logged_in())

    def test_code_is_not_a_login_when_the_settings_ask_for_the_email(self):
        self._web_login(self.ana.isp_customer_code, 'ana_account')
        self.assertFalse(self._logged_in())

    def test_login_still_works_with_the_login_itself(self):
        self.company.isp_portal_login_field = 'code'
        self._share()
        self._web_login('ana_account', 'ana_account')
        self.assertTrue(self._logged_in())

    def test_former_customer_logs_in_only_when_the_settings_allow(self):
        self.ana.isp_customer_state = 'former'
        self._share()
        response = self._web_login('ana_account', 'ana_account')
        self.assertIn('portal is closed to you', response.text)
        self.assertFalse(self._logged_in())
        self.company.isp_portal_former_customers = True
        self._share()
        self._web_login('ana_account', 'ana_account')
        self.assertTrue(self._logged_in())

    def test_password_reset_is_throttled_and_answers_the_same(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'auth_signup.reset_password', 'True')
        self._share()
        self._anonymous()
        unknown = self._post('/web/reset_password',
                             {'login': 'nobody@example.com'})
        self.assertIn(RESET_SENT, unknown.text)
        known = self._post('/web/reset_password', {'login': 'ana_account'})
        self.assertIn(RESET_SENT, known.text)
        self._reread()
        self.assertTrue(self.ana.sudo().signup_token)
        for __ in range(3):
            self._post('/web/reset_password', {'login': 'ana_account'})
        response = self._post('/web/reset_password', {'login': 'ana_account'})
        self.assertIn(TOO_MANY, response.text)
        self.assertNotIn(RESET_SENT, response.text)


@at_install(False)
@post_install(True)
class TestPortalAttempt(TransactionCase):

    def test_tries_older_than_an_hour_do_not_count_and_old_ones_go(self):
        Attempt = self.env['isp.portal.attempt']
        now = datetime(2026, 3, 2, 12, 0)
        for minutes in (200, 70, 50, 40, 30, 20):
            Attempt._isp_register('first_access', ['id:C1'], now=(
                fields.Datetime.to_string(now - timedelta(minutes=minutes))))
        self.assertTrue(Attempt._isp_try(
            'first_access', ['id:C1'], now=fields.Datetime.to_string(now)))
        self.assertFalse(Attempt._isp_try(
            'first_access', ['id:C1'], now=fields.Datetime.to_string(now)))
        Attempt._isp_register('first_access', ['id:C2'], now=(
            fields.Datetime.to_string(now + timedelta(days=1, minutes=1))))
        self.assertEqual(Attempt.search_count([('key', '=', 'id:C1')]), 0)
