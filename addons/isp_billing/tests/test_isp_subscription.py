# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install

from .common import IspBillingCommon


@at_install(False)
@post_install(True)
class TestIspSubscription(IspBillingCommon):

    def test_new_subscription_is_pending_with_sequence_reference(self):
        self.assertEqual(self.subscription.state, 'pending')
        self.assertTrue(self.subscription.name.startswith('SUB/'))

    def test_activate_pending_subscription_sets_start_date(self):
        subscription = self._create_subscription(self.customer)
        subscription.action_activate()
        self.assertEqual(subscription.state, 'active')
        self.assertEqual(subscription.date_start,
                         fields.Date.context_today(subscription))

    def test_pending_subscription_cannot_be_suspended(self):
        subscription = self._create_subscription(self.customer)
        with self.assertRaises(UserError):
            subscription.action_suspend()
        self.assertEqual(subscription.state, 'pending')

    def test_suspended_subscription_can_be_reactivated(self):
        subscription = self._create_subscription(
            self.customer, state='active', date_start='2024-01-01')
        subscription.action_suspend()
        self.assertEqual(subscription.state, 'suspended')
        subscription.action_activate()
        self.assertEqual(subscription.state, 'active')
        self.assertEqual(subscription.date_start, '2024-01-01')

    def test_terminate_sets_end_date_and_is_final(self):
        subscription = self._create_subscription(
            self.customer, state='active', date_start='2024-01-01')
        subscription.action_terminate()
        self.assertEqual(subscription.state, 'terminated')
        self.assertTrue(subscription.date_end)
        with self.assertRaises(UserError):
            subscription.action_activate()

    def test_only_pending_subscription_can_be_rejected(self):
        subscription = self._create_subscription(self.customer)
        subscription.action_reject()
        self.assertEqual(subscription.state, 'rejected')
        with self.assertRaises(UserError):
            subscription.action_terminate()

    def test_end_date_before_start_date_is_refused(self):
        with self.assertRaises(ValidationError):
            self._create_subscription(
                self.customer, date_start='2024-02-01',
                date_end='2024-01-31')

    def test_product_onchange_proposes_list_price(self):
        subscription = self.env['isp.subscription'].new({
            'partner_id': self.customer.id,
            'product_id': self.product.id,
        })
        subscription._onchange_product_id()
        self.assertAlmostEqual(subscription.price_unit, 29.9)

    def test_state_change_is_tracked_in_chatter(self):
        subscription = self._create_subscription(self.customer)
        subscription.action_activate()
        tracked = subscription.message_ids.mapped(
            'tracking_value_ids').filtered(lambda t: t.field == 'state')
        self.assertEqual(tracked[:1].new_value_char, 'Active')
