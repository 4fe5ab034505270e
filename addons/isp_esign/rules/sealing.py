# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Signed PDFs: evidence pages, merging, PAdES seal, certificates.

Plain Python, no Odoo: reportlab draws the signature block and the audit
page, PyPDF2 appends them to the original pages, pyHanko seals the result
as PAdES (``ETSI.CAdES.detached``) with a PKCS#12 certificate, with an
RFC 3161 timestamp when a timestamp authority URL is given.

Errors a user can fix raise ``CertificateError`` (its ``code`` says which)
so that the caller can translate the message.
"""
import datetime
import io
import warnings

with warnings.catch_warnings():
    # cryptography warns at import that Python 3.7 is old: Odoo 11 is 3.7
    warnings.simplefilter('ignore')
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

CERT_MISSING = 'missing'
CERT_PASSWORD = 'password'
CERT_EXPIRED = 'expired'
CERT_NOT_YET_VALID = 'not_yet_valid'
CERT_NO_KEY = 'no_key'

SEAL_FIELD = 'ISPSeal'


class CertificateError(ValueError):
    """A PKCS#12 certificate that cannot seal; ``code`` says why."""

    def __init__(self, code, message=''):
        super(CertificateError, self).__init__(message or code)
        self.code = code


def _utc(value):
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value


def load_pkcs12(data, password, now):
    """``(key, certificate, other certificates)`` of a PKCS#12 archive.

    Raises ``CertificateError`` when the archive is missing, the password
    is wrong, there is no private key, or the certificate is not valid at
    ``now`` (a naive ``now`` is UTC)."""
    if not data:
        raise CertificateError(CERT_MISSING)
    secret = password.encode('utf-8') if password else None
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, secret)
    except (ValueError, TypeError):
        raise CertificateError(CERT_PASSWORD)
    if key is None or cert is None:
        raise CertificateError(CERT_NO_KEY)
    now = _utc(now)
    if now > cert.not_valid_after_utc:
        raise CertificateError(CERT_EXPIRED)
    if now < cert.not_valid_before_utc:
        raise CertificateError(CERT_NOT_YET_VALID)
    return key, cert, list(others or [])


def certificate_info(cert):
    """Subject, issuer and validity of a ``cryptography`` certificate."""
    return {
        'subject': cert.subject.rfc4514_string(),
        'issuer': cert.issuer.rfc4514_string(),
        'not_before': cert.not_valid_before_utc,
        'not_after': cert.not_valid_after_utc,
        'serial': '%x' % cert.serial_number,
    }


def certificate_fingerprint(cert):
    """Hexadecimal SHA-256 of a ``cryptography`` certificate (DER)."""
    return cert.fingerprint(hashes.SHA256()).hex()


def is_self_signed(cert):
    """Whether a ``cryptography`` certificate is its own issuer."""
    return cert.issuer == cert.subject


def pkcs12_fingerprint(data, password):
    """``(fingerprint, self-signed)`` of the certificate of a PKCS#12
    archive, whatever its validity dates; ``(None, False)`` when it cannot
    be opened."""
    secret = password.encode('utf-8') if password else None
    try:
        _key, cert, _others = pkcs12.load_key_and_certificates(data, secret)
    except (ValueError, TypeError):
        return None, False
    if cert is None:
        return None, False
    return certificate_fingerprint(cert), is_self_signed(cert)


def make_self_signed_pkcs12(common_name, password, now, days=3 * 365,
                            organization=None, key_size=2048,
                            extended_usage=None):
    """A self-signed PKCS#12 archive (bytes) valid ``days`` from ``now``.

    Used for the demo seal certificate at install and in tests."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.append(
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    name = x509.Name(attributes)
    now = _utc(now)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                       critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True,
            key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True))
    if extended_usage:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage(extended_usage), critical=True)
    cert = builder.sign(key, hashes.SHA256())
    encryption = (
        serialization.BestAvailableEncryption(password.encode('utf-8'))
        if password else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(
        common_name.encode('utf-8'), key, cert, None, encryption)


# --- evidence pages ---------------------------------------------------------

def _styles():
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    sheet = getSampleStyleSheet()
    return {
        'title': sheet['Heading1'],
        'heading': sheet['Heading3'],
        'body': ParagraphStyle('esign_body', parent=sheet['BodyText'],
                               fontSize=9, leading=11),
        'small': ParagraphStyle('esign_small', parent=sheet['BodyText'],
                                fontSize=7, leading=8.5),
        'mono': ParagraphStyle('esign_mono', parent=sheet['BodyText'],
                               fontName='Courier', fontSize=6.5, leading=8),
    }


def _escape(value):
    from xml.sax.saxutils import escape
    return escape('%s' % ('' if value is None else value))


def build_evidence_pdf(info, events, labels, signature_png=None):
    """The signature block page and the audit page, as PDF bytes.

    ``info``: ``[(label, value)]`` rows of the signature block (signer,
    date, method, document hash...). ``events``: dicts with ``sequence``,
    ``date``, ``event``, ``ip``, ``details``, ``hash``. ``labels``:
    translated texts: ``title``, ``signature``, ``audit``, ``audit_intro``,
    ``columns`` (6 column titles). ``signature_png``: image bytes.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import (
        Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
        TableStyle)

    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
        topMargin=15 * mm, bottomMargin=15 * mm,
        title=labels.get('title', ''), author='isp_esign')
    width = A4[0] - 30 * mm
    story = [Paragraph(_escape(labels.get('title')), styles['title'])]
    rows = [[Paragraph('<b>%s</b>' % _escape(label), styles['body']),
             Paragraph(_escape(value), styles['body'])]
            for label, value in info]
    table = Table(rows, colWidths=[50 * mm, width - 50 * mm])
    table.setStyle(TableStyle([
        ('VALIGN', (0, 0), (-1, -1), 'TOP'),
        ('GRID', (0, 0), (-1, -1), 0.25, colors.grey),
    ]))
    story.append(table)
    if signature_png:
        story.append(Spacer(1, 6 * mm))
        story.append(Paragraph(_escape(labels.get('signature')),
                               styles['heading']))
        reader = ImageReader(io.BytesIO(signature_png))
        img_width, img_height = reader.getSize()
        scale = min(80 * mm / max(img_width, 1), 35 * mm / max(img_height, 1))
        story.append(Image(io.BytesIO(signature_png),
                           width=img_width * scale,
                           height=img_height * scale, hAlign='LEFT'))
    story.append(PageBreak())
    story.append(Paragraph(_escape(labels.get('audit')), styles['title']))
    story.append(Paragraph(_escape(labels.get('audit_intro')),
                           styles['body']))
    story.append(Spacer(1, 4 * mm))
    head = [Paragraph('<b>%s</b>' % _escape(title), styles['small'])
            for title in labels.get('columns', ())]
    rows = [head]
    for event in events:
        rows.append([
            Paragraph(_escape(event.get('sequence')), styles['small']),
            Paragraph(_escape(event.get('date')), styles['small']),
            Paragraph(_escape(event.get('event')), styles['small']),
            Paragraph(_escape(event.get('ip')), styles['small']),
            Paragraph(_escape(event.get('details')), styles['small']),
            Paragraph(_escape(event.get('hash')), styles['mono']),
        ])
    widths = [8 * mm, 30 * mm, 28 * mm, 22 * mm]
    rest = width - sum(widths)
    widths += [rest - 50 * mm, 50 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ('VALIGN', (0, 0), (-1, -1), 'TOP'),
        ('GRID', (0, 0), (-1, -1), 0.25, colors.grey),
        ('BACKGROUND', (0, 0), (-1, 0), colors.whitesmoke),
    ]))
    story.append(table)
    document.build(story)
    return buffer.getvalue()


def text_pdf(pages):
    """A plain PDF whose pages hold the given lists of text lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        y = A4[1] - 60
        for line in lines:
            pdf.drawString(50, y, '%s' % line)
            y -= 14
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def merge_pdfs(*documents):
    """One PDF (bytes) with every page of ``documents`` in order."""
    from PyPDF2 import PdfFileReader, PdfFileWriter
    writer = PdfFileWriter()
    for document in documents:
        reader = PdfFileReader(io.BytesIO(document), strict=False)
        for index in range(reader.getNumPages()):
            writer.addPage(reader.getPage(index))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def page_count(document):
    """Number of pages of a PDF (bytes)."""
    from PyPDF2 import PdfFileReader
    return PdfFileReader(io.BytesIO(document), strict=False).getNumPages()


# --- seal -------------------------------------------------------------------

def _signer(key, cert, others):
    from asn1crypto import keys as asn1_keys, x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def to_asn1(certificate):
        return asn1_x509.Certificate.load(
            certificate.public_bytes(serialization.Encoding.DER))

    key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    store = SimpleCertificateStore()
    store.register_multiple([to_asn1(other) for other in others])
    return signers.SimpleSigner(
        signing_key=key_info, signing_cert=to_asn1(cert),
        cert_registry=store)


def seal_pdf(document, p12_data, password, now, tsa_url=None, reason=None,
             location=None, contact=None, tsa_timeout=10):
    """``document`` (PDF bytes) sealed as PAdES with the PKCS#12 archive.

    With ``tsa_url`` the signature carries an RFC 3161 timestamp from that
    authority. Raises ``CertificateError`` for an unusable certificate."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    key, cert, others = load_pkcs12(p12_data, password, now)
    signer = _signer(key, cert, others)
    timestamper = None
    if tsa_url:
        timestamper = timestamps.HTTPTimeStamper(tsa_url,
                                                 timeout=tsa_timeout)
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD, md_algorithm='sha256',
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason, location=location, name=contact)
    writer = IncrementalPdfFileWriter(io.BytesIO(document), strict=False)
    output = signers.sign_pdf(writer, metadata, signer=signer,
                              timestamper=timestamper)
    return output.getvalue()


def validate_sealed_pdf(document):
    """Status of the seal of a PDF (bytes), trusting its own certificate.

    Returns a dict: ``signed`` (a signature is there), ``intact`` (the
    signed bytes are unchanged), ``valid`` (the signature matches),
    ``covers_all`` (nothing was added after signing), ``timestamp``
    (the RFC 3161 time, or None), ``signer`` (subject), ``fingerprint``
    (SHA-256 of the sealing certificate, to compare with a pinned one)."""
    import hashlib
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    result = {'signed': False, 'intact': False, 'valid': False,
              'covers_all': False, 'timestamp': None, 'signer': None,
              'fingerprint': None}
    try:
        reader = PdfFileReader(io.BytesIO(document), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # any parse error means: not a valid sealed PDF
        return result
    if not signatures:
        return result
    signature = signatures[-1]
    result['signed'] = True
    try:
        result['fingerprint'] = hashlib.sha256(
            signature.signer_cert.dump()).hexdigest()
    except Exception:  # a container without a readable certificate
        return result
    try:
        # integrity, not trust: the seal's own certificate and the
        # timestamp authority's (embedded in its token) are trusted
        roots = [signature.signer_cert]
        token = signature.attached_timestamp_data
        if token is not None:
            roots += [cert.chosen for cert in token['certificates'] or ()
                      if cert.name == 'certificate']
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(signature, context)
    except Exception:  # corrupted signature containers raise freely
        return result
    result['intact'] = bool(status.intact)
    result['valid'] = bool(status.valid)
    result['covers_all'] = status.coverage is not None and \
        status.coverage.name == 'ENTIRE_FILE'
    if status.timestamp_validity is not None:
        result['timestamp'] = status.timestamp_validity.timestamp
    result['signer'] = signature.signer_cert.subject.human_friendly
    return result
