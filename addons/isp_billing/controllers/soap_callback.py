# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The provisioning system's signed HTTP callback.

``POST /isp/provisioning/callback/<connector id>`` with
``Content-Type: application/json``, the body a JSON object::

    {"subscription": "<external reference of the subscription>",
     "confirmation": "<the provisioning system's confirmation id>",
     "date": "YYYY-MM-DD"}

and the headers ``X-ISP-Timestamp``, ``X-ISP-Nonce`` and
``X-ISP-Signature`` (see rules/provisioning_callback.py). The answer is
JSON with its HTTP status: 200 ``{"result": "applied" | "duplicate" |
"unknown" | "ignored"}``, 400 ``invalid``, 403 ``bad_signature`` /
``stale`` / ``bad_nonce`` / ``disabled``, 409 ``replay``. Nothing but the
log runs before the signature is checked.
"""
import json
import logging
import time

from odoo import http
from odoo.http import Response, request

from ..models import isp_subscription_provisioning as provisioning
from ..rules import provisioning_callback as callback_rules

_logger = logging.getLogger(__name__)

REFUSED_STATUS = {
    callback_rules.BAD_SIGNATURE: 403,
    callback_rules.STALE: 403,
    callback_rules.BAD_NONCE: 403,
    # the connector is archived or its provisioning confirmations are off
    'disabled': 403,
}


def _reply(status, result):
    """Answer with a plain JSON body and ``status`` (not JSON-RPC): the
    route is reached as a JSON request, whose answer is replaced here."""
    body = json.dumps({'result': result})

    def json_response(result=None, error=None):
        return Response(body, status=status,
                        content_type='application/json')
    request._json_response = json_response
    return None


class IspProvisioningCallback(http.Controller):

    @http.route('/isp/provisioning/callback/<int:connector_id>',
                type='json', auth='public', methods=['POST'], csrf=False)
    def isp_provisioning_callback(self, connector_id, **kwargs):
        httprequest = request.httprequest
        raw_body = httprequest.get_data()
        headers = httprequest.headers
        timestamp = headers.get(callback_rules.TIMESTAMP_HEADER, '')
        nonce = headers.get(callback_rules.NONCE_HEADER, '')
        connector = request.env['isp.soap.connector'].sudo().browse(
            connector_id).exists()
        secret = connector.isp_callback_secret if connector else ''
        refused = callback_rules.check(
            secret, timestamp, nonce,
            headers.get(callback_rules.SIGNATURE_HEADER, ''), raw_body,
            time.time())
        if not refused and not (connector.active and connector.provisioning):
            refused = 'disabled'
        if refused:
            if connector:
                connector._isp_log_callback_refused(refused, timestamp, nonce)
            else:
                _logger.warning('Provisioning callback for unknown SOAP '
                                'connector %s refused.', connector_id)
            return _reply(REFUSED_STATUS[refused], refused)
        if not request.env['isp.soap.callback.nonce'].sudo()._isp_register(
                connector, nonce):
            connector._isp_log_callback_refused('replay', timestamp, nonce)
            return _reply(409, 'replay')
        try:
            data = json.loads(raw_body.decode('utf-8'))
        except ValueError:
            data = None
        if not isinstance(data, dict):
            connector._isp_log_provisioning(
                'callback', 'warning',
                connector._isp_callback_message('invalid'),
                payload=raw_body.decode('utf-8', 'replace'))
            return _reply(400, provisioning.INVALID)
        subscriptions = request.env['isp.subscription'].sudo()
        result = subscriptions._isp_apply_provisioning(
            connector, str(data.get('subscription') or ''),
            str(data.get('confirmation') or ''), data.get('date'),
            'callback')
        status = 400 if result == provisioning.INVALID else 200
        return _reply(status, result)
