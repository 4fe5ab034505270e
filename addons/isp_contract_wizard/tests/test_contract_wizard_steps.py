# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each step of the contract wizard: what it checks, what it refuses
(a UserError at that step saying what to fix), and Back/Next keeping
every value."""
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install

from .test_contract_wizard_common import (
    DNI, DNI_OTHER, IBAN, IBAN_COMPACT, ICC, ContractWizardCommon)


@at_install(False)
@post_install(True)
class TestContractWizardSteps(ContractWizardCommon):

    # --- navigation ------------------------------------------------------

    def test_back_and_next_keep_every_value(self):
        wizard = self.wizard(**self.new_customer_values())
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values(billing_mode='postpaid'))
        self.click(wizard, 'action_next')
        wizard.write({'iban': IBAN})
        self.click(wizard, 'action_next')
        wizard.count_line_ids.filtered(
            lambda c: c.product_id == self.mobile).qty = 2
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'services')
        self.fill_services(wizard)
        ported = wizard.service_line_ids.filtered(
            lambda l: l.service_type == 'mobile')[1]
        ported.write({'number_mode': 'portability',
                      'port_donor_operator': 'Donor Mobile',
                      'port_number': '600123123', 'port_icc': ICC})
        # back to the first step, one click at a time
        for step in ('counts', 'bank', 'tariff', 'customer'):
            self.click(wizard, 'action_back')
            self.assertEqual(wizard.step, step)
        self.assertEqual(wizard.new_name, 'Ana Wizard')
        self.assertEqual(wizard.fiscal_id, DNI)
        # and forward again: nothing was lost on the way
        for step in ('tariff', 'bank', 'counts', 'services', 'summary'):
            self.click(wizard, 'action_next')
            self.assertEqual(wizard.step, step)
        self.assertEqual(wizard.billing_mode, 'postpaid')
        self.assertEqual(wizard.iban, IBAN)
        self.assertEqual(wizard.bic, 'CAIXESBB')
        self.assertEqual(wizard.count_line_ids.filtered(
            lambda c: c.product_id == self.mobile).qty, 2)
        self.assertEqual(ported.exists().port_donor_operator, 'Donor Mobile')
        self.assertEqual(len(wizard.service_line_ids), 3)

    def test_migration_step_skipped_for_new_customer(self):
        wizard = self.wizard(**self.new_customer_values())
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values())
        self.click(wizard, 'action_next')
        wizard.write({'iban': IBAN})
        self.click(wizard, 'action_next')
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'services')
        self.assertFalse(wizard.migration_applicable)
        self.click(wizard, 'action_back')
        self.assertEqual(wizard.step, 'counts')

    def test_summary_goes_back_to_any_step_and_forward_checking_each(self):
        wizard = self.run_to_summary(self.wizard(**self.new_customer_values()))
        self.click(wizard, 'action_go_to_step', {'isp_wizard_step': 'tariff'})
        self.assertEqual(wizard.step, 'tariff')
        wizard.billing_cycle_day = 31
        with self.assertRaisesRegex(UserError, 'from 1 to 28'):
            self.click(wizard, 'action_go_to_step',
                       {'isp_wizard_step': 'summary'})
        self.assertEqual(wizard.step, 'tariff')
        wizard.billing_cycle_day = 1
        self.click(wizard, 'action_go_to_step', {'isp_wizard_step': 'summary'})
        self.assertEqual(wizard.step, 'summary')

    def test_buttons_refused_without_the_isp_group_or_to_another_user(self):
        wizard = self.wizard(**self.new_customer_values())
        with self.assertRaises(AccessError):
            self.click(wizard, 'action_next', user=self.employee)
        with self.assertRaises(AccessError):
            # the agent's wizard is his own
            self.click(wizard, 'action_next', user=self.manager)
        self.assertEqual(wizard.step, 'customer')

    def test_unknown_step_refused(self):
        wizard = self.wizard(partner_id=self.customer.id)
        with self.assertRaisesRegex(UserError, 'steps'):
            self.click(wizard, 'action_go_to_step',
                       {'isp_wizard_step': 'done'})
        with self.assertRaisesRegex(UserError, 'first step'):
            self.click(wizard, 'action_back')

    # --- 1. customer -------------------------------------------------------

    def test_customer_found_by_name_code_fiscal_id_phone_and_email(self):
        code = self.customer.isp_customer_code
        self.assertTrue(code)
        Wizard = self.env['isp.contract.wizard'].sudo(self.agent)
        for term in ('Wizard Existing', code, DNI_OTHER.lower(),
                     '910 000 111', 'existing.customer@'):
            self.assertEqual(Wizard._isp_find_customers(term),
                             self.customer, term)

    def test_existing_customer_step_needs_a_customer(self):
        wizard = self.wizard()
        with self.assertRaisesRegex(UserError, 'Choose the customer'):
            self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'customer')

    def test_new_customer_with_invalid_fiscal_id_refused(self):
        wizard = self.wizard(**self.new_customer_values(fiscal_id='44556677A'))
        with self.assertRaisesRegex(UserError, 'check digit'):
            self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'customer')

    def test_new_customer_needs_name_address_and_fiscal_id(self):
        wizard = self.wizard(**self.new_customer_values(
            new_name=' ', fiscal_id=False, new_street=False))
        with self.assertRaises(UserError) as refused:
            self.click(wizard, 'action_next')
        message = refused.exception.name
        for what in ('the name', 'the fiscal id', 'the address'):
            self.assertIn(what, message)

    def test_duplicate_fiscal_id_shown_with_the_existing_customer(self):
        wizard = self.wizard(**self.new_customer_values(
            fiscal_id='5236 9810-y'))
        self.assertEqual(wizard.duplicate_partner_ids, self.customer)
        self.assertTrue(wizard.has_duplicates)
        with self.assertRaises(UserError) as refused:
            self.click(wizard, 'action_next')
        self.assertIn(self.customer.isp_customer_code,
                      refused.exception.name)
        self.assertIn('Existing customer', refused.exception.name)
        self.assertEqual(wizard.step, 'customer')

    # --- 2. tariff and payment --------------------------------------------

    def _at_tariff(self, **values):
        wizard = self.wizard(partner_id=self.customer.id)
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values(**values))
        return wizard

    def test_tariff_step_needs_a_tariff(self):
        wizard = self._at_tariff(product_tmpl_id=False)
        with self.assertRaisesRegex(UserError, 'Choose the tariff'):
            self.click(wizard, 'action_next')
        installation = self._product(
            'Wizard Installation', 60.0, 'installation', isp_recurring=False)
        wizard.product_tmpl_id = installation.product_tmpl_id
        with self.assertRaisesRegex(UserError, 'not a tariff or a bundle'):
            self.click(wizard, 'action_next')

    def test_billing_cycle_day_from_1_to_28_and_presets(self):
        wizard = self._at_tariff()
        wizard.cycle_preset = 'fifteenth'
        wizard._onchange_cycle_preset()
        self.assertEqual(wizard.billing_cycle_day, 15)
        wizard.write({'cycle_preset': 'other', 'billing_cycle_day': 29})
        with self.assertRaisesRegex(UserError, 'from 1 to 28'):
            self.click(wizard, 'action_next')
        wizard.write({'cycle_preset': 'first', 'billing_cycle_day': 5})
        with self.assertRaisesRegex(UserError, 'Another day'):
            self.click(wizard, 'action_next')
        wizard.write({'cycle_preset': 'other'})
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'bank')

    def test_direct_debit_needs_a_mandate_payment_mode(self):
        wizard = self._at_tariff(payment_mode_id=self.transfer_mode.id)
        with self.assertRaisesRegex(UserError, 'direct debit payment mode'):
            self.click(wizard, 'action_next')
        wizard.write({'payment_method': 'transfer',
                      'payment_mode_id': self.debit_mode.id})
        with self.assertRaisesRegex(UserError, 'collects by direct debit'):
            self.click(wizard, 'action_next')
        wizard.payment_mode_id = self.transfer_mode
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'bank')

    def test_payment_method_picks_its_payment_mode(self):
        wizard = self._at_tariff()
        modes = wizard._isp_payment_modes('direct_debit')
        self.assertIn(self.debit_mode, modes)
        self.assertNotIn(self.transfer_mode, modes)
        self.assertIn(self.transfer_mode, wizard._isp_payment_modes('card'))

    def test_campaign_of_the_tariff_valid_today_offered_and_applied(self):
        today = self.today()
        campaign = self.env['isp.campaign'].create({
            'name': 'Wizard spring', 'date_start': today,
            'date_end': today, 'discount': 10.0,
            'product_tmpl_ids': [(6, 0, self.bundle.ids)]})
        expired = self.env['isp.campaign'].create({
            'name': 'Wizard old', 'date_start': '2020-01-01',
            'date_end': '2020-01-31', 'discount': 50.0,
            'product_tmpl_ids': [(6, 0, self.bundle.ids)]})
        wizard = self._at_tariff()
        self.assertIn(campaign, wizard.campaign_allowed_ids)
        self.assertNotIn(expired, wizard.campaign_allowed_ids)
        wizard.campaign_id = expired
        with self.assertRaisesRegex(UserError, 'not valid'):
            self.click(wizard, 'action_next')
        wizard.campaign_id = campaign
        self.click(wizard, 'action_next')
        wizard.iban = IBAN
        self.click(wizard, 'action_next')
        self.click(wizard, 'action_next')
        self.fill_services(wizard)
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'summary')
        # (30 + 10) - 10% = 36, plus 21% VAT
        self.assertAlmostEqual(wizard.amount_untaxed, 36.0)
        self.assertAlmostEqual(wizard.amount_total, 43.56)

    # --- 3. fiscal and bank data ------------------------------------------

    def _at_bank(self, **values):
        wizard = self.wizard(**self.new_customer_values())
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values(**values))
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'bank')
        return wizard

    def test_invalid_iban_refused_at_bank_step(self):
        wizard = self._at_bank()
        wizard.iban = 'ES47 2100 0418 4002 0005 1398'
        with self.assertRaisesRegex(UserError, 'IBAN'):
            self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'bank')

    def test_bic_of_another_country_refused(self):
        wizard = self._at_bank()
        wizard.write({'iban': IBAN, 'bic': 'DEUTDEFFXXX'})
        with self.assertRaisesRegex(UserError, 'another country'):
            self.click(wizard, 'action_next')

    def test_direct_debit_needs_an_iban_and_bic_is_derived(self):
        wizard = self._at_bank()
        with self.assertRaisesRegex(UserError, 'Direct debit needs the IBAN'):
            self.click(wizard, 'action_next')
        wizard.iban = IBAN
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'counts')
        self.assertEqual(wizard.bic, 'CAIXESBB')

    def test_transfer_needs_no_iban(self):
        wizard = self._at_bank(payment_method='transfer',
                               payment_mode_id=self.transfer_mode.id)
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'counts')

    def test_iban_of_another_partner_refused(self):
        self.env['res.partner.bank'].create({
            'acc_number': IBAN_COMPACT, 'partner_id': self.customer.id})
        wizard = self._at_bank()
        wizard.iban = IBAN
        with self.assertRaisesRegex(UserError, 'another partner'):
            self.click(wizard, 'action_next')

    def test_fiscal_id_of_existing_customer_cannot_change(self):
        wizard = self.wizard(partner_id=self.customer.id)
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values())
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.fiscal_id, DNI_OTHER)
        wizard.write({'fiscal_id': DNI, 'iban': IBAN})
        with self.assertRaisesRegex(UserError, 'cannot be changed'):
            self.click(wizard, 'action_next')

    def test_fiscal_id_given_to_a_customer_without_one_is_checked(self):
        customer = self.env['res.partner'].create({
            'name': 'Wizard Customer Without Id', 'customer': True,
            'country_id': self.spain.id})
        wizard = self.wizard(partner_id=customer.id)
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values())
        self.click(wizard, 'action_next')
        wizard.write({'iban': IBAN, 'fiscal_id_type': 'es_dni'})
        with self.assertRaisesRegex(UserError, 'Enter the fiscal id'):
            self.click(wizard, 'action_next')
        wizard.fiscal_id = DNI_OTHER
        with self.assertRaisesRegex(UserError, 'already the fiscal id'):
            self.click(wizard, 'action_next')
        wizard.fiscal_id = DNI
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'counts')
        self.assertFalse(customer.isp_fiscal_id)
        self.click(wizard, 'action_go_to_step',
                   {'isp_wizard_step': 'services'})
        self.fill_services(wizard)
        self.click(wizard, 'action_next')
        self.click(wizard, 'action_create_contract')
        # written on the customer with the contract only
        self.assertEqual(customer.isp_fiscal_id, DNI)
        self.assertEqual(wizard.order_id.partner_id, customer)

    # --- 4. line counts ----------------------------------------------------

    def _at_counts(self):
        wizard = self._at_bank()
        wizard.iban = IBAN
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'counts')
        return wizard

    def test_counts_start_with_the_bundle_defaults(self):
        wizard = self._at_counts()
        self.assertEqual(
            {line.product_id: line.qty for line in wizard.count_line_ids},
            {self.fibre: 1, self.mobile: 1, self.tv: 0})
        self.assertIn('from 1 to 3', wizard.bundle_rules_text)

    def test_count_above_the_bundle_maximum_refused_with_what_it_allows(self):
        wizard = self._at_counts()
        wizard.count_line_ids.filtered(
            lambda c: c.product_id == self.mobile).qty = 4
        with self.assertRaises(UserError) as refused:
            self.click(wizard, 'action_next')
        message = refused.exception.name
        self.assertIn('allows at most 3', message)
        self.assertIn('Wizard TV: from 0 to 1 (optional)', message)
        self.assertEqual(wizard.step, 'counts')

    def test_required_component_missing_refused(self):
        wizard = self._at_counts()
        wizard.count_line_ids.filtered(
            lambda c: c.product_id == self.fibre).qty = 0
        with self.assertRaisesRegex(UserError, 'is required by the bundle'):
            self.click(wizard, 'action_next')

    def test_tariff_sold_alone_needs_one_line(self):
        wizard = self._at_bank(product_tmpl_id=self.mobile.product_tmpl_id.id)
        wizard.iban = IBAN
        self.click(wizard, 'action_next')
        self.assertEqual(len(wizard.count_line_ids), 1)
        wizard.count_line_ids.qty = 0
        with self.assertRaisesRegex(UserError, 'at least one line'):
            self.click(wizard, 'action_next')

    def test_new_tariff_resets_the_counts(self):
        wizard = self._at_counts()
        self.click(wizard, 'action_back')
        self.click(wizard, 'action_back')
        wizard.product_tmpl_id = self.mobile.product_tmpl_id
        self.click(wizard, 'action_next')
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.count_line_ids.product_id, self.mobile)

    # --- 6. service data --------------------------------------------------

    def _at_services(self, mobiles=2):
        wizard = self._at_counts()
        wizard.count_line_ids.filtered(
            lambda c: c.product_id == self.mobile).qty = mobiles
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'services')
        self.fill_services(wizard)
        return wizard

    def test_fibre_installed_at_the_customer_address_by_default(self):
        wizard = self._at_counts()
        self.click(wizard, 'action_next')
        fibre = wizard.service_line_ids.filtered(
            lambda l: l.service_type == 'fibre')
        self.assertEqual(
            (fibre.install_street, fibre.install_zip, fibre.install_city),
            ('Calle Mayor 1', '28013', 'Madrid'))
        self.assertFalse(fibre.install_coverage)

    def test_one_service_line_per_unit(self):
        wizard = self._at_services(mobiles=2)
        self.assertEqual(
            wizard.service_line_ids.mapped('product_id'),
            self.fibre | self.mobile)
        self.assertEqual(len(wizard.service_line_ids), 3)

    def test_portability_without_donor_or_icc_refused(self):
        wizard = self._at_services()
        mobile = wizard.service_line_ids.filtered(
            lambda l: l.service_type == 'mobile')[0]
        mobile.write({'number_mode': 'portability',
                      'port_number': '600123123'})
        with self.assertRaises(UserError) as refused:
            self.click(wizard, 'action_next')
        self.assertIn('the donor operator', refused.exception.name)
        self.assertIn('the ICC', refused.exception.name)
        self.assertEqual(wizard.step, 'services')
        mobile.write({'port_donor_operator': 'Donor Mobile',
                      'port_icc': '8934071234567890124'})
        with self.assertRaisesRegex(UserError, 'check digit'):
            self.click(wizard, 'action_next')
        mobile.port_icc = ICC
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'summary')

    def test_mobile_needs_a_number_mode(self):
        wizard = self._at_services()
        wizard.service_line_ids.filtered(
            lambda l: l.service_type == 'mobile')[0].number_mode = 'none'
        with self.assertRaisesRegex(UserError, 'new number or a portab'):
            self.click(wizard, 'action_next')

    def test_holder_change_needs_a_valid_fiscal_id(self):
        wizard = self._at_services()
        line = wizard.service_line_ids.filtered(
            lambda l: l.service_type == 'mobile')[0]
        line.write({'holder_change': True, 'holder_name': 'Old Holder'})
        with self.assertRaisesRegex(UserError, 'holder change needs'):
            self.click(wizard, 'action_next')
        line.holder_vat = 'ES44556677A'
        with self.assertRaisesRegex(UserError, 'not a valid fiscal id'):
            self.click(wizard, 'action_next')
        line.holder_vat = 'ES' + DNI
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'summary')

    def test_fibre_needs_a_covered_installation_address(self):
        wizard = self._at_services()
        fibre = wizard.service_line_ids.filtered(
            lambda l: l.service_type == 'fibre')
        fibre.install_coverage = 'not_covered'
        with self.assertRaisesRegex(UserError, 'not covered'):
            self.click(wizard, 'action_next')
        fibre.install_street = False
        with self.assertRaisesRegex(UserError, 'installation address'):
            self.click(wizard, 'action_next')
