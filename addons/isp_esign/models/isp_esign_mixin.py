# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import evidence, sealing
from .isp_esign_request import ESIGN_OPEN_STATES, ESIGN_REQUEST_STATES

_logger = logging.getLogger(__name__)

ESIGN_STATES = [('none', 'Not requested')] + ESIGN_REQUEST_STATES


class IspEsignMixin(models.AbstractModel):
    """Ask for the electronic signature of any record.

    A model inherits ``isp.esign.mixin`` and may override:

    - ``_esign_document_pdf()``: ``(PDF bytes, file name)`` of the document
      (default: the model's first QWeb PDF report);
    - ``_esign_signer()``: the signing partner (default: ``partner_id``);
    - ``_esign_on_accepted(request)``: what signing does to the record;
    - ``_esign_fingerprint_values()``: the data that the document shows
      (default: none); when it changes after the document was frozen,
      call ``_esign_cancel_if_changed()`` and pending requests are
      cancelled, and signing is refused.
    """
    _name = 'isp.esign.mixin'
    _description = 'Electronic Signature Mixin'

    esign_request_ids = fields.Many2many(
        comodel_name='isp.esign.request',
        compute='_compute_esign',
        string='Signature Requests',
    )
    esign_request_id = fields.Many2one(
        comodel_name='isp.esign.request',
        compute='_compute_esign',
        string='Last Signature Request',
    )
    esign_state = fields.Selection(
        selection=ESIGN_STATES,
        compute='_compute_esign',
        string='Signature',
    )
    esign_date_signed = fields.Datetime(
        compute='_compute_esign',
        string='Signed On',
    )
    esign_signed_pdf = fields.Binary(
        compute='_compute_esign',
        string='Signed Document',
    )
    esign_signed_filename = fields.Char(compute='_compute_esign')
    esign_request_count = fields.Integer(compute='_compute_esign')

    @api.multi
    def _compute_esign(self):
        requests = self.env['isp.esign.request'].sudo().search([
            ('res_model', '=', self._name),
            ('res_id', 'in', self.ids),
        ], order='id desc')
        for record in self:
            mine = requests.filtered(lambda r, rec=record: r.res_id == rec.id)
            last = mine[:1]
            record.esign_request_ids = mine
            record.esign_request_count = len(mine)
            record.esign_request_id = last
            record.esign_state = last.state if last else 'none'
            record.esign_date_signed = last.date_signed
            record.esign_signed_pdf = last.signed_pdf
            record.esign_signed_filename = last.signed_filename

    @api.multi
    def _esign_signer(self):
        self.ensure_one()
        return self.partner_id

    @api.multi
    def _esign_document_title(self):
        """What the signer is asked to sign, in words (the messages and
        the signing page), in the language of the context: the kind of
        document and its name, e.g. "Quotation SO028". A model may
        override it ("Contract SO028")."""
        self.ensure_one()
        kind = self.env['ir.model'].sudo()._get(self._name).name \
            or self._description or ''
        name = self.display_name or ''
        if not kind or kind.lower() in name.lower():
            return name
        return _('%(kind)s %(name)s') % {'kind': kind, 'name': name}

    @api.multi
    def _esign_document_name(self):
        self.ensure_one()
        return (self.display_name or self._description or '').replace(
            '/', '-')

    @api.multi
    def _esign_document_pdf(self):
        """``(PDF bytes, file name)`` of the document to sign."""
        self.ensure_one()
        filename = '%s.pdf' % self._esign_document_name()
        report = self.env['ir.actions.report'].sudo().search([
            ('model', '=', self._name),
            ('report_type', '=', 'qweb-pdf'),
        ], order='id', limit=1)
        if not report:
            raise UserError(_(
                'There is no PDF report for %s: this document cannot be '
                'sent for signature.') % self._description)
        # a (content, format) pair; the HTML alone when Odoo 11 renders
        # HTML for a test report directory
        content = report.render_qweb_pdf(self.ids)
        if isinstance(content, tuple):
            content = content[0]
        if isinstance(content, str):
            content = content.encode('utf-8')
        if not content.startswith(b'%PDF'):
            # Odoo renders HTML instead of PDF in test mode
            _logger.info('Report %s gave no PDF: plain text document used',
                         report.report_name)
            content = sealing.text_pdf([[self._description or '',
                                         self.display_name or '']])
        return content, filename

    @api.multi
    def _prepare_esign_request_values(self):
        self.ensure_one()
        signer = self._esign_signer()
        if not signer:
            raise UserError(_(
                'Choose who signs %s first.') % self.display_name)
        pdf, filename = self._esign_document_pdf()
        channel = self.env.context.get('esign_channel')
        if not channel:
            channel = 'email' if signer.email else (
                'sms' if signer.mobile else 'store')
        return {
            'res_model': self._name,
            'res_id': self.id,
            'partner_id': signer.id,
            'company_id': (self.company_id.id
                           if 'company_id' in self._fields
                           and self.company_id
                           else self.env.user.company_id.id),
            'channel': channel,
            'document_pdf': base64.b64encode(pdf),
            'document_filename': filename,
        }

    @api.multi
    def _esign_fingerprint_values(self):
        """The data of the record that its document shows (JSON-able);
        ``None``: the record has no fingerprint."""
        self.ensure_one()
        return None

    @api.multi
    def _esign_fingerprint(self):
        """SHA-256 of ``_esign_fingerprint_values()``, or False."""
        self.ensure_one()
        values = self.sudo()._esign_fingerprint_values()
        if values is None:
            return False
        return evidence.sha256_hex(evidence.canonical_json(values))

    @api.multi
    def _esign_check_unchanged(self, request):
        """Refuse to use a signature on a record changed since its
        document was frozen."""
        self.ensure_one()
        stored = request.sudo().res_fingerprint
        if stored and self._esign_fingerprint() != stored:
            raise UserError(_(
                '%s changed after its document was sent for signature: '
                'the signature cannot be used. Send the new document for '
                'signature.') % self.display_name)
        return True

    @api.multi
    def _esign_cancel_if_changed(self):
        """Cancel the pending requests of records changed since their
        document was frozen."""
        if not self.ids:
            return True
        requests = self.env['isp.esign.request'].sudo().search([
            ('res_model', '=', self._name),
            ('res_id', 'in', self.ids),
            ('state', 'in', ('draft',) + ESIGN_OPEN_STATES),
            ('res_fingerprint', '!=', False),
        ])
        for request in requests:
            record = self.browse(request.res_id)
            if record._esign_fingerprint() != request.res_fingerprint:
                request._esign_cancel(reason=_(
                    '%s was changed after its document was frozen.')
                    % record.sudo().display_name)
        return True

    @api.multi
    def action_esign_request(self):
        """Freeze the document, send it for signature, open the request."""
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        self.env['isp.esign.request'].check_access_rights('create')
        pending = self.esign_request_ids.filtered(
            lambda request: request.state in ('draft', 'sent', 'opened'))
        if pending:
            raise UserError(_(
                '%(document)s is already waiting for signature '
                '(%(request)s): cancel that request first.') % {
                    'document': self.display_name,
                    'request': pending[0].name})
        request = self.env['isp.esign.request'].create(
            self._prepare_esign_request_values())
        request.action_send()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'isp.esign.request',
            'res_id': request.id,
            'view_mode': 'form',
            'target': 'current',
        }

    @api.multi
    def action_esign_open_requests(self):
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        self.env['isp.esign.request'].check_access_rights('read')
        action = self.env.ref('isp_esign.isp_esign_request_action').read()[0]
        action['domain'] = [('res_model', '=', self._name),
                            ('res_id', '=', self.id)]
        action['context'] = {}
        return action

    @api.multi
    def _esign_on_accepted(self, request):
        """Run when ``request`` is signed; each model decides."""
        return True
