# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install

from .common import IspBillingCommon


@at_install(False)
@post_install(True)
class TestSubscriptionFromContract(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestSubscriptionFromContract, cls).setUpClass()
        cls.contract_customer = cls.env['res.partner'].create({
            'name': 'Contract Customer', 'customer': True})
        cls.fibre = cls._create_isp_product(
            'Contract Fibre 600', 30.0, isp_commitment_months=12)
        cls.mobile = cls._create_isp_product(
            'Contract Mobile 20 GB', 10.0, isp_service_type='mobile')
        cls.installation = cls._create_installation('Contract Installation')
        cls.bundle = cls._create_bundle(
            'Contract Pack Fibre + 2 Mobile', 45.0,
            [cls.fibre, (cls.mobile, 0, 2, 4)])
        cls.old_account = cls.env['res.partner.bank'].create({
            'acc_number': 'NL91ABNA0417164300',
            'partner_id': cls.contract_customer.id,
        })
        cls.debit_mode = cls._create_debit_payment_mode()
        cls.mandate = cls._create_mandate(cls.old_account)
        cls.contract = cls._create_contract(
            cls.contract_customer,
            [(cls.bundle, 1, 45.0), (cls.installation, 1, 60.0)],
            isp_billing_cycle_day=15,
            isp_billing_mode='postpaid',
            isp_payment_mode_id=cls.debit_mode.id,
            isp_mandate_id=cls.mandate.id,
            isp_bank_account_id=cls.old_account.id,
        )
        cls.contract.action_confirm()
        cls.subscriptions = cls.contract.isp_subscription_ids

    def test_confirmed_contract_bundle_gives_one_subscription_per_component(
            self):
        self.assertEqual(len(self.subscriptions), 2)
        fibre = self.subscriptions.filtered(
            lambda s: s.product_id == self.fibre)
        mobile = self.subscriptions.filtered(
            lambda s: s.product_id == self.mobile)
        self.assertEqual(fibre.quantity, 1.0)
        self.assertEqual(mobile.quantity, 2.0)
        self.assertEqual(set(self.subscriptions.mapped('state')),
                         {'pending'})
        self.assertEqual(self.subscriptions.mapped('partner_id'),
                         self.contract_customer)
        # the bundle's 45 is shared in proportion to the list prices
        # (30 and 2 x 10): 27 + 2 x 9
        self.assertAlmostEqual(fibre.price_unit, 27.0)
        self.assertAlmostEqual(mobile.price_unit, 9.0)
        self.assertAlmostEqual(
            sum(s.price_unit * s.quantity for s in self.subscriptions), 45.0)

    def test_subscriptions_carry_the_contract_billing_data(self):
        for subscription in self.subscriptions:
            self.assertEqual(subscription.order_id, self.contract)
            self.assertEqual(subscription.billing_cycle_day, 15)
            self.assertEqual(subscription.billing_mode, 'postpaid')
            self.assertEqual(subscription.payment_mode_id, self.debit_mode)
            self.assertEqual(subscription.mandate_id, self.mandate)
            self.assertEqual(subscription.bank_account_id, self.old_account)
            self.assertEqual(subscription.bank_acc_number,
                             self.old_account.acc_number)

    def test_one_off_installation_is_flagged_not_subscribed(self):
        installation_line = self.contract.order_line.filtered(
            lambda line: line.product_id == self.installation)
        self.assertTrue(installation_line.isp_is_oneoff)
        self.assertFalse(installation_line.isp_oneoff_billed)
        self.assertFalse(installation_line.isp_subscription_ids)
        self.assertNotIn(self.installation,
                         self.subscriptions.mapped('product_id'))

    def test_creating_again_never_duplicates(self):
        created = self.contract._isp_create_subscriptions()
        self.assertFalse(created)
        self.contract.invalidate_cache()
        self.assertEqual(self.contract.isp_subscription_ids,
                         self.subscriptions)

    def test_user_without_billing_rights_confirms_contract_with_services(
            self):
        salesman = self._create_user(
            'isp_billing_backoffice', ['isp_crm.group_isp_manager'])
        self.assertFalse(
            salesman.has_group('isp_billing.group_isp_billing_user'))
        order = self._create_contract(
            self.contract_customer, [(self.fibre, 1, 30.0)])
        order.sudo(salesman).action_confirm()
        self.assertEqual(order.isp_subscription_ids.product_id, self.fibre)
        self.assertEqual(order.isp_subscription_ids.state, 'pending')

    def test_plain_sale_order_gives_no_subscription(self):
        order = self._create_contract(
            self.contract_customer, [(self.fibre, 1, 30.0)],
            isp_is_contract=False)
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertFalse(order.isp_subscription_ids)

    def test_recurring_service_line_gives_its_subscription_with_price(self):
        order = self._create_contract(
            self.contract_customer, [(self.fibre, 1, 24.0)])
        order.order_line.write({'discount': 10.0})
        order.action_confirm()
        subscription = order.isp_subscription_ids
        self.assertEqual(subscription.product_id, self.fibre)
        self.assertAlmostEqual(subscription.price_unit, 24.0)
        self.assertAlmostEqual(subscription.discount, 10.0)
        self.assertEqual(subscription.billing_cycle_day, 1)
        self.assertEqual(subscription.billing_mode, 'prepaid')

    def test_activation_sets_start_and_commitment_end(self):
        subscription = self.subscriptions.filtered(
            lambda s: s.product_id == self.fibre)
        subscription._activate(date_start='2024-03-10')
        self.assertEqual(subscription.state, 'active')
        self.assertEqual(subscription.date_start, '2024-03-10')
        self.assertEqual(subscription.date_commitment_end, '2025-03-10')

    def test_contract_bank_data_prevails_over_partner_newer_account(self):
        new_account = self.env['res.partner.bank'].create({
            'acc_number': 'DE89370400440532013000',
            'partner_id': self.contract_customer.id,
        })
        self.contract_customer.write({'bank_ids': [(4, new_account.id)]})
        self.old_account.write({'sequence': 99})
        for subscription in self.subscriptions:
            self.assertEqual(subscription.bank_account_id, self.old_account)
            self.assertEqual(subscription.mandate_id, self.mandate)
        # changing it is an explicit action
        new_mandate = self._create_mandate(new_account)
        self.subscriptions._change_bank_account(
            new_account, new_mandate)
        self.assertEqual(self.subscriptions.mapped('bank_account_id'),
                         new_account)
        self.assertEqual(set(self.subscriptions.mapped('bank_acc_number')),
                         {new_account.acc_number})

    def test_bank_account_of_another_customer_is_refused(self):
        stranger = self.env['res.partner.bank'].create({
            'acc_number': 'GB29NWBK60161331926819',
            'partner_id': self.customer.id,
        })
        with self.assertRaises(UserError):
            self.subscriptions._change_bank_account(stranger)
        self.assertEqual(self.subscriptions.mapped('bank_account_id'),
                         self.old_account)


@at_install(False)
@post_install(True)
class TestSubscriptionBadInput(IspBillingCommon):

    def test_cycle_day_31_is_refused(self):
        for day in (0, 29, 31):
            with self.assertRaises(ValidationError):
                self._create_subscription(self.customer,
                                          billing_cycle_day=day)
        with self.assertRaises(ValidationError):
            self.subscription.billing_cycle_day = 31
        self.assertEqual(self._create_subscription(
            self.customer, billing_cycle_day=28).billing_cycle_day, 28)

    def test_contract_cycle_day_31_is_refused(self):
        with self.assertRaises(ValidationError):
            self._create_contract(self.customer, [(self.product, 1, 29.9)],
                                  isp_billing_cycle_day=31)

    def test_subscription_without_price_is_refused(self):
        free = self._create_isp_product('Free Test Service', 0.0)
        with self.assertRaises(ValidationError):
            self._create_subscription(
                self.customer, product_id=free.id, price_unit=0.0)
        with self.assertRaises(ValidationError):
            self.subscription.price_unit = 0.0

    def test_non_billable_subscription_may_have_no_price(self):
        free = self._create_isp_product('Internal Test Line', 0.0)
        subscription = self._create_subscription(
            self.customer, product_id=free.id, price_unit=0.0,
            state='active_nonbillable')
        self.assertEqual(subscription.state, 'active_nonbillable')

    def test_price_defaults_to_the_product_list_price(self):
        subscription = self.env['isp.subscription'].create({
            'partner_id': self.customer.id,
            'product_id': self.product.id,
        })
        self.assertAlmostEqual(subscription.price_unit, 29.9)

    def test_payment_mode_needing_a_mandate_without_one_is_refused(self):
        mode = self._create_debit_payment_mode()
        with self.assertRaises(ValidationError):
            self._create_subscription(self.customer,
                                      payment_mode_id=mode.id)
        other_mode = self._create_debit_payment_mode(mandate_required=False)
        subscription = self._create_subscription(
            self.customer, payment_mode_id=other_mode.id)
        self.assertEqual(subscription.payment_mode_id, other_mode)

    def test_pending_subscription_can_become_non_billable(self):
        subscription = self._create_subscription(self.customer)
        subscription._activate_nonbillable(date_start='2024-05-01')
        self.assertEqual(subscription.state, 'active_nonbillable')
        self.assertEqual(subscription.date_start, '2024-05-01')

    def test_adjustment_dates_in_wrong_order_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env['isp.subscription.adjustment'].create({
                'subscription_id': self.subscription.id,
                'name': 'Router rental',
                'amount': 3.0,
                'date_from': '2024-03-01',
                'date_to': '2024-02-01',
            })


@at_install(False)
@post_install(True)
class TestPartnerDeletionGuard(IspBillingCommon):

    def _reasons(self, partner):
        return partner._isp_deletion_blockers()[partner]

    def test_pending_and_rejected_subscriptions_do_not_block(self):
        partner = self.env['res.partner'].create({'name': 'Harmless'})
        self._create_subscription(partner)
        self._create_subscription(partner).action_reject()
        self.assertEqual(self._reasons(partner), [])
        partner.unlink()
        self.assertFalse(partner.exists())

    def test_activated_subscription_blocks_deletion(self):
        partner = self.env['res.partner'].create({'name': 'Served'})
        subscription = self._create_subscription(
            partner, state='terminated', date_start='2024-01-01',
            date_end='2024-02-01')
        reasons = self._reasons(partner)
        self.assertEqual(len(reasons), 1)
        self.assertIn(subscription.name, reasons[0])
        with self.assertRaises(UserError):
            partner.unlink()

    def test_subscription_of_a_contact_blocks_its_company(self):
        company = self.env['res.partner'].create(
            {'name': 'Served Company', 'is_company': True})
        contact = self.env['res.partner'].create(
            {'name': 'Contact', 'parent_id': company.id})
        self._create_subscription(contact, state='active',
                                  date_start='2024-01-01')
        self.assertEqual(len(self._reasons(company)), 1)

    def test_subscription_with_adjustments_blocks_deletion(self):
        partner = self.env['res.partner'].create({'name': 'Adjusted'})
        subscription = self._create_subscription(partner)
        subscription.adjustment_ids = [(0, 0, {
            'name': 'Loyalty discount', 'amount': -5.0})]
        discounted = self._create_subscription(partner, discount=10.0)
        reasons = self._reasons(partner)
        self.assertEqual(len(reasons), 1)
        self.assertIn(subscription.name, reasons[0])
        self.assertIn(discounted.name, reasons[0])
        with self.assertRaises(UserError):
            partner.unlink()
