# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The wizard driven over HTTP the way Odoo 11's web client drives it: the
form's fields read (``default_get``), the record saved before each
button (``create`` then ``write``), each button posted to
``/web/dataset/call_button`` with ``args=[[id], context]``, the record
read again after it."""
import json

from lxml import etree

from odoo.tests.common import HttpCase, at_install, post_install
from odoo.tools import config

from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor

from .test_contract_wizard_common import DNI, IBAN

USER_CONTEXT = {'lang': 'en_US', 'tz': 'Europe/Madrid'}


@at_install(False)
@post_install(True)
class TestContractWizardWebClient(HttpCase):

    def setUp(self):
        super(TestContractWizardWebClient, self).setUp()
        self.env = env = self.env(cr=self.registry.test_cr)
        self.agent = env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True).create({
                'name': 'Web Wizard Agent', 'login': 'web_wizard_agent',
                'password': 'web_wizard_agent',
                'email': 'web-wizard-agent@example.com',
                'groups_id': [(6, 0, [
                    env.ref('isp_crm.group_isp_agent').id])]})
        tax = env['account.tax'].create({
            'name': 'Web Wizard VAT', 'amount': 21.0,
            'amount_type': 'percent', 'type_tax_use': 'sale'})
        self.fibre = env['product.product'].create({
            'name': 'Web Wizard Fibre', 'type': 'service',
            'list_price': 30.0, 'isp_service_type': 'fibre',
            'taxes_id': [(6, 0, tax.ids)]})
        method = env['account.payment.method'].create({
            'name': 'Web Wizard Transfer', 'code': 'web_wizard_transfer',
            'payment_type': 'inbound'})
        self.mode = env['account.payment.mode'].create({
            'name': 'Web Wizard Transfer', 'bank_account_link': 'variable',
            'payment_method_id': method.id})
        authenticate_on_test_cursor(
            self, 'web_wizard_agent', 'web_wizard_agent')

    def _rpc(self, route, params):
        self.registry.test_cr.commit()
        answer = self.opener.post(
            'http://127.0.0.1:%s%s' % (config['http_port'], route),
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call', 'id': 1,
                             'params': params}),
            headers={'Content-Type': 'application/json'}, timeout=120)
        self.assertEqual(answer.status_code, 200, answer.text[:300])
        answer = answer.json()
        self.assertNotIn('error', answer, answer.get('error'))
        return answer['result']

    def _call_kw(self, method, args, kwargs=None):
        return self._rpc(
            '/web/dataset/call_kw/isp.contract.wizard/%s' % method, {
                'model': 'isp.contract.wizard', 'method': method,
                'args': args, 'kwargs': kwargs or {}})

    def _click(self, wizard_id, values, button, context=None):
        """Save ``values`` then click ``button``; returns the action and
        the record as the client reads it again."""
        if values:
            self._call_kw('write', [[wizard_id], values],
                          {'context': USER_CONTEXT})
        action = self._rpc('/web/dataset/call_button', {
            'model': 'isp.contract.wizard', 'method': button,
            'args': [[wizard_id], dict(USER_CONTEXT, **(context or {}))],
            'domain_id': None, 'context_id': 1})
        record = self._call_kw('read', [[wizard_id], self.names], {
            'context': dict(USER_CONTEXT, bin_size=True)})[0]
        return action, record

    def test_agent_runs_the_seven_steps_through_the_web_client(self):
        view = self._call_kw('fields_view_get', [], {
            'view_id': self.env.ref(
                'isp_contract_wizard.isp_contract_wizard_view_form').id,
            'view_type': 'form', 'context': USER_CONTEXT})
        self.names = sorted(view['fields'])
        arch = etree.fromstring(view['arch'])
        buttons = {button.get('name') for button in arch.iter('button')}
        for name in ('action_back', 'action_next', 'action_create_contract',
                     'action_sign_now', 'action_send_for_signature',
                     'action_print', 'action_go_to_step'):
            self.assertIn(name, buttons)
        values = self._call_kw('default_get', [self.names],
                               {'context': USER_CONTEXT})
        self.assertEqual(values['step'], 'customer')
        values.update({
            'customer_mode': 'new', 'new_name': 'Web Customer',
            'new_country_id': self.env.ref('base.es').id,
            'new_street': 'Gran Via 1', 'new_city': 'Madrid',
            'fiscal_id_type': 'es_dni', 'fiscal_id': DNI})
        values = {name: value for name, value in values.items()
                  if not isinstance(value, list)}
        wizard_id = self._call_kw('create', [values],
                                  {'context': USER_CONTEXT})
        action, record = self._click(wizard_id, {}, 'action_next')
        self.assertEqual(action['type'], 'ir.actions.act_window')
        self.assertEqual(action['res_id'], wizard_id)
        self.assertEqual(action['target'], 'new')
        self.assertEqual(record['step'], 'tariff')
        action, record = self._click(wizard_id, {
            'product_tmpl_id': self.fibre.product_tmpl_id.id,
            'payment_method': 'transfer', 'payment_mode_id': self.mode.id,
        }, 'action_next')
        self.assertEqual(record['step'], 'bank')
        action, record = self._click(wizard_id, {'iban': IBAN},
                                     'action_next')
        self.assertEqual(record['step'], 'counts')
        self.assertEqual(record['bic'], 'CAIXESBB')
        action, record = self._click(wizard_id, {}, 'action_next')
        self.assertEqual(record['step'], 'services')
        service_id = record['service_line_ids'][0]
        # a refusal at a step is a UserError answered to the client
        self._call_kw('write', [[wizard_id], {'service_line_ids': [
            (1, service_id, {'install_coverage': 'not_covered'})]}],
            {'context': USER_CONTEXT})
        answer = self.opener.post(
            'http://127.0.0.1:%s/web/dataset/call_button'
            % config['http_port'],
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call', 'id': 1,
                             'params': {
                                 'model': 'isp.contract.wizard',
                                 'method': 'action_next',
                                 'args': [[wizard_id], USER_CONTEXT]}}),
            headers={'Content-Type': 'application/json'}).json()
        self.assertEqual(answer['error']['data']['name'],
                         'odoo.exceptions.UserError')
        self.assertIn('is not covered', answer['error']['data']['message'])
        action, record = self._click(wizard_id, {'service_line_ids': [
            (1, service_id, {'install_street': 'Gran Via 1',
                             'install_city': 'Madrid',
                             'install_coverage': 'covered'})]},
            'action_next')
        self.assertEqual(record['step'], 'summary')
        self.assertAlmostEqual(record['amount_total'], 36.3)
        action, record = self._click(wizard_id, {}, 'action_go_to_step',
                                     {'isp_wizard_step': 'customer'})
        self.assertEqual(record['step'], 'customer')
        self.assertEqual(record['new_name'], 'Web Customer')
        action, record = self._click(wizard_id, {}, 'action_go_to_step',
                                     {'isp_wizard_step': 'summary'})
        self.assertEqual(record['step'], 'summary')
        action, record = self._click(wizard_id, {}, 'action_create_contract')
        self.assertEqual(record['step'], 'done')
        order = self.env['sale.order'].browse(record['order_id'][0])
        self.assertEqual(order.partner_id.name, 'Web Customer')
        self.assertEqual(order.user_id, self.agent)
        self.assertAlmostEqual(order.amount_total, 36.3)
        action, record = self._click(wizard_id, {}, 'action_open_contract')
        self.assertEqual(action['res_model'], 'sale.order')
        self.assertEqual(action['res_id'], order.id)
