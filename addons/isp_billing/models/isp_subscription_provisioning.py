# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The provisioning system confirms the activation of a subscription.

When the company's SOAP connector has "Provisioning confirmations" on, a
subscription stays pending until the provisioning system confirms it, by
its signed HTTP callback (controllers/soap_callback.py) or by the pull of
activations (isp_soap_pull.py). Its billing starts on the confirmed date:
the billing run prorates the first period from it, as for any
subscription activated mid-period.
"""
import logging
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from ..rules import provisioning_callback as callback_rules
from .isp_soap_connector import excerpt

_logger = logging.getLogger(__name__)

PROVISIONING_SOURCES = [
    ('callback', 'HTTP callback'),
    ('pull', 'SOAP pull'),
]
# results of a confirmation
APPLIED = 'applied'
UNKNOWN = 'unknown'
IGNORED = 'ignored'
DUPLICATE = 'duplicate'
INVALID = 'invalid'
# days the seen nonces of the callbacks are kept (far beyond the window)
NONCE_KEEP_DAYS = 2


class IspSoapConnector(models.Model):
    _inherit = 'isp.soap.connector'  # pylint: disable=R8180

    isp_callback_secret = fields.Char(
        string='Callback secret',
        groups='base.group_system',
        copy=False,
        help='Shared secret of the provisioning callback: the sender signs '
             'each callback with HMAC-SHA256 and this secret. Without it, '
             'every callback is refused.',
    )

    @api.multi
    def _isp_log_provisioning(self, operation, level, message,
                              subscription=None, payload=None):
        """Log a confirmation received (``operation``: 'callback' or
        'PullActivations') that was refused or ignored, or applied: in the
        server log and in the connector's call log."""
        log = _logger.warning if level == 'warning' else _logger.info
        log('SOAP connector %s, %s: %s', self.id, operation, message)
        self._isp_log_incoming(operation, level, message,
                               record=subscription, payload=payload)

    @api.multi
    def _isp_callback_message(self, reason):
        """The translated explanation of a refused callback."""
        return {
            'bad_signature': _(
                'Provisioning callback refused: its signature is missing or '
                'wrong (HMAC-SHA256 of "timestamp.nonce.body" with the '
                'callback secret of the connector).'),
            'bad_nonce': _(
                'Provisioning callback refused: its nonce must be 8 to 64 '
                'letters, digits, "-" or "_".'),
            'stale': _(
                'Provisioning callback refused: its timestamp is more than '
                '%s seconds away from the server\'s clock (an old or '
                'replayed callback).') % callback_rules.WINDOW,
            'replay': _(
                'Provisioning callback refused: its nonce was already used '
                '(a replayed callback).'),
            'disabled': _(
                'Provisioning callback refused: the connector is archived '
                'or its provisioning confirmations are off.'),
            'invalid': _(
                'Provisioning callback ignored: its body is not a JSON '
                'object.'),
        }[reason]

    @api.multi
    def _isp_log_callback_refused(self, reason, timestamp, nonce):
        self._isp_log_provisioning(
            'callback', 'warning', self._isp_callback_message(reason),
            payload={'timestamp': timestamp, 'nonce': nonce})

    @api.multi
    def _isp_log_incoming(self, operation, level, message, record=None,
                          payload=None):
        """Keep a received message (``level`` 'info': applied, else
        refused or ignored) in the connector's call log."""
        self.ensure_one()
        now = fields.Datetime.now()
        values = {
            'connector_id': self.id,
            'operation': operation,
            'direction': 'callback' if operation == 'callback' else 'pull',
            'res_model': record._name if record else False,
            'res_id': record.id if record else False,
            'request': excerpt(payload),
            'attempts': 1,
            'date_last_attempt': now,
        }
        if level == 'info':
            values.update(state='done', response=message, date_done=now)
        else:
            values.update(state='failed', error=message, retryable=False)
        return self.env['isp.soap.call'].sudo().create(values)


class IspSoapCall(models.Model):
    _inherit = 'isp.soap.call'  # pylint: disable=R8180

    direction = fields.Selection(
        selection_add=[('callback', 'Callback')],
    )


class IspSoapCallbackNonce(models.Model):
    """The nonces of the provisioning callbacks already accepted: a callback
    that comes again with one of them is a replay (kept in the database, a
    restart does not forget them)."""
    _name = 'isp.soap.callback.nonce'
    _description = 'ISP provisioning callback nonce'
    _order = 'date desc, id desc'

    connector_id = fields.Many2one(
        comodel_name='isp.soap.connector',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
    )
    nonce = fields.Char(
        required=True,
        readonly=True,
    )
    date = fields.Datetime(
        string='Received on',
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )

    _sql_constraints = [
        ('nonce_unique', 'unique(connector_id, nonce)',
         'This callback nonce was already used.'),
    ]

    @api.model
    def _isp_register(self, connector, nonce):
        """Record ``nonce`` as used by ``connector``: False when it was
        already (a replay), also against a concurrent request."""
        if self.search_count([('connector_id', '=', connector.id),
                              ('nonce', '=', nonce)]):
            return False
        try:
            with mute_logger('odoo.sql_db'), self.env.cr.savepoint():
                self.create({'connector_id': connector.id, 'nonce': nonce})
        except psycopg2.IntegrityError:
            return False
        return True

    @api.model
    def _cron_clean_nonces(self, date_ref=None):
        """Forget the nonces older than a few days: their callbacks are
        outside the timestamp window anyway."""
        date_ref = fields.Datetime.from_string(
            date_ref or fields.Datetime.now())
        limit = fields.Datetime.to_string(
            date_ref - timedelta(days=NONCE_KEEP_DAYS))
        old = self.search([('date', '<', limit)])
        old.unlink()
        return len(old)


class IspSubscription(models.Model):
    _inherit = 'isp.subscription'  # pylint: disable=R8180

    isp_external_ref = fields.Char(
        string='External reference',
        copy=False,
        index=True,
        track_visibility='onchange',
        help='The reference of this service in the external billing or '
             'provisioning system (what its SOAP answers and callbacks '
             'name).',
    )
    isp_awaits_provisioning = fields.Boolean(
        string='Awaits provisioning',
        compute='_compute_isp_awaits_provisioning',
        help='Pending until the provisioning system confirms the '
             'activation.',
    )
    isp_provisioning_ref = fields.Char(
        string='Provisioning confirmation',
        copy=False,
        readonly=True,
        help='The confirmation id the provisioning system gave.',
    )
    isp_date_provisioned = fields.Date(
        string='Confirmed on',
        copy=False,
        readonly=True,
        help='The activation date the provisioning system confirmed: '
             'billing starts on it.',
    )
    isp_provisioning_source = fields.Selection(
        selection=PROVISIONING_SOURCES,
        string='Confirmed by',
        copy=False,
        readonly=True,
    )

    _sql_constraints = [
        ('isp_external_ref_unique', 'unique(company_id, isp_external_ref)',
         'Another subscription of the company has this external '
         'reference.'),
    ]

    @api.depends('state', 'company_id')
    def _compute_isp_awaits_provisioning(self):
        for subscription in self:
            subscription.isp_awaits_provisioning = (
                subscription.state == 'pending'
                and subscription._isp_confirms_activation())

    @api.multi
    def action_activate(self):
        """Button: a pending subscription whose activation the
        provisioning system confirms waits for it."""
        waiting = self.filtered(
            lambda s: s.state == 'pending' and s._isp_confirms_activation())
        if waiting:
            raise UserError(_(
                'Subscription %s waits for the provisioning system to '
                'confirm its activation: billing starts on the date it '
                'confirms. To activate it by hand, turn off "Provisioning '
                'confirmations" on the SOAP connector.')
                % waiting[0].name)
        return super(IspSubscription, self).action_activate()

    @api.multi
    def _isp_confirms_activation(self):
        """True when the company's connector waits for the provisioning
        system's confirmation."""
        self.ensure_one()
        return bool(self.env['isp.soap.connector']._isp_connector_for(
            self.company_id, 'provisioning'))

    @api.model
    def _isp_find_by_external_ref(self, company, external_ref):
        """The subscription of ``company`` the external system names
        ``external_ref``: by its external reference, else by its name (what
        the pushes send)."""
        Subscription = self.sudo()
        domain = [('company_id', '=', company.id)]
        return (Subscription.search(
            domain + [('isp_external_ref', '=', external_ref)], limit=1)
            or Subscription.search(
                domain + [('name', '=', external_ref)], limit=1))

    @api.model
    def _isp_apply_provisioning(self, connector, external_ref,
                                confirmation_ref, date, source):
        """Apply the provisioning system's confirmation ``confirmation_ref``
        of the subscription ``external_ref`` of ``connector``'s company,
        activated on ``date`` ('YYYY-MM-DD'), received by ``source``
        ('callback' or 'pull'). Returns APPLIED, DUPLICATE (this very
        confirmation was applied before: nothing to do), UNKNOWN, IGNORED
        (not pending) or INVALID; all but APPLIED and DUPLICATE change
        nothing and are logged."""
        operation = ('callback' if source == 'callback'
                     else 'PullActivations')
        payload = {'subscription': external_ref,
                   'confirmation': confirmation_ref, 'date': date}
        try:
            day = fields.Date.from_string(date) if date else None
        except (TypeError, ValueError):
            day = None
        if not external_ref or not confirmation_ref or not day:
            connector._isp_log_provisioning(operation, 'warning', _(
                'Confirmation without a subscription reference, a '
                'confirmation id or a valid date (YYYY-MM-DD): ignored.'),
                payload=payload)
            return INVALID
        subscription = self._isp_find_by_external_ref(
            connector.company_id, external_ref)
        if not subscription:
            connector._isp_log_provisioning(operation, 'warning', _(
                'Confirmation %(confirmation)s names subscription '
                '%(ref)s, unknown to the company: ignored.') % {
                    'confirmation': confirmation_ref, 'ref': external_ref},
                payload=payload)
            return UNKNOWN
        if subscription.isp_provisioning_ref == confirmation_ref:
            return DUPLICATE
        if subscription.state != 'pending':
            labels = dict(self._fields['state']._description_selection(
                self.env))
            connector._isp_log_provisioning(operation, 'warning', _(
                'Confirmation %(confirmation)s of subscription %(name)s '
                'ignored: it is "%(state)s", not pending.') % {
                    'confirmation': confirmation_ref,
                    'name': subscription.name,
                    'state': labels[subscription.state]},
                subscription=subscription, payload=payload)
            return IGNORED
        day = fields.Date.to_string(day)
        subscription.write({
            'isp_provisioning_ref': confirmation_ref,
            'isp_date_provisioned': day,
            'isp_provisioning_source': source,
            'date_start': day,
        })
        subscription._activate(date_start=day)
        sources = dict(self._fields[
            'isp_provisioning_source']._description_selection(self.env))
        subscription.message_post(body=_(
            'The provisioning system confirmed the activation on %(date)s '
            '(confirmation %(confirmation)s, by %(source)s): billing '
            'starts on that date.') % {
                'date': day, 'confirmation': confirmation_ref,
                'source': sources[source]},
            subtype='mail.mt_note')
        connector._isp_log_provisioning(operation, 'info', _(
            'Subscription %(name)s activated on %(date)s (confirmation '
            '%(confirmation)s).') % {
                'name': subscription.name, 'date': day,
                'confirmation': confirmation_ref},
            subscription=subscription, payload=payload)
        return APPLIED
