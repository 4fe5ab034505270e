# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError
from odoo.tests.common import (
    HttpCase, SavepointCase, at_install, post_install)
from odoo.tools import config

from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor


@at_install(False)
@post_install(True)
class TestPortalServices(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestPortalServices, cls).setUpClass()
        cls.product = cls.env['product.product'].create({
            'name': 'Portal Fibre 1 Gb',
            'type': 'service',
        })
        cls.customer_a = cls.env['res.partner'].create({
            'name': 'Customer A', 'is_company': True})
        cls.contact_a = cls.env['res.partner'].create({
            'name': 'Contact of A', 'parent_id': cls.customer_a.id})
        cls.customer_b = cls.env['res.partner'].create(
            {'name': 'Customer B'})
        cls.portal_a = cls._create_portal_user('portal_a', cls.customer_a)
        cls.portal_contact_a = cls._create_portal_user(
            'portal_contact_a', cls.contact_a)
        cls.portal_b = cls._create_portal_user('portal_b', cls.customer_b)
        subscriptions = cls.env['isp.subscription']
        cls.service_a = subscriptions.create({
            'partner_id': cls.customer_a.id,
            'product_id': cls.product.id,
            'state': 'active',
        })
        cls.rejected_a = subscriptions.create({
            'partner_id': cls.customer_a.id,
            'product_id': cls.product.id,
            'state': 'rejected',
        })
        cls.service_b = subscriptions.create({
            'partner_id': cls.customer_b.id,
            'product_id': cls.product.id,
            'state': 'active',
        })

    @classmethod
    def _create_portal_user(cls, login, partner):
        return cls.env['res.users'].with_context(
            no_reset_password=True).create({
                'login': login,
                'partner_id': partner.id,
                'groups_id': [(6, 0, [cls.env.ref('base.group_portal').id])],
            })

    def _portal_services(self, user):
        subscriptions = self.env['isp.subscription'].sudo(user)
        domain = subscriptions._get_portal_services_domain(user.partner_id)
        return subscriptions.search(domain)

    def test_portal_customer_lists_only_his_services(self):
        self.assertEqual(self._portal_services(self.portal_a), self.service_a)
        self.assertEqual(self._portal_services(self.portal_b), self.service_b)

    def test_contact_of_customer_lists_services_of_its_company(self):
        self.assertEqual(self._portal_services(self.portal_contact_a),
                         self.service_a)

    def test_record_rule_hides_other_customers_without_domain(self):
        found = self.env['isp.subscription'].sudo(self.portal_a).search([])
        self.assertEqual(found, self.service_a | self.rejected_a)

    def test_portal_customer_cannot_read_other_customer_service(self):
        with self.assertRaises(AccessError):
            self.service_b.sudo(self.portal_a).read(['name'])

    def test_portal_customer_cannot_change_his_service(self):
        with self.assertRaises(AccessError):
            self.service_a.sudo(self.portal_a).write({'quantity': 5.0})

    def test_portal_customer_reads_service_name_without_product_access(self):
        service = self.service_a.sudo(self.portal_a)
        self.assertEqual(service.product_name, 'Portal Fibre 1 Gb')


@at_install(False)
@post_install(True)
class TestPortalServicesPage(HttpCase):
    """What a customer with a service sees on /my and /my/services."""

    def setUp(self):
        super(TestPortalServicesPage, self).setUp()
        # the server's requests read through the registry's test cursor
        env = self.env(cr=self.registry.test_cr)
        Partner = env['res.partner']
        customer = Partner.create({'name': 'Page Customer A',
                                   'is_company': True})
        other = Partner.create({'name': 'Page Customer B'})
        env['res.users'].with_context(no_reset_password=True).create({
            'login': 'isp_portal_page_a',
            'password': 'isp_portal_page_a',
            'partner_id': customer.id,
            'groups_id': [(6, 0, [env.ref('base.group_portal').id])],
        })
        Product = env['product.product']
        fibre = Product.create({'name': 'Page Fibre 600 Mb',
                                'type': 'service'})
        mobile = Product.create({'name': 'Page Mobile 20 GB',
                                 'type': 'service'})
        Subscription = env['isp.subscription']
        self.service = Subscription.create({
            'partner_id': customer.id, 'product_id': fibre.id,
            'state': 'active', 'date_start': '2026-01-15'})
        self.rejected = Subscription.create({
            'partner_id': customer.id, 'product_id': mobile.id,
            'state': 'rejected'})
        self.other_service = Subscription.create({
            'partner_id': other.id, 'product_id': mobile.id,
            'state': 'active', 'date_start': '2026-01-15'})
        authenticate_on_test_cursor(
            self, 'isp_portal_page_a', 'isp_portal_page_a')

    def _get(self, path):
        response = self.opener.get(
            'http://127.0.0.1:%d%s' % (config['http_port'], path),
            timeout=30)
        self.assertEqual(response.status_code, 200, path)
        return response.text

    def test_customer_sees_his_service_on_my_services(self):
        page = self._get('/my/services')
        row = re.search(
            r'<tr>\s*<td><span>%s</span></td>(.*?)</tr>'
            % re.escape(self.service.name), page, re.S)
        self.assertTrue(row, 'no row of %s' % self.service.name)
        cells = [re.sub(r'<[^>]+>', '', cell).strip()
                 for cell in re.findall(r'<td>(.*?)</td>', row.group(1),
                                        re.S)]
        self.assertEqual(cells, ['Page Fibre 600 Mb', '01/15/2026',
                                 'Active'])
        # neither his rejected service nor another customer's
        self.assertNotIn(self.rejected.name, page)
        self.assertNotIn(self.other_service.name, page)
        self.assertNotIn('Page Mobile 20 GB', page)
        self.assertNotIn('There are currently no services', page)

    def test_customer_home_counts_his_services_and_links_to_them(self):
        page = self._get('/my')
        self.assertRegex(
            page, r'<span class="badge">1</span>\s*'
                  r'<a href="/my/services">My services</a>')
