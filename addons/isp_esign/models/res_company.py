# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging
import secrets
import threading

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import config

from ..rules import sealing

_logger = logging.getLogger(__name__)

CODE_CHANNELS = [
    ('email', 'E-mail'),
    ('sms', 'SMS'),
]


def esign_test_mode():
    """Whether this process runs tests (``--test-enable``, or a test
    thread): only then may tests move the clock of the signing flow."""
    return bool(config['test_enable']) or bool(
        getattr(threading.currentThread(), 'testing', False))


class ResCompany(models.Model):
    _inherit = 'res.company'

    esign_certificate = fields.Binary(
        string='Seal Certificate',
        attachment=True,
        groups='base.group_system',
        help='PKCS#12 file (.p12/.pfx) with the key and certificate that '
             'seal signed PDFs.',
    )
    esign_certificate_filename = fields.Char(groups='base.group_system')
    esign_certificate_password = fields.Char(
        string='Certificate Password',
        groups='base.group_system',
    )
    esign_certificate_info = fields.Char(
        string='Certificate',
        compute='_compute_esign_certificate_info',
    )
    esign_certificate_fingerprint = fields.Char(
        string='Certificate SHA-256',
        compute='_compute_esign_certificate_fingerprint',
        store=True,
        help='Fingerprint of the seal certificate, pinned when it is '
             'uploaded: verification accepts only seals made with it.',
    )
    esign_certificate_self_signed = fields.Boolean(
        string='Self-Signed Certificate',
        compute='_compute_esign_certificate_fingerprint',
        store=True,
    )
    esign_tsa_url = fields.Char(
        string='Timestamp Authority URL',
        help='RFC 3161 timestamp authority; when set, every seal carries '
             'a timestamp from it.',
    )
    esign_link_validity_days = fields.Integer(
        string='Link Validity (days)',
        default=14,
    )
    esign_code_channel = fields.Selection(
        selection=CODE_CHANNELS,
        string='Default Code Channel',
        default='email',
    )
    esign_code_channel_required = fields.Boolean(
        string='Code Only By The Default Channel',
        help='The one-time code goes only by the default channel: the '
             'signer cannot choose another one (e.g. the e-mail inbox '
             'that received the link when the policy says SMS).',
    )
    esign_signed_link_days = fields.Integer(
        string='Signed Link Validity (days)',
        default=30,
        help='The link of a signed request shows the signed document for '
             'this many days; the customer portal keeps it afterwards.',
    )
    esign_reminder_days = fields.Integer(
        string='Reminder After (days)',
        default=3,
        help='Unsigned requests get the link again after this many days '
             '(0: no reminders).',
    )
    sms_gateway_id = fields.Many2one(
        comodel_name='isp.sms.gateway',
        string='SMS Gateway',
    )

    @api.multi
    def _esign_certificate_data(self):
        """The PKCS#12 bytes of the seal: read without ``bin_size`` (the
        web client asks for sizes, e.g. in the settings form)."""
        self.ensure_one()
        data = self.sudo().with_context(
            bin_size=False, bin_size_esign_certificate=False
        ).esign_certificate
        return base64.b64decode(data) if data else b''

    @api.depends('esign_certificate', 'esign_certificate_password')
    def _compute_esign_certificate_info(self):
        for company in self:
            data = company._esign_certificate_data()
            if not data:
                company.esign_certificate_info = False
                continue
            try:
                _key, cert, _others = sealing.load_pkcs12(
                    data, company.sudo().esign_certificate_password,
                    fields.Datetime.from_string(fields.Datetime.now()))
            except sealing.CertificateError:
                company.esign_certificate_info = _('Unusable certificate')
                continue
            info = sealing.certificate_info(cert)
            company.esign_certificate_info = _(
                '%(subject)s, valid until %(date)s') % {
                    'subject': info['subject'],
                    'date': info['not_after'].strftime('%Y-%m-%d')}

    @api.depends('esign_certificate', 'esign_certificate_password')
    def _compute_esign_certificate_fingerprint(self):
        for company in self:
            data = company._esign_certificate_data()
            fingerprint, self_signed = sealing.pkcs12_fingerprint(
                data, company.sudo().esign_certificate_password) \
                if data else (None, False)
            company.esign_certificate_fingerprint = fingerprint or False
            company.esign_certificate_self_signed = self_signed

    @api.constrains('esign_certificate', 'esign_certificate_password')
    def _check_esign_certificate(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        for company in self.sudo():
            data = company._esign_certificate_data()
            if data:
                company._esign_check_certificate(
                    data, company.esign_certificate_password, now)

    @api.constrains('esign_link_validity_days', 'esign_reminder_days',
                    'esign_signed_link_days')
    def _check_esign_days(self):
        for company in self:
            if company.esign_link_validity_days < 1:
                raise ValidationError(_(
                    'Signature links must stay valid at least one day.'))
            if company.esign_signed_link_days < 1:
                raise ValidationError(_(
                    'The link of a signed document must stay valid at '
                    'least one day.'))
            if company.esign_reminder_days < 0:
                raise ValidationError(_(
                    'The reminder delay cannot be negative: use 0 for no '
                    'reminders.'))

    @api.model
    def _esign_certificate_error_message(self, code):
        messages = {
            sealing.CERT_MISSING: _(
                'There is no seal certificate: upload a PKCS#12 file in '
                'the E-Signature settings.'),
            sealing.CERT_PASSWORD: _(
                'The seal certificate cannot be opened: check its password '
                '(or that the file is a PKCS#12 .p12/.pfx file) in the '
                'E-Signature settings.'),
            sealing.CERT_EXPIRED: _(
                'The seal certificate has expired: upload a valid one in '
                'the E-Signature settings.'),
            sealing.CERT_NOT_YET_VALID: _(
                'The seal certificate is not valid yet: upload one that is '
                'valid today in the E-Signature settings.'),
            sealing.CERT_NO_KEY: _(
                'The PKCS#12 file has no private key or no certificate: '
                'export it again with both.'),
        }
        return messages.get(code, messages[sealing.CERT_PASSWORD])

    @api.model
    def _esign_check_certificate(self, data, password, now):
        try:
            return sealing.load_pkcs12(data, password, now)
        except sealing.CertificateError as error:
            raise ValidationError(
                self._esign_certificate_error_message(error.code))

    @api.multi
    def _esign_generate_demo_certificate(self):
        """Give every company without a seal certificate a self-signed one,
        named as a demo, so that signing works out of the box."""
        now = fields.Datetime.from_string(fields.Datetime.now())
        for company in self.sudo():
            if company.esign_certificate:
                continue
            password = secrets.token_urlsafe(16)
            data = sealing.make_self_signed_pkcs12(
                'DEMO seal of %s - not for production' % company.name,
                password, now, organization=company.name)
            company.write({
                'esign_certificate': base64.b64encode(data),
                'esign_certificate_filename': 'demo_seal.p12',
                'esign_certificate_password': password,
            })
            _logger.info('Demo seal certificate generated for company %s',
                         company.id)
        return True

    @api.model
    def _esign_demo_certificate_allowed(self):
        """The self-signed demo seal is for demo and test databases."""
        if esign_test_mode():
            return True
        base = self.env['ir.module.module'].sudo().search(
            [('name', '=', 'base')], limit=1)
        return bool(base.demo)

    @api.multi
    def _esign_check_real_certificate(self):
        """Refuse a self-signed seal outside demo and test databases."""
        self.ensure_one()
        if self.sudo().esign_certificate_self_signed \
                and not self._esign_demo_certificate_allowed():
            raise UserError(_(
                'The seal certificate of %s is self-signed (the demo '
                'certificate): signed documents sealed with it prove '
                'nothing. An administrator must upload the company\'s '
                'real certificate (PKCS#12) in Settings > E-Signature.')
                % self.name)
        return True

    @api.multi
    def _esign_seal_material(self):
        """``(PKCS#12 bytes, password, fingerprint)`` of the company's
        seal; a self-signed one only in demo and test databases."""
        self.ensure_one()
        company = self.sudo()
        if not company.esign_certificate:
            company._esign_generate_demo_certificate()
        company._esign_check_real_certificate()
        return (company._esign_certificate_data(),
                company.esign_certificate_password,
                company.esign_certificate_fingerprint)
