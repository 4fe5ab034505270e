# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Step 5: an existing customer with active services migrates to the new
contract: which services are replaced, the penalty charged or waived
(ISP managers only, with a reason), the prepaid days credited; the
isp.migration made at Create shows what the wizard previewed."""
import datetime

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_billing.rules import billing_period as period_rules
from odoo.addons.isp_billing.rules import migration as migration_rules

from .test_contract_wizard_common import IBAN, ContractWizardCommon


@at_install(False)
@post_install(True)
class TestContractWizardMigration(ContractWizardCommon):

    @classmethod
    def setUpClass(cls):
        super(TestContractWizardMigration, cls).setUpClass()
        cls.old_fibre = cls._product(
            'Wizard Old Fibre', 31.0, 'fibre', isp_commitment_months=24,
            isp_penalty_type='fixed', isp_penalty_amount=100.0)
        today = fields.Date.from_string(fields.Date.context_today(
            cls.env['isp.contract.wizard']))
        cls.today = today
        # active since the 1st of two months ago, the current month
        # invoiced in advance
        cls.activation = (today.replace(day=1) - datetime.timedelta(
            days=40)).replace(day=1)
        cls.old = cls.env['isp.subscription'].create({
            'partner_id': cls.customer.id, 'product_id': cls.old_fibre.id,
            'price_unit': 31.0, 'billing_cycle_day': 1})
        cls.old._activate(date_start=fields.Date.to_string(cls.activation))
        run = cls.env['isp.billing.run'].create({
            'date': fields.Date.to_string(today.replace(day=1)),
            'cycle_day': 1})
        run._invoice_customer(cls.customer)

    def _at_migration(self, user=None):
        user = user or self.agent
        wizard = self.wizard(user=user, partner_id=self.customer.id)
        self.click(wizard, 'action_next', user=user)
        wizard.write(self.tariff_values())
        self.click(wizard, 'action_next', user=user)
        wizard.write({'iban': IBAN})
        self.click(wizard, 'action_next', user=user)
        self.click(wizard, 'action_next', user=user)
        self.assertEqual(wizard.step, 'migration')
        return wizard

    def _expected_refund(self, wizard):
        """The credit for the unused days from the wizard's change date
        (its user's today: near midnight, not the test's own today)."""
        date = fields.Date.from_string(wizard.date_start)
        period = period_rules.period_of(date, 1)
        return migration_rules.unused_amount(
            31.0, period, self.activation, date, 2)

    def test_active_services_listed_with_penalty_and_refund(self):
        wizard = self._at_migration()
        self.assertTrue(wizard.migration_applicable)
        line = wizard.migration_line_ids
        self.assertEqual(line.subscription_id, self.old)
        self.assertFalse(line.replace)
        line.replace = True
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'services')
        self.assertEqual(line.penalty_amount, 100.0)
        self.assertAlmostEqual(line.refund_amount,
                               self._expected_refund(wizard))
        self.assertGreater(line.refund_amount, 0.0)
        # Back from the service data returns to the migration
        self.click(wizard, 'action_back')
        self.assertEqual(wizard.step, 'migration')
        self.assertTrue(line.replace)

    def test_penalty_waiver_refused_to_an_agent(self):
        wizard = self._at_migration()
        wizard.migration_line_ids.write(
            {'replace': True, 'apply_penalty': False})
        wizard.waiver_reason = 'Loyal customer'
        with self.assertRaisesRegex(UserError, 'Only an ISP manager'):
            self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'migration')

    def test_penalty_waiver_needs_a_reason(self):
        wizard = self._at_migration(user=self.manager)
        wizard.migration_line_ids.write(
            {'replace': True, 'apply_penalty': False})
        with self.assertRaisesRegex(UserError, 'Write why'):
            self.click(wizard, 'action_next', user=self.manager)

    def test_change_date_after_the_activation(self):
        recent = self.env['isp.subscription'].create({
            'partner_id': self.customer.id, 'product_id': self.mobile.id,
            'price_unit': 10.0, 'billing_cycle_day': 1})
        recent._activate(date_start=fields.Date.to_string(self.today))
        wizard = self._at_migration()
        wizard.migration_line_ids.filtered(
            lambda l: l.subscription_id == recent).replace = True
        with self.assertRaisesRegex(UserError, 'must be after'):
            self.click(wizard, 'action_next')

    def test_create_makes_the_migration_previewed(self):
        wizard = self._at_migration(user=self.manager)
        wizard.migration_line_ids.write(
            {'replace': True, 'apply_penalty': False})
        wizard.waiver_reason = 'Moving to a bigger pack'
        self.click(wizard, 'action_next', user=self.manager)
        self.fill_services(wizard)
        self.click(wizard, 'action_next', user=self.manager)
        self.assertEqual(wizard.step, 'summary')
        self.assertEqual(wizard.amount_migration_penalty, 0.0)
        credit = wizard.amount_migration_credit
        self.assertAlmostEqual(credit, self._expected_refund(wizard))
        self.click(wizard, 'action_create_contract', user=self.manager)
        migration = wizard.migration_id.sudo()
        self.assertEqual(migration.state, 'draft')
        self.assertEqual(migration.order_id, wizard.order_id)
        self.assertEqual(migration.date, wizard.date_start)
        self.assertEqual(migration.line_ids.subscription_id, self.old)
        self.assertFalse(migration.line_ids.apply_penalty)
        self.assertAlmostEqual(migration.amount_credit, credit)
        self.assertEqual(migration.amount_penalty, 0.0)
        self.assertTrue(any('Moving to a bigger pack' in body for body in
                            migration.message_ids.mapped('body')))

    def test_services_not_replaced_make_no_migration(self):
        wizard = self._at_migration()
        self.click(wizard, 'action_next')
        self.fill_services(wizard)
        self.click(wizard, 'action_next')
        self.click(wizard, 'action_create_contract')
        self.assertTrue(wizard.order_id)
        self.assertFalse(wizard.migration_id)
