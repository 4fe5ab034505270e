# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal's new-ticket form asks which of the customer's services is
affected, and only offers and accepts the customer's own."""
import re

from odoo.tests.common import HttpCase, at_install, post_install
from odoo.tools import config

from odoo.addons.isp_helpdesk.tests.common import HelpdeskFixtures
from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@at_install(False)
@post_install(True)
class TestPortalTicketService(HttpCase):

    def setUp(self):
        super(TestPortalTicketService, self).setUp()
        self.env = self.env(cr=self.registry.test_cr)
        HelpdeskFixtures.build(self.env, self, prefix='hdsvc')
        product = self.env['product.product'].create(
            {'name': 'Service Fibre 600', 'type': 'service'})
        Subscription = self.env['isp.subscription']
        self.service_a = Subscription.create({
            'partner_id': self.customer_a.id, 'product_id': product.id,
            'state': 'active'})
        self.service_b = Subscription.create({
            'partner_id': self.customer_b.id, 'product_id': product.id,
            'state': 'active'})
        self.registry.test_cr.commit()
        authenticate_on_test_cursor(self, self.user_a.login, self.user_a.login)

    def _url(self, url):
        return 'http://127.0.0.1:%d%s' % (config['http_port'], url)

    def _tickets(self):
        return self.env['helpdesk.ticket'].search(
            [('partner_id', '=', self.customer_a.id)])

    def test_new_ticket_names_one_of_the_customers_own_services(self):
        form = self.opener.get(self._url('/new/ticket'), timeout=30)
        self.assertEqual(form.status_code, 200)
        self.assertRegex(form.text, r'<select[^>]*name="service"')
        self.assertIn('value="%d"' % self.service_a.id, form.text)
        self.assertNotIn('value="%d"' % self.service_b.id, form.text)
        csrf = CSRF_RE.search(form.text).group(1)
        before = self._tickets()

        # another customer's service: refused, the form comes back filled
        refused = self.opener.post(self._url('/submitted/ticket'), data={
            'csrf_token': csrf, 'category': self.category_fault.id,
            'description': 'Fibre down since 8', 'service':
            self.service_b.id}, allow_redirects=False, timeout=30)
        self.assertEqual(refused.status_code, 400)
        self.assertIn('Choose one of your services', refused.text)
        self.assertIn('Fibre down since 8</textarea>', refused.text)
        self.assertEqual(self._tickets(), before)

        done = self.opener.post(self._url('/submitted/ticket'), data={
            'csrf_token': csrf, 'category': self.category_fault.id,
            'description': 'Fibre down since 8', 'service':
            self.service_a.id}, allow_redirects=False, timeout=30)
        self.assertEqual(done.status_code, 303)
        ticket = self._tickets() - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.isp_subscription_ids, self.service_a)
