# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import evidence

ESIGN_EVENT_TYPES = [
    ('created', 'Created'),
    ('changed', 'Changed before sending'),
    ('sent', 'Link sent'),
    ('reminded', 'Reminder sent'),
    ('opened', 'Opened'),
    ('code_sent', 'Code sent'),
    ('code_verified', 'Code verified'),
    ('code_failed', 'Wrong code'),
    ('code_expired', 'Expired code'),
    ('locked', 'Locked'),
    ('signed', 'Signed'),
    ('sealed', 'Sealed'),
    ('confirmed', 'Confirmation sent'),
    ('expired', 'Expired'),
    ('cancelled', 'Cancelled'),
]


def details_text(details, labels, methods=None):
    """``details`` (text, or the JSON of a dictionary) as "Label: value"
    lines; the lines follow the order of ``labels``."""
    try:
        values = json.loads(details or '')
    except ValueError:
        return details or ''
    if not isinstance(values, dict):
        return details or ''
    lines = []
    order = list(labels) + sorted(set(values) - set(labels))
    for key in order:
        if key not in values or values[key] in ('', None, []):
            continue
        value = values[key]
        if isinstance(value, list):
            value = ', '.join('%s' % item for item in value)
        elif key == 'method' and methods:
            value = methods.get(value, value)
        lines.append('%s: %s' % (labels.get(key, key), value))
    return '\n'.join(lines)


#: the channels of ``isp.esign.request`` (link and code)
ESIGN_EVENT_CHANNELS = [
    ('email', 'E-mail'),
    ('sms', 'SMS'),
    ('both', 'E-mail and SMS'),
    ('store', 'In store'),
]


class IspEsignEvent(models.Model):
    """One entry of the append-only, hash-chained evidence of a request.

    Each entry's ``hash`` is SHA-256 of the previous entry's hash and the
    canonical JSON of the entry (``_esign_entry``); entries are never
    written or deleted (refused in code and in the access rights), and
    never deleted with their request (``ondelete='restrict'``)."""
    _name = 'isp.esign.event'
    _description = 'Signature Evidence Event'
    _order = 'request_id, sequence'

    request_id = fields.Many2one(
        comodel_name='isp.esign.request',
        string='Signature Request',
        required=True,
        readonly=True,
        index=True,
        ondelete='restrict',
    )
    sequence = fields.Integer(readonly=True)
    event_type = fields.Selection(
        selection=ESIGN_EVENT_TYPES,
        string='Event',
        required=True,
        readonly=True,
    )
    date = fields.Datetime(required=True, readonly=True)
    ip = fields.Char(string='IP Address', readonly=True)
    user_agent = fields.Char(readonly=True)
    user_id = fields.Many2one(
        comodel_name='res.users',
        string='User',
        readonly=True,
    )
    # a selection (stored as the same text): the label is shown, not
    # the raw "email"
    channel = fields.Selection(
        selection=ESIGN_EVENT_CHANNELS, readonly=True)
    details = fields.Text(readonly=True)
    details_display = fields.Text(
        string='Details', compute='_compute_details_display',
        help="The details of the event, one a line, in words (the hashed "
             "evidence keeps them as JSON).")
    previous_hash = fields.Char(readonly=True)
    hash = fields.Char(readonly=True)

    _sql_constraints = [
        ('request_sequence_unique', 'unique(request_id, sequence)',
         'Two evidence events cannot have the same position.'),
    ]

    @api.model
    def _esign_detail_labels(self):
        return {
            'document_sha256': _('Document SHA-256'),
            'consent_sha256': _('Consent SHA-256'),
            'signature_sha256': _('Signature SHA-256'),
            'signed_pdf_sha256': _('Signed PDF SHA-256'),
            'seal_fingerprint': _('Seal certificate'),
            'signer': _('Signer'),
            'name': _('Name typed'),
            'fields': _('Fields changed'),
            'method': _('Method'),
            'identified_by': _('Identified in store by'),
            'code_channel': _('Code sent by'),
            'code_verified': _('Code verified on (UTC)'),
        }

    @api.depends('details')
    def _compute_details_display(self):
        labels = self._esign_detail_labels()
        methods = {'code': _('One-time code'), 'in_store': _('In store')}
        for event in self:
            event.details_display = details_text(
                event.details, labels, methods)

    @api.model
    def _esign_entry_from_values(self, request, vals):
        """The dictionary hashed for an event (canonical JSON)."""
        return {
            'request': request.id,
            'sequence': vals.get('sequence'),
            'event': vals.get('event_type'),
            'date': vals.get('date'),
            'ip': vals.get('ip') or '',
            'user_agent': vals.get('user_agent') or '',
            'user': vals.get('user_id') or 0,
            'channel': vals.get('channel') or '',
            'details': vals.get('details') or '',
        }

    @api.multi
    def _esign_entry(self):
        self.ensure_one()
        return self._esign_entry_from_values(self.request_id, {
            'sequence': self.sequence,
            'event_type': self.event_type,
            'date': self.date,
            'ip': self.ip,
            'user_agent': self.user_agent,
            'user_id': self.user_id.id,
            'channel': self.channel,
            'details': self.details,
        })

    @api.model
    def create(self, vals):
        """Chain the new event after the last one of its request.

        The request's row is locked with an UPDATE before the last event
        is read: under REPEATABLE READ a transaction that waited for a
        ``SELECT ... FOR UPDATE`` would still read its old snapshot and
        take the same position (a unique violation, which Odoo does not
        retry), while a concurrent UPDATE makes it fail with a
        serialization error that Odoo retries on a fresh snapshot."""
        # nobody but the signing flow (as superuser) creates events: refuse
        # before the request's row is locked
        self.check_access_rights('create')
        vals = dict(vals)
        request = self.env['isp.esign.request'].browse(vals['request_id'])
        request._esign_lock()
        self.env.cr.execute(
            'SELECT sequence, hash FROM isp_esign_event '
            'WHERE request_id = %s ORDER BY sequence DESC LIMIT 1',
            (request.id,))
        last = self.env.cr.fetchone()
        vals['sequence'] = (last[0] + 1) if last else 1
        vals['previous_hash'] = last[1] if last else evidence.GENESIS_HASH
        vals.setdefault('date', fields.Datetime.now())
        if not isinstance(vals['date'], str):
            vals['date'] = fields.Datetime.to_string(vals['date'])
        vals['date'] = vals['date'][:19]
        if vals.get('user_agent'):
            vals['user_agent'] = vals['user_agent'][:512]
        vals['hash'] = evidence.chain_hash(
            vals['previous_hash'],
            self._esign_entry_from_values(request, vals))
        return super(IspEsignEvent, self).create(vals)

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_(
            'Evidence events cannot be changed: they prove what happened. '
            'Add a new event instead.'))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_(
            'Evidence events cannot be deleted: they prove what happened.'))
