# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import logging
import os
import re
from email.utils import formataddr

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq

from ..rules import evidence, sealing
from .res_company import CODE_CHANNELS, esign_test_mode

_logger = logging.getLogger(__name__)

ESIGN_REQUEST_STATES = [
    ('draft', 'Draft'),
    ('sent', 'Sent'),
    ('opened', 'Opened'),
    ('signed', 'Signed'),
    ('refused', 'Refused'),
    ('expired', 'Expired'),
    ('cancelled', 'Cancelled'),
]

# states after which a request can no longer change
ESIGN_FINAL_STATES = ('signed', 'refused', 'expired', 'cancelled')
# states in which the signer can open the link and sign
ESIGN_OPEN_STATES = ('sent', 'opened')

ESIGN_CHANNELS = [
    ('email', 'E-mail'),
    ('sms', 'SMS'),
    ('both', 'E-mail and SMS'),
    ('store', 'In store'),
]

# the placeholder replaced by the signing link in any mail template
SIGN_LINK_PLACEHOLDER = '[[sign_link]]'
SIGN_CODE_PLACEHOLDER = '[[sign_code]]'

# what the signer is asked to sign: set while the request is a draft
# (each change is an evidence event), frozen once it is sent
ESIGN_FROZEN_FIELDS = (
    'state', 'partner_id', 'signer_name', 'signer_email', 'signer_mobile',
    'document_pdf', 'document_filename', 'consent_text', 'res_model',
    'res_id', 'company_id', 'code_channel', 'code_channel_required',
)
# written by the signing flow only, never through write() or create()
ESIGN_INTERNAL_FIELDS = (
    'state', 'document_sha256', 'consent_sha256', 'token_hash', 'date_sent',
    'date_reminded', 'date_opened', 'code_hash', 'date_code_sent',
    'code_sent_channel', 'code_attempts', 'locked', 'date_code_verified',
    'code_verified_channel', 'date_signed', 'signed_name',
    'signature_image', 'signature_sha256', 'signer_ip', 'signer_user_agent',
    'in_store_user_id', 'signed_pdf', 'signed_filename',
    'signed_pdf_sha256', 'verify_state', 'verify_message', 'date_verified',
    'res_fingerprint', 'seal_fingerprint', 'event_ids',
)
# an "opened" event per browser (IP and user agent) and period, at most
ESIGN_OPEN_LOG_PERIOD = datetime.timedelta(hours=1)


def placeholder_pattern(placeholder):
    """A regex of ``placeholder`` (``[[name]]``) as it appears in a rendered
    mail body: as is, or in an ``href`` that Odoo made absolute and
    URL-quoted (``http://host/%5B%5Bname%5D%5D``)."""
    name = re.escape(placeholder.strip('[]'))
    return re.compile(
        r'(?:https?://[^\s"\'<>]*?/)?(?:\[\[|%%5B%%5B)%s(?:\]\]|%%5D%%5D)'
        % name, re.IGNORECASE)


class IspEsignRequest(models.Model):
    _name = 'isp.esign.request'
    _description = 'Signature Request'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'id desc'

    name = fields.Char(
        string='Reference',
        required=True,
        copy=False,
        readonly=True,
        default='/',
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    res_model = fields.Char(
        string='Document Model',
        index=True,
    )
    res_id = fields.Integer(
        string='Document ID',
        index=True,
    )
    document_ref = fields.Reference(
        selection='_selection_document_ref',
        string='Document',
        compute='_compute_document',
        help="The record the signer is asked to sign.")
    document_title = fields.Char(
        string='Document title',
        compute='_compute_document',
        help="What the signer reads in the messages and on the signing "
             "page, e.g. \"Contract SO028\".")
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Signer',
        required=True,
        index=True,
        ondelete='restrict',
        track_visibility='onchange',
    )
    signer_name = fields.Char()
    signer_email = fields.Char(string='Signer E-mail')
    signer_mobile = fields.Char()
    channel = fields.Selection(
        selection=ESIGN_CHANNELS,
        string='Send By',
        required=True,
        default='email',
    )
    code_channel = fields.Selection(
        selection=CODE_CHANNELS,
        string='Code By',
        default=lambda self: self.env.user.company_id.esign_code_channel
        or 'email',
    )
    code_channel_required = fields.Boolean(
        string='Code Only By This Channel',
        default=lambda self:
        self.env.user.company_id.esign_code_channel_required,
        help='The signer cannot ask for the code by another channel.',
    )
    state = fields.Selection(
        selection=ESIGN_REQUEST_STATES,
        default='draft',
        required=True,
        copy=False,
        index=True,
        track_visibility='onchange',
    )
    date_expiry = fields.Date(
        string='Expiry Date',
        copy=False,
        track_visibility='onchange',
    )
    document_pdf = fields.Binary(
        string='Document',
        attachment=True,
    )
    document_filename = fields.Char()
    document_sha256 = fields.Char(
        string='Document SHA-256',
        readonly=True,
        copy=False,
    )
    consent_text = fields.Text(
        default=lambda self: self._default_consent_text(),
    )
    consent_sha256 = fields.Char(
        string='Consent SHA-256',
        readonly=True,
        copy=False,
    )
    res_fingerprint = fields.Char(
        string='Document Data SHA-256',
        readonly=True,
        copy=False,
        help='Fingerprint of the signed record\'s data when the document '
             'was frozen: signing refuses a record changed since.',
    )
    seal_fingerprint = fields.Char(
        string='Seal Certificate SHA-256',
        readonly=True,
        copy=False,
    )
    token_hash = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        groups='base.group_system',
    )
    date_sent = fields.Datetime(readonly=True, copy=False)
    date_reminded = fields.Datetime(readonly=True, copy=False)
    date_opened = fields.Datetime(readonly=True, copy=False)
    code_hash = fields.Char(
        readonly=True,
        copy=False,
        groups='base.group_system',
    )
    date_code_sent = fields.Datetime(readonly=True, copy=False)
    code_sent_channel = fields.Selection(
        selection=CODE_CHANNELS, readonly=True, copy=False)
    code_attempts = fields.Integer(
        string='Wrong Codes',
        readonly=True,
        copy=False,
    )
    locked = fields.Boolean(
        readonly=True,
        copy=False,
        help='Too many wrong codes: send the link again to unlock.',
    )
    date_code_verified = fields.Datetime(readonly=True, copy=False)
    code_verified_channel = fields.Selection(
        selection=CODE_CHANNELS, readonly=True, copy=False)
    date_signed = fields.Datetime(readonly=True, copy=False)
    signed_name = fields.Char(readonly=True, copy=False)
    signature_image = fields.Binary(
        attachment=True,
        readonly=True,
        copy=False,
    )
    signature_sha256 = fields.Char(
        string='Signature SHA-256',
        readonly=True,
        copy=False,
    )
    signer_ip = fields.Char(string='Signer IP', readonly=True, copy=False)
    signer_user_agent = fields.Char(readonly=True, copy=False)
    in_store_user_id = fields.Many2one(
        comodel_name='res.users',
        string='Identified In Store By',
        readonly=True,
        copy=False,
    )
    signed_pdf = fields.Binary(
        string='Signed PDF',
        attachment=True,
        readonly=True,
        copy=False,
    )
    signed_filename = fields.Char(readonly=True, copy=False)
    signed_pdf_sha256 = fields.Char(
        string='Signed PDF SHA-256',
        readonly=True,
        copy=False,
    )
    event_ids = fields.One2many(
        comodel_name='isp.esign.event',
        inverse_name='request_id',
        string='Evidence',
        readonly=True,
    )
    verify_state = fields.Selection(
        selection=[('ok', 'Intact'), ('failed', 'Mismatch found')],
        string='Verification',
        readonly=True,
        copy=False,
    )
    verify_message = fields.Text(
        string='Verification Result',
        readonly=True,
        copy=False,
    )
    date_verified = fields.Datetime(readonly=True, copy=False)

    @api.model
    def _selection_document_ref(self):
        models_ = self.env['ir.model'].sudo().search([])
        return [(model.model, model.name) for model in models_
                if model.model in self.env
                and isinstance(self.env[model.model],
                               self.env.registry['isp.esign.mixin'])]

    @api.depends('res_model', 'res_id', 'document_filename', 'name')
    def _compute_document(self):
        for request in self:
            record = request._esign_record() if request.id else None
            request.document_ref = '%s,%s' % (record._name, record.id) \
                if record else False
            title = record._esign_document_title() if record else ''
            if not title and request.document_filename:
                title = os.path.splitext(request.document_filename)[0]
            request.document_title = title or request.name

    @api.model
    def _default_consent_text(self):
        return _(
            'I have read the document above and I sign it electronically. '
            'I agree that my drawn signature, my name and this record of '
            'events have the same value as a handwritten signature.')

    # --- CRUD ---------------------------------------------------------------

    @api.model
    def create(self, vals):
        internal = set(vals) & (set(ESIGN_INTERNAL_FIELDS) - {'state'})
        if internal or vals.get('state', 'draft') != 'draft':
            raise UserError(_(
                'A new signature request starts as a draft: its state and '
                'evidence are recorded by the signing flow (%s).')
                % ', '.join(sorted(internal or ['state'])))
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'isp.esign.request') or '/'
        partner = self.env['res.partner'].browse(vals.get('partner_id'))
        for field, value in (('signer_name', partner.name),
                             ('signer_email', partner.email),
                             ('signer_mobile', partner.mobile)):
            if not vals.get(field) and value:
                vals[field] = value
        self._esign_check_target(vals.get('res_model'), vals.get('res_id'))
        request = super(IspEsignRequest, self).create(vals)
        request._esign_freeze_hashes()
        request._log_event('created', details=request._esign_json({
            'document_sha256': request.document_sha256 or '',
            'signer': request.signer_name or '',
        }))
        return request

    @api.multi
    def write(self, vals):
        """What is signed changes only while the request is a draft (each
        change is an evidence event); the flow's fields never change here:
        this is decided from the stored state, whatever the context."""
        internal = set(vals) & set(ESIGN_INTERNAL_FIELDS)
        if internal:
            raise UserError(_(
                'These fields are recorded by the signing flow and cannot '
                'be changed by hand: %s. Use the buttons of the request.')
                % ', '.join(sorted(internal)))
        frozen = sorted(set(vals) & set(ESIGN_FROZEN_FIELDS))
        if frozen:
            sent = self.filtered(lambda request: request.state != 'draft')
            if sent:
                raise UserError(_(
                    'Signature request %s was sent: what the signer is '
                    'asked to sign can no longer change. Cancel it and '
                    'create a new one.') % sent[0].name)
        if {'res_model', 'res_id'} & set(vals):
            for request in self:
                self._esign_check_target(
                    vals.get('res_model', request.res_model),
                    vals.get('res_id', request.res_id))
        result = super(IspEsignRequest, self).write(vals)
        if frozen:
            self._esign_freeze_hashes()
            for request in self:
                request._log_event('changed', details=request._esign_json({
                    'fields': frozen,
                    'document_sha256': request.document_sha256 or '',
                    'consent_sha256': request.consent_sha256 or '',
                    'signer': request.signer_name or '',
                }))
        return result

    @api.multi
    def _esign_write(self, vals):
        """Write the flow's own fields (internal: no check of the public
        ``write``)."""
        return super(IspEsignRequest, self.sudo()).write(vals)

    @api.multi
    def unlink(self):
        """Only a request whose evidence is its creation can go; its
        events never go with it by cascade."""
        self.check_access_rights('unlink')
        self.check_access_rule('unlink')
        for request in self:
            types = set(request.sudo().event_ids.mapped('event_type'))
            if request.state != 'draft' or types - {'created'}:
                raise UserError(_(
                    'Signature request %s has evidence: it cannot be '
                    'deleted. Cancel it instead.') % request.name)
        if self.ids:
            # the "created" event only (checked above), explicitly: the
            # foreign key refuses any cascade
            self.env.cr.execute(
                'DELETE FROM isp_esign_event WHERE request_id IN %s',
                (tuple(self.ids),))
            self.env['isp.esign.event'].invalidate_cache()
        return super(IspEsignRequest, self).unlink()

    @api.model
    def _esign_check_target(self, model, res_id):
        """The record to sign (``model``, ``res_id``) uses the signing
        mixin, exists, and the current user may change it (signing acts
        on it). No record at all is a standalone document."""
        if not model and not res_id:
            return True
        mixin = self.env.registry['isp.esign.mixin']
        if not model or model not in self.env \
                or not isinstance(self.env[model], mixin) \
                or self.env[model]._abstract \
                or self.env[model]._transient:
            raise UserError(_(
                'Documents of "%s" cannot be sent for signature: only '
                'records of a model that uses the e-signature mixin '
                'can.') % (model or ''))
        record = self.env[model].browse(res_id)
        if not res_id or not record.exists():
            raise UserError(_(
                'The document to sign (%(model)s %(id)s) does not '
                'exist.') % {'model': model, 'id': res_id})
        record.check_access_rights('write')
        record.check_access_rule('write')
        return True

    @api.multi
    def _esign_freeze_hashes(self):
        for request in self:
            pdf = request._esign_binary('document_pdf')
            record = request._esign_record()
            request._esign_write({
                'document_sha256': evidence.sha256_hex(pdf) if pdf else False,
                'consent_sha256': evidence.sha256_hex(
                    request.consent_text or ''),
                'res_fingerprint': record._esign_fingerprint()
                if record is not None else False,
            })
        return True

    # --- helpers ------------------------------------------------------------

    @api.model
    def _esign_now(self):
        """Now, as a naive UTC datetime; tests (only) pass ``esign_now``
        in the context."""
        now = self.env.context.get('esign_now') if esign_test_mode() \
            else None
        if now:
            if isinstance(now, str):
                now = fields.Datetime.from_string(now)
            return now.replace(microsecond=0)
        return fields.Datetime.from_string(fields.Datetime.now())

    @api.model
    def _esign_json(self, values):
        return evidence.canonical_json(values).decode('utf-8')

    @api.multi
    def _esign_binary(self, field_name):
        self.ensure_one()
        value = self.sudo().with_context(**{
            'bin_size': False, 'bin_size_%s' % field_name: False,
        })[field_name]
        return base64.b64decode(value) if value else b''

    @api.multi
    def _esign_lock(self):
        """Serialize the writers of these requests' evidence: an UPDATE,
        so that a concurrent transaction that appended an event makes
        this one fail with a (retried) serialization error instead of
        reading a stale snapshot."""
        if self.ids:
            self.env.cr.execute(
                'UPDATE isp_esign_request SET write_date = write_date '
                'WHERE id IN %s', (tuple(self.ids),))
        return True

    @api.multi
    def _log_event(self, event_type, ip=None, user_agent=None, channel=None,
                   details=None, user=None):
        self.ensure_one()
        user = user if user is not None else self.env.user
        return self.env['isp.esign.event'].sudo().create({
            'request_id': self.id,
            'event_type': event_type,
            'date': fields.Datetime.to_string(self._esign_now()),
            'ip': ip or '',
            'user_agent': user_agent or '',
            'user_id': user.id if user and not user._is_public() else False,
            'channel': channel or '',
            'details': details or '',
        })

    @api.multi
    def _esign_record(self):
        """The record to sign, if it still exists."""
        self.ensure_one()
        if not self.res_model or not self.res_id \
                or self.res_model not in self.env \
                or not isinstance(self.env[self.res_model],
                                  self.env.registry['isp.esign.mixin']):
            return None
        record = self.env[self.res_model].sudo().browse(self.res_id)
        return record if record.exists() else None

    @api.multi
    def _esign_base_url(self):
        return self.env['ir.config_parameter'].sudo().get_param(
            'web.base.url', 'http://localhost:8069').rstrip('/')

    @api.multi
    def _esign_link(self, token):
        self.ensure_one()
        return '%s/sign/%s' % (self._esign_base_url(), token)

    @api.multi
    def _esign_is_expired(self):
        self.ensure_one()
        if not self.date_expiry:
            return False
        today = self._esign_now().date()
        return fields.Date.from_string(self.date_expiry) < today

    @api.multi
    def _esign_signed_link_open(self):
        """Whether the link of a signed request still shows it."""
        self.ensure_one()
        if self.state != 'signed' or not self.date_signed:
            return False
        days = self.company_id.esign_signed_link_days or 30
        signed = fields.Datetime.from_string(self.date_signed)
        return self._esign_now() <= signed + datetime.timedelta(days=days)

    # --- token --------------------------------------------------------------

    @api.model
    def _find_by_token(self, token):
        """The request (sudo) that ``token`` opens, or an empty recordset.

        A token opens a request waiting for signature and not expired, or
        a signed one for the company's number of days (to show the
        signature); anything else looks the same as an unknown token."""
        empty = self.sudo().browse()
        if not token or not isinstance(token, str) or len(token) > 128:
            return empty
        wanted = evidence.token_hash(token)
        request = self.sudo().search([('token_hash', '=', wanted)], limit=1)
        if not request or not consteq(request.token_hash or '', wanted):
            return empty
        if request.state == 'signed':
            return request if request._esign_signed_link_open() else empty
        if request.state in ESIGN_OPEN_STATES \
                and not request._esign_is_expired():
            return request
        return empty

    @api.multi
    def _esign_issue_token(self):
        """A new token for the request: the previous link stops working."""
        self.ensure_one()
        token = evidence.new_token()
        self._esign_write({'token_hash': evidence.token_hash(token)})
        return token

    # --- sending ------------------------------------------------------------

    @api.multi
    def _esign_check_destination(self, channel):
        """Refuse a channel for which the signer has no address."""
        self.ensure_one()
        if channel in ('email', 'both') and not self.signer_email:
            raise UserError(_(
                'The signer of %s has no e-mail address: add one to the '
                'request (or the contact), or choose another channel.')
                % self.name)
        if channel in ('sms', 'both') and not self.signer_mobile:
            raise UserError(_(
                'The signer of %s has no mobile number: add one to the '
                'request (or the contact), or choose another channel.')
                % self.name)

    @api.multi
    def _esign_sms_gateway(self):
        self.ensure_one()
        gateway = self.env['isp.sms.gateway'].sudo().with_context(
            force_company=self.company_id.id)
        company_gateway = self.company_id.sudo().sms_gateway_id
        if company_gateway and company_gateway.active:
            return company_gateway
        gateway = gateway.search(
            [('company_id', '=', self.company_id.id)], limit=1)
        if not gateway:
            raise UserError(_(
                'No SMS gateway is configured for %s: add one in '
                'Signatures > Configuration > SMS Gateways.')
                % self.company_id.name)
        return gateway

    @api.multi
    def _esign_mail_values(self, template, replacements, email_to,
                           attachment_ids=None, keep=False):
        """Mail values from ``template`` rendered on the request, with
        each placeholder of ``replacements`` replaced in the subject and
        body (so that ``[[sign_link]]`` works in any template)."""
        self.ensure_one()
        values = template.generate_email(
            self.id, fields=['subject', 'body_html', 'email_from',
                             'reply_to', 'mail_server_id'])
        subject = values.get('subject') or ''
        body = values.get('body_html') or ''
        for placeholder, value in replacements.items():
            subject = subject.replace(placeholder, value)
            body = placeholder_pattern(placeholder).sub(
                lambda match, value=value: value, body)
        mail_values = {
            'subject': subject,
            'body_html': body,
            'email_from': values.get('email_from')
            or self.company_id.email or self.env.user.email,
            'reply_to': values.get('reply_to'),
            'mail_server_id': values.get('mail_server_id'),
            'email_to': formataddr((self.signer_name or '', email_to)),
            'auto_delete': not keep,
            'attachment_ids': [(6, 0, attachment_ids or [])],
        }
        if keep:
            mail_values.update({'model': self._name, 'res_id': self.id})
        return mail_values

    @api.multi
    def _esign_send_template(self, template, replacements, attachment_ids=None,
                             keep=False):
        return self.env['mail.mail'].sudo().create(self._esign_mail_values(
            template, replacements, self.signer_email,
            attachment_ids=attachment_ids, keep=keep))

    @api.multi
    def _esign_send_link(self, reminder=False):
        """Send a fresh link by the request's channel(s)."""
        self.ensure_one()
        channel = self.channel
        self._esign_check_destination(channel)
        token = self._esign_issue_token()
        link = self._esign_link(token)
        request = self.sudo()
        destinations = []
        if channel in ('email', 'both'):
            template = self.env.ref(
                'isp_esign.mail_template_esign_request')
            request._esign_send_template(
                template, {SIGN_LINK_PLACEHOLDER: link})
            destinations.append(self.signer_email)
        if channel in ('sms', 'both'):
            gateway = self._esign_sms_gateway()
            text = _('%(company)s asks you to sign %(document)s: %(link)s') % {
                'company': self.company_id.name,
                'document': self.document_title,
                'link': link,
            }
            gateway._send_sms(self.signer_mobile, text)
            destinations.append(self.signer_mobile)
        event = 'reminded' if reminder else 'sent'
        self._log_event(event, channel=channel,
                        details=', '.join(destinations))
        if destinations:
            self.message_post(body=_('Signature link sent to %s.')
                              % ', '.join(destinations))
        return token

    @api.multi
    def _prepare_send_values(self):
        self.ensure_one()
        now = self._esign_now()
        values = {
            'date_sent': fields.Datetime.to_string(now),
            'locked': False,
            'code_attempts': 0,
            'code_hash': False,
            'date_code_sent': False,
        }
        if self.state == 'draft':
            values['state'] = 'sent'
        if not self.date_expiry or self._esign_is_expired():
            days = self.company_id.esign_link_validity_days or 14
            values['date_expiry'] = fields.Date.to_string(
                now.date() + datetime.timedelta(days=days))
        return values

    @api.multi
    def _esign_check_staff_access(self, operation='write'):
        """Buttons use sudo() for the evidence: the caller must first have
        the right on every request (refused to portal users and to
        employees without Signatures rights, who call them over RPC)."""
        self.check_access_rights(operation)
        self.check_access_rule(operation)
        return True

    @api.multi
    def action_send(self):
        """Send (or send again) the link; a new link replaces the old one
        and unlocks a request locked by wrong codes."""
        self._esign_check_staff_access()
        for request in self:
            if request.state in ESIGN_FINAL_STATES:
                raise UserError(_(
                    'Signature request %s is closed: create a new one.')
                    % request.name)
            if not request.document_pdf:
                raise UserError(_(
                    'Signature request %s has no document to sign: attach '
                    'the PDF first.') % request.name)
            request._esign_check_destination(request.channel)
            request._esign_write(request._prepare_send_values())
            if request.channel != 'store':
                request._esign_send_link()
            else:
                request._log_event('sent', channel='store')
        return True

    @api.multi
    def action_sign_now(self):
        """Open the signing page for the signer in front of staff."""
        self.ensure_one()
        self._esign_check_staff_access()
        if self.state in ESIGN_FINAL_STATES:
            raise UserError(_(
                'Signature request %s is closed: create a new one.')
                % self.name)
        if not self.document_pdf:
            raise UserError(_(
                'Signature request %s has no document to sign: attach the '
                'PDF first.') % self.name)
        if self.state == 'draft' or self._esign_is_expired():
            self._esign_write(self._prepare_send_values())
            self._log_event('sent', channel='store')
        token = self._esign_issue_token()
        return {
            'type': 'ir.actions.act_url',
            'url': '/sign/%s/store' % token,
            'target': 'new',
        }

    @api.multi
    def action_cancel(self):
        self._esign_check_staff_access()
        for request in self:
            if request.state in ESIGN_FINAL_STATES:
                raise UserError(_(
                    'Signature request %s is closed and cannot be '
                    'cancelled.') % request.name)
        for request in self:
            request._esign_cancel()
        return True

    @api.multi
    def _esign_cancel(self, reason=None):
        """Close pending requests: the link stops working."""
        for request in self.filtered(
                lambda request: request.state not in ESIGN_FINAL_STATES):
            request._esign_write({'state': 'cancelled', 'token_hash': False})
            request._log_event('cancelled', details=reason or '')
            if reason:
                request.message_post(body=_(
                    'Cancelled: %s') % reason)
        return True

    @api.multi
    def action_open_document(self):
        """Open the record that the signer is asked to sign."""
        self.ensure_one()
        self._esign_check_staff_access('read')
        if not self.res_model or not self.res_id:
            raise UserError(_(
                'Signature request %s is not linked to a document.')
                % self.name)
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
            'target': 'current',
        }

    # --- signer side --------------------------------------------------------
    # Private: reached only through the /sign/<token> controller after its
    # token check (any public method is callable by every user over RPC).

    @api.multi
    def _esign_recently_opened(self, ip, user_agent, now):
        self.ensure_one()
        return bool(self.env['isp.esign.event'].sudo().search_count([
            ('request_id', '=', self.id),
            ('event_type', '=', 'opened'),
            ('ip', '=', ip or ''),
            ('user_agent', '=', (user_agent or '')[:512]),
            ('date', '>=', fields.Datetime.to_string(
                now - ESIGN_OPEN_LOG_PERIOD)),
        ]))

    @api.multi
    def _open(self, ip=None, user_agent=None):
        """The signer opened the page: one "opened" event per browser and
        period, whatever the number of reloads or parallel requests.

        Returns whether an event was recorded."""
        self.ensure_one()
        request = self.sudo()
        if request.state not in ESIGN_OPEN_STATES:
            return False
        now = self._esign_now()
        if request._esign_recently_opened(ip, user_agent, now):
            return False
        # serialize with the other writers, then decide on fresh data: a
        # concurrent open that committed first makes the lock fail (the
        # request is retried and finds its event above)
        request._esign_lock()
        if request._esign_recently_opened(ip, user_agent, now):
            return False
        if request.state == 'sent':
            request._esign_write({
                'state': 'opened',
                'date_opened': fields.Datetime.to_string(now),
            })
        request._log_event('opened', ip=ip, user_agent=user_agent)
        return True

    @api.multi
    def _esign_check_open(self):
        self.ensure_one()
        if self.state == 'signed':
            raise UserError(_('This document is already signed.'))
        if self.locked:
            raise UserError(_(
                'Too many wrong codes: ask %s for a new link.')
                % self.company_id.name)
        if self.state not in ESIGN_OPEN_STATES or self._esign_is_expired():
            raise UserError(_(
                'This signature request is closed or expired: ask %s for a '
                'new link.') % self.company_id.name)

    @api.multi
    def _esign_code_salt(self):
        self.ensure_one()
        return '%s:%s' % (self.id, self.sudo().token_hash or '')

    @api.multi
    def _esign_code_secret(self):
        return self.env['ir.config_parameter'].sudo().get_param(
            'database.secret', '')

    @api.multi
    def _esign_allowed_code_channels(self):
        """The channels the signer may ask the code by: only the
        request's one when the policy requires it."""
        self.ensure_one()
        if self.code_channel_required:
            return [self.code_channel or 'email']
        return [channel for channel, _label in CODE_CHANNELS]

    @api.multi
    def _send_code(self, channel=None, ip=None):
        """Send a new one-time code to the signer by SMS or e-mail."""
        self.ensure_one()
        request = self.sudo()
        request._esign_check_open()
        channel = channel or request.code_channel or 'email'
        if channel not in dict(CODE_CHANNELS):
            raise UserError(_('Choose to receive the code by SMS or '
                              'e-mail.'))
        if channel not in request._esign_allowed_code_channels():
            raise UserError(_(
                'For this document the code is sent only by %s: ask for '
                'it that way.') % dict(CODE_CHANNELS)[request.code_channel])
        request._esign_check_destination(channel)
        now = self._esign_now()
        wait = evidence.resend_wait(
            fields.Datetime.from_string(request.date_code_sent), now)
        if wait:
            raise UserError(_(
                'A code was just sent: wait %d seconds before asking for '
                'another one.') % wait)
        code = evidence.new_code()
        request._esign_write({
            'code_hash': evidence.code_hash(
                self._esign_code_secret(), request._esign_code_salt(), code),
            'date_code_sent': fields.Datetime.to_string(now),
            'code_sent_channel': channel,
        })
        if channel == 'sms':
            text = _('%(code)s is your code to sign %(document)s with '
                     '%(company)s. It is valid 10 minutes.') % {
                'code': code,
                'document': request.document_title,
                'company': request.company_id.name,
            }
            request._esign_sms_gateway()._send_sms(
                request.signer_mobile, text)
            destination = request.signer_mobile
        else:
            template = self.env.ref('isp_esign.mail_template_esign_code')
            request._esign_send_template(
                template, {SIGN_CODE_PLACEHOLDER: code})
            destination = request.signer_email
        request._log_event('code_sent', ip=ip, channel=channel,
                           details=destination)
        return True

    @api.multi
    def _verify_code(self, code, ip=None, user_agent=None):
        """Whether ``code`` is the code sent; wrong ones are counted and
        the request is locked after too many."""
        self.ensure_one()
        request = self.sudo()
        request._esign_check_open()
        now = self._esign_now()
        if not request.code_hash:
            request._log_event('code_failed', ip=ip, user_agent=user_agent,
                               details='no active code')
            return False
        if evidence.code_expired(
                fields.Datetime.from_string(request.date_code_sent), now):
            request._esign_write({'code_hash': False})
            request._log_event('code_expired', ip=ip, user_agent=user_agent,
                               channel=request.code_sent_channel)
            return False
        if evidence.code_matches(
                self._esign_code_secret(), request._esign_code_salt(),
                code, request.code_hash):
            request._esign_write({
                'code_hash': False,
                'code_attempts': 0,
                'date_code_verified': fields.Datetime.to_string(now),
                'code_verified_channel': request.code_sent_channel,
            })
            request._log_event(
                'code_verified', ip=ip, user_agent=user_agent,
                channel=request.code_sent_channel,
                details=request.date_code_sent)
            return True
        attempts = request.code_attempts + 1
        values = {'code_attempts': attempts}
        if attempts >= evidence.CODE_MAX_ATTEMPTS:
            values.update({'locked': True, 'code_hash': False})
        request._esign_write(values)
        request._log_event('code_failed', ip=ip, user_agent=user_agent,
                           channel=request.code_sent_channel,
                           details='%d' % attempts)
        if values.get('locked'):
            request._log_event('locked', ip=ip, user_agent=user_agent)
        return False

    @api.multi
    def _esign_check_in_store_user(self, user):
        user = user.sudo()
        if user._is_public() or user.share \
                or not user.has_group('isp_esign.group_isp_esign_user'):
            raise UserError(_(
                'Only staff with access to Signatures can identify a signer '
                'in store.'))
        return user

    @api.multi
    def _esign_clean_signature(self, signature_png):
        """The drawn signature as fresh PNG bytes, or a translated
        refusal."""
        image = evidence.decode_image(signature_png)
        if not image:
            raise UserError(_(
                'The signature is empty: draw your signature in the box.'))
        try:
            image = evidence.clean_signature_png(image)
        except evidence.ImageError as error:
            if error.code == evidence.IMAGE_TOO_LARGE:
                raise UserError(_(
                    'The signature image is too large: clear the box and '
                    'draw your signature again.'))
            raise UserError(_(
                'The signature must be drawn in the box (a PNG image): '
                'clear the box and draw it again.'))
        if evidence.is_blank_image(image):
            raise UserError(_(
                'The signature is empty: draw your signature in the box.'))
        return image

    @api.multi
    def _sign(self, signer_name, signature_png, consent, ip=None,
              user_agent=None, document_sha256=None, in_store=False):
        """Sign the request: evidence, sealed PDF, hook, confirmation.

        ``document_sha256`` is the SHA-256 of the document the signer was
        shown (carried by the signing form). In store, the member of
        staff who identified the signer is the user of the environment
        (the session user: the controller calls this with
        ``sudo(session user)``). Nothing is saved when any step fails."""
        self.ensure_one()
        request = self.sudo()
        store_user = self._esign_check_in_store_user(self.env.user) \
            if in_store else None
        request._esign_check_open()
        if not document_sha256 or not request.document_sha256 \
                or not consteq('%s' % document_sha256,
                               request.document_sha256):
            raise UserError(_(
                'The document changed since this page was opened: reload '
                'the page, read the document again and sign.'))
        # every problem of the form at once, one a line
        problems = []
        signer_name = ' '.join((signer_name or '').split())
        if not signer_name:
            problems.append(_('Type your full name to sign.'))
        elif len(signer_name) > evidence.SIGNED_NAME_MAX_LENGTH:
            problems.append(_(
                'Your name is too long: type at most %d characters.')
                % evidence.SIGNED_NAME_MAX_LENGTH)
        try:
            image = self._esign_clean_signature(signature_png)
        except UserError as error:
            problems.append(error.name)
        if not consent:
            problems.append(_(
                'Tick the box to confirm that you agree to sign '
                'electronically.'))
        if problems:
            raise UserError('\n'.join(problems))
        now = self._esign_now()
        if not store_user:
            verified = fields.Datetime.from_string(request.date_code_verified)
            if not verified or \
                    now > verified + evidence.CODE_VERIFIED_VALIDITY:
                raise UserError(_(
                    'Confirm your identity with the one-time code first.'))
        request._esign_lock()
        try:
            with self.env.cr.savepoint():
                request._esign_sign(signer_name, image, ip, user_agent,
                                    store_user, now)
        except Exception:
            # the savepoint is rolled back; so must be the ORM's cache
            self.env.clear()
            raise
        return True

    @api.multi
    def _prepare_sign_values(self, signer_name, image, ip, user_agent,
                             store_user, now):
        self.ensure_one()
        return {
            'signed_name': signer_name,
            'signature_image': base64.b64encode(image),
            'signature_sha256': evidence.sha256_hex(image),
            'date_signed': fields.Datetime.to_string(now),
            'signer_ip': ip or '',
            'signer_user_agent': (user_agent or '')[:512],
            'in_store_user_id': store_user.id if store_user else False,
        }

    @api.multi
    def _esign_sign(self, signer_name, image, ip, user_agent, store_user,
                    now):
        request = self.sudo()
        record = request._esign_record()
        if record is not None:
            record._esign_check_unchanged(request)
        request._esign_write(request._prepare_sign_values(
            signer_name, image, ip, user_agent, store_user, now))
        details = {
            'name': signer_name,
            'signature_sha256': request.signature_sha256,
            'document_sha256': request.document_sha256 or '',
            'consent_sha256': request.consent_sha256 or '',
            'method': 'in_store' if store_user else 'code',
        }
        if store_user:
            details['identified_by'] = store_user.login
        else:
            details['code_channel'] = request.code_verified_channel or ''
            details['code_verified'] = request.date_code_verified or ''
        request._log_event('signed', ip=ip, user_agent=user_agent,
                           channel='store' if store_user else
                           request.code_verified_channel,
                           details=self._esign_json(details),
                           user=store_user or self.env.user)
        signed, seal_fingerprint = request._esign_build_signed_pdf(
            image, now)
        filename = request._esign_signed_filename()
        request._esign_write({
            'signed_pdf': base64.b64encode(signed),
            'signed_filename': filename,
            'signed_pdf_sha256': evidence.sha256_hex(signed),
            'seal_fingerprint': seal_fingerprint,
            'state': 'signed',
        })
        request._log_event('sealed', details=self._esign_json({
            'signed_pdf_sha256': request.signed_pdf_sha256,
            'seal_fingerprint': seal_fingerprint or ''}))
        attachments = request._esign_attach_signed_pdf(signed, filename)
        if record is not None:
            record._esign_on_accepted(request)
        request._esign_send_confirmation(attachments[:1])
        request.message_post(body=_('Signed by %(name)s on %(date)s (UTC).')
                             % {'name': signer_name,
                                'date': request.date_signed})
        return True

    @api.multi
    def _esign_signed_filename(self):
        self.ensure_one()
        base = (self.document_filename or self.name).rsplit('.pdf', 1)[0]
        return '%s - signed.pdf' % base.replace('/', '-')

    @api.multi
    def _esign_attach_signed_pdf(self, signed, filename):
        """Attach the signed PDF to the request and to its record (not
        to the partner: every employee reads the partners' files)."""
        self.ensure_one()
        attachments = self.env['ir.attachment'].sudo()
        record = self._esign_record()
        targets = [(self._name, self.id)]
        if record is not None:
            targets.append((record._name, record.id))
        for model, res_id in targets:
            attachments |= attachments.create({
                'name': filename,
                'datas_fname': filename,
                'datas': base64.b64encode(signed),
                'mimetype': 'application/pdf',
                'res_model': model,
                'res_id': res_id,
            })
        return attachments

    @api.multi
    def _esign_send_confirmation(self, attachments):
        self.ensure_one()
        if not self.signer_email:
            return False
        template = self.env.ref('isp_esign.mail_template_esign_signed')
        mail = self._esign_send_template(
            template, {}, attachment_ids=attachments.ids, keep=True)
        self._log_event('confirmed', channel='email',
                        details=self.signer_email)
        return mail

    # --- signed PDF ---------------------------------------------------------

    @api.multi
    def _esign_method_text(self):
        self.ensure_one()
        if self.in_store_user_id:
            return _('In store: identified by %(user)s (%(login)s)') % {
                'user': self.in_store_user_id.name,
                'login': self.in_store_user_id.login}
        channel = dict(self._fields[
            'code_verified_channel']._description_selection(self.env)).get(
                self.code_verified_channel, self.code_verified_channel or '')
        return _('One-time code by %(channel)s, verified on %(date)s UTC') % {
            'channel': channel, 'date': self.date_code_verified}

    @api.multi
    def _esign_pdf_labels(self):
        return {
            'title': _('Electronic signature'),
            'signature': _('Signature'),
            'audit': _('Audit trail'),
            'audit_intro': _(
                'Every event of this signature request, in order. Each '
                'hash is SHA-256 of the previous hash and the event; times '
                'are UTC.'),
            'columns': [_('#'), _('Date (UTC)'), _('Event'), _('IP'),
                        _('Details'), _('Hash')],
        }

    @api.multi
    def _esign_pdf_info(self):
        self.ensure_one()
        return [
            (_('Document'), self.document_title),
            (_('Request'), self.name),
            (_('Signed by'), self.signed_name),
            (_('Signer'), '%s %s %s' % (
                self.partner_id.name or '', self.signer_email or '',
                self.signer_mobile or '')),
            (_('Date signed'), '%s UTC' % self.date_signed),
            (_('Method'), self._esign_method_text()),
            (_('IP address'), self.signer_ip or '-'),
            (_('Browser'), self.signer_user_agent or '-'),
            (_('Consent'), self.consent_text or ''),
            (_('Consent SHA-256'), self.consent_sha256 or ''),
            (_('Document SHA-256'), self.document_sha256 or ''),
            (_('Signature SHA-256'), self.signature_sha256 or ''),
            (_('Sealed by'), self.company_id.name),
        ]

    @api.multi
    def _esign_pdf_events(self):
        self.ensure_one()
        Event = self.env['isp.esign.event']
        types = dict(Event._fields['event_type']._description_selection(
            self.env))
        channels = dict(Event._fields['channel']._description_selection(
            self.env))
        return [{
            'sequence': event.sequence,
            'date': event.date,
            'event': types.get(event.event_type, event.event_type),
            'ip': event.ip or '',
            'details': ' '.join(filter(None, [
                channels.get(event.channel, event.channel or ''),
                event.details_display or '',
                event.user_agent or ''])),
            'hash': event.hash,
        } for event in self.sudo().event_ids.sorted('sequence')]

    @api.multi
    def _esign_build_signed_pdf(self, image, now):
        """``(PDF bytes, certificate fingerprint)``: the original pages,
        the signature block and the audit page, sealed with the company's
        certificate."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.user.lang
        request = self.with_context(lang=lang)
        pages = sealing.build_evidence_pdf(
            request._esign_pdf_info(), request._esign_pdf_events(),
            request._esign_pdf_labels(), signature_png=image)
        try:
            merged = sealing.merge_pdfs(self._esign_binary('document_pdf'),
                                        pages)
        except Exception as error:  # PyPDF2 raises many kinds
            _logger.info('Cannot read the PDF of %s: %s', self.name, error)
            raise UserError(_(
                'The document of %s is not a readable PDF: create a new '
                'request with a valid PDF.') % self.name)
        data, password, fingerprint = \
            self.company_id._esign_seal_material()
        try:
            return sealing.seal_pdf(
                merged, data, password, now,
                tsa_url=self.company_id.esign_tsa_url or None,
                reason=_('Signed by %s') % self.signed_name,
                location=self.company_id.name,
                contact=self.company_id.name), fingerprint
        except sealing.CertificateError as error:
            raise UserError(self.env['res.company']
                            ._esign_certificate_error_message(error.code))
        except UserError:
            raise
        except Exception as error:  # network errors of the TSA and alike
            _logger.info('Sealing %s failed: %s', self.name, error)
            raise UserError(_(
                'The signed PDF could not be sealed (%s): check the '
                'timestamp authority URL in the settings and try again.')
                % error)

    # --- verification -------------------------------------------------------

    @api.multi
    def _esign_verify_problems(self):
        """Every mismatch between the stored evidence and its hashes."""
        self.ensure_one()
        request = self.sudo()
        problems = []
        events = request.event_ids.sorted('sequence')
        links = [(event._esign_entry(), event.previous_hash, event.hash)
                 for event in events]
        for index, problem in evidence.verify_chain(links):
            event = events[index]
            if problem == evidence.PROBLEM_PREVIOUS:
                problems.append(_(
                    'Event #%(seq)d (%(event)s) does not follow the event '
                    'before it: an event was removed or changed.') % {
                        'seq': event.sequence, 'event': event.event_type})
            else:
                problems.append(_(
                    'Event #%(seq)d (%(event)s) was changed after it was '
                    'recorded.') % {'seq': event.sequence,
                                    'event': event.event_type})
        sequences = events.mapped('sequence')
        if sequences != list(range(1, len(sequences) + 1)):
            problems.append(_('Events are missing from the evidence.'))
        pdf = request._esign_binary('document_pdf')
        if pdf and evidence.sha256_hex(pdf) != request.document_sha256:
            problems.append(_(
                'The document does not match its SHA-256 recorded at '
                'request time.'))
        if evidence.sha256_hex(request.consent_text or '') != \
                request.consent_sha256:
            problems.append(_('The consent text was changed.'))
        if request.state == 'signed':
            problems += request._esign_verify_signed_problems(events)
        return problems

    @api.multi
    def _esign_verify_signed_problems(self, events):
        request = self.sudo()
        problems = []
        image = request._esign_binary('signature_image')
        if evidence.sha256_hex(image) != request.signature_sha256:
            problems.append(_(
                'The signature image does not match its SHA-256.'))
        signed = request._esign_binary('signed_pdf')
        if evidence.sha256_hex(signed) != request.signed_pdf_sha256:
            problems.append(_(
                'The signed PDF does not match its SHA-256 recorded at '
                'signing time.'))
        sealed = events.filtered(lambda event: event.event_type == 'sealed')
        if not sealed or request.signed_pdf_sha256 not in (
                sealed[-1].details or ''):
            problems.append(_(
                'The SHA-256 of the signed PDF is not the one in the '
                'evidence.'))
        status = sealing.validate_sealed_pdf(signed)
        if not (status['intact'] and status['valid']):
            problems.append(_(
                'The seal of the signed PDF is broken: its content was '
                'changed after sealing.'))
        elif not status['covers_all']:
            problems.append(_(
                'The seal does not cover the whole signed PDF: something '
                'was added to the file after it was sealed.'))
        # requests sealed before the fingerprint was recorded are pinned
        # to the company's certificate
        pinned = request.seal_fingerprint \
            or request.company_id.sudo().esign_certificate_fingerprint
        if not pinned or not status['fingerprint'] \
                or not consteq(status['fingerprint'], pinned):
            problems.append(_(
                'The signed PDF is not sealed with the company\'s seal '
                'certificate recorded at signing time.'))
        if request.company_id.sudo().esign_certificate_fingerprint == \
                request.seal_fingerprint \
                and request.company_id.sudo().esign_certificate_self_signed \
                and not request.company_id._esign_demo_certificate_allowed():
            problems.append(_(
                'The signed PDF is sealed with a self-signed (demo) '
                'certificate, which proves nothing: an administrator must '
                'upload the company\'s real certificate in Settings > '
                'E-Signature.'))
        signed_events = events.filtered(
            lambda event: event.event_type == 'signed')
        if not signed_events or (request.signature_sha256 or '-') not in (
                signed_events[-1].details or ''):
            problems.append(_(
                'The signature image is not the one in the evidence.'))
        return problems

    @api.multi
    def action_verify(self):
        """Recompute the evidence chain and the hashes; record the
        result and name every mismatch."""
        self._esign_check_staff_access()
        for request in self:
            problems = request._esign_verify_problems()
            message = '\n'.join(problems) if problems else _(
                'The evidence chain, the document and the signed PDF match '
                'their hashes.')
            request._esign_write({
                'verify_state': 'failed' if problems else 'ok',
                'verify_message': message,
                'date_verified': fields.Datetime.to_string(
                    request._esign_now()),
            })
        return True

    # --- crons --------------------------------------------------------------

    @api.model
    def _cron_companies(self):
        return self.env['res.company'].sudo().search([])

    @api.model
    def _cron_expire(self, date_ref=None):
        """Per company: expire requests whose link is past its expiry
        date, and close the link of requests signed long enough ago."""
        expired = self.browse()
        for company in self._cron_companies():
            model = self.sudo().with_context(force_company=company.id)
            expired |= model._esign_expire_company(company,
                                                   date_ref=date_ref)
        return expired

    @api.model
    def _esign_expire_company(self, company, date_ref=None):
        now = self._esign_now()
        if date_ref:
            now = datetime.datetime.combine(
                fields.Date.from_string(date_ref), now.time())
        requests = self.search([
            ('company_id', '=', company.id),
            ('state', 'in', ESIGN_OPEN_STATES),
            ('date_expiry', '<', fields.Date.to_string(now.date())),
        ])
        for request in requests:
            request._esign_write({'state': 'expired', 'token_hash': False})
            request._log_event('expired')
        days = company.esign_signed_link_days or 30
        signed = self.search([
            ('company_id', '=', company.id),
            ('state', '=', 'signed'),
            ('token_hash', '!=', False),
            ('date_signed', '<', fields.Datetime.to_string(
                now - datetime.timedelta(days=days))),
        ])
        signed._esign_write({'token_hash': False})
        return requests

    @api.model
    def _cron_remind(self, date_ref=None):
        """Per company: send the link again to signers who did not sign
        after the company's reminder delay (once per delay)."""
        reminded = self.browse()
        for company in self._cron_companies():
            if not company.esign_reminder_days:
                continue
            model = self.sudo().with_context(force_company=company.id)
            reminded |= model._esign_remind_company(company,
                                                    date_ref=date_ref)
        return reminded

    @api.model
    def _esign_remind_company(self, company, date_ref=None):
        now = self._esign_now()
        if date_ref:
            now = datetime.datetime.combine(
                fields.Date.from_string(date_ref), now.time())
        days = company.esign_reminder_days
        reminded = self.browse()
        requests = self.search([
            ('company_id', '=', company.id),
            ('state', 'in', ESIGN_OPEN_STATES),
            ('locked', '=', False),
            ('channel', '!=', 'store'),
        ])
        for request in requests:
            if request._esign_is_expired():
                continue
            last = fields.Datetime.from_string(
                request.date_reminded or request.date_sent)
            if not last or now < last + datetime.timedelta(days=days):
                continue
            try:
                with self.env.cr.savepoint():
                    request._esign_send_link(reminder=True)
                    request._esign_write({
                        'date_reminded': fields.Datetime.to_string(now)})
            except UserError as error:
                self.env.clear()
                _logger.info('Reminder of %s not sent: %s', request.name,
                             error.name)
                continue
            reminded |= request
        return reminded
