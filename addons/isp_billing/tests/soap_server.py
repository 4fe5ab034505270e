# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A real SOAP 1.1 server on 127.0.0.1 for the tests of the SOAP connector:
the WSDL the suite expects (spyne 2.14, served by wsgiref in a thread).

    with LocalSoapServer() as server:
        connector.wsdl_url = server.wsdl_url
        ...
        server.received   # [{'operation': 'PushContract', 'key': ...,
                          #   'data': {...}, 'username': ...}, ...]

Switches (set them on the server at any time):

* ``username`` / ``password``: when set, every call must carry a
  WS-Security UsernameToken with them (else a SOAP Fault
  ``Client.Authentication``);
* ``fault``: ``(faultcode, faultstring)`` answered by every operation but
  Ping (e.g. ``('Client.InvalidData', 'Unknown customer')``);
* ``delay``: seconds each operation waits before answering (to make the
  client time out); the wait ends at once when the server stops;
* ``malformed``: answer operations with a body that is not SOAP;
* ``answers``: operation name -> list of dicts returned by the pulls
  (S2's operations).

Operations (namespace ``urn:isp-suite:soap:1``):

* ``Ping() -> string``
* ``PushContract(key, contract: Contract) -> Ack``
* ``PushSubscriptionEvent(key, event: SubscriptionEvent) -> Ack``
* ``PushCustomer(key, customer: Customer) -> Ack``
* ``PullInvoiceStatus(customer_codes: [string], since: dateTime)
  -> [InvoiceStatus]``
* ``PullPayments(customer_codes: [string], since: dateTime) -> [Payment]``
* ``PullConsumption(customer_codes: [string], since: dateTime)
  -> [Consumption]``
* ``PullActivations(since: dateTime) -> [Activation]``
"""
import io
import logging
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, \
    make_server

from lxml import etree

from spyne import Application, Array, Boolean, ComplexModel, Date, \
    DateTime, Double, Fault, ServiceBase, Unicode, rpc
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication

from .http_sink import free_port

NAMESPACE = 'urn:isp-suite:soap:1'
# a mandatory string
Required = Unicode(min_occurs=1, nillable=False)
WSSE_NS = ('http://docs.oasis-open.org/wss/2004/01/'
           'oasis-200401-wss-wssecurity-secext-1.0.xsd')


class IspModel(ComplexModel):
    __namespace__ = NAMESPACE


class ContractLine(IspModel):
    subscription_ref = Unicode
    product_code = Unicode
    product_name = Unicode
    service_type = Unicode
    quantity = Double
    price_unit = Double


class Contract(IspModel):
    reference = Required
    customer_code = Unicode
    customer_name = Unicode
    fiscal_id = Unicode
    date_confirmed = Date
    currency = Unicode
    amount_total = Double
    lines = ContractLine.customize(max_occurs='unbounded')


class SubscriptionEvent(IspModel):
    subscription_ref = Required
    contract_ref = Unicode
    customer_code = Unicode
    # activated, suspended, reconnected, terminated
    event = Required
    date = Date
    reason = Unicode
    product_code = Unicode
    service_type = Unicode


class Customer(IspModel):
    customer_code = Unicode
    name = Unicode
    fiscal_id = Unicode
    email = Unicode
    phone = Unicode
    mobile = Unicode
    street = Unicode
    street2 = Unicode
    zip = Unicode
    city = Unicode
    state = Unicode
    # ISO 3166 alpha-2
    country = Unicode


class Ack(IspModel):
    key = Unicode
    # False when the key was already received (a replay, ignored)
    accepted = Boolean
    # the remote system's id of what it received
    remote_id = Unicode


class InvoiceStatus(IspModel):
    invoice_number = Unicode
    customer_code = Unicode
    state = Unicode
    amount_total = Double
    amount_due = Double
    currency = Unicode


class Payment(IspModel):
    reference = Unicode
    customer_code = Unicode
    date = Date
    amount = Double
    invoice_number = Unicode


class Consumption(IspModel):
    subscription_ref = Unicode
    period_start = Date
    period_end = Date
    quantity = Double
    uom = Unicode


class Activation(IspModel):
    subscription_ref = Unicode
    date = Date
    confirmation_id = Unicode


def as_plain(value):
    """A spyne object as plain Python (dicts, lists), for the asserts."""
    if isinstance(value, ComplexModel):
        return {name: as_plain(getattr(value, name, None))
                for name in value.get_flat_type_info(type(value))}
    if isinstance(value, (list, tuple)):
        return [as_plain(item) for item in value]
    return value


def _server(ctx):
    return ctx.transport.req_env['isp.soap.server']


def _push(ctx, operation, key, data):
    server = _server(ctx)
    server._before(ctx, operation)
    seen = key in server.keys
    server.keys.add(key)
    server.received.append({
        'operation': operation,
        'key': key,
        'data': as_plain(data),
        'username': ctx.transport.req_env.get('isp.soap.username'),
    })
    return Ack(key=key, accepted=not seen,
               remote_id='%s-%d' % (operation, len(server.received)))


def _pull(ctx, operation, **arguments):
    server = _server(ctx)
    server._before(ctx, operation)
    server.received.append({
        'operation': operation,
        'key': None,
        'data': as_plain(arguments),
        'username': ctx.transport.req_env.get('isp.soap.username'),
    })
    answers = server.answers.get(operation, [])
    # a pull by customers answers only about the customers asked for
    codes = arguments.get('customer_codes')
    if 'customer_codes' in arguments:
        answers = [item for item in answers
                   if not _get(item, 'customer_code')
                   or _get(item, 'customer_code') in (codes or [])]
    return answers


def _get(item, name):
    """A field of an answer item, a dict or a spyne object."""
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None)


class IspService(ServiceBase):

    @rpc(_returns=Unicode)
    def Ping(ctx):
        server = _server(ctx)
        server._check_credentials(ctx)
        return 'pong'

    @rpc(Required, Contract, _returns=Ack)
    def PushContract(ctx, key, contract):
        return _push(ctx, 'PushContract', key, contract)

    @rpc(Required, SubscriptionEvent, _returns=Ack)
    def PushSubscriptionEvent(ctx, key, event):
        return _push(ctx, 'PushSubscriptionEvent', key, event)

    @rpc(Required, Customer, _returns=Ack)
    def PushCustomer(ctx, key, customer):
        return _push(ctx, 'PushCustomer', key, customer)

    @rpc(Array(Unicode), DateTime, _returns=Array(InvoiceStatus))
    def PullInvoiceStatus(ctx, customer_codes, since):
        return _pull(ctx, 'PullInvoiceStatus',
                     customer_codes=customer_codes, since=since)

    @rpc(Array(Unicode), DateTime, _returns=Array(Payment))
    def PullPayments(ctx, customer_codes, since):
        return _pull(ctx, 'PullPayments', customer_codes=customer_codes,
                     since=since)

    @rpc(Array(Unicode), DateTime, _returns=Array(Consumption))
    def PullConsumption(ctx, customer_codes, since):
        return _pull(ctx, 'PullConsumption', customer_codes=customer_codes,
                     since=since)

    @rpc(DateTime, _returns=Array(Activation))
    def PullActivations(ctx, since):
        return _pull(ctx, 'PullActivations', since=since)


def _application():
    return Application(
        [IspService], tns=NAMESPACE, name='IspSuiteService',
        in_protocol=Soap11(validator='lxml'), out_protocol=Soap11())


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):

    def log_message(self, *args):
        pass


class LocalSoapServer(object):
    """The spyne SOAP server of the suite in a thread, as a context
    manager (see the module's docstring)."""

    def __init__(self, username=None, password=None):
        self.username = username
        self.password = password
        self.fault = None
        self.delay = 0
        self.malformed = False
        self.answers = {}
        self.received = []
        self.keys = set()
        self._stopping = threading.Event()
        self._wsgi = WsgiApplication(_application())

    # -- what the operations do first ---------------------------------

    def _check_credentials(self, ctx):
        if not self.username:
            return
        environ = ctx.transport.req_env
        if (environ.get('isp.soap.username') != self.username
                or environ.get('isp.soap.password') != self.password):
            raise Fault(faultcode='Client.Authentication',
                        faultstring='Wrong or missing WS-Security '
                                    'UsernameToken')

    def _before(self, ctx, operation):
        self._check_credentials(ctx)
        if self.delay:
            self._stopping.wait(self.delay)
        if self.fault:
            code, message = self.fault
            raise Fault(faultcode=code, faultstring=message)

    # -- WSGI -----------------------------------------------------------

    def _app(self, environ, start_response):
        environ['isp.soap.server'] = self
        if environ.get('REQUEST_METHOD') == 'POST':
            length = int(environ.get('CONTENT_LENGTH') or 0)
            body = environ['wsgi.input'].read(length)
            self._read_token(environ, body)
            if self.malformed:
                start_response('200 OK', [('Content-Type', 'text/xml')])
                return [b'<html><body>Not SOAP at all</body></html>']
            environ['wsgi.input'] = io.BytesIO(body)
        return self._wsgi(environ, start_response)

    @staticmethod
    def _read_token(environ, body):
        try:
            root = etree.fromstring(body)
        except etree.XMLSyntaxError:
            return
        token = root.find('.//{%s}UsernameToken' % WSSE_NS)
        if token is None:
            return
        username = token.find('{%s}Username' % WSSE_NS)
        password = token.find('{%s}Password' % WSSE_NS)
        environ['isp.soap.username'] = username.text \
            if username is not None else None
        environ['isp.soap.password'] = password.text \
            if password is not None else None

    # -- context manager --------------------------------------------------

    def __enter__(self):
        # the faults the tests ask for are no server errors to log
        self._spyne_logger = logging.getLogger('spyne')
        self._spyne_level = self._spyne_logger.level
        self._spyne_logger.setLevel(logging.CRITICAL)
        self.port = free_port()
        self.server = make_server('127.0.0.1', self.port, self._app,
                                  server_class=_ThreadingWSGIServer,
                                  handler_class=_QuietHandler)
        self.thread = threading.Thread(target=self.server.serve_forever)
        self.thread.daemon = True
        self.thread.start()
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)
        self._spyne_logger.setLevel(self._spyne_level)
        return False

    @property
    def url(self):
        return 'http://127.0.0.1:%d/' % self.port

    @property
    def wsdl_url(self):
        return 'http://127.0.0.1:%d/?wsdl' % self.port

    def received_of(self, operation):
        return [item for item in self.received
                if item['operation'] == operation]
