# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pushes to the external system through the SOAP connector, against the
suite's real local SOAP server: the queue jobs are run by calling them
(``_job_send``), as queue_job's runner would."""
import json
import unittest

from odoo.exceptions import UserError
from odoo.tests.common import HttpCase, at_install, post_install

from odoo.addons.isp_crm.tests.common import authenticate_on_test_cursor
from odoo.addons.queue_job.exception import RetryableJobError

from ..rules import soap_push as push_rules
from .soap_server import LocalSoapServer
from .test_soap_connector import SoapCommon


class TestSoapPushRules(unittest.TestCase):

    def test_empty_odoo_values_are_sent_as_none(self):
        cases = [
            ({'a': False, 'b': 0, 'c': ''}, {'a': None, 'b': 0, 'c': ''}),
            ({'lines': [{'x': False}]}, {'lines': [{'x': None}]}),
            ([False, True], [None, True]),
        ]
        for values, expected in cases:
            self.assertEqual(push_rules.clean(values), expected)

    def test_digest_depends_on_what_is_sent_only(self):
        one = push_rules.digest('PushCustomer', 'res.partner', 7,
                                {'email': 'a@x.es', 'name': 'A'})
        same = push_rules.digest('PushCustomer', 'res.partner', 7,
                                 {'name': 'A', 'email': 'a@x.es'})
        self.assertEqual(one, same)
        for other in (
                push_rules.digest('PushContract', 'res.partner', 7,
                                  {'email': 'a@x.es', 'name': 'A'}),
                push_rules.digest('PushCustomer', 'res.partner', 8,
                                  {'email': 'a@x.es', 'name': 'A'}),
                push_rules.digest('PushCustomer', 'res.partner', 7,
                                  {'email': 'b@x.es', 'name': 'A'})):
            self.assertNotEqual(one, other)

    def test_key_is_chained_to_the_previous_key(self):
        first = push_rules.idempotency_key('d1')
        second = push_rules.idempotency_key('d2', first)
        back = push_rules.idempotency_key('d1', second)
        self.assertEqual(first, push_rules.idempotency_key('d1', None))
        self.assertEqual(len({first, second, back}), 3)
        self.assertEqual(len(first), 40)


@at_install(False)
@post_install(True)
class TestSoapPush(SoapCommon):

    @classmethod
    def setUpClass(cls):
        super(TestSoapPush, cls).setUpClass()
        cls.fibre = cls._create_isp_product(
            'Push Fibre 1 Gb', 39.9, default_code='FIB1G')
        cls.customer.write({'isp_customer_code': 'C-PUSH-1',
                            'email': 'push@example.com'})
        # the fixtures' own pushes are not what the tests look at
        cls.env['isp.soap.call'].search([]).unlink()

    def _send(self, calls):
        """Run the queue job of each call once, as the runner would."""
        for call in calls:
            call._job_send()

    def _queued(self, operation, record):
        calls = self._calls(operation, record)
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls.state, 'queued')
        return calls

    # -- contracts -------------------------------------------------------

    def test_confirmed_contract_is_pushed_with_its_values_and_key(self):
        order = self._create_contract(self.customer, [(self.fibre, 1, 35.0)])
        order.action_confirm()
        call = self._queued('PushContract', order)
        job = self.env['queue.job'].search([
            ('model_name', '=', 'isp.soap.call'),
            ('method_name', '=', '_job_send'),
            ('record_ids', 'like', '[%s]' % call.id)])
        self.assertEqual(len(job), 1)
        self._send(call)
        self.assertEqual((call.state, call.attempts), ('done', 1))
        received = self.server.received_of('PushContract')
        self.assertEqual(len(received), 1)
        self.assertEqual(received[0]['key'], call.key)
        contract = received[0]['data']
        subscription = order.isp_subscription_ids
        self.assertEqual(contract['reference'], order.name)
        self.assertEqual(contract['customer_code'], 'C-PUSH-1')
        self.assertEqual(contract['customer_name'], self.customer.name)
        self.assertEqual(contract['amount_total'], order.amount_total)
        self.assertEqual(len(contract['lines']), 1)
        line = contract['lines'][0]
        self.assertEqual(line['subscription_ref'], subscription.name)
        self.assertEqual(line['product_code'], 'FIB1G')
        self.assertEqual(line['service_type'], 'fibre')
        self.assertEqual(line['price_unit'], 35.0)
        self.assertEqual(json.loads(call.payload)['key'], call.key)

    def test_same_change_twice_gives_one_call(self):
        order = self._create_contract(self.customer, [(self.fibre, 1, 35.0)])
        order.action_confirm()
        order._isp_soap_push_contract()
        self.assertEqual(len(self._calls('PushContract', order)), 1)
        self.customer.write({'email': 'ana@example.com'})
        self.customer.write({'email': 'ana@example.com'})
        calls = self._calls('PushCustomer', self.customer)
        self.assertEqual(len(calls), 1)
        # a change back to an earlier value is a new change, new key
        self.customer.write({'email': 'push@example.com'})
        self.customer.write({'email': 'ana@example.com'})
        calls = self._calls('PushCustomer', self.customer)
        self.assertEqual(len(calls), 3)
        self.assertEqual(len(set(calls.mapped('key'))), 3)
        self._send(calls)
        self.assertEqual(
            [r['data']['email'] for r in self.server.received],
            ['ana@example.com', 'push@example.com', 'ana@example.com'])

    # -- customer data ---------------------------------------------------

    def test_customer_data_change_is_pushed(self):
        self.customer.write({'street': 'Calle Mayor 1', 'city': 'Madrid',
                             'zip': '28013', 'phone': '+34 600 000 000',
                             'country_id': self.env.ref('base.es').id})
        call = self._queued('PushCustomer', self.customer)
        self._send(call)
        self.assertEqual(call.state, 'done')
        customer = self.server.received_of('PushCustomer')[0]['data']
        self.assertEqual(customer['customer_code'], 'C-PUSH-1')
        self.assertEqual(customer['street'], 'Calle Mayor 1')
        self.assertEqual(customer['city'], 'Madrid')
        self.assertEqual(customer['zip'], '28013')
        self.assertEqual(customer['country'], 'ES')
        self.assertEqual(customer['email'], 'push@example.com')

    def test_other_partner_fields_and_other_partners_are_not_pushed(self):
        self.customer.write({'comment': 'Calls in the morning'})
        stranger = self.env['res.partner'].create({'name': 'No services'})
        stranger.write({'email': 'stranger@example.com'})
        self.assertFalse(self._calls('PushCustomer'))

    # -- subscription events ---------------------------------------------

    def test_subscription_events_are_pushed(self):
        subscription = self._create_subscription(self.customer)
        subscription._activate(date_start='2026-03-01')
        subscription.with_context(
            isp_state_reason='Invoice 2026/0001 unpaid').action_suspend()
        subscription._isp_reconnect('Paid')
        subscription.action_terminate()
        calls = self._calls('PushSubscriptionEvent', subscription)
        self._send(calls)
        self.assertEqual(calls.mapped('state'), ['done'] * 4)
        events = [r['data'] for r in self.server.received]
        self.assertEqual([e['event'] for e in events],
                         ['activated', 'suspended', 'reconnected',
                          'terminated'])
        self.assertEqual(events[1]['reason'], 'Invoice 2026/0001 unpaid')
        self.assertEqual(events[2]['reason'], 'Paid')
        self.assertTrue(all(e['subscription_ref'] == subscription.name
                            and e['customer_code'] == 'C-PUSH-1'
                            for e in events))
        self.assertEqual([r['key'] for r in self.server.received],
                         calls.mapped('key'))

    def test_dunning_suspension_goes_through_the_connector(self):
        self.subscription._activate(date_start='2026-01-01')
        self.server.received[:] = []
        invoice = self.env['account.invoice']
        level = self.env['credit.control.policy.level'].search([], limit=1)
        self.subscription._isp_dunning_suspend(
            invoice, level, '2026-03-10 10:00:00')
        self.assertEqual(self.subscription.state, 'suspended')
        call = self._calls('PushSubscriptionEvent', self.subscription)[-1]
        self._send(call)
        event = self.server.received_of('PushSubscriptionEvent')[-1]['data']
        self.assertEqual(event['event'], 'suspended')
        self.assertIn('Dunning level', event['reason'])
        self.assertEqual(str(event['date']), '2026-03-10')

    # -- failures --------------------------------------------------------

    def test_soap_fault_fails_at_once_with_a_clear_message(self):
        self.server.fault = ('Client.InvalidData', 'Unknown customer')
        self.customer.write({'phone': '+34 911 000 000'})
        call = self._queued('PushCustomer', self.customer)
        self._send(call)
        self.assertEqual((call.state, call.attempts, call.retryable),
                         ('failed', 1, False))
        self.assertIn('Unknown customer', call.error)
        self.assertIn('Client.InvalidData', call.error)
        self.assertEqual(self.customer.isp_soap_failed_call_count, 1)
        self.assertIn('Unknown customer',
                      self.customer.message_ids[0].body)

    def test_timeout_is_retried_with_backoff_then_fails(self):
        self.connector.timeout = 0.3
        self.server.delay = 5
        self.customer.write({'mobile': '+34 622 000 000'})
        call = self._queued('PushCustomer', self.customer)
        delays = []
        for _try in range(3):
            with self.assertRaises(RetryableJobError) as caught:
                call._job_send()
            delays.append(caught.exception.seconds)
            self.assertEqual(call.state, 'queued')
        self.assertEqual(delays, [60, 300, 900])
        call._job_send()
        self.assertEqual((call.state, call.attempts), ('failed', 4))
        self.assertTrue(call.retryable)
        self.assertIn('did not answer', call.error)

    def test_only_billing_managers_retry_a_call(self):
        self.server.fault = ('Client.InvalidData', 'Unknown customer')
        self.customer.write({'phone': '+34 911 000 001'})
        call = self._queued('PushCustomer', self.customer)
        self._send(call)
        with self.assertRaises(UserError):
            call.sudo(self.billing_user).action_retry()
        self.assertEqual(call.state, 'failed')
        self.server.fault = None
        call.sudo(self.billing_manager).action_retry()
        self.assertEqual((call.state, call.attempts), ('queued', 0))
        self._send(call)
        self.assertEqual(call.state, 'done')
        self.assertEqual(self.customer.isp_soap_failed_call_count, 0)

    def test_failed_contract_push_shows_on_the_contract(self):
        self.server.fault = ('Client.InvalidData', 'Unknown product')
        order = self._create_contract(self.customer, [(self.fibre, 1, 35.0)])
        order.action_confirm()
        self._send(self._calls('PushContract', order))
        self.assertEqual(order.isp_soap_failed_call_count, 1)
        action = order.sudo(self.billing_manager).action_isp_view_soap_calls()
        calls = self.env['isp.soap.call'].search(action['domain'])
        self.assertEqual(calls.mapped('state'), ['failed'])

    # -- nothing to push -------------------------------------------------

    def test_nothing_is_pushed_when_the_operation_is_off(self):
        self.connector.write({'push_contract': False,
                              'push_subscription_event': False,
                              'push_customer': False})
        order = self._create_contract(self.customer, [(self.fibre, 1, 35.0)])
        order.action_confirm()
        order.isp_subscription_ids._activate()
        self.customer.write({'email': 'off@example.com'})
        self.assertFalse(self._calls())

    def test_nothing_is_pushed_without_a_connector(self):
        self.connector.active = False
        order = self._create_contract(self.customer, [(self.fibre, 1, 35.0)])
        order.action_confirm()
        order.isp_subscription_ids._activate()
        self.customer.write({'email': 'none@example.com'})
        self.assertFalse(self.env['isp.soap.call'].search([]))


@at_install(False)
@post_install(True)
class TestSoapRetryButton(HttpCase):
    """Retry clicked as the web client does (call_button, the context as
    first positional argument) after the external system is fixed."""

    def setUp(self):
        super(TestSoapRetryButton, self).setUp()
        self.env = env = self.env(cr=self.registry.test_cr)
        self.server = LocalSoapServer()
        self.server.__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        company = env.user.company_id
        env['isp.soap.connector'].search(
            [('company_id', '=', company.id)]).unlink()
        self.connector = env['isp.soap.connector'].create({
            'company_id': company.id, 'wsdl_url': self.server.wsdl_url,
            'timeout': 5.0})
        self.customer = env['res.partner'].create({
            'name': 'Retry Customer', 'customer': True})
        product = env['product.product'].create({
            'name': 'Retry Fibre', 'type': 'service', 'list_price': 30.0,
            'isp_service_type': 'fibre'})
        env['isp.subscription'].create({
            'partner_id': self.customer.id, 'product_id': product.id,
            'price_unit': 30.0})
        self.registry.test_cr.commit()

    def test_retry_button_sends_the_failed_call_again(self):
        self.server.fault = ('Client.Unavailable', 'Closed for maintenance')
        self.customer.write({'email': 'retry@example.com'})
        call = self.env['isp.soap.call'].search(
            [('connector_id', '=', self.connector.id)])
        call._job_send()
        self.assertEqual(call.state, 'failed')
        self.server.fault = None
        authenticate_on_test_cursor(self, 'admin', 'admin')
        context = {'lang': 'en_US', 'tz': 'Europe/Madrid', 'uid': 1}
        answer = self.opener.post(
            'http://127.0.0.1:%s/web/dataset/call_button' % self._port(),
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call', 'id': 1,
                             'params': {'model': 'isp.soap.call',
                                        'method': 'action_retry',
                                        'args': [[call.id], context]}}),
            headers={'Content-Type': 'application/json'}, timeout=60).json()
        self.assertNotIn('error', answer, answer.get('error'))
        call.invalidate_cache()
        self.assertEqual((call.state, call.attempts), ('queued', 0))
        call._job_send()
        self.assertEqual((call.state, call.attempts), ('done', 1))
        self.assertEqual(self.server.received[-1]['data']['email'],
                         'retry@example.com')
        self.assertEqual(self.server.received[-1]['key'], call.key)

    @staticmethod
    def _port():
        from odoo.tools import config
        return config['http_port']
