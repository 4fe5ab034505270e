# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import at_install, post_install

from .common import IspCommon


@at_install(False)
@post_install(True)
class TestIspCrmSecurity(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestIspCrmSecurity, cls).setUpClass()
        cls.group_user = cls.env.ref('isp_crm.group_isp_user')
        cls.group_manager = cls.env.ref('isp_crm.group_isp_manager')
        cls.isp_user = cls._create_user(
            'isp_crm_user', ['isp_crm.group_isp_user'])
        cls.isp_manager = cls._create_user(
            'isp_crm_manager', ['isp_crm.group_isp_manager'])
        cls.internal_user = cls._create_user(
            'isp_crm_internal', ['base.group_user'])
        cls.menu_root = cls.env.ref('isp_crm.menu_isp_root')

    def test_groups_belong_to_isp_category(self):
        category = self.env.ref('isp_crm.module_category_isp')
        self.assertEqual(self.group_user.category_id, category)
        self.assertEqual(self.group_manager.category_id, category)

    def test_isp_user_is_internal_salesman(self):
        self.assertTrue(self.isp_user.has_group('base.group_user'))
        self.assertTrue(
            self.isp_user.has_group('sales_team.group_sale_salesman'))
        self.assertFalse(
            self.isp_user.has_group('sales_team.group_sale_manager'))
        self.assertFalse(self.isp_user.has_group('isp_crm.group_isp_manager'))

    def test_isp_manager_is_isp_user_and_sales_manager(self):
        self.assertIn(self.group_user, self.group_manager.implied_ids)
        self.assertTrue(self.isp_manager.has_group('isp_crm.group_isp_user'))
        self.assertTrue(
            self.isp_manager.has_group('sales_team.group_sale_manager'))

    def test_administrator_is_isp_manager(self):
        self.assertIn(self.env.ref('base.user_root'),
                      self.group_manager.users)

    def test_actions_target_partners_and_orders(self):
        customers = self.env.ref('isp_crm.res_partner_action_customer')
        contracts = self.env.ref('isp_crm.sale_order_action_isp_contract')
        self.assertEqual(customers.res_model, 'res.partner')
        self.assertEqual(contracts.res_model, 'sale.order')

    def test_isp_menu_has_icon_and_is_restricted_to_isp_users(self):
        self.assertEqual(self.menu_root.web_icon,
                         'isp_crm,static/description/icon.png')
        self.assertTrue(self.menu_root.web_icon_data)
        self.assertEqual(self.menu_root.groups_id, self.group_user)

    def test_isp_menu_visible_to_isp_user(self):
        self.assertMenuVisible(self.menu_root, self.isp_user)
        self.assertMenuVisible(
            self.env.ref('isp_crm.sale_order_menu_isp_contract'),
            self.isp_user)

    def test_isp_menu_hidden_from_plain_internal_user(self):
        self.assertMenuHidden(self.menu_root, self.internal_user)
        self.assertMenuHidden(
            self.env.ref('isp_crm.res_partner_menu_customer'),
            self.internal_user)

    def test_isp_user_reads_contracts(self):
        partner = self.env['res.partner'].create({'name': 'Contract holder'})
        order = self.env['sale.order'].create({'partner_id': partner.id})
        found = self.env['sale.order'].sudo(self.isp_manager).search(
            [('id', '=', order.id)])
        self.assertEqual(found, order)
