# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SOAP connector of a company to its external billing or provisioning
system (zeep).

Client API, private, used by the pushes (isp_soap_push.py) and the pulls
(isp_soap_pull.py)::

    connector = env['isp.soap.connector']._isp_connector_for(
        company, 'push_contract')          # empty when none or op off
    answer = connector._isp_call(
        'PushContract', {'key': key, 'contract': {...}},
        record=order, key=key, direction='push')

``_isp_call`` calls ``client.service.<operation>(**payload)``, logs the
call in one ``isp.soap.call`` (reused when ``key`` names an existing one:
its attempts go up) and returns the answer as plain Python
(``zeep.helpers.serialize_object``: dicts, lists, str, Decimal, dates).
On failure it writes the log line (state 'failed', the reason, whether a
retry makes sense) and raises ``IspSoapError`` (a ``UserError`` with a
translated message and ``retryable``): connection errors, timeouts, HTTP
5xx and SOAP faults with a Server code are retryable; SOAP faults with a
Client code, malformed answers and unknown operations are not. The log
line is written in the caller's transaction: catch the error to keep it.
"""
import json
import logging
import time

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

try:
    import zeep
    from zeep.helpers import serialize_object
    from zeep.transports import Transport
    from zeep.wsse.username import UsernameToken
except ImportError:  # pragma: no cover
    _logger.debug('zeep is not installed: no SOAP connector.')
    zeep = serialize_object = Transport = UsernameToken = None

# the operations a connector can switch on: field -> label
SOAP_OPERATION_FIELDS = (
    'push_contract',
    'push_subscription_event',
    'push_customer',
    'pull',
    'provisioning',
)
# characters of the request and answer kept in the call log
EXCERPT = 1000
# the cheap operation of "Test connection"
PING_OPERATION = 'Ping'
# clients kept per process (a WSDL is loaded once per connector setting)
_CLIENT_CACHE = {}
_CLIENT_CACHE_SIZE = 16


class IspSoapError(UserError):
    """A SOAP call that did not work. ``retryable``: trying again later
    makes sense (no answer, timeout, server-side fault)."""

    def __init__(self, msg, retryable=False):
        super(IspSoapError, self).__init__(msg)
        self.retryable = retryable


def excerpt(value, size=EXCERPT):
    """``value`` as compact JSON (or text), cut to ``size`` characters."""
    if value is None:
        return ''
    if not isinstance(value, str):
        try:
            value = json.dumps(value, sort_keys=True, default=str)
        except (TypeError, ValueError):
            value = str(value)
    return value[:size]


class IspSoapConnector(models.Model):
    _name = 'isp.soap.connector'
    _description = 'ISP SOAP Connector'
    _order = 'company_id, id'

    name = fields.Char(
        required=True,
        default=lambda self: _('External billing system'),
    )
    active = fields.Boolean(
        default=True,
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    wsdl_url = fields.Char(
        string='WSDL URL',
        required=True,
        help='Address of the WSDL of the external system, e.g. '
             'https://billing.example.com/soap?wsdl',
    )
    username = fields.Char(
        groups='base.group_system',
    )
    password = fields.Char(
        groups='base.group_system',
    )
    use_wsse = fields.Boolean(
        string='WS-Security UsernameToken',
        help='Send the username and password in a WS-Security '
             'UsernameToken header of every call.',
    )
    timeout = fields.Float(
        string='Timeout (s)',
        default=30.0,
        required=True,
        help='Seconds the WSDL download and each call may take.',
    )
    push_contract = fields.Boolean(
        string='Push contracts',
        default=True,
        help='Send each confirmed contract with ISP services.',
    )
    push_subscription_event = fields.Boolean(
        string='Push subscription events',
        default=True,
        help='Send each activation, suspension, reconnection and '
             'termination of a subscription.',
    )
    push_customer = fields.Boolean(
        string='Push customer data',
        default=True,
        help='Send the changes of name, fiscal id, address, e-mail and '
             'phone of the customers with ISP services.',
    )
    pull = fields.Boolean(
        string='Pull invoice status, payments and consumption',
    )
    provisioning = fields.Boolean(
        string='Provisioning confirmations',
        help='Subscriptions wait for the external system to confirm their '
             'activation.',
    )
    date_last_test = fields.Datetime(
        string='Last test',
        readonly=True,
    )
    last_test_ok = fields.Boolean(
        string='Last test passed',
        readonly=True,
    )
    last_test_result = fields.Text(
        readonly=True,
    )
    call_ids = fields.One2many(
        comodel_name='isp.soap.call',
        inverse_name='connector_id',
        string='Calls',
        readonly=True,
    )
    failed_call_count = fields.Integer(
        compute='_compute_failed_call_count',
    )

    _sql_constraints = [
        ('company_uniq', 'unique(company_id)',
         'A company has one SOAP connector.'),
    ]

    @api.multi
    def _compute_failed_call_count(self):
        counts = {}
        if self.ids:
            groups = self.env['isp.soap.call'].read_group(
                [('connector_id', 'in', self.ids), ('state', '=', 'failed')],
                ['connector_id'], ['connector_id'])
            counts = {g['connector_id'][0]: g['connector_id_count']
                      for g in groups}
        for connector in self:
            connector.failed_call_count = counts.get(connector.id, 0)

    @api.constrains('timeout')
    def _check_timeout(self):
        for connector in self:
            if connector.timeout <= 0:
                raise ValidationError(_(
                    'The timeout of SOAP connector %s must be more than 0 '
                    'seconds.') % connector.name)

    @api.constrains('wsdl_url')
    def _check_wsdl_url(self):
        for connector in self:
            url = (connector.wsdl_url or '').strip().lower()
            if not url.startswith(('http://', 'https://')):
                raise ValidationError(_(
                    'The WSDL URL of SOAP connector %s must start with '
                    'http:// or https://.') % connector.name)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    @api.multi
    def _isp_check_manager(self):
        if not (self.env.user.has_group(
                'isp_billing.group_isp_billing_manager')
                or self.env.user.has_group('base.group_system')):
            raise UserError(_(
                'Only billing managers and administrators can use the SOAP '
                'connector.'))
        self.check_access_rights('write')
        self.check_access_rule('write')

    @api.multi
    def action_test_connection(self):
        """Button: load the WSDL and call Ping; the result and its date
        are shown on the form, an error is explained."""
        self.ensure_one()
        self._isp_check_manager()
        ok, message = self.sudo()._isp_test_connection()
        if not ok:
            raise UserError(message)
        return True

    @api.multi
    def action_view_calls(self):
        """Button: the calls of this connector."""
        self.ensure_one()
        self._isp_check_manager()
        action = self.env.ref('isp_billing.isp_soap_call_action').read()[0]
        action['domain'] = [('connector_id', '=', self.id)]
        action['context'] = {'search_default_failed': 1}
        return action

    # ------------------------------------------------------------------
    # client API (private)
    # ------------------------------------------------------------------

    @api.model
    def _isp_connector_for(self, company, operation=None):
        """The active connector of ``company`` (sudo), empty when there is
        none or when ``operation`` (one of SOAP_OPERATION_FIELDS) is off
        on it."""
        if operation and operation not in SOAP_OPERATION_FIELDS:
            raise ValueError('Unknown SOAP operation switch %r' % operation)
        connector = self.sudo().search(
            [('company_id', '=', company.id)], limit=1)
        if connector and operation and not connector[operation]:
            return self.sudo().browse()
        return connector

    @api.multi
    def _isp_test_connection(self):
        """Load the WSDL and call Ping; write and return (ok, message)."""
        self.ensure_one()
        try:
            answer = self._isp_call(PING_OPERATION, {}, direction='pull')
            ok = True
            message = _('Connection works. The system answered: %s') % (
                excerpt(answer, 200) or _('(nothing)'))
        except UserError as exc:
            ok = False
            message = exc.name
        self.write({
            'date_last_test': fields.Datetime.now(),
            'last_test_ok': ok,
            'last_test_result': message,
        })
        return ok, message

    @api.multi
    def _isp_client_key(self):
        self.ensure_one()
        connector = self.sudo()
        return (self.env.cr.dbname, connector.id,
                (connector.wsdl_url or '').strip(), connector.timeout,
                connector.use_wsse, connector.username or '',
                connector.password or '')

    @api.multi
    def _isp_client(self):
        """The zeep Client of this connector: its transport waits
        ``timeout`` seconds for the WSDL and for each operation, and adds a
        WS-Security UsernameToken when configured. Raises IspSoapError
        when the WSDL cannot be loaded."""
        self.ensure_one()
        if zeep is None:
            raise IspSoapError(_(
                'The Python library zeep is not installed: no SOAP call is '
                'possible.'))
        key = self._isp_client_key()
        client = _CLIENT_CACHE.get(key)
        if client is not None:
            return client
        connector = self.sudo()
        transport = Transport(timeout=connector.timeout,
                              operation_timeout=connector.timeout)
        wsse = None
        if connector.use_wsse:
            wsse = UsernameToken(connector.username or '',
                                 connector.password or '')
        url = connector.wsdl_url.strip()
        try:
            client = zeep.Client(url, transport=transport, wsse=wsse)
        except requests.Timeout:
            raise IspSoapError(_(
                'The WSDL at %(url)s did not come within %(timeout)s '
                'seconds.') % {'url': url, 'timeout': connector.timeout},
                retryable=True)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None \
                else 0
            raise IspSoapError(_(
                'The WSDL at %(url)s answered HTTP %(status)s: check the '
                'address.') % {'url': url, 'status': status},
                retryable=status >= 500)
        except requests.RequestException as exc:
            raise IspSoapError(_(
                'The WSDL at %(url)s cannot be reached: %(error)s') % {
                    'url': url, 'error': exc}, retryable=True)
        except Exception as exc:
            # zeep's own errors (no WSDL, invalid XML) and lxml's
            raise IspSoapError(_(
                'The document at %(url)s is not a usable WSDL: %(error)s') % {
                    'url': url, 'error': exc})
        if len(_CLIENT_CACHE) >= _CLIENT_CACHE_SIZE:
            _CLIENT_CACHE.clear()
        _CLIENT_CACHE[key] = client
        return client

    @api.multi
    def _isp_log_call(self, operation, payload, record=None, key=None,
                      direction='push'):
        """The ``isp.soap.call`` of ``key`` on this connector, created
        (state 'queued') when there is none yet."""
        self.ensure_one()
        Call = self.env['isp.soap.call'].sudo()
        if key:
            call = Call.search([('connector_id', '=', self.id),
                                ('key', '=', key)], limit=1)
            if call:
                return call
        return Call.create({
            'connector_id': self.id,
            'operation': operation,
            'direction': direction,
            'key': key or False,
            'res_model': record._name if record else False,
            'res_id': record.id if record else False,
            'payload': json.dumps(payload, sort_keys=True, default=str),
            'request': excerpt(payload),
        })

    @api.multi
    def _isp_call(self, operation, payload, record=None, key=None,
                  direction='push'):
        """Call ``operation`` with ``payload`` (a dict of its arguments),
        log it and return the answer as plain Python; raise IspSoapError
        (a UserError; ``retryable`` set) when it fails. ``record``: the
        Odoo record the call is about (shown on the log); ``key``: the
        idempotency key (one log line per key and connector)."""
        self.ensure_one()
        call = self._isp_log_call(operation, payload, record=record,
                                  key=key, direction=direction)
        started = time.monotonic()
        error, retryable, answer = None, False, None
        try:
            client = self._isp_client()
            try:
                method = getattr(client.service, operation)
            except AttributeError:
                raise IspSoapError(_(
                    'The external system has no operation %s: check the '
                    'WSDL.') % operation)
            answer = serialize_object(method(**payload), target_cls=dict)
        except IspSoapError as exc:
            error, retryable = exc.name, exc.retryable
        except Exception as exc:
            error, retryable = self._isp_explain_error(exc, operation)
        duration = int((time.monotonic() - started) * 1000)
        values = {
            'attempts': call.attempts + 1,
            'duration_ms': duration,
            'date_last_attempt': fields.Datetime.now(),
            'request': excerpt(payload),
        }
        if error:
            values.update(state='failed', error=error, retryable=retryable,
                          response=False)
            call.write(values)
            _logger.info('SOAP %s (call %s) failed: %s', operation, call.id,
                         error)
            raise IspSoapError(error, retryable=retryable)
        values.update(state='done', error=False, retryable=False,
                      response=excerpt(answer),
                      date_done=fields.Datetime.now())
        call.write(values)
        return answer

    @api.multi
    def _isp_explain_error(self, exc, operation):
        """(translated message, retryable) of an exception raised by a
        zeep call."""
        self.ensure_one()
        if isinstance(exc, requests.Timeout):
            return _(
                'The external system did not answer %(operation)s within '
                '%(timeout)s seconds.') % {
                    'operation': operation,
                    'timeout': self.timeout}, True
        if isinstance(exc, requests.RequestException):
            return _(
                'The external system cannot be reached for %(operation)s: '
                '%(error)s') % {'operation': operation, 'error': exc}, True
        if isinstance(exc, zeep.exceptions.Fault):
            code = exc.code or ''
            # SOAP 1.1 "Client..." / SOAP 1.2 "Sender": the request is wrong
            client_side = any(part in code for part in ('Client', 'Sender'))
            return _(
                'The external system refused %(operation)s (SOAP fault '
                '%(code)s): %(message)s') % {
                    'operation': operation, 'code': code or '-',
                    'message': exc.message}, not client_side
        if isinstance(exc, zeep.exceptions.TransportError):
            return _(
                'The external system answered %(operation)s with HTTP '
                '%(status)s.') % {
                    'operation': operation,
                    'status': exc.status_code}, exc.status_code >= 500
        if isinstance(exc, (zeep.exceptions.Error, SyntaxError, ValueError,
                            TypeError, LookupError)):
            return _(
                'The answer to %(operation)s cannot be read (malformed or '
                'not as the WSDL says): %(error)s') % {
                    'operation': operation, 'error': exc}, False
        _logger.exception('SOAP %s: unexpected error', operation)
        return _('The call %(operation)s failed: %(error)s') % {
            'operation': operation, 'error': exc}, False
