# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging

import requests

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)

DEFAULT_BODY_TEMPLATE = '{"to": "{to}", "text": "{text}", "from": "{sender}"}'


def _json_text(value):
    """``value`` escaped to sit between the quotes of a JSON string."""
    return json.dumps('%s' % (value or ''))[1:-1]


class IspSmsGateway(models.Model):
    """An HTTP SMS provider: a JSON body POSTed to a URL.

    Other addons send SMS with ``env['isp.sms.gateway']._get_active()``
    and ``gateway._send_sms(mobile, text)`` without depending on anything
    else of isp_esign. The address and the credentials (user, password,
    headers, body) are readable by system administrators only."""
    _name = 'isp.sms.gateway'
    _description = 'SMS Gateway'
    _order = 'sequence, id'

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    url = fields.Char(
        string='URL',
        required=True,
        groups='base.group_system',
        help='The provider\'s HTTP(S) address that receives a POST per '
             'message.',
    )
    username = fields.Char(
        groups='base.group_system',
        help='User of HTTP basic authentication.',
    )
    password = fields.Char(
        groups='base.group_system',
        help='Password of HTTP basic authentication.',
    )
    headers = fields.Text(
        groups='base.group_system',
        help='Extra HTTP headers as a JSON object, e.g. '
             '{"Authorization": "Bearer <key>"}.',
    )
    body_template = fields.Text(
        required=True,
        groups='base.group_system',
        default=DEFAULT_BODY_TEMPLATE,
        help='JSON body of the request. {to}, {text} and {sender} are '
             'replaced by the mobile number, the message and the sender.',
    )
    sender = fields.Char(help='Sender name or number shown to the '
                              'recipient.')
    timeout = fields.Integer(string='Timeout (s)', default=10)

    @api.constrains('headers', 'body_template')
    def _check_json(self):
        for gateway in self.sudo():
            if gateway.headers:
                try:
                    headers = json.loads(gateway.headers)
                except ValueError:
                    headers = None
                if not isinstance(headers, dict):
                    raise ValidationError(_(
                        'The headers of SMS gateway %s must be a JSON '
                        'object, e.g. {"Authorization": "Bearer key"}.')
                        % gateway.name)
            try:
                json.loads(gateway._render_body('+100', 'x'))
            except (ValueError, KeyError, IndexError):
                raise ValidationError(_(
                    'The body of SMS gateway %s is not valid JSON once '
                    '{to}, {text} and {sender} are replaced: correct it.')
                    % gateway.name)

    @api.model
    def _get_active(self):
        """The SMS gateway of the current user's company, or an empty
        recordset."""
        company = self.env.user.company_id
        gateway = company.sudo().sms_gateway_id
        if gateway and gateway.active:
            return gateway.sudo(self.env.uid)
        return self.search([('company_id', '=', company.id)], limit=1)

    @api.multi
    def _render_body(self, mobile, text):
        self.ensure_one()
        gateway = self.sudo()
        values = {
            '{to}': _json_text(mobile),
            '{text}': _json_text(text),
            '{sender}': _json_text(gateway.sender),
        }
        body = gateway.body_template or ''
        for key, value in values.items():
            body = body.replace(key, value)
        return body

    @api.multi
    def _prepare_request_values(self, mobile, text):
        self.ensure_one()
        gateway = self.sudo()
        headers = {'Content-Type': 'application/json'}
        if gateway.headers:
            headers.update(json.loads(gateway.headers))
        values = {
            'headers': headers,
            'data': gateway._render_body(mobile, text).encode('utf-8'),
        }
        if gateway.username:
            values['auth'] = (gateway.username, gateway.password or '')
        return values

    @api.multi
    def send_sms(self, mobile, text):
        """Kept for the code that called it before it became private:
        only server code running as superuser may send (it is public, so
        any user could call it over RPC). Use ``_send_sms``."""
        if self.env.uid != SUPERUSER_ID:
            raise AccessError(_(
                'Sending an SMS is done by the application only.'))
        return self._send_sms(mobile, text)

    @api.multi
    def _send_sms(self, mobile, text):
        """POST one message; raise a translated UserError on failure."""
        self.ensure_one()
        mobile = (mobile or '').strip()
        if not mobile:
            raise UserError(_(
                'There is no mobile number to send the SMS to: add one to '
                'the contact.'))
        gateway = self.sudo()
        try:
            answer = requests.post(
                gateway.url, timeout=gateway.timeout or 10,
                **gateway._prepare_request_values(mobile, text))
        except requests.RequestException as error:
            _logger.info('SMS gateway %s unreachable: %s', gateway.name, error)
            raise UserError(_(
                'The SMS gateway %(gateway)s cannot be reached '
                '(%(error)s): check its URL in the settings or try again '
                'later.') % {'gateway': gateway.name, 'error': error})
        if answer.status_code >= 300:
            _logger.info('SMS gateway %s answered %s', gateway.name,
                         answer.status_code)
            raise UserError(_(
                'The SMS gateway %(gateway)s refused the message (HTTP '
                '%(status)s): check its settings and credentials.') % {
                    'gateway': gateway.name, 'status': answer.status_code})
        return True
