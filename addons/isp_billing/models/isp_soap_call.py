# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The log of the SOAP connector: one line per call (per idempotency key
when the call has one), whatever its outcome. ``isp.soap.connector.
_isp_call`` writes it; the pushes queue their calls here first (state
'queued') and a queue job sends them (isp_soap_push.py)."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

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
        if not self.record_ref:
            raise UserError(_('Call %s is not about a record.') % self.name)
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
        }
