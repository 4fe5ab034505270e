# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The profile page and the requests it makes, over HTTP: e-mails and
phones added (never overwritten), the mailing address, identity changes as
requests, the password; who may see and do what."""
import re

from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from .account_common import AccountHttpCase


@at_install(False)
@post_install(True)
class TestPortalProfile(AccountHttpCase):

    def setUp(self):
        super(TestPortalProfile, self).setUp()
        self.operator = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Olga Operator', 'login': 'olga_operator',
                'email': 'olga@example.com',
                'groups_id': [(6, 0, [
                    self.env.ref('isp_crm.group_isp_backoffice').id])]})
        self.company.isp_portal_operator_id = self.operator
        self._share()

    def _requests(self, partner, request_type):
        self._reread()
        return self.env['isp.portal.request'].search([
            ('partner_id', '=', partner.id),
            ('request_type', '=', request_type)])

    # the page ----------------------------------------------------------

    def test_profile_shows_the_owners_data_only(self):
        self._anonymous()
        self.assertLoginRedirect(self._get('/my/profile'))
        self._login(self.user_ana)
        page = self._get('/my/profile')
        self.assertEqual(page.status_code, 200)
        self.assertIn('Ana Account', page.text)
        self.assertIn(self.ana.isp_customer_code, page.text)
        self._login(self.user_bea)
        page = self._get('/my/profile')
        self.assertIn('Bea Account', page.text)
        self.assertNotIn('Ana Account', page.text)
        self.assertNotIn('45678901G', page.text)

    def test_former_customer_has_no_profile_unless_the_settings_allow(self):
        self._login(self.user_ana)
        self.ana.isp_customer_state = 'former'
        self._share()
        self.assertEqual(self._get('/my/profile').status_code, 404)
        response = self._post('/my/profile/phone', {'phone': '+34 611 1'},
                              csrf_url='/web/login')
        self.assertEqual(response.status_code, 404)
        self.company.isp_portal_former_customers = True
        self._share()
        self.assertEqual(self._get('/my/profile').status_code, 200)

    # e-mails -----------------------------------------------------------

    def test_new_email_applies_once_confirmed_and_the_old_one_stays(self):
        self._login(self.user_ana)
        page = self._post('/my/profile/email',
                          {'email': 'ana.new@example.com'}, '/my/profile')
        self.assertIn('We have sent a link to ana.new@example.com',
                      page.text)
        self._reread()
        self.assertEqual(self.ana.email, 'ana.account@example.com')
        req = self._requests(self.ana, 'email')
        self.assertEqual(req.state, 'waiting')
        mail = self._mails_to('ana.new@example.com')
        self.assertEqual(len(mail), 1)
        link = re.search(r'(/my/profile/email/confirm/\d+/[\w-]+)',
                         mail.body_html).group(1)
        page = self._get(link)
        self.assertIn('Your e-mail is now ana.new@example.com', page.text)
        self._reread()
        self.assertEqual(self.ana.email, 'ana.new@example.com')
        old = self.ana.isp_portal_contact_ids.filtered(
            lambda c: c.state == 'old')
        self.assertEqual(old.value, 'ana.account@example.com')
        self.assertEqual(req.state, 'done')
        self.assertEqual(req.activity_id.execution, 'automatic')
        self.assertEqual(req.activity_id.state, 'done')
        page = self._get('/my/profile').text
        self.assertIn('ana.account@example.com', page)
        self.assertIn('Old', page)

    def test_confirmation_link_of_another_customer_changes_nothing(self):
        self._login(self.user_ana)
        self._post('/my/profile/email', {'email': 'ana.new@example.com'},
                   '/my/profile')
        link = re.search(r'(/my/profile/email/confirm/\d+/)([\w-]+)',
                         self._mails_to('ana.new@example.com').body_html)
        self.assertIn('not valid any more',
                      self._get(link.group(1) + 'x' + link.group(2)).text)
        self._login(self.user_bea)
        self.assertIn('not valid any more', self._get(link.group(0)).text)
        self._reread()
        self.assertEqual(self.ana.email, 'ana.account@example.com')
        self.assertEqual(self.bea.email, 'bea.account@example.com')
        self.assertEqual(self._requests(self.ana, 'email').state, 'waiting')

    def test_invalid_email_is_refused_and_nothing_saved(self):
        self._login(self.user_ana)
        page = self._post('/my/profile/email', {'email': 'ana@nowhere'},
                          '/my/profile')
        self.assertIn('Type a whole e-mail address', page.text)
        self.assertFalse(self._requests(self.ana, 'email'))
        self.assertFalse(self.ana.isp_portal_contact_ids)

    # phones ------------------------------------------------------------

    def test_new_phone_is_applied_the_old_one_kept_until_removed(self):
        self._login(self.user_ana)
        page = self._post('/my/profile/phone', {'phone': '+34 611 222 333'},
                          '/my/profile')
        self.assertIn('Your phone is now +34 611 222 333', page.text)
        self._reread()
        self.assertEqual(self.ana.phone, '+34 611 222 333')
        old = self.ana.isp_portal_contact_ids.filtered(
            lambda c: c.state == 'old')
        self.assertEqual(old.value, '+34 600 000 001')
        url = '/my/profile/contact/%d/remove' % old.id
        self._login(self.user_bea)
        self.assertEqual(self._post(url, csrf_url='/my/profile').status_code,
                         404)
        self._reread()
        self.assertTrue(old.exists())
        self._login(self.user_ana)
        self.assertEqual(self._post(url, csrf_url='/my/profile').status_code,
                         200)
        self._reread()
        self.assertFalse(old.exists())
        self.assertEqual(self.ana.phone, '+34 611 222 333')

    def test_current_phone_cannot_be_removed(self):
        self._login(self.user_ana)
        self._post('/my/profile/phone', {'phone': '+34 611 222 333'},
                   '/my/profile')
        self._reread()
        current = self.env['isp.portal.contact'].search([
            ('partner_id', '=', self.ana.id), ('state', '=', 'current')])
        self.assertEqual(self._post(
            '/my/profile/contact/%d/remove' % current.id,
            csrf_url='/my/profile').status_code, 404)

    def test_phone_goes_to_the_operator_when_the_company_checks_them(self):
        self.company.isp_portal_route_contact = True
        self._share()
        self._login(self.user_ana)
        page = self._post('/my/profile/phone', {'phone': '+34 611 222 333'},
                          '/my/profile')
        self.assertIn('we apply it once checked', page.text)
        self._reread()
        self.assertEqual(self.ana.phone, '+34 600 000 001')
        req = self._requests(self.ana, 'phone')
        self.assertEqual(req.state, 'pending')
        self.assertEqual(req.activity_id.execution, 'semi_automatic')
        self.assertEqual(req.activity_id.user_id, self.operator)
        self.assertEqual(req.activity_id.state, 'assigned')
        req.sudo(self.operator).action_apply()
        self.assertEqual(self.ana.phone, '+34 611 222 333')
        self.assertEqual(req.state, 'done')
        self.assertEqual(req.user_done_id, self.operator)
        self.assertEqual(req.activity_id.state, 'done')

    def test_bad_phone_is_refused(self):
        self._login(self.user_ana)
        page = self._post('/my/profile/phone', {'phone': 'call me'},
                          '/my/profile')
        self.assertIn('Type the phone number', page.text)
        self.assertFalse(self._requests(self.ana, 'phone'))

    # identity, address, password ---------------------------------------

    def test_identity_change_becomes_a_request_not_an_edit(self):
        self._login(self.user_ana)
        page = self._post('/my/profile/identity', {
            'name': 'Ana Nueva', 'fiscal_id': '00000000T',
            'birth_date': '1980-02-29', 'reason': 'Married'},
            '/my/profile')
        self.assertIn('Request sent', page.text)
        self._reread()
        self.assertEqual(self.ana.name, 'Ana Account')
        self.assertEqual(self.ana.isp_fiscal_id, '45678901G')
        req = self._requests(self.ana, 'identity')
        self.assertEqual(req.state, 'pending')
        self.assertEqual(req.activity_id.user_id, self.operator)
        self.assertIn('Married', req.description)
        req.sudo(self.operator).action_apply()
        self.assertEqual(self.ana.name, 'Ana Nueva')
        self.assertEqual(self.ana.isp_fiscal_id, '00000000T')
        self.assertEqual(self.ana.isp_birth_date, '1980-02-29')

    def test_invalid_fiscal_id_is_refused_and_nothing_requested(self):
        self._login(self.user_ana)
        page = self._post('/my/profile/identity', {
            'fiscal_id': '00000000A'}, '/my/profile')
        self.assertIn('is not valid', page.text)
        self.assertFalse(self._requests(self.ana, 'identity'))

    def test_refused_request_changes_nothing(self):
        self._login(self.user_ana)
        self._post('/my/profile/identity', {'name': 'Ana Nueva'},
                   '/my/profile')
        req = self._requests(self.ana, 'identity')
        req.sudo(self.operator).action_refuse()
        self.assertEqual(req.state, 'refused')
        self.assertEqual(req.activity_id.state, 'cancel')
        self.assertEqual(self.ana.name, 'Ana Account')

    def test_mailing_address_is_kept_apart_from_the_fiscal_one(self):
        self.ana.write({'street': 'Fiscal street 1', 'city': 'Madrid'})
        self._share()
        self._login(self.user_ana)
        page = self._post('/my/profile/address', {
            'street': 'Apartado 42', 'zip': '28080', 'city': 'Madrid',
            'country_id': str(self.env.ref('base.es').id)}, '/my/profile')
        self.assertIn('Mailing address saved', page.text)
        self._reread()
        self.assertEqual(self.ana.street, 'Fiscal street 1')
        self.assertEqual(self.ana.isp_mailing_address_id.street,
                         'Apartado 42')
        self.assertEqual(self.ana.isp_mailing_address_id.parent_id,
                         self.ana)
        page = self._post('/my/profile/address', {'street': 'Only street'},
                          '/my/profile')
        self.assertIn('Type the street, the postal code and the city',
                      page.text)
        self.assertEqual(len(self._requests(self.ana, 'mailing_address')), 1)

    def test_password_change_checks_the_current_password(self):
        self._login(self.user_ana)
        page = self._post('/my/profile/password', {
            'old_password': 'wrong', 'new_password': 'new-secret-1',
            'confirm_password': 'new-secret-1'}, '/my/profile')
        self.assertIn('Your current password is not this one', page.text)
        page = self._post('/my/profile/password', {
            'old_password': 'ana_account', 'new_password': 'new-secret-1',
            'confirm_password': 'new-secret-2'}, '/my/profile')
        self.assertIn('differ', page.text)
        page = self._post('/my/profile/password', {
            'old_password': 'ana_account', 'new_password': 'new-secret-1',
            'confirm_password': 'new-secret-1'}, '/my/profile')
        self.assertIn('Password changed', page.text)
        self._anonymous()
        self._post('/web/login', {'login': 'ana_account',
                                  'password': 'new-secret-1'})
        self.assertEqual(self._get('/my/profile').status_code, 200)

    # access -------------------------------------------------------------

    def test_customers_cannot_apply_or_read_others_requests(self):
        self._login(self.user_ana)
        self._post('/my/profile/identity', {'name': 'Ana Nueva'},
                   '/my/profile')
        req = self._requests(self.ana, 'identity')
        with self.assertRaises(AccessError):
            req.sudo(self.user_ana).action_apply()
        self.assertEqual(req.sudo(self.user_ana).state, 'pending')
        self.assertFalse(self.env['isp.portal.request'].sudo(
            self.user_bea).search([('id', '=', req.id)]))
        page = self._get('/my/profile').text
        self.assertIn('Identity change', page)
        self._login(self.user_bea)
        self.assertNotIn('Identity change', self._get('/my/profile').text)

    def test_tickets_pages_follow_the_setting(self):
        self._login(self.user_ana)
        self.assertEqual(self._get('/my/tickets').status_code, 200)
        self.company.isp_portal_tickets_enabled = False
        self._share()
        self.assertEqual(self._get('/my/tickets').status_code, 404)
        self.assertEqual(self._get('/new/ticket').status_code, 404)
