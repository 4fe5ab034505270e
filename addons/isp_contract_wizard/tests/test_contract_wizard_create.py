# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Create: the contract with its customer, lines, bank account, draft
mandate, service data and migration, all or nothing; the price preview;
the signature and print buttons; the ways into the wizard."""
import datetime
from unittest import mock

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_billing.rules import billing_period as period_rules

from .test_contract_wizard_common import (
    DNI, IBAN_COMPACT, ICC, ContractWizardCommon)

WIZARD_CLASS = ('odoo.addons.isp_contract_wizard.wizards.'
                'isp_contract_wizard.IspContractWizard')


@at_install(False)
@post_install(True)
class TestContractWizardCreate(ContractWizardCommon):

    def _port_second_mobile(self, wizard):
        mobile = wizard.service_line_ids.filtered(
            lambda l: l.service_type == 'mobile')[1]
        mobile.write({'number_mode': 'portability',
                      'port_donor_operator': 'Donor Mobile',
                      'port_number': '600123123', 'port_icc': ICC,
                      'sim_icc': False})

    def test_new_customer_contract_created_with_everything(self):
        wizard = self.wizard(**self.new_customer_values())
        self.run_to_summary(wizard, mobiles=2)
        self.click(wizard, 'action_back')
        self._port_second_mobile(wizard)
        self.click(wizard, 'action_next')
        partners = self.count('res.partner')
        action = self.click(wizard, 'action_create_contract')
        self.assertEqual(action['res_model'], 'isp.contract.wizard')
        self.assertEqual(wizard.step, 'done')
        order = wizard.order_id
        # the customer, made from step 1
        customer = order.partner_id
        self.assertEqual(self.count('res.partner'), partners + 1)
        self.assertEqual(customer.name, 'Ana Wizard')
        self.assertEqual(customer.isp_fiscal_id, DNI)
        self.assertEqual(customer.country_id, self.spain)
        self.assertTrue(customer.customer)
        # the contract and its ISP fields
        self.assertTrue(order.isp_is_contract)
        self.assertEqual(order.state, 'draft')
        self.assertEqual(order.isp_intake_state, 'processing')
        self.assertEqual(order.user_id, self.agent)
        self.assertEqual(order.isp_bundle_id, self.bundle)
        self.assertEqual(order.isp_billing_cycle_day, 1)
        self.assertEqual(order.isp_billing_mode, 'prepaid')
        self.assertEqual(order.isp_payment_mode_id, self.debit_mode)
        # lines: the bundle's tariffs in the counted quantities
        self.assertEqual(
            {(line.product_id, line.product_uom_qty, line.price_unit)
             for line in order.order_line},
            {(self.fibre, 1.0, 30.0), (self.mobile, 2.0, 10.0)})
        self.assertAlmostEqual(order.amount_untaxed, 50.0)
        self.assertAlmostEqual(order.amount_total, 60.5)
        self.assertAlmostEqual(order.amount_total, wizard.amount_total)
        # the bank account with its bank and a draft mandate for it
        account = order.isp_bank_account_id
        self.assertEqual(account.sanitized_acc_number, IBAN_COMPACT)
        self.assertEqual(account.partner_id, customer)
        self.assertEqual(account.bank_id.bic[:8], 'CAIXESBB')
        mandate = order.isp_mandate_id
        self.assertEqual(mandate, wizard.mandate_id)
        self.assertEqual(mandate.state, 'draft')
        self.assertEqual(mandate.partner_bank_id, account)
        self.assertFalse(mandate.signature_date)
        # the data of each service
        services = order.isp_service_detail_ids
        self.assertEqual(len(services), 3)
        ported = services.filtered(lambda s: s.number_mode == 'portability')
        self.assertEqual(ported.port_donor_operator, 'Donor Mobile')
        self.assertEqual(ported.port_icc, ICC)
        self.assertEqual(ported.sale_line_id.product_id, self.mobile)
        fibre = services.filtered(lambda s: s.product_id == self.fibre)
        self.assertEqual(fibre.install_city, 'Madrid')
        self.assertEqual(fibre.install_coverage, 'covered')
        self.assertEqual(fibre.equipment_serial, 'ONT-0001')
        # the catalog's rules hold: the contract can go on to signature
        self.assertTrue(order._isp_check_before_signature())

    def test_existing_customer_contract_uses_its_account(self):
        account = self.env['res.partner.bank'].create({
            'acc_number': IBAN_COMPACT, 'partner_id': self.customer.id})
        # a customer followed by another salesperson: the contract is
        # still the agent's own
        self.customer.user_id = self.manager
        wizard = self.wizard(partner_id=self.customer.id)
        self.run_to_summary(wizard)
        self.click(wizard, 'action_create_contract')
        order = wizard.order_id
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.user_id, self.agent)
        self.assertEqual(order.isp_bank_account_id, account)
        self.assertEqual(order.isp_mandate_id.partner_bank_id, account)

    def test_transfer_contract_has_no_mandate(self):
        wizard = self.wizard(partner_id=self.customer.id)
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values(
            payment_method='transfer', payment_mode_id=self.transfer_mode.id,
            cycle_preset='fifteenth', billing_cycle_day=15,
            billing_mode='postpaid'))
        self.click(wizard, 'action_go_to_step',
                   {'isp_wizard_step': 'services'})
        self.fill_services(wizard)
        mandates = self.count('account.banking.mandate')
        self.click(wizard, 'action_go_to_step', {'isp_wizard_step': 'summary'})
        self.click(wizard, 'action_create_contract')
        order = wizard.order_id
        self.assertFalse(order.isp_mandate_id)
        self.assertFalse(order.isp_bank_account_id)
        self.assertEqual(order.isp_billing_cycle_day, 15)
        self.assertEqual(order.isp_billing_mode, 'postpaid')
        self.assertEqual(self.count('account.banking.mandate'), mandates)

    def test_error_at_create_leaves_nothing(self):
        wizard = self.wizard(**self.new_customer_values())
        self.run_to_summary(wizard)
        counts = {model: self.count(model) for model in (
            'res.partner', 'res.partner.bank', 'account.banking.mandate',
            'sale.order', 'sale.order.line', 'isp.contract.service')}

        def broken(wizard_self, order):
            raise ValueError('the service data could not be saved')
        with mock.patch(WIZARD_CLASS + '._isp_create_services', broken):
            with self.assertRaisesRegex(ValueError, 'could not be saved'):
                self.click(wizard, 'action_create_contract')
        self.assertEqual(
            {model: self.count(model) for model in counts}, counts)
        self.assertEqual(wizard.step, 'summary')
        self.assertFalse(wizard.order_id)
        # once the problem is gone, the same wizard creates the contract
        self.click(wizard, 'action_create_contract')
        self.assertEqual(self.count('sale.order'), counts['sale.order'] + 1)

    def test_create_checks_every_step_again(self):
        wizard = self.wizard(**self.new_customer_values())
        self.run_to_summary(wizard)
        # a value changed behind the wizard's back (over RPC)
        wizard.count_line_ids.filtered(
            lambda c: c.product_id == self.mobile).qty = 9
        orders = self.count('sale.order')
        with self.assertRaisesRegex(UserError, 'allows at most 3'):
            self.click(wizard, 'action_create_contract')
        self.assertEqual(self.count('sale.order'), orders)

    def test_create_refused_before_the_steps_are_done(self):
        wizard = self.wizard(partner_id=self.customer.id)
        orders = self.count('sale.order')
        with self.assertRaisesRegex(UserError, 'Choose the tariff'):
            self.click(wizard, 'action_create_contract')
        self.assertEqual(self.count('sale.order'), orders)

    def test_created_once_only(self):
        wizard = self.run_to_summary(self.wizard(partner_id=self.customer.id))
        self.click(wizard, 'action_create_contract')
        with self.assertRaisesRegex(UserError, 'already created'):
            self.click(wizard, 'action_create_contract')
        with self.assertRaisesRegex(UserError, 'is created'):
            self.click(wizard, 'action_back')

    # --- price preview ----------------------------------------------------

    def test_first_invoice_prorated_from_start_to_the_cycle_day(self):
        wizard = self.wizard(partner_id=self.customer.id)
        # the 20th of next month, billing periods from the 15th
        today = fields.Date.from_string(self.today())
        start = (today.replace(day=1) + datetime.timedelta(days=32)).replace(
            day=20)
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values(
            cycle_preset='fifteenth', billing_cycle_day=15,
            payment_method='card', payment_mode_id=self.transfer_mode.id,
            date_start=fields.Date.to_string(start)))
        self.click(wizard, 'action_go_to_step',
                   {'isp_wizard_step': 'services'})
        self.fill_services(wizard)
        self.click(wizard, 'action_next')
        period = period_rules.period_of(start, 15)
        days = period_rules.period_days(period)
        used = (period[1] - start).days + 1
        # each line prorated and rounded, then 21% VAT
        fibre = round(30.0 * used / days, 2)
        mobile = round(10.0 * used / days, 2)
        expected = round(fibre * 1.21, 2) + round(mobile * 1.21, 2)
        self.assertAlmostEqual(wizard.amount_first_invoice, expected, 2)
        self.assertAlmostEqual(wizard.amount_total, 48.4)
        # 12 months of commitment from the start
        self.assertEqual(
            wizard.date_commitment_end,
            fields.Date.to_string(start.replace(year=start.year + 1)))

    # --- after create: signature and print --------------------------------

    def test_signature_and_print_only_after_create(self):
        wizard = self.wizard(partner_id=self.customer.id)
        for button in ('action_sign_now', 'action_send_for_signature',
                       'action_print', 'action_open_contract'):
            with self.assertRaisesRegex(UserError, 'Create the contract'):
                self.click(wizard, button)

    def test_sign_now_opens_the_in_store_signing_page(self):
        self.env.user.company_id.sudo()._esign_generate_demo_certificate()
        signer = self._create_user('wizard_signer', [
            'isp_crm.group_isp_agent', 'isp_esign.group_isp_esign_user'])
        wizard = self.wizard(user=signer, partner_id=self.customer.id)
        self.run_to_summary_as(wizard, signer)
        self.click(wizard, 'action_create_contract', user=signer)
        action = self.click(wizard, 'action_sign_now', user=signer)
        self.assertEqual(action['type'], 'ir.actions.act_url')
        self.assertRegex(action['url'], r'^/sign/.+/store$')
        request = wizard.order_id.sudo().esign_request_id
        self.assertEqual(request.channel, 'store')
        self.assertEqual(request.state, 'sent')
        # print: the contract's document
        action = self.click(wizard, 'action_print', user=signer)
        self.assertEqual(action['type'], 'ir.actions.report')
        self.assertEqual(action['report_name'], self.env.ref(
            'isp_contract_wizard.action_report_isp_contract').report_name)
        self.assertEqual(action['context']['active_ids'],
                         wizard.order_id.ids)

    def test_send_for_signature_sends_the_link(self):
        self.env.user.company_id.sudo()._esign_generate_demo_certificate()
        signer = self._create_user('wizard_sender', [
            'isp_crm.group_isp_agent', 'isp_esign.group_isp_esign_user'])
        wizard = self.wizard(user=signer, partner_id=self.customer.id)
        self.run_to_summary_as(wizard, signer)
        self.click(wizard, 'action_create_contract', user=signer)
        action = self.click(wizard, 'action_send_for_signature', user=signer)
        self.assertEqual(action['res_model'], 'isp.esign.request')
        request = wizard.order_id.sudo().esign_request_id
        self.assertEqual(request.id, action['res_id'])
        self.assertEqual(request.channel, 'email')
        self.assertEqual(request.state, 'sent')

    def run_to_summary_as(self, wizard, user):
        agent, self.agent = self.agent, user
        try:
            return self.run_to_summary(wizard)
        finally:
            self.agent = agent

    # --- ways in ----------------------------------------------------------

    def test_opened_from_a_customer_prefills_it(self):
        action = self.env.ref('isp_contract_wizard.isp_contract_wizard_action')
        view = self.env.ref(
            'isp_contract_wizard.res_partner_view_form_isp_contract_wizard')
        self.assertIn('%d' % action.id, self.env['res.partner'].sudo(
            self.agent).fields_view_get(view_id=self.env.ref(
                'base.view_partner_form').id)['arch'])
        self.assertTrue(view.active)
        wizard = self.wizard(context={
            'default_partner_id': self.customer.id,
            'default_customer_mode': 'existing'})
        self.assertEqual(wizard.partner_id, self.customer)
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'tariff')

    def test_opened_from_a_lead_prefills_the_new_customer(self):
        lead = self.env['crm.lead'].sudo(self.agent).create({
            'name': 'Fibre for Luis', 'contact_name': 'Luis Lead',
            'email_from': 'luis.lead@example.com', 'phone': '+34 910 222 333',
            'street': 'Calle Luna 5', 'city': 'Sevilla',
            'country_id': self.spain.id})
        wizard = self.wizard(context={'default_lead_id': lead.id})
        self.assertEqual(wizard.lead_id, lead)
        self.assertEqual(wizard.customer_mode, 'new')
        self.assertEqual(wizard.new_name, 'Luis Lead')
        self.assertEqual(wizard.new_email, 'luis.lead@example.com')
        self.assertEqual(wizard.new_city, 'Sevilla')
        self.assertEqual(wizard.new_country_id, self.spain)
        wizard.write({'fiscal_id_type': 'es_dni', 'fiscal_id': DNI})
        self.run_to_summary(wizard)
        self.click(wizard, 'action_create_contract')
        order = wizard.order_id
        self.assertEqual(order.partner_id.name, 'Luis Lead')
        self.assertEqual(lead.partner_id, order.partner_id)
        # a lead the user may not read prefills nothing
        other = self.env['crm.lead'].create({
            'name': 'Not yours', 'contact_name': 'Someone Else',
            'user_id': self.manager.id})
        wizard = self.wizard(context={'default_lead_id': other.id})
        self.assertFalse(wizard.new_name)
        wizard.write(self.new_customer_values(new_name='Someone'))
        with self.assertRaises(AccessError):
            self.click(wizard, 'action_next')
        self.assertEqual(order.opportunity_id, lead)
        # the lead's form has the button that opens the wizard
        action = self.env.ref('isp_contract_wizard.isp_contract_wizard_action')
        arch = self.env['crm.lead'].sudo(self.agent).fields_view_get(
            view_id=self.env.ref('crm.crm_case_form_view_leads').id)['arch']
        self.assertIn('name="%d"' % action.id, arch)

    def test_lead_of_a_customer_opens_it_as_existing(self):
        lead = self.env['crm.lead'].sudo(self.agent).create({
            'name': 'More lines', 'partner_id': self.customer.id})
        wizard = self.wizard(context={'default_lead_id': lead.id,
                                      'default_partner_id': self.customer.id})
        self.assertEqual(wizard.customer_mode, 'existing')
        self.assertEqual(wizard.partner_id, self.customer)
        self.assertFalse(wizard.new_name)
