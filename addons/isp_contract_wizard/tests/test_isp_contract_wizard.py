# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.common import IspCommon


@at_install(False)
@post_install(True)
class TestIspContractWizard(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestIspContractWizard, cls).setUpClass()
        cls.isp_user = cls._create_user(
            'isp_wizard_user', ['isp_crm.group_isp_user'])
        cls.internal_user = cls._create_user(
            'isp_wizard_internal', ['base.group_user'])
        cls.customer = cls.env['res.partner'].create({
            'name': 'Wizard Customer',
            'customer': True,
        })

    def test_wizard_starts_at_customer_step(self):
        wizard = self.env['isp.contract.wizard'].sudo(self.isp_user).create(
            {'partner_id': self.customer.id})
        self.assertEqual(wizard.step, 'customer')

    def test_create_contract_is_refused_without_the_isp_group(self):
        portal = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Wizard Portal', 'login': 'isp_wizard_portal',
                'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])],
            })
        orders = self.env['sale.order'].search_count([])
        for user in (self.internal_user, portal):
            wizard = self.env['isp.contract.wizard'].sudo(user).create(
                {'partner_id': self.customer.id})
            with self.assertRaises(AccessError):
                wizard.action_create_contract()
        self.assertEqual(self.env['sale.order'].search_count([]), orders)

    def test_new_contract_menu_visible_to_isp_user_only(self):
        menu = self.env.ref('isp_contract_wizard.isp_contract_wizard_menu')
        self.assertEqual(
            menu.action,
            self.env.ref('isp_contract_wizard.isp_contract_wizard_action'))
        self.assertMenuVisible(menu, self.isp_user)
        self.assertMenuHidden(menu, self.internal_user)
