# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The contracts and contract lines a sales agent may read and change
(isp_crm's record rules, which the wizard's Create goes through), as a
matrix: his own, another agent's, one without salesperson, one he earns a
commission on, his own once validated; the back office sees them all."""
from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.common import IspCommon


@at_install(False)
@post_install(True)
class TestAgentRecordRules(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestAgentRecordRules, cls).setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param(
            'isp_crm.credit_require_fiscal_id', 'False')
        cls.agent = cls._create_user(
            'rules_agent', ['isp_crm.group_isp_agent'])
        cls.agent2 = cls._create_user(
            'rules_agent2', ['isp_crm.group_isp_agent'])
        cls.backoffice = cls._create_user(
            'rules_backoffice', ['isp_crm.group_isp_backoffice'])
        cls.customer = cls.env['res.partner'].create({
            'name': 'Rules Customer', 'customer': True})
        cls.product = cls.env['product.product'].create({
            'name': 'Fibre 300 (rules test)', 'type': 'service',
            'list_price': 30.0})
        commission = cls.env['sale.commission'].create({
            'name': '5 % (rules test)', 'fix_qty': 5.0})
        cls.agent.partner_id.write({
            'agent': True, 'commission': commission.id})
        brought = cls.env['res.partner'].create({
            'name': 'Customer brought by the agent',
            'agents': [(6, 0, cls.agent.partner_id.ids)]})
        cls.own = cls._contract(cls.agent)
        cls.own_validated = cls._contract(cls.agent)
        cls.own_validated.sudo().write({
            'isp_intake_state': 'validated',
            'isp_credit_check_result': 'failed'})
        cls.other = cls._contract(cls.agent2)
        cls.unassigned = cls._contract(cls.backoffice, user_id=False)
        cls.commissioned = cls._contract(cls.backoffice, partner=brought)
        cls.orders = (cls.own | cls.own_validated | cls.other
                      | cls.unassigned | cls.commissioned)

    @classmethod
    def _contract(cls, user, partner=None, **values):
        vals = {
            'partner_id': (partner or cls.customer).id,
            'isp_is_contract': True,
            'order_line': [(0, 0, {'product_id': cls.product.id,
                                   'product_uom_qty': 1,
                                   'price_unit': 30.0})],
        }
        vals.update(values)
        return cls.env['sale.order'].sudo(user).create(vals).sudo()

    def _visible_orders(self, user):
        return self.env['sale.order'].sudo(user).search(
            [('id', 'in', self.orders.ids)]).sudo()

    def _visible_lines(self, user):
        return self.env['sale.order.line'].sudo(user).search(
            [('order_id', 'in', self.orders.ids)]).sudo()

    def _changeable_lines(self, user):
        changed = self.env['sale.order.line']
        for line in self.orders.mapped('order_line'):
            try:
                with self.cr.savepoint():
                    line.sudo(user).write({'name': 'Changed'})
            except AccessError:
                continue
            changed |= line
        return changed

    def test_agent_sees_his_own_and_commissioned_contracts_only(self):
        self.assertEqual(self.commissioned.order_line.agents.agent,
                         self.agent.partner_id)
        mine = self.own | self.own_validated | self.commissioned
        self.assertEqual(self._visible_orders(self.agent), mine)
        self.assertEqual(self._visible_lines(self.agent),
                         mine.mapped('order_line'))
        self.assertEqual(self._visible_orders(self.agent2), self.other)
        self.assertEqual(self._visible_lines(self.agent2),
                         self.other.order_line)

    def test_agent_cannot_read_lines_of_other_or_unassigned_contracts(self):
        for order in (self.other, self.unassigned):
            with self.assertRaises(AccessError):
                order.order_line.sudo(self.agent).read(['name'])

    def test_agent_changes_lines_of_his_contracts_in_processing_only(self):
        self.assertEqual(self._changeable_lines(self.agent),
                         (self.own | self.commissioned).mapped('order_line'))
        self.assertEqual(self._changeable_lines(self.agent2),
                         self.other.order_line)

    def test_back_office_sees_and_changes_every_contract(self):
        self.assertEqual(self._visible_orders(self.backoffice), self.orders)
        self.assertEqual(self._visible_lines(self.backoffice),
                         self.orders.mapped('order_line'))
        self.assertEqual(self._changeable_lines(self.backoffice),
                         self.orders.mapped('order_line'))

    def test_agent_line_rules_need_no_salesman_rule(self):
        """The salesman group's line rule (two searches of the orders by
        salesperson) is left out of an agent's rules: the agent rule
        already says what he sees."""
        domain = self.env['ir.rule'].sudo(self.agent)._compute_domain(
            'sale.order.line', 'read')
        self.assertNotIn(('order_id.user_id', '=', False), domain)
