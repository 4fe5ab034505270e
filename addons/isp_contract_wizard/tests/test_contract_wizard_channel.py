# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Step 2 offers the tariffs and bundles sold in the agent's sales
channel (his user's "Sales Channel", crm.team) and those sold in every
channel; an offer of another channel is refused at that step, also when
forced over RPC."""
from odoo.exceptions import UserError
from odoo.tests.common import at_install, post_install
from odoo.tools.safe_eval import safe_eval

from .test_contract_wizard_common import IBAN, ContractWizardCommon


@at_install(False)
@post_install(True)
class TestContractWizardChannel(ContractWizardCommon):

    @classmethod
    def setUpClass(cls):
        super(TestContractWizardChannel, cls).setUpClass()
        Team = cls.env['crm.team']
        cls.shop = Team.create({'name': 'Wizard Shop'})
        cls.telesales = Team.create({'name': 'Wizard Telesales'})
        cls.agent.sale_team_id = cls.shop
        cls.phone_agent = cls._create_user(
            'wizard_phone_agent', ['isp_crm.group_isp_agent'])
        cls.phone_agent.sale_team_id = cls.telesales
        cls.lone_agent = cls._create_user(
            'wizard_lone_agent', ['isp_crm.group_isp_agent'])
        cls.lone_agent.sale_team_id = False
        # the bundle of the common fixtures is sold in every channel
        cls.shop_bundle = cls.bundle.copy({
            'name': 'Wizard Shop Pack',
            'isp_sales_channel_ids': [(6, 0, cls.shop.ids)]})
        cls.phone_tariff = cls._product(
            'Wizard Phone Fibre', 25.0, 'fibre',
            isp_sales_channel_ids=[(6, 0, cls.telesales.ids)],
        ).product_tmpl_id

    def offered(self, wizard):
        """The tariffs and bundles the step's field offers, its domain
        evaluated as the web client does."""
        field = wizard._fields['product_tmpl_id']
        domain = safe_eval(field.domain, {
            'sales_team_id': wizard.sales_team_id.id})
        Template = self.env['product.template'].sudo(wizard.env.uid)
        return Template.search(domain).sudo()

    def at_tariff_step(self, user):
        wizard = self.wizard(user=user, **self.new_customer_values())
        self.click(wizard, 'action_next', user=user)
        self.assertEqual(wizard.step, 'tariff')
        return wizard

    def test_sold_in_channel_rule(self):
        every = self.bundle
        self.assertTrue(every._isp_sold_in_channel(self.shop))
        self.assertTrue(every._isp_sold_in_channel(self.env['crm.team']))
        self.assertTrue(self.shop_bundle._isp_sold_in_channel(self.shop))
        self.assertFalse(
            self.shop_bundle._isp_sold_in_channel(self.telesales))
        self.assertFalse(self.shop_bundle._isp_sold_in_channel(
            self.env['crm.team']))

    def test_shop_agent_is_offered_his_channel_and_every_channel_offers(
            self):
        wizard = self.at_tariff_step(self.agent)
        self.assertEqual(wizard.sales_team_id, self.shop)
        offered = self.offered(wizard)
        self.assertIn(self.bundle, offered)
        self.assertIn(self.shop_bundle, offered)
        self.assertNotIn(self.phone_tariff, offered)
        # the web client's domain is isp_crm's, for the offers sold
        Template = self.env['product.template']
        sold = Template.search(
            Template._isp_sales_channel_domain(self.shop))
        self.assertEqual(offered, offered & sold)
        self.assertIn(self.shop_bundle, sold)
        self.assertNotIn(self.phone_tariff, sold)

    def test_agent_without_channel_is_offered_unrestricted_offers_only(self):
        wizard = self.at_tariff_step(self.lone_agent)
        self.assertFalse(wizard.sales_team_id)
        offered = self.offered(wizard)
        self.assertIn(self.bundle, offered)
        self.assertNotIn(self.shop_bundle, offered)
        self.assertNotIn(self.phone_tariff, offered)

    def test_offer_of_another_channel_forced_over_rpc_is_refused(self):
        wizard = self.at_tariff_step(self.agent)
        wizard.write(self.tariff_values(
            product_tmpl_id=self.phone_tariff.id))
        with self.assertRaisesRegex(
                UserError, 'not sold in your sales channel'):
            self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'tariff')

    def test_channel_offer_refused_to_agent_without_channel(self):
        wizard = self.at_tariff_step(self.lone_agent)
        wizard.write(self.tariff_values(
            product_tmpl_id=self.shop_bundle.id))
        with self.assertRaisesRegex(UserError, 'you belong to none'):
            self.click(wizard, 'action_next', user=self.lone_agent)

    def test_offer_of_the_agents_channel_passes_the_step(self):
        wizard = self.at_tariff_step(self.agent)
        wizard.write(self.tariff_values(product_tmpl_id=self.shop_bundle.id))
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'bank')

    def test_create_refuses_an_offer_whose_channel_changed_after_step_two(
            self):
        wizard = self.at_tariff_step(self.agent)
        wizard.write(self.tariff_values(product_tmpl_id=self.shop_bundle.id))
        self.click(wizard, 'action_next')
        wizard.write({'iban': IBAN})
        self.shop_bundle.isp_sales_channel_ids = self.telesales
        with self.assertRaisesRegex(
                UserError, 'not sold in your sales channel'):
            self.click(wizard, 'action_create_contract')
        self.assertFalse(wizard.order_id)
