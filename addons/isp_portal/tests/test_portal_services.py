# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install


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

    def test_portal_templates_exist(self):
        self.assertTrue(self.env.ref('isp_portal.portal_my_home_isp'))
        self.assertTrue(self.env.ref('isp_portal.portal_my_services'))
