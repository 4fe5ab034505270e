# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import unittest

from PIL import Image
from pyzbar import pyzbar

from ..rules import epc_qr
from .pdf_reader import zbar_text

IBAN = 'ES91 2100 0418 4502 0005 1332'

PAYLOAD_CASES = [
    # (name, iban, amount, remittance, bic, expected lines)
    ('ISP Company', IBAN, 29.9, 'INV/2026/0001', 'CAIXESBBXXX',
     ['BCD', '002', '1', 'SCT', 'CAIXESBBXXX', 'ISP Company',
      'ES9121000418450200051332', 'EUR29.90', '', '', 'INV/2026/0001']),
    # BIC optional in version 002; spaces squeezed; lower-case IBAN
    ('  ISP   Company ', IBAN.lower(), 1234.5, 'INV 7', '',
     ['BCD', '002', '1', 'SCT', '', 'ISP Company',
      'ES9121000418450200051332', 'EUR1234.50', '', '', 'INV 7']),
    # no remittance: trailing empty fields left out
    ('ISP Company', 'DE89370400440532013000', 0.01, '', 'COBADEFFXXX',
     ['BCD', '002', '1', 'SCT', 'COBADEFFXXX', 'ISP Company',
      'DE89370400440532013000', 'EUR0.01']),
    # rounded half up to the cent
    ('Società Telecomunicazioni', 'IT60X0542811101000000123456', 10.005,
     'FT-1', '',
     ['BCD', '002', '1', 'SCT', '', 'Società Telecomunicazioni',
      'IT60X0542811101000000123456', 'EUR10.01', '', '', 'FT-1']),
]

REFUSED_CASES = [
    # (name, iban, amount, remittance, bic, words of the error)
    ('', IBAN, 10, 'X', '', 'name'),
    ('N' * 71, IBAN, 10, 'X', '', '70'),
    ('ISP', 'ES91 2100 0418 4502 0005 1333', 10, 'X', '', 'IBAN'),
    ('ISP', 'NOT AN IBAN', 10, 'X', '', 'IBAN'),
    ('ISP', IBAN, 0, 'X', '', 'amount'),
    ('ISP', IBAN, 0.004, 'X', '', 'amount'),
    ('ISP', IBAN, 1000000000, 'X', '', 'amount'),
    ('ISP', IBAN, 10, 'R' * 141, '', '140'),
    ('ISP', IBAN, 10, 'X', 'NOTABIC', 'BIC'),
]

IBAN_CASES = [
    ('ES91 2100 0418 4502 0005 1332', True),
    ('DE89370400440532013000', True),
    ('IT60X0542811101000000123456', True),
    ('RO49AAAA1B31007593840000', True),
    ('GB82WEST12345698765432', True),
    ('ES91 2100 0418 4502 0005 1333', False),   # checksum
    ('ES9121000418', False),                    # too short
    ('', False),
    (None, False),
]


def decode_png(png):
    """The texts of the QR codes zbar finds in PNG bytes."""
    image = Image.open(io.BytesIO(png))
    return [zbar_text(symbol.data) for symbol in pyzbar.decode(image)]


class TestEpcQr(unittest.TestCase):

    def test_payload_has_the_epc069_12_fields_in_order(self):
        for name, iban, amount, remittance, bic, lines in PAYLOAD_CASES:
            with self.subTest(name=name, amount=amount):
                payload = epc_qr.epc_payload(name, iban, amount,
                                             remittance, bic)
                self.assertEqual(payload.split('\n'), lines)

    def test_payload_outside_the_standard_is_refused(self):
        for name, iban, amount, remittance, bic, words in REFUSED_CASES:
            with self.subTest(name=name[:10], iban=iban, amount=amount):
                with self.assertRaises(ValueError) as caught:
                    epc_qr.epc_payload(name, iban, amount, remittance, bic)
                self.assertIn(words, str(caught.exception))

    def test_iban_checksum(self):
        for iban, valid in IBAN_CASES:
            with self.subTest(iban=iban):
                self.assertEqual(epc_qr.iban_is_valid(iban), valid)

    def test_png_decodes_back_to_the_payload(self):
        for name, iban, amount, remittance, bic, lines in PAYLOAD_CASES:
            with self.subTest(name=name, amount=amount):
                payload = epc_qr.epc_payload(name, iban, amount,
                                             remittance, bic)
                png = epc_qr.qr_png(payload)
                self.assertEqual(png[:8], b'\x89PNG\r\n\x1a\n')
                self.assertEqual(decode_png(png), [payload])
                fields = epc_qr.parse_payload(decode_png(png)[0])
                self.assertEqual(fields['iban'], lines[6])
                self.assertEqual(fields['amount'], lines[7])

    def test_data_uri_carries_the_png(self):
        png = epc_qr.qr_png(epc_qr.epc_payload('ISP', IBAN, 5, 'INV/1'))
        uri = epc_qr.png_data_uri(png)
        self.assertTrue(uri.startswith('data:image/png;base64,'))
        self.assertEqual(base64.b64decode(uri.split(',', 1)[1]), png)
