# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Network events: each suspension and reconnection of a subscription,
for the network (RADIUS, OLT, router) to cut or restore the service.

``isp.subscription._isp_emit_network_event`` creates them (see
isp_subscription.py); when the company has a webhook URL a
queue job POSTs each event as signed JSON (``_job_send``), retried with a
backoff, every call logged in ``isp.network.event.call``.
"""
import logging
import time

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact, job

from ..rules import network_event as event_rules

_logger = logging.getLogger(__name__)

NETWORK_EVENT_KINDS = [
    ('suspend', 'Suspension'),
    ('reconnect', 'Reconnection'),
]
NETWORK_EVENT_STATES = [
    ('pending', 'Pending'),
    ('sent', 'Sent'),
    ('failed', 'Failed'),
    ('no_webhook', 'No webhook'),
]
# seconds a webhook call may take
WEBHOOK_TIMEOUT = 10
# characters of the answer kept in the call log
RESPONSE_EXCERPT = 500


class IspNetworkEvent(models.Model):
    _name = 'isp.network.event'
    _description = 'ISP Network Event'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date desc, id desc'

    name = fields.Char(
        compute='_compute_name',
        store=True,
    )
    subscription_id = fields.Many2one(
        comodel_name='isp.subscription',
        string='Subscription',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        required=True,
        readonly=True,
        default=lambda self: self.env.user.company_id,
    )
    kind = fields.Selection(
        selection=NETWORK_EVENT_KINDS,
        required=True,
        readonly=True,
    )
    reason = fields.Char(
        readonly=True,
    )
    date = fields.Datetime(
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    state = fields.Selection(
        selection=NETWORK_EVENT_STATES,
        required=True,
        default='pending',
        readonly=True,
        index=True,
        track_visibility='onchange',
    )
    attempts = fields.Integer(
        readonly=True,
    )
    last_status = fields.Integer(
        string='Last HTTP status',
        readonly=True,
    )
    last_error = fields.Text(
        readonly=True,
    )
    call_ids = fields.One2many(
        comodel_name='isp.network.event.call',
        inverse_name='event_id',
        string='Webhook calls',
        readonly=True,
    )

    @api.depends('kind', 'subscription_id.name')
    def _compute_name(self):
        labels = dict(self._fields['kind']._description_selection(self.env))
        for event in self:
            event.name = '%s %s' % (labels.get(event.kind, ''),
                                    event.subscription_id.name or '')

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    @api.multi
    def action_send_again(self):
        """Button: send a failed (or never sent) event again, with a fresh
        series of tries."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        for event in self:
            if event.state == 'sent':
                raise UserError(_(
                    'Event %s was already sent: the network has it.') %
                    event.name)
        self.sudo().write({'state': 'pending', 'attempts': 0})
        self.sudo()._isp_schedule_send()
        return True

    # ------------------------------------------------------------------
    # sending
    # ------------------------------------------------------------------

    @api.multi
    def _isp_webhook_url(self):
        self.ensure_one()
        return (self.company_id.sudo().isp_network_webhook_url or '').strip()

    @api.multi
    def _isp_schedule_send(self):
        """A queue job per event when the company has a webhook, else the
        event stays as a record only ('no_webhook')."""
        for event in self:
            if not event._isp_webhook_url():
                event.state = 'no_webhook'
                continue
            event.with_delay(
                description=_('Network event %(name)s to the webhook') % {
                    'name': event.name},
                identity_key=identity_exact,
            )._job_send()
        return True

    @api.multi
    def _isp_webhook_payload(self):
        """The JSON body of the webhook call (extend to add keys)."""
        self.ensure_one()
        subscription = self.subscription_id
        product = subscription.product_id
        return {
            'event_id': self.id,
            'kind': self.kind,
            'date': self.date,
            'customer_code': self.partner_id.commercial_partner_id
            .isp_customer_code or None,
            'subscription': {
                'id': subscription.id,
                'reference': subscription.name,
                'product': product.default_code or product.name,
                'service_type': product.isp_service_type or None,
            },
            'reason': self.reason or None,
        }

    @api.multi
    @job(default_channel='root')
    def _job_send(self):
        """Queue job: POST the event to the webhook, log the call. A
        failure (no answer, or an HTTP status of 300 or more) raises
        RetryableJobError with the next backoff delay; queue_job's runner
        keeps what this transaction wrote (the call, the attempts) when it
        postpones the job. After the last try the event is 'failed' and
        the billing managers get an activity."""
        self.ensure_one()
        if self.state != 'pending':
            return _('Event %(name)s is "%(state)s": not sent.') % {
                'name': self.name, 'state': self.state}
        url = self._isp_webhook_url()
        if not url:
            self.state = 'no_webhook'
            return _('No webhook URL: not sent.')
        raw = event_rules.body(self._isp_webhook_payload())
        headers = {
            'Content-Type': 'application/json',
            event_rules.SIGNATURE_HEADER: event_rules.signature(
                raw, self.company_id.sudo().isp_network_webhook_secret),
        }
        status, response, error = 0, '', ''
        started = time.monotonic()
        try:
            answer = requests.post(url, data=raw, headers=headers,
                                   timeout=WEBHOOK_TIMEOUT,
                                   allow_redirects=False)
            status = answer.status_code
            response = answer.text[:RESPONSE_EXCERPT]
            if status >= 300:
                error = _('The webhook answered HTTP %s.') % status
        except requests.RequestException as exc:
            error = _('No answer from the webhook: %s') % exc
        duration = time.monotonic() - started
        attempts = self.attempts + 1
        self.env['isp.network.event.call'].sudo().create({
            'event_id': self.id,
            'url': url,
            'status_code': status,
            'response': response,
            'error': error or False,
            'duration': duration,
        })
        values = {'attempts': attempts, 'last_status': status,
                  'last_error': error or False}
        if not error:
            values['state'] = 'sent'
            self.write(values)
            return _('Sent (HTTP %s).') % status
        delay = event_rules.retry_delay(attempts)
        if delay is None:
            values['state'] = 'failed'
            self.write(values)
            self._isp_report_failure()
            return _('Failed after %(n)s tries: %(error)s') % {
                'n': attempts, 'error': error}
        self.write(values)
        _logger.info('Network event %s: try %s failed, again in %s s',
                     self.id, attempts, delay)
        raise RetryableJobError(_(
            'Network event %(name)s: %(error)s Trying again in %(delay)s '
            'seconds.') % {'name': self.name, 'error': error,
                           'delay': delay},
            seconds=delay)

    @api.multi
    def _isp_report_failure(self):
        """An activity for each billing manager and a message on the
        event: the network did not get it."""
        managers = self.env.ref(
            'isp_billing.group_isp_billing_manager').users.filtered(
                lambda u: u.active and u.share is False
                and u.id != self.env.ref('base.user_root').id)
        activity_type = self.env.ref('mail.mail_activity_data_todo',
                                     raise_if_not_found=False)
        model = self.env['ir.model']._get(self._name)
        for event in self:
            note = _(
                'The network webhook did not take event %(name)s after '
                '%(n)s tries (last error: %(error)s). Check the network '
                'system, then send it again from the event, or act on the '
                'network by hand.') % {
                    'name': event.name, 'n': event.attempts,
                    'error': event.last_error}
            event.message_post(body=note)
            for user in managers.filtered(
                    lambda u, e=event: e.company_id in u.company_ids):
                self.env['mail.activity'].sudo().create({
                    'res_model_id': model.id,
                    'res_id': event.id,
                    'activity_type_id': activity_type.id
                    if activity_type else False,
                    'summary': _('Network event not delivered'),
                    'note': note,
                    'user_id': user.id,
                })
        return True
