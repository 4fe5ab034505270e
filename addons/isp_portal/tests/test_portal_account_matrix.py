# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The account pages as the owner, another customer, an anonymous visitor
and a former customer (kept out, then let in by the settings): only the
owner sees the owner's data."""
from odoo.tests.common import at_install, post_install

from .account_common import AccountHttpCase

OWNER_MARK = 'Ana Account'
PAGES = ('/my/profile', '/my/direct-debit', '/my/invoice-delivery')


@at_install(False)
@post_install(True)
class TestPortalAccountMatrix(AccountHttpCase):

    def setUp(self):
        super(TestPortalAccountMatrix, self).setUp()
        bank = self.env['res.partner.bank'].create({
            'partner_id': self.ana.id,
            'acc_number': 'ES17 2085 2066 6234 5678 9011'})
        self.mandate = self.env['account.banking.mandate'].create({
            'partner_bank_id': bank.id, 'signature_date': '2024-01-02'})
        self.mandate.validate()
        self.old_phone = self.env['isp.portal.contact'].create({
            'partner_id': self.ana.id, 'kind': 'phone',
            'value': '+34 699 999 999', 'state': 'old'})
        self._share()

    def _assert_no_owner_data(self, response, where):
        for mark in (OWNER_MARK, '45678901G', self.ana.isp_customer_code,
                     '9011', '+34 699 999 999'):
            self.assertNotIn(mark, response.text, where)

    def _record_posts(self):
        return (
            ('/my/profile/contact/%d/remove' % self.old_phone.id, {}),
            ('/my/direct-debit/%d/revoke' % self.mandate.id,
             {'date_effective': '2099-01-01'}),
            ('/my/direct-debit/%d/sign' % self.mandate.id, {}),
        )

    def test_owner_sees_the_pages(self):
        self._login(self.user_ana)
        for url in PAGES:
            response = self._get(url)
            self.assertEqual(response.status_code, 200, url)
        self.assertIn('+34 699 999 999', self._get('/my/profile').text)
        self.assertIn('9011', self._get('/my/direct-debit').text)

    def test_other_customer_sees_none_of_the_owners_data(self):
        self._login(self.user_bea)
        for url in PAGES:
            response = self._get(url)
            self.assertEqual(response.status_code, 200, url)
            self._assert_no_owner_data(response, url)
        for url, data in self._record_posts():
            response = self._post(url, data, '/my/profile')
            self.assertEqual(response.status_code, 404, url)
            self._assert_no_owner_data(response, url)
        self._reread()
        self.assertTrue(self.old_phone.exists())
        self.assertEqual(self.mandate.state, 'valid')
        self.assertFalse(self.env['isp.portal.request'].search([]))

    def test_anonymous_is_sent_to_the_login(self):
        self._anonymous()
        for url in PAGES:
            response = self._get(url)
            self.assertLoginRedirect(response)
            self._assert_no_owner_data(response, url)

    def test_former_customer_is_kept_out_unless_the_settings_allow(self):
        self._login(self.user_ana)
        self.ana.isp_customer_state = 'former'
        self._share()
        for url in PAGES:
            response = self._get(url)
            self.assertEqual(response.status_code, 404, url)
            self._assert_no_owner_data(response, url)
        self.company.isp_portal_former_customers = True
        self._share()
        for url in PAGES:
            self.assertEqual(self._get(url).status_code, 200, url)
