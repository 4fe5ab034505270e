# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The buttons of isp_billing and isp_crm called the way Odoo 11's web
client calls them, and their public methods called over JSON-RPC by users
who must be refused.

The web client clicks a ``<button type="object">`` with
``/web/dataset/call_button`` and ``args=[[id], context]``: Odoo hands the
context to the method's first optional positional parameter when it has
one (``def action_x(self, date=None)`` gets the context dict as ``date``)."""
import datetime
import inspect
import json

from lxml import etree

from odoo import fields
from odoo.tests.common import HttpCase, at_install, post_install

from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor

ADDONS = ('isp_billing', 'isp_crm')
# refusals Odoo answers with; anything else (TypeError...) is a crash
REFUSALS = ('odoo.exceptions.AccessError', 'odoo.exceptions.UserError',
            'odoo.exceptions.ValidationError', 'odoo.exceptions.except_orm')


def object_buttons(env, modules):
    """{(model, method)} of the ``<button type="object">`` of the views
    that ``modules`` define (their own arch, inherited views included)."""
    data = env['ir.model.data'].sudo().search([
        ('module', 'in', list(modules)), ('model', '=', 'ir.ui.view')])
    buttons = set()
    for view in env['ir.ui.view'].sudo().browse(data.mapped('res_id')):
        arch = etree.fromstring(view.arch_db.encode('utf-8'))
        for button in arch.iter('button'):
            if button.get('type') == 'object' and button.get('name'):
                buttons.add((view.model, button.get('name')))
    return buttons


def positional_parameters(function):
    """Names of the parameters after ``self`` that a positional argument
    fills (the context the web client sends would land in the first)."""
    parameters = list(inspect.signature(function).parameters.values())[1:]
    return [p.name for p in parameters
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                          p.VAR_POSITIONAL)]


@at_install(False)
@post_install(True)
class TestWebClientCalls(HttpCase):

    def setUp(self):
        super(TestWebClientCalls, self).setUp()
        # what the server must see lives on the registry's test cursor
        self.env = env = self.env(cr=self.registry.test_cr)
        self.today = fields.Date.context_today(env['res.users'])
        env['ir.config_parameter'].sudo().set_param(
            'isp_crm.credit_require_fiscal_id', 'False')
        self.customer = env['res.partner'].create({
            'name': 'Web Client Customer', 'customer': True,
            'email': 'web-client@example.com'})
        self.product = env['product.product'].create({
            'name': 'Web Client Fibre', 'type': 'service',
            'list_price': 30.0, 'isp_service_type': 'fibre'})
        Subscription = env['isp.subscription']
        self.pending = Subscription.create({
            'partner_id': self.customer.id, 'product_id': self.product.id,
            'price_unit': 30.0})
        self.pending_internal = Subscription.create({
            'partner_id': self.customer.id, 'product_id': self.product.id,
            'price_unit': 30.0})
        self.active = Subscription.create({
            'partner_id': self.customer.id, 'product_id': self.product.id,
            'price_unit': 30.0, 'state': 'active',
            'date_start': '2026-01-01'})
        tomorrow = fields.Date.to_string(fields.Date.from_string(
            self.today) + datetime.timedelta(days=1))
        self.migration = env['isp.migration'].create({
            'partner_id': self.customer.id, 'date': tomorrow,
            'line_ids': [(0, 0, {'subscription_id': self.active.id})]})
        self.contract = env['sale.order'].create({
            'partner_id': self.customer.id,
            'isp_is_contract': True,
            'isp_intake_state': 'validated',
            'order_line': [(0, 0, {
                'product_id': self.product.id, 'name': self.product.name,
                'product_uom_qty': 1, 'product_uom': self.product.uom_id.id,
                'price_unit': 30.0})],
        })
        self.portal_user = self._user('web_client_portal',
                                      'base.group_portal')
        self.employee = self._user('web_client_employee', 'base.group_user')
        self.registry.test_cr.commit()

    def _user(self, login, group):
        return self.env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True).create({
                'name': login.replace('_', ' ').title(), 'login': login,
                'password': login, 'email': '%s@example.com' % login,
                'groups_id': [(6, 0, [self.env.ref(group).id])]})

    def _login(self, login, password):
        authenticate_on_test_cursor(self, login, password)

    def _rpc(self, route, params):
        answer = self.opener.post(
            'http://127.0.0.1:%s%s' % (self._port(), route),
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call', 'id': 1,
                             'params': params}),
            headers={'Content-Type': 'application/json'}, timeout=60)
        self.assertEqual(answer.status_code, 200, answer.text[:300])
        return answer.json()

    @staticmethod
    def _port():
        from odoo.tools import config
        return config['http_port']

    def _click(self, record, method):
        """Click the button ``method`` of ``record`` like the web client."""
        context = {'lang': 'en_US', 'tz': 'Europe/Madrid', 'uid': 1,
                   'params': {'id': record.id, 'model': record._name,
                              'view_type': 'form'}}
        return self._rpc('/web/dataset/call_button', {
            'model': record._name, 'method': method,
            'args': [[record.id], context], 'domain_id': None,
            'context_id': 1})

    def _refresh(self, *records):
        for record in records:
            record.invalidate_cache()

    def test_no_button_takes_an_optional_positional_parameter(self):
        buttons = object_buttons(self.env, ADDONS)
        self.assertIn(('isp.subscription', 'action_activate'), buttons)
        self.assertIn(('sale.order', 'action_isp_credit_check'), buttons)
        problems = []
        for model, method in sorted(buttons):
            function = getattr(type(self.env[model]), method, None)
            if function is None:
                problems.append('%s.%s does not exist' % (model, method))
                continue
            names = positional_parameters(function)
            if names:
                problems.append('%s.%s(%s): the web client passes its '
                                'context there' % (model, method,
                                                   ', '.join(names)))
        self.assertFalse(problems, '\n'.join(problems))

    def test_buttons_clicked_from_the_web_client_do_their_job(self):
        self._login('admin', 'admin')
        answers = {
            'activate': self._click(self.pending, 'action_activate'),
            'activate not billable': self._click(
                self.pending_internal, 'action_activate_nonbillable'),
            'credit check': self._click(
                self.contract, 'action_isp_credit_check'),
            'migration confirm': self._click(
                self.migration, 'action_confirm'),
        }
        for name, answer in answers.items():
            self.assertNotIn('error', answer, '%s: %s' % (
                name, answer.get('error', {}).get('data', {}).get(
                    'message')))
        self._refresh(self.pending, self.pending_internal, self.contract,
                      self.migration)
        self.assertEqual(self.pending.state, 'active')
        self.assertEqual(self.pending.date_start, self.today)
        self.assertEqual(self.pending_internal.state, 'active_nonbillable')
        self.assertEqual(self.pending_internal.date_start, self.today)
        self.assertEqual(self.contract.isp_intake_state, 'credit_checked')
        self.assertEqual(self.contract.isp_credit_check_result, 'passed')
        self.assertEqual(self.contract.isp_date_credit_check, self.today)
        # the change date is tomorrow: scheduled, applied by the cron
        self.assertEqual(self.migration.state, 'scheduled')
        self.assertEqual(self.active.state, 'active')

    def test_portal_and_employee_are_refused_over_json_rpc(self):
        """The attacker's calls of the review, with arguments of their
        choice, as a portal customer and as an employee without any ISP
        group: refused, nothing changed."""
        context = {'lang': 'en_US', 'date': '2026-01-01',
                   'date_ref': '2026-01-01'}
        calls = [
            (record, method, args)
            for record, method in (
                (self.pending, 'action_activate'),
                (self.pending_internal, 'action_activate_nonbillable'),
                (self.contract, 'action_isp_credit_check'),
                (self.migration, 'action_confirm'))
            for args in ([], [context])
        ]
        for login in ('web_client_portal', 'web_client_employee'):
            self._login(login, login)
            for record, method, args in calls:
                answer = self._rpc('/web/dataset/call_kw', {
                    'model': record._name, 'method': method,
                    'args': [record.ids] + args, 'kwargs': {}})
                self.assertIn('error', answer, '%s %s' % (login, method))
                self.assertIn(answer['error']['data']['name'], REFUSALS,
                              '%s %s: %s' % (login, method,
                                             answer['error']['data']))
        self._refresh(self.pending, self.pending_internal, self.contract,
                      self.migration)
        self.assertEqual(self.pending.state, 'pending')
        self.assertEqual(self.pending_internal.state, 'pending')
        self.assertEqual(self.contract.isp_intake_state, 'validated')
        self.assertFalse(self.contract.isp_credit_check_result)
        self.assertEqual(self.migration.state, 'draft')
