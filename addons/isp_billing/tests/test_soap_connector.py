# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SOAP connector against the suite's real local SOAP server (spyne):
test connection, WS-Security, the client API and its call log."""
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from ..models.isp_soap_connector import IspSoapError
from .common import IspBillingCommon
from .http_sink import free_port
from .soap_server import LocalSoapServer


class SoapCommon(IspBillingCommon):
    """A local SOAP server for the whole class and a connector of the
    company on it (every operation on)."""

    server_credentials = (None, None)

    @classmethod
    def setUpClass(cls):
        super(SoapCommon, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context,
                                       tracking_disable=True))
        cls.company = cls.env.user.company_id
        username, password = cls.server_credentials
        cls.server = LocalSoapServer(username=username, password=password)
        cls.server.__enter__()
        cls.env['isp.soap.connector'].search(
            [('company_id', '=', cls.company.id)]).unlink()
        cls.connector = cls.env['isp.soap.connector'].create({
            'name': 'Legacy billing',
            'company_id': cls.company.id,
            'wsdl_url': cls.server.wsdl_url,
            'timeout': 5.0,
            'use_wsse': bool(username),
            'username': username,
            'password': password,
            'push_contract': True,
            'push_subscription_event': True,
            'push_customer': True,
        })

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        super(SoapCommon, cls).tearDownClass()

    def setUp(self):
        super(SoapCommon, self).setUp()
        self.server.received[:] = []
        self.server.keys.clear()
        self.server.fault = None
        self.server.delay = 0
        self.server.malformed = False

    def _calls(self, operation=None, record=None):
        domain = [('connector_id', '=', self.connector.id)]
        if operation:
            domain.append(('operation', '=', operation))
        if record is not None:
            domain += [('res_model', '=', record._name),
                       ('res_id', '=', record.id)]
        return self.env['isp.soap.call'].search(domain, order='id')


@at_install(False)
@post_install(True)
class TestSoapConnector(SoapCommon):

    def test_test_connection_calls_ping_and_shows_the_result(self):
        self.connector.sudo(self.billing_manager).action_test_connection()
        self.assertTrue(self.connector.last_test_ok)
        self.assertIn('pong', self.connector.last_test_result)
        self.assertTrue(self.connector.date_last_test)
        self.assertEqual(self._calls('Ping').state, 'done')

    def test_unreachable_wsdl_is_a_clear_error(self):
        self.connector.wsdl_url = 'http://127.0.0.1:%d/?wsdl' % free_port()
        with self.assertRaises(UserError) as caught:
            self.connector.action_test_connection()
        self.assertIn('cannot be reached', caught.exception.name)
        ok, _message = self.connector._isp_test_connection()
        self.assertFalse(ok)
        self.assertFalse(self.connector.last_test_ok)
        self.assertIn('cannot be reached', self.connector.last_test_result)

    def test_wsdl_url_answering_an_http_error_is_a_clear_error(self):
        self.connector.wsdl_url = self.server.url + 'nothing-here'
        with self.assertRaises(UserError) as caught:
            self.connector.action_test_connection()
        self.assertIn('answered HTTP 405', caught.exception.name)

    def test_billing_user_cannot_test_nor_read_credentials(self):
        with self.assertRaises(UserError):
            self.connector.sudo(self.billing_user).action_test_connection()
        with self.assertRaises(AccessError):
            self.connector.sudo(self.billing_manager).read(['password'])
        # the manager reads the rest of the connector
        self.assertEqual(
            self.connector.sudo(self.billing_manager).wsdl_url,
            self.server.wsdl_url)

    def test_one_connector_per_company(self):
        with mute_logger('odoo.sql_db'), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.env['isp.soap.connector'].create({
                    'company_id': self.company.id,
                    'wsdl_url': self.server.wsdl_url,
                })

    def test_call_returns_plain_python_and_is_logged(self):
        answer = self.connector._isp_call(
            'PushCustomer', {'key': 'K-1', 'customer': {'name': 'Ana'}},
            record=self.customer, key='K-1')
        self.assertEqual(answer, {'key': 'K-1', 'accepted': True,
                                  'remote_id': 'PushCustomer-1'})
        call = self._calls('PushCustomer')
        self.assertEqual(len(call), 1)
        self.assertEqual((call.state, call.attempts, call.key),
                         ('done', 1, 'K-1'))
        self.assertEqual(call.record_ref, self.customer)
        self.assertEqual(call.company_id, self.company)
        self.assertIn('Ana', call.request)
        self.assertIn('PushCustomer-1', call.response)
        self.assertEqual(self.server.received[0]['data']['name'], 'Ana')

    def test_malformed_answer_is_not_retryable(self):
        self.server.malformed = True
        with self.assertRaises(IspSoapError) as caught:
            self.connector._isp_call(
                'PushCustomer', {'key': 'K-2', 'customer': {'name': 'Ana'}},
                key='K-2')
        self.assertFalse(caught.exception.retryable)
        self.assertIn('cannot be read', caught.exception.name)
        call = self._calls('PushCustomer')
        self.assertEqual((call.state, call.retryable), ('failed', False))

    def test_unknown_operation_is_a_clear_error(self):
        with self.assertRaises(IspSoapError) as caught:
            self.connector._isp_call('PushUnicorn', {})
        self.assertIn('no operation PushUnicorn', caught.exception.name)

    def test_no_connector_when_the_operation_is_off(self):
        Connector = self.env['isp.soap.connector']
        self.assertEqual(Connector._isp_connector_for(
            self.company, 'push_contract'), self.connector)
        self.connector.push_contract = False
        self.assertFalse(Connector._isp_connector_for(
            self.company, 'push_contract'))
        self.connector.active = False
        self.assertFalse(Connector._isp_connector_for(self.company))


@at_install(False)
@post_install(True)
class TestSoapConnectorWsse(SoapCommon):

    server_credentials = ('odoo', 's3cret-Pass')

    def test_wsse_username_token_is_sent_and_accepted(self):
        self.connector.action_test_connection()
        self.assertTrue(self.connector.last_test_ok)
        self.connector._isp_call('PushCustomer', {
            'key': 'K-3', 'customer': {'name': 'Ana'}}, key='K-3')
        self.assertEqual(self.server.received[0]['username'], 'odoo')
        call = self._calls('PushCustomer')
        self.assertNotIn('s3cret-Pass', call.request + call.response)

    def test_wrong_credentials_are_refused(self):
        self.connector.password = 'wrong'
        with self.assertRaises(UserError) as caught:
            self.connector.action_test_connection()
        self.assertIn('Wrong or missing WS-Security UsernameToken',
                      caught.exception.name)
        self.connector.use_wsse = False
        with self.assertRaises(UserError) as caught:
            self.connector.action_test_connection()
        self.assertIn('Client.Authentication', caught.exception.name)
