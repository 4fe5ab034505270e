# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The log of the SOAP connector: one line per call (per idempotency key
when the call has one), whatever its outcome. ``isp.soap.connector.
_isp_call`` writes it; the pushes queue their calls here first (state
'queued') and a queue job sends them (isp_soap_push.py)."""
import json
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact, job

from ..rules import network_event as retry_rules
from ..rules import soap_push as push_rules
from .isp_soap_connector import IspSoapError

_logger = logging.getLogger(__name__)

SOAP_CALL_STATES = [
    ('queued', 'Queued'),
    ('done', 'Done'),
    ('failed', 'Failed'),
]
SOAP_CALL_DIRECTIONS = [
    ('push', 'Push'),
    ('pull', 'Pull'),
]


class IspSoapCall(models.Model):
    _name = 'isp.soap.call'
    _description = 'ISP SOAP Call'
    _order = 'create_date desc, id desc'

    name = fields.Char(
        compute='_compute_name',
    )
    connector_id = fields.Many2one(
        comodel_name='isp.soap.connector',
        string='Connector',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        related='connector_id.company_id',
        store=True,
        readonly=True,
    )
    operation = fields.Char(
        required=True,
        index=True,
        readonly=True,
    )
    direction = fields.Selection(
        selection=SOAP_CALL_DIRECTIONS,
        required=True,
        default='push',
        readonly=True,
    )
    key = fields.Char(
        string='Idempotency key',
        readonly=True,
        help='Sent with the call: the external system ignores a call whose '
             'key it already has.',
    )
    res_model = fields.Char(
        string='Record model',
        index=True,
        readonly=True,
    )
    res_id = fields.Integer(
        string='Record ID',
        index=True,
        readonly=True,
    )
    record_ref = fields.Reference(
        selection='_selection_record_ref',
        string='Record',
        compute='_compute_record_ref',
    )
    state = fields.Selection(
        selection=SOAP_CALL_STATES,
        required=True,
        default='queued',
        index=True,
        readonly=True,
    )
    attempts = fields.Integer(
        readonly=True,
    )
    retryable = fields.Boolean(
        readonly=True,
        help='The last failure may go away by itself (no answer, timeout, '
             'server error): the call is tried again.',
    )
    payload = fields.Text(
        readonly=True,
        help='The arguments of the call (JSON), sent again on a retry.',
    )
    request = fields.Text(
        string='Request (excerpt)',
        readonly=True,
    )
    response = fields.Text(
        string='Response (excerpt)',
        readonly=True,
    )
    error = fields.Text(
        readonly=True,
    )
    duration_ms = fields.Integer(
        string='Duration (ms)',
        readonly=True,
    )
    date_last_attempt = fields.Datetime(
        string='Last attempt',
        readonly=True,
    )
    date_done = fields.Datetime(
        string='Done on',
        readonly=True,
    )

    digest = fields.Char(
        readonly=True,
        help='Hash of the values sent: the same change is not queued '
             'twice.',
    )

    _sql_constraints = [
        ('key_uniq', 'unique(connector_id, key)',
         'A SOAP call with this idempotency key already exists.'),
    ]

    @api.model
    def _selection_record_ref(self):
        models_ = self.env['ir.model'].sudo().search([
            ('model', 'in', ('sale.order', 'isp.subscription', 'res.partner',
                             'account.invoice', 'account.payment'))])
        return [(m.model, m.name) for m in models_]

    @api.depends('operation', 'res_model', 'res_id')
    def _compute_name(self):
        for call in self:
            call.name = '%s #%s' % (call.operation or '', call.id or '')

    @api.depends('res_model', 'res_id')
    def _compute_record_ref(self):
        allowed = dict(self._selection_record_ref())
        for call in self:
            if call.res_model in allowed and call.res_id:
                call.record_ref = '%s,%s' % (call.res_model, call.res_id)
            else:
                call.record_ref = False

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    @api.multi
    def action_retry(self):
        """Button: send failed (or stuck queued) calls again, with a fresh
        series of tries."""
        self.env['isp.soap.connector']._isp_check_manager()
        self.check_access_rights('write')
        self.check_access_rule('write')
        for call in self:
            if call.state == 'done':
                raise UserError(_(
                    'Call %s was already done: the external system has '
                    'it.') % call.name)
            if call.direction != 'push' or not call.payload:
                raise UserError(_(
                    'Call %s cannot be sent again from here: it is not a '
                    'push; the next pull fetches the data again.') %
                    call.name)
        calls = self.sudo()
        calls.write({'state': 'queued', 'attempts': 0, 'error': False})
        calls._isp_schedule_send()
        return True

    @api.multi
    def action_open_record(self):
        """Button: the record the call is about."""
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        if not self.record_ref:
            raise UserError(_('Call %s is not about a record.') % self.name)
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
        }

    # ------------------------------------------------------------------
    # pushes: queue, send, retry (see isp_soap_push.py)
    # ------------------------------------------------------------------

    @api.model
    def _isp_queue_push(self, company, switch, operation, record, values):
        """Queue the push ``operation`` of ``values`` (its argument besides
        ``key``, e.g. {'contract': {...}}) about ``record`` when the
        connector of ``company`` has ``switch`` on. Returns the queued
        call, the last call when it sent the same values, or an empty
        recordset when nothing is pushed."""
        connector = self.env['isp.soap.connector']._isp_connector_for(
            company, switch)
        if not connector:
            return self.browse()
        values = push_rules.clean(values)
        values_digest = push_rules.digest(operation, record._name,
                                          record.id, values)
        Call = self.sudo()
        last = Call.search([
            ('connector_id', '=', connector.id),
            ('operation', '=', operation),
            ('res_model', '=', record._name),
            ('res_id', '=', record.id),
        ], order='id desc', limit=1)
        if last and last.digest == values_digest:
            return last
        key = push_rules.idempotency_key(values_digest, last.key)
        payload = dict(values, key=key)
        call = connector._isp_log_call(operation, payload, record=record,
                                       key=key, direction='push')
        call.digest = values_digest
        call._isp_schedule_send()
        return call

    @api.multi
    def _isp_schedule_send(self):
        """A queue job per queued call."""
        for call in self.filtered(lambda c: c.state == 'queued'):
            call.with_delay(
                description=_('SOAP %(operation)s to %(connector)s') % {
                    'operation': call.operation,
                    'connector': call.connector_id.name},
                identity_key=identity_exact,
            )._job_send()
        return True

    @api.multi
    @job(default_channel='root')
    def _job_send(self):
        """Queue job: send the call. A retryable failure raises
        RetryableJobError with the next backoff delay (the call stays
        'queued', its attempts counted); a failure that is not retryable,
        or the last try, leaves it 'failed' and says so on the record."""
        self.ensure_one()
        if self.state != 'queued':
            return _('Call %(name)s is "%(state)s": not sent.') % {
                'name': self.name, 'state': self.state}
        connector = self.connector_id
        if not connector.active:
            self.write({'state': 'failed', 'retryable': False,
                        'error': _('The SOAP connector is archived.')})
            self._isp_report_failure()
            return self.error
        payload = json.loads(self.payload or '{}')
        record = self.record_ref or None
        try:
            connector._isp_call(self.operation, payload, record=record,
                                key=self.key, direction=self.direction)
        except IspSoapError as exc:
            delay = retry_rules.retry_delay(self.attempts) \
                if exc.retryable else None
            if delay is None:
                self._isp_report_failure()
                return _('Failed after %(n)s tries: %(error)s') % {
                    'n': self.attempts, 'error': exc.name}
            self.state = 'queued'
            _logger.info('SOAP call %s: try %s failed, again in %s s',
                         self.id, self.attempts, delay)
            raise RetryableJobError(_(
                'SOAP call %(name)s: %(error)s Trying again in %(delay)s '
                'seconds.') % {'name': self.name, 'error': exc.name,
                               'delay': delay},
                seconds=delay)
        return _('Done.')

    @api.multi
    def _isp_report_failure(self):
        """A message on the record the call was about: the external system
        did not get it."""
        for call in self:
            record = call.record_ref
            if not record or not hasattr(record, 'message_post'):
                continue
            record.sudo().message_post(
                body=_(
                    'The external system did not take %(operation)s after '
                    '%(n)s tries: %(error)s Check it, then use Retry on the '
                    'call (ISP > Configuration > SOAP calls).') % {
                        'operation': call.operation, 'n': call.attempts,
                        'error': call.error or ''},
                subtype='mail.mt_note')
        return True
