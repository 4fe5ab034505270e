# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The EPC payment QR code ("GiroCode", EPC069-12, version 002).

Plain Python, no Odoo. ``epc_payload`` builds the text a banking app reads
to prefill a SEPA credit transfer; ``qr_png`` and ``png_data_uri`` draw it
with qrcode (error correction level M, as the standard asks).

Payload: one field a line, in this order, UTF-8 (character set 1)::

    BCD / 002 / 1 / SCT / BIC / beneficiary name / IBAN / EUR<amount> /
    purpose / structured reference / unstructured remittance / information

Version 002 makes the BIC optional inside the EEA. Trailing empty fields
are left out. The limits of the standard are checked and a ``ValueError``
says which one is broken: name up to 70 characters, amount from 0.01 to
999999999.99 euro, remittance up to 140 characters, whole payload up to
331 bytes.
"""
import base64
import decimal
import io
import re

import qrcode
from qrcode.constants import ERROR_CORRECT_M

SERVICE_TAG = 'BCD'
VERSION = '002'
CHARSET_UTF8 = '1'
IDENTIFICATION = 'SCT'
MAX_NAME = 70
MAX_REMITTANCE = 140
MAX_PAYLOAD_BYTES = 331
AMOUNT_MIN = decimal.Decimal('0.01')
AMOUNT_MAX = decimal.Decimal('999999999.99')

_IBAN_RE = re.compile(r'^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$')
_BIC_RE = re.compile(r'^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$')


def normalise_iban(iban):
    """IBAN without spaces, upper case."""
    return re.sub(r'\s+', '', iban or '').upper()


def iban_is_valid(iban):
    """Format and ISO 7064 mod 97-10 checksum of an IBAN."""
    iban = normalise_iban(iban)
    if not _IBAN_RE.match(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    digits = ''.join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def format_amount(amount):
    """``EUR12.30``: the amount rounded to the cent, dot separated."""
    value = decimal.Decimal(str(amount)).quantize(
        decimal.Decimal('0.01'), rounding=decimal.ROUND_HALF_UP)
    if not AMOUNT_MIN <= value <= AMOUNT_MAX:
        raise ValueError(
            'The amount of an EPC QR code must be between 0.01 and '
            '999999999.99 euro, not %s.' % value)
    return 'EUR%s' % value


def epc_payload(name, iban, amount, remittance='', bic=''):
    """The EPC069-12 text for a transfer of ``amount`` euro to ``name``'s
    ``iban`` (``bic`` optional) with ``remittance`` as unstructured
    remittance information (the invoice number)."""
    name = ' '.join((name or '').split())
    if not name:
        raise ValueError('The beneficiary name of an EPC QR code is '
                         'required.')
    if len(name) > MAX_NAME:
        raise ValueError('The beneficiary name of an EPC QR code has at '
                         'most %d characters.' % MAX_NAME)
    iban = normalise_iban(iban)
    if not iban_is_valid(iban):
        raise ValueError('%r is not a valid IBAN.' % iban)
    bic = re.sub(r'\s+', '', bic or '').upper()
    if bic and not _BIC_RE.match(bic):
        raise ValueError('%r is not a valid BIC.' % bic)
    remittance = ' '.join((remittance or '').split())
    if len(remittance) > MAX_REMITTANCE:
        raise ValueError('The remittance information of an EPC QR code '
                         'has at most %d characters.' % MAX_REMITTANCE)
    fields = [SERVICE_TAG, VERSION, CHARSET_UTF8, IDENTIFICATION, bic,
              name, iban, format_amount(amount), '', '', remittance]
    while fields and not fields[-1]:
        fields.pop()
    payload = '\n'.join(fields)
    if len(payload.encode('utf-8')) > MAX_PAYLOAD_BYTES:
        raise ValueError('An EPC QR code holds at most %d bytes.'
                         % MAX_PAYLOAD_BYTES)
    return payload


def parse_payload(payload):
    """The fields of an EPC payload as a dict (for checks and tests)."""
    keys = ['service', 'version', 'charset', 'identification', 'bic',
            'name', 'iban', 'amount', 'purpose', 'reference',
            'remittance', 'information']
    values = payload.split('\n')
    values += [''] * (len(keys) - len(values))
    return dict(zip(keys, values))


def qr_png(payload, box_size=10, border=4):
    """PNG bytes of the QR code of ``payload``."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M,
                         box_size=box_size, border=border)
    code.add_data(payload.encode('utf-8'))
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format='PNG')
    return buffer.getvalue()


def png_data_uri(png):
    """A ``data:image/png;base64,...`` URI of PNG bytes."""
    return 'data:image/png;base64,%s' % base64.b64encode(png).decode('ascii')
