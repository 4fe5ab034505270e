# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install

from ..rules import intake
from .common import IspCommon

ALL_STATES = [state for state, _label in intake.INTAKE_STATES]
ALL_ACTIONS = sorted(intake.TRANSITIONS)


class TestIntakeRules(unittest.TestCase):
    """The pure state machine, as a table."""

    # (state, action) -> next state; every other pair is refused
    ALLOWED = {
        ('processing', 'validate'): 'validated',
        ('validated', 'credit_check'): 'credit_checked',
        ('validated', 'credit_override'): 'credit_checked',
        ('credit_checked', 'mark_ready'): 'ready',
        ('processing', 'reject'): 'rejected',
        ('validated', 'reject'): 'rejected',
        ('credit_checked', 'reject'): 'rejected',
        ('ready', 'reject'): 'rejected',
        ('validated', 'reset'): 'processing',
        ('credit_checked', 'reset'): 'processing',
        ('ready', 'reset'): 'processing',
        ('rejected', 'reset'): 'processing',
    }

    def test_every_state_action_pair_is_allowed_or_refused(self):
        for state in ALL_STATES:
            for action in ALL_ACTIONS:
                with self.subTest(state=state, action=action):
                    expected = self.ALLOWED.get((state, action))
                    if expected:
                        self.assertEqual(
                            intake.next_state(state, action), expected)
                    else:
                        with self.assertRaises(
                                intake.IntakeTransitionError):
                            intake.next_state(state, action)

    def test_allowed_actions_lists_the_allowed_pairs(self):
        for state in ALL_STATES:
            with self.subTest(state=state):
                self.assertEqual(
                    intake.allowed_actions(state),
                    sorted(action for (source, action) in self.ALLOWED
                           if source == state))

    def test_unknown_action_is_refused(self):
        with self.assertRaises(intake.IntakeTransitionError):
            intake.next_state('processing', 'activate')

    def test_roles_table(self):
        table = [
            # role, action, allowed
            ('agent', 'validate', False),
            ('agent', 'reject', False),
            ('agent', 'reset', False),
            (None, 'validate', False),
            ('backoffice', 'validate', True),
            ('backoffice', 'credit_check', True),
            ('backoffice', 'mark_ready', True),
            ('backoffice', 'reject', True),
            ('backoffice', 'reset', True),
            ('backoffice', 'credit_override', False),
            ('manager', 'credit_override', True),
            ('manager', 'validate', True),
        ]
        for role, action, allowed in table:
            with self.subTest(role=role, action=action):
                self.assertEqual(intake.role_allows(role, action), allowed)

    def test_agent_edits_only_in_processing(self):
        self.assertEqual(
            [state for state in ALL_STATES if intake.agent_may_edit(state)],
            ['processing'])


class IntakeCommon(IspCommon):

    DATE_REF = '2026-03-15'

    @classmethod
    def setUpClass(cls):
        super(IntakeCommon, cls).setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param(
            'isp_crm.credit_require_fiscal_id', 'False')
        cls.agent = cls._create_user(
            'isp_intake_agent', ['isp_crm.group_isp_agent'])
        cls.agent2 = cls._create_user(
            'isp_intake_agent2', ['isp_crm.group_isp_agent'])
        cls.backoffice = cls._create_user(
            'isp_intake_backoffice', ['isp_crm.group_isp_backoffice'])
        cls.manager = cls._create_user(
            'isp_intake_manager', ['isp_crm.group_isp_manager'])
        cls.customer = cls.env['res.partner'].create({
            'name': 'Intake Customer', 'customer': True})
        cls.product = cls.env['product.product'].create({
            'name': 'Fibre 300 (intake test)',
            'type': 'service',
            'list_price': 30.0,
            'invoice_policy': 'order',
        })

    @classmethod
    def _create_contract(cls, user, partner=None, **values):
        vals = {
            'partner_id': (partner or cls.customer).id,
            'isp_is_contract': True,
            'order_line': [(0, 0, {
                'product_id': cls.product.id,
                'product_uom_qty': 1,
                'price_unit': 30.0,
            })],
        }
        vals.update(values)
        return cls.env['sale.order'].sudo(user).create(vals).sudo(user)

    def _force_state(self, order, state):
        """Put ``order`` in ``state`` without the buttons (set-up only)."""
        values = {'isp_intake_state': state}
        if state == 'validated':
            values['isp_credit_check_result'] = 'failed'
        order.sudo().write(values)
        order.invalidate_cache()


@at_install(False)
@post_install(True)
class TestIntakeStateMachine(IntakeCommon):

    def _run(self, order, action):
        """Run ``action`` on ``order`` as the user entitled to it."""
        user = (self.manager if action == 'credit_override'
                else self.backoffice)
        order = order.sudo(user)
        if action == 'validate':
            return order.action_isp_validate()
        if action == 'credit_check':
            return order._isp_credit_check(date_ref=self.DATE_REF)
        if action == 'credit_override':
            return order._isp_credit_override('Known customer')
        if action == 'mark_ready':
            return order.action_isp_mark_ready()
        if action == 'reject':
            return order._isp_reject('Wrong address')
        if action == 'reset':
            return order.action_isp_reset_processing()
        raise AssertionError(action)

    def test_contract_entered_by_agent_starts_in_processing(self):
        order = self._create_contract(self.agent)
        self.assertEqual(order.isp_intake_state, 'processing')
        self.assertEqual(order.user_id, self.agent)
        self.assertTrue(order.isp_is_contract)

    def test_every_transition_is_applied_or_refused_with_a_message(self):
        for state in ALL_STATES:
            for action in ALL_ACTIONS:
                with self.subTest(state=state, action=action):
                    order = self._create_contract(self.agent)
                    self._force_state(order, state)
                    expected = TestIntakeRules.ALLOWED.get((state, action))
                    if expected:
                        self._run(order, action)
                        order.invalidate_cache()
                        self.assertEqual(order.isp_intake_state, expected)
                    else:
                        with self.assertRaises(UserError) as error:
                            self._run(order, action)
                        self.assertIn(order.name, error.exception.name)
                        order.invalidate_cache()
                        self.assertEqual(order.isp_intake_state, state)

    def test_full_intake_records_who_and_when_then_confirms(self):
        order = self._create_contract(self.agent)
        order.sudo(self.backoffice).action_isp_validate()
        self.assertEqual(order.isp_intake_state, 'validated')
        self.assertEqual(order.isp_validated_by_id, self.backoffice)
        self.assertTrue(order.isp_date_validated)
        order.sudo(self.backoffice)._isp_credit_check(
            date_ref=self.DATE_REF)
        self.assertEqual(order.isp_intake_state, 'credit_checked')
        self.assertEqual(order.isp_credit_check_result, 'passed')
        self.assertEqual(order.isp_credit_checked_by_id, self.backoffice)
        self.assertEqual(order.isp_date_credit_check, self.DATE_REF)
        order.sudo(self.backoffice).action_isp_mark_ready()
        self.assertEqual(order.isp_intake_state, 'ready')
        self.assertEqual(order.isp_ready_by_id, self.backoffice)
        self.assertEqual(order.isp_intake_user_id, self.backoffice)
        order.sudo(self.backoffice).action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_transitions_are_tracked_in_the_chatter(self):
        order = self._create_contract(self.agent)
        order.sudo(self.backoffice).action_isp_validate()
        tracked = order.sudo().message_ids.mapped(
            'tracking_value_ids').filtered(
            lambda value: value.field == 'isp_intake_state'
            and value.old_value_char == 'Processing')
        self.assertEqual(tracked.mapped('new_value_char'),
                         ['Validated by back office'])
        self.assertEqual(tracked.mapped('mail_message_id.author_id'),
                         self.backoffice.partner_id)

    def test_contract_cannot_be_confirmed_before_ready(self):
        for state in ALL_STATES:
            if state == 'ready':
                continue
            with self.subTest(state=state):
                order = self._create_contract(self.agent)
                self._force_state(order, state)
                with self.assertRaises(UserError) as error:
                    order.sudo(self.manager).action_confirm()
                self.assertIn('Ready for activation', error.exception.name)
                self.assertEqual(order.state, 'draft')

    def test_plain_sales_order_confirms_without_intake(self):
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id,
            'order_line': [(0, 0, {'product_id': self.product.id})],
        })
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        with self.assertRaises(UserError):
            order.action_isp_validate()

    def test_reject_records_reason_and_who_from_the_wizard(self):
        order = self._create_contract(self.agent)
        action = order.sudo(self.backoffice).action_isp_reject()
        self.assertEqual(action['res_model'], 'isp.intake.reason')
        wizard = self.env['isp.intake.reason'].sudo(
            self.backoffice).with_context(**action['context']).create(
                {'reason': 'No coverage at address'})
        wizard.action_confirm()
        order.invalidate_cache()
        self.assertEqual(order.isp_intake_state, 'rejected')
        self.assertEqual(order.isp_reject_reason, 'No coverage at address')
        self.assertEqual(order.isp_rejected_by_id, self.backoffice)
        self.assertTrue(order.isp_date_rejected)

    def test_reject_without_reason_is_refused(self):
        order = self._create_contract(self.agent)
        with self.assertRaises(UserError):
            order.sudo(self.backoffice)._isp_reject('   ')
        self.assertEqual(order.isp_intake_state, 'processing')

    def test_confirmed_contract_cannot_be_rejected(self):
        order = self._create_contract(self.agent)
        self._force_state(order, 'ready')
        order.sudo(self.backoffice).action_confirm()
        with self.assertRaises(UserError) as error:
            order.sudo(self.backoffice)._isp_reject('Too late')
        self.assertIn('cancel', error.exception.name)
        self.assertEqual(order.isp_intake_state, 'ready')

    def test_reset_clears_the_decisions_for_a_new_round(self):
        order = self._create_contract(self.agent)
        order.sudo(self.backoffice).action_isp_validate()
        order.sudo(self.backoffice)._isp_reject('Missing IBAN')
        order.sudo(self.backoffice).action_isp_reset_processing()
        self.assertEqual(order.isp_intake_state, 'processing')
        self.assertFalse(order.isp_validated_by_id)
        self.assertFalse(order.isp_reject_reason)

    def test_agent_cannot_run_back_office_actions(self):
        order = self._create_contract(self.agent)
        for method in ('action_isp_validate', 'action_isp_reject',
                       'action_isp_reset_processing'):
            with self.subTest(method=method):
                with self.assertRaises(UserError) as error:
                    getattr(order.sudo(self.agent), method)()
                self.assertIn('Back office', error.exception.name)
        self.assertEqual(order.isp_intake_state, 'processing')

    def test_only_a_manager_overrides_a_failed_credit_check(self):
        order = self._create_contract(self.agent)
        self._force_state(order, 'validated')
        with self.assertRaises(UserError) as error:
            order.sudo(self.backoffice)._isp_credit_override('Friend')
        self.assertIn('Manager', error.exception.name)
        action = order.sudo(self.manager).action_isp_credit_override()
        wizard = self.env['isp.intake.reason'].sudo(
            self.manager).with_context(**action['context']).create(
                {'reason': 'Paid at the counter'})
        wizard.action_confirm()
        order.invalidate_cache()
        self.assertEqual(order.isp_intake_state, 'credit_checked')
        self.assertEqual(order.isp_credit_check_result, 'overridden')
        self.assertEqual(order.isp_credit_override_reason,
                         'Paid at the counter')
        self.assertEqual(order.isp_credit_override_by_id, self.manager)

    def test_override_needs_a_failed_credit_check_first(self):
        order = self._create_contract(self.agent)
        order.sudo(self.backoffice).action_isp_validate()
        with self.assertRaises(UserError) as error:
            order.sudo(self.manager).action_isp_credit_override()
        self.assertIn('credit check first', error.exception.name)
        self.assertEqual(order.isp_intake_state, 'validated')


@at_install(False)
@post_install(True)
class TestIntakeAgentEditLock(IntakeCommon):

    @classmethod
    def setUpClass(cls):
        super(TestIntakeAgentEditLock, cls).setUpClass()
        cls.order = cls._create_contract(cls.agent)

    def test_agent_edits_contract_in_processing(self):
        self.order.write({'note': 'Call after 6 pm'})
        self.order.write({'order_line': [
            (1, self.order.order_line.id, {'product_uom_qty': 2})]})
        self.assertEqual(self.order.note, 'Call after 6 pm')
        self.assertEqual(self.order.order_line.product_uom_qty, 2)

    def test_agent_cannot_edit_validated_contract(self):
        self.order.sudo(self.backoffice).action_isp_validate()
        with self.assertRaises(UserError) as error, self.cr.savepoint():
            self.order.write({'note': 'Changed'})
        message = error.exception.name
        self.assertIn(self.order.name, message)
        self.assertIn('Validated by back office', message)
        self.assertIn('back office', message)
        self.order.invalidate_cache()
        self.assertFalse(self.order.note)

    def test_agent_still_writes_in_the_chatter_of_validated_contract(self):
        self.order.sudo(self.backoffice).action_isp_validate()
        self.order.message_post(body='Customer asks for an evening visit')
        self.order.message_subscribe(self.agent2.partner_id.ids)
        self.assertIn('evening visit', self.order.message_ids[0].body)
        self.assertIn(self.agent2.partner_id,
                      self.order.sudo().message_partner_ids)

    def test_agent_cannot_edit_lines_of_validated_contract(self):
        self.order.sudo(self.backoffice).action_isp_validate()
        line = self.order.order_line
        with self.assertRaises(UserError), self.cr.savepoint():
            self.order.write({'order_line': [
                (1, line.id, {'product_uom_qty': 5})]})
        with self.assertRaises(AccessError), self.cr.savepoint():
            line.sudo(self.agent).write({'product_uom_qty': 5})
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env['sale.order.line'].sudo(self.agent).create({
                'order_id': self.order.id,
                'product_id': self.product.id,
            })
        with self.assertRaises(AccessError), self.cr.savepoint():
            line.sudo(self.agent).unlink()
        line.invalidate_cache()
        self.assertEqual(line.product_uom_qty, 1)
        self.assertEqual(len(self.order.order_line), 1)

    def test_agent_cannot_delete_validated_contract(self):
        self.order.sudo(self.backoffice).action_isp_validate()
        with self.assertRaises(UserError), self.cr.savepoint():
            self.order.unlink()
        self.assertTrue(self.order.exists())

    def test_agent_cannot_move_the_intake_by_writing_it(self):
        with self.assertRaises(UserError), self.cr.savepoint():
            self.order.write({'isp_intake_state': 'ready'})
        with self.assertRaises(UserError), self.cr.savepoint():
            self._create_contract(self.agent, isp_intake_state='ready')
        self.order.invalidate_cache()
        self.assertEqual(self.order.isp_intake_state, 'processing')

    def test_back_office_edits_validated_contract(self):
        self.order.sudo(self.backoffice).action_isp_validate()
        self.order.sudo(self.backoffice).write({'note': 'Checked'})
        self.assertEqual(self.order.note, 'Checked')

    def test_agent_edits_again_after_reset_to_processing(self):
        self.order.sudo(self.backoffice).action_isp_validate()
        self.order.sudo(self.backoffice).action_isp_reset_processing()
        self.order.write({'note': 'Fixed the address'})
        self.assertEqual(self.order.note, 'Fixed the address')


@at_install(False)
@post_install(True)
class TestIntakeAccess(IntakeCommon):

    @classmethod
    def setUpClass(cls):
        super(TestIntakeAccess, cls).setUpClass()
        cls.own = cls._create_contract(cls.agent)
        cls.other = cls._create_contract(cls.agent2)
        cls.unassigned = cls.env['sale.order'].create({
            'partner_id': cls.customer.id,
            'isp_is_contract': True,
            'user_id': False,
        })
        commission = cls.env['sale.commission'].create({
            'name': '5 % (intake test)', 'fix_qty': 5.0})
        cls.agent.partner_id.write({
            'agent': True, 'commission': commission.id})
        commissioned_customer = cls.env['res.partner'].create({
            'name': 'Customer brought by agent',
            'agents': [(6, 0, cls.agent.partner_id.ids)],
        })
        cls.commissioned = cls._create_contract(
            cls.backoffice, partner=commissioned_customer)
        cls.all_orders = (cls.own | cls.other | cls.unassigned
                          | cls.commissioned)

    def _visible(self, user):
        return self.env['sale.order'].sudo(user).search(
            [('id', 'in', self.all_orders.ids)])

    def test_agent_sees_only_his_contracts(self):
        self.assertEqual(self.commissioned.order_line.agents.agent,
                         self.agent.partner_id)
        self.assertEqual(self._visible(self.agent),
                         self.own | self.commissioned)
        self.assertEqual(self._visible(self.agent2), self.other)

    def test_agent_cannot_read_another_agents_contract(self):
        with self.assertRaises(AccessError):
            self.other.sudo(self.agent).read(['name'])
        with self.assertRaises(AccessError):
            self.other.order_line.sudo(self.agent).read(['name'])

    def test_back_office_and_manager_see_every_contract(self):
        self.assertEqual(self._visible(self.backoffice), self.all_orders)
        self.assertEqual(self._visible(self.manager), self.all_orders)

    def test_groups_imply_each_other(self):
        self.assertTrue(self.agent.has_group('isp_crm.group_isp_user'))
        self.assertFalse(self.agent.has_group('isp_crm.group_isp_backoffice'))
        self.assertTrue(self.backoffice.has_group('isp_crm.group_isp_user'))
        self.assertFalse(
            self.backoffice.has_group('isp_crm.group_isp_manager'))
        self.assertTrue(
            self.manager.has_group('isp_crm.group_isp_backoffice'))

    def test_agent_sees_my_contracts_menu(self):
        self.assertMenuVisible(
            self.env.ref('isp_crm.sale_order_menu_my_contract'), self.agent)
        self.assertMenuHidden(
            self.env.ref('isp_crm.isp_commission_settlement_xlsx_menu'),
            self.agent)
        self.assertMenuVisible(
            self.env.ref('isp_crm.isp_commission_settlement_xlsx_menu'),
            self.backoffice)

    @staticmethod
    def _button(view, name):
        # the arch comes as bytes once sale_commission rewrote it
        arch = view['arch']
        if isinstance(arch, str):
            arch = arch.encode()
        return etree.fromstring(arch).xpath(
            "//button[@name='%s']" % name)[0]

    def test_contract_views_show_the_intake_to_the_agent(self):
        orders = self.env['sale.order'].sudo(self.agent)
        tree = orders.fields_view_get(
            view_id=self.env.ref('isp_crm.sale_order_view_tree').id,
            view_type='tree')
        self.assertIn('isp_intake_state', tree['fields'])
        search = orders.fields_view_get(
            view_id=self.env.ref('isp_crm.sale_order_view_search').id,
            view_type='search')
        self.assertIn('isp_groupby_intake_state', search['arch'])
        form = orders.fields_view_get(view_type='form')
        self.assertIn('isp_intake_state', form['fields'])
        # the back-office buttons are hidden from an agent for good
        self.assertEqual(self._button(form, 'action_isp_validate').get(
            'invisible'), '1')
        form = orders.sudo(self.backoffice).fields_view_get(view_type='form')
        self.assertIsNone(self._button(form, 'action_isp_validate').get(
            'invisible'))
        action = self.env.ref('isp_crm.sale_order_action_my_contract')
        self.assertIn('isp_is_contract', action.domain)
