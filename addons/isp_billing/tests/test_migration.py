# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install

from ..rules import migration as migration_rules
from .common import IspBillingCommon


@at_install(False)
@post_install(True)
class TestMigration(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestMigration, cls).setUpClass()
        cls.fixed = cls._create_isp_product(
            'Mig Fibre fixed', 31.0, isp_commitment_months=12,
            isp_penalty_type='fixed', isp_penalty_amount=100.0)
        cls.linear = cls._create_isp_product(
            'Mig Fibre linear', 31.0, isp_commitment_months=12,
            isp_penalty_type='linear', isp_penalty_amount=120.0)
        cls.new_fibre = cls._create_isp_product('Mig Fibre 1 Gb', 40.0)
        cls.installation = cls._create_installation('Mig Installation')
        cls.client = cls.env['res.partner'].create({
            'name': 'Migration Customer', 'customer': True})
        cls.sub_fixed = cls._migration_subscription(cls.client, cls.fixed)
        cls.sub_linear = cls._migration_subscription(cls.client, cls.linear)
        cls.other = cls.env['res.partner'].create({
            'name': 'Migration Other Customer', 'customer': True})
        cls.sub_other = cls._migration_subscription(cls.other, cls.fixed)
        # March 2026 (31 days) invoiced in advance for both customers
        run = cls.env['isp.billing.run'].create(
            {'date': '2026-03-01', 'cycle_day': 1})
        run._invoice_customer(cls.client)
        run._invoice_customer(cls.other)
        cls.contract = cls._create_contract(
            cls.client, [(cls.new_fibre, 1, 40.0), (cls.installation, 1)],
            isp_billing_cycle_day=1)

    @classmethod
    def _migration_subscription(cls, partner, product):
        subscription = cls._create_subscription(
            partner, product_id=product.id, price_unit=31.0,
            billing_cycle_day=1)
        subscription._activate(date_start='2026-01-01')
        return subscription

    def _migration(self, lines, date='2026-03-11', order=None, **values):
        vals = {
            'partner_id': self.client.id,
            'date': date,
            'order_id': order.id if order else False,
            'line_ids': [(0, 0, dict({'subscription_id': sub.id}, **line))
                         for sub, line in lines],
        }
        vals.update(values)
        return self.env['isp.migration'].create(vals)

    def _documents(self, partner):
        return self.env['account.invoice'].search(
            [('partner_id', '=', partner.id),
             ('type', '=', 'out_refund')]) | self.env[
                 'account.invoice'].search([
                     ('partner_id', '=', partner.id),
                     ('isp_billing_run_id', '=', False)])

    def test_unused_amount_rule(self):
        march = ('2026-03-01', '2026-03-31')
        self.assertEqual(migration_rules.unused_amount(
            31.0, march, '2026-01-01', '2026-03-11', 2), 21.0)
        # activated mid-period: only the invoiced days count
        self.assertEqual(migration_rules.unused_amount(
            22.0, march, '2026-03-10', '2026-03-21', 2), 11.0)
        self.assertEqual(migration_rules.unused_amount(
            31.0, march, None, '2026-04-01', 2), 0.0)
        self.assertEqual(migration_rules.termination_date('2026-03-01'),
                         datetime.date(2026, 2, 28))

    def test_penalty_fixed_linear_and_waived(self):
        waived = self._migration_subscription(self.client, self.fixed)
        migration = self._migration([
            (self.sub_fixed, {}), (self.sub_linear, {}),
            (waived, {'apply_penalty': False})])
        migration.action_preview()
        penalties = migration.line_ids.sorted('id').mapped('penalty_amount')
        # linear: 120 * 296 days left / 365 days of commitment
        self.assertEqual(penalties, [100.0, 97.32, 0.0])
        self.assertAlmostEqual(migration.amount_penalty, 197.32)
        self.assertEqual(migration.state, 'draft')

    def test_prepaid_migration_mid_cycle_credits_unused_days(self):
        migration = self._migration(
            [(self.sub_fixed, {'apply_penalty': False})],
            order=self.contract)
        migration._confirm(date_ref='2026-03-11')
        self.assertEqual(migration.state, 'done')
        # 21 unused days of 31 of the invoiced March
        self.assertEqual(migration.refund_invoice_id.type, 'out_refund')
        self.assertAlmostEqual(migration.refund_invoice_id.amount_untaxed,
                               21.0)
        self.assertFalse(migration.penalty_invoice_id)
        self.assertEqual(self.sub_fixed.state, 'terminated')
        self.assertEqual(self.sub_fixed.date_end, '2026-03-10')
        new = migration.new_subscription_ids
        self.assertEqual(new.mapped('product_id'), self.new_fibre)
        self.assertEqual(new.state, 'active')
        self.assertEqual(new.date_start, '2026-03-11')
        self.assertEqual(self.contract.state, 'sale')

    def test_kept_refund_credits_nothing(self):
        migration = self._migration(
            [(self.sub_fixed, {'refund': False, 'apply_penalty': False})])
        migration._confirm(date_ref='2026-03-11')
        self.assertEqual(migration.amount_credit, 0.0)
        self.assertFalse(migration.refund_invoice_id)
        self.assertEqual(self.sub_fixed.state, 'terminated')

    def test_preview_equals_posted(self):
        migration = self._migration(
            [(self.sub_fixed, {}), (self.sub_linear, {'refund': False})],
            order=self.contract)
        migration.action_preview()
        credit = migration.amount_credit
        penalty = migration.amount_penalty
        first = migration.amount_first_invoice
        self.assertAlmostEqual(credit, 21.0)
        self.assertAlmostEqual(penalty, 197.32)
        # 40.0 * 21 / 31 days + the installation
        self.assertAlmostEqual(first, 27.10 + 60.0)
        migration._confirm(date_ref='2026-03-11')
        documents = migration.refund_invoice_id | migration.penalty_invoice_id
        documents.action_invoice_open()
        self.assertEqual(set(documents.mapped('state')), {'open'})
        self.assertAlmostEqual(migration.refund_invoice_id.amount_untaxed,
                               credit)
        self.assertAlmostEqual(migration.penalty_invoice_id.amount_untaxed,
                               penalty)
        run = self.env['isp.billing.run'].create(
            {'date': '2026-03-11', 'cycle_day': 1})
        invoice = run._invoice_customer(self.client)
        self.assertEqual(len(invoice), 1)
        invoice.action_invoice_open()
        self.assertAlmostEqual(invoice.amount_untaxed, first)

    def test_future_migration_applied_by_cron_on_its_date_not_before(self):
        migration = self._migration([(self.sub_fixed, {})],
                                    order=self.contract)
        migration._confirm(date_ref='2026-03-01')
        self.assertEqual(migration.state, 'scheduled')
        credit = migration.amount_credit
        Migration = self.env['isp.migration']
        Migration._cron_apply_scheduled_migrations(date_ref='2026-03-10')
        self.assertEqual(migration.state, 'scheduled')
        self.assertEqual(self.sub_fixed.state, 'active')
        self.assertFalse(self.sub_fixed.date_end)
        self.assertFalse(migration.refund_invoice_id)
        self.assertEqual(self.contract.state, 'draft')
        Migration._cron_apply_scheduled_migrations(date_ref='2026-03-11')
        self.assertEqual(migration.state, 'done')
        self.assertEqual(self.sub_fixed.state, 'terminated')
        self.assertAlmostEqual(migration.refund_invoice_id.amount_untaxed,
                               credit)
        self.assertEqual(migration.new_subscription_ids.date_start,
                         '2026-03-11')

    def test_applying_twice_does_nothing(self):
        migration = self._migration([(self.sub_fixed, {})])
        migration._confirm(date_ref='2026-03-11')
        documents = self._documents(self.client)
        self.assertEqual(len(documents), 2)  # credit note, penalty
        self.assertFalse(migration._apply())
        self.env['isp.migration']._cron_apply_scheduled_migrations(
            date_ref='2026-03-12')
        with self.assertRaises(UserError):
            migration._confirm(date_ref='2026-03-11')
        self.assertEqual(self._documents(self.client), documents)
        self.assertEqual(len(self.env['isp.subscription.credit'].search(
            [('subscription_id', '=', self.sub_fixed.id)])), 1)

    def test_mass_credit_notes_twice_credit_once(self):
        # migrated customer: refunded by the migration, never again
        migration = self._migration([(self.sub_fixed, {}),
                                     (self.sub_linear, {'refund': False})])
        migration._confirm(date_ref='2026-03-11')
        # other customer: terminated on 20/03, 11 days of 31 unused
        self.sub_other.date_end = '2026-03-20'
        self.sub_other.action_terminate()
        wizard = self.env['isp.mass.credit.wizard'].sudo(
            self.billing_user).create({'cycle_day': 1, 'date': '2026-03-15'})
        action = wizard.action_create_credit_notes()
        credit_notes = self.env['account.invoice'].search(action['domain'])
        self.assertEqual(credit_notes.mapped('partner_id'), self.other)
        self.assertEqual(credit_notes.type, 'out_refund')
        self.assertAlmostEqual(credit_notes.amount_untaxed, 11.0)
        action = wizard.action_create_credit_notes()
        self.assertFalse(self.env['account.invoice'].search(
            action['domain']))
        self.assertEqual(len(self.env['account.invoice'].search([
            ('type', '=', 'out_refund'),
            ('partner_id', 'in', (self.client | self.other).ids)])), 2)

    def test_change_date_before_activation_refused(self):
        migration = self._migration([(self.sub_fixed, {})],
                                    date='2025-12-31', order=self.contract)
        with self.assertRaises(UserError):
            migration._confirm(date_ref='2026-03-11')
        self.assertEqual(migration.state, 'draft')
        self.assertEqual(self.sub_fixed.state, 'active')
        self.assertEqual(self.contract.state, 'draft')
        self.assertFalse(self._documents(self.client))

    def test_subscription_of_another_customer_refused(self):
        Migration = self.env['isp.migration']
        count = Migration.search_count([])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._migration([(self.sub_fixed, {}), (self.sub_other, {})])
        self.assertEqual(Migration.search_count([]), count)

    def test_nothing_to_migrate_refused(self):
        migration = self._migration([])
        with self.assertRaises(UserError):
            migration._confirm(date_ref='2026-03-11')
        with self.assertRaises(UserError):
            migration.action_preview()
        self.assertEqual(migration.state, 'draft')
