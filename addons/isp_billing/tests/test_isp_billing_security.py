# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from .common import IspBillingCommon


@at_install(False)
@post_install(True)
class TestIspBillingSecurity(IspBillingCommon):

    def test_billing_user_implies_isp_user_and_invoicing(self):
        self.assertTrue(self.billing_user.has_group('isp_crm.group_isp_user'))
        self.assertTrue(
            self.billing_user.has_group('account.group_account_invoice'))
        self.assertFalse(
            self.billing_user.has_group('isp_crm.group_isp_manager'))

    def test_billing_manager_implies_billing_user_and_isp_manager(self):
        manager_group = self.env.ref('isp_billing.group_isp_billing_manager')
        self.assertIn(self.env.ref('isp_billing.group_isp_billing_user'),
                      manager_group.implied_ids)
        self.assertTrue(
            self.billing_manager.has_group('isp_crm.group_isp_manager'))

    def test_billing_user_finds_subscriptions(self):
        found = self.env['isp.subscription'].sudo(self.billing_user).search(
            [('id', '=', self.subscription.id)])
        self.assertEqual(found, self.subscription)

    def test_billing_user_creates_and_writes_but_cannot_delete(self):
        subscription = self.env['isp.subscription'].sudo(
            self.billing_user).create({
                'partner_id': self.customer.id,
                'product_id': self.product.id,
            })
        subscription.write({'quantity': 2.0})
        self.assertEqual(subscription.quantity, 2.0)
        with self.assertRaises(AccessError):
            subscription.unlink()

    def test_billing_manager_deletes_subscriptions(self):
        subscription = self._create_subscription(self.customer)
        subscription.sudo(self.billing_manager).unlink()
        self.assertFalse(subscription.exists())

    def test_isp_user_without_billing_group_cannot_read_subscriptions(self):
        with self.assertRaises(AccessError):
            self.env['isp.subscription'].sudo(self.isp_user).search([])

    def test_subscription_of_other_company_is_hidden(self):
        other_company = self.env['res.company'].create(
            {'name': 'Other ISP Company'})
        other = self._create_subscription(
            self.customer, company_id=other_company.id)
        found = self.env['isp.subscription'].sudo(self.billing_user).search(
            [('id', 'in', (self.subscription | other).ids)])
        self.assertEqual(found, self.subscription)

    def test_billing_menu_visible_to_billing_user_only(self):
        menu = self.env.ref('isp_billing.isp_subscription_menu')
        self.assertEqual(menu.action,
                         self.env.ref('isp_billing.isp_subscription_action'))
        self.assertMenuVisible(menu, self.billing_user)
        self.assertMenuVisible(
            self.env.ref('isp_billing.menu_isp_billing'), self.billing_user)
        self.assertMenuHidden(menu, self.isp_user)
