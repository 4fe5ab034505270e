# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures and HTTP helpers of the tests of the customer's account pages
(first access, login, profile, requests, direct debit, invoice delivery)."""
import re

import requests

from odoo.tests.common import HttpCase
from odoo.tools import config

from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class AccountHttpCase(HttpCase):
    """Two customers with a portal user each (Ana and Bea) and one without
    a user (Carla), made on the registry's test cursor (where the server's
    requests look)."""

    def setUp(self):
        super(AccountHttpCase, self).setUp()
        self.env = env = self.env(cr=self.registry.test_cr)
        self.company = env.user.company_id
        self.company.write({
            'isp_portal_login_field': 'email',
            'isp_portal_former_customers': False,
            'isp_portal_route_contact': False,
            'isp_portal_route_address': False,
            'isp_portal_route_delivery': False,
        })
        Partner = env['res.partner'].with_context(tracking_disable=True)
        self.ana = Partner.create({
            'name': 'Ana Account', 'email': 'ana.account@example.com',
            'phone': '+34 600 000 001',
            'isp_customer_state': 'customer',
            'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': '45678901G'})
        self.bea = Partner.create({
            'name': 'Bea Account', 'email': 'bea.account@example.com',
            'isp_customer_state': 'customer',
            'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': '12345678Z'})
        self.carla = Partner.create({
            'name': 'Carla Account', 'email': 'carla.account@example.com',
            'isp_customer_state': 'customer',
            'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': '00000023T'})
        Users = env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True)
        portal = env.ref('base.group_portal')
        self.user_ana = Users.create({
            'login': 'ana_account', 'password': 'ana_account',
            'partner_id': self.ana.id,
            'groups_id': [(6, 0, portal.ids)]})
        self.user_bea = Users.create({
            'login': 'bea_account', 'password': 'bea_account',
            'partner_id': self.bea.id,
            'groups_id': [(6, 0, portal.ids)]})
        self._share()

    # helpers -----------------------------------------------------------

    def _share(self):
        """Let the next request see what the test wrote."""
        self.registry.test_cr.commit()

    def _login(self, user):
        """A browser on the test's session, logged in as ``user``."""
        self.opener = requests.Session()
        self.opener.cookies['session_id'] = self.session_id
        authenticate_on_test_cursor(self, user.login, user.login)

    def _anonymous(self):
        self.opener = requests.Session()

    @staticmethod
    def _url(url):
        return 'http://127.0.0.1:%d%s' % (config['http_port'], url)

    def _reread(self):
        """Forget what this test read: the server changed the database."""
        self.env['res.partner'].invalidate_cache()

    def _queries(self, path):
        """SQL queries of one warm request of ``path`` (the server's
        requests run on the registry's test cursor): the page asked twice
        first, so that templates, rules and caches are loaded."""
        self._get(path)
        self._get(path)
        before = self.registry.test_cr.sql_log_count
        self.assertEqual(self._get(path).status_code, 200, path)
        return self.registry.test_cr.sql_log_count - before

    def _get(self, url, **kw):
        return self.opener.get(self._url(url), allow_redirects=False,
                               timeout=60, **kw)

    def _csrf(self, url='/web/login'):
        page = self.opener.get(self._url(url), timeout=60)
        return CSRF_RE.search(page.text).group(1)

    def _post(self, url, data=None, csrf_url=None, files=None):
        data = dict(data or {})
        data['csrf_token'] = self._csrf(csrf_url or url)
        return self.opener.post(self._url(url), data=data, files=files,
                                allow_redirects=False, timeout=60)

    def _mails_to(self, email):
        self._reread()
        return self.env['mail.mail'].sudo().search(
            [('email_to', 'ilike', email)])

    def assertLoginRedirect(self, response):
        self.assertIn(response.status_code, (302, 303))
        self.assertIn('/web/login', response.headers['Location'])
