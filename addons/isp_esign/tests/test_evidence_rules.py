# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import io
import unittest
from unittest import mock

from PIL import Image

from ..rules import evidence as ev
from .common import blank_png, data_url, drawn_signature_png

T0 = datetime.datetime(2030, 1, 1, 12, 0, 0)
MINUTE = datetime.timedelta(minutes=1)

ENTRIES = [
    {'event': 'created', 'sequence': 1, 'ip': ''},
    {'event': 'opened', 'sequence': 2, 'ip': '10.0.0.1'},
    {'event': 'signed', 'sequence': 3, 'ip': '10.0.0.1', 'name': 'Zoë'},
]


def stored_chain(entries):
    return [(entry, previous, current) for entry, (previous, current)
            in zip(entries, ev.build_chain(entries))]


class TestEvidenceRules(unittest.TestCase):

    def test_canonical_json_ignores_key_order_and_keeps_unicode(self):
        self.assertEqual(ev.canonical_json({'b': 1, 'a': 'é'}),
                         ev.canonical_json({'a': 'é', 'b': 1}))
        self.assertEqual(ev.canonical_json({'b': 1, 'a': 'é'}),
                         '{"a":"é","b":1}'.encode('utf-8'))

    def test_chain_hash_is_sha256_of_previous_hash_and_entry(self):
        entry = {'event': 'created'}
        self.assertEqual(
            ev.chain_hash(ev.GENESIS_HASH, entry),
            ev.sha256_hex(ev.GENESIS_HASH.encode() +
                          b'{"event":"created"}'))

    def test_intact_chain_has_no_problem(self):
        self.assertEqual(ev.verify_chain(stored_chain(ENTRIES)), [])
        self.assertEqual(ev.verify_chain([]), [])

    def test_tampering_is_named_at_its_position(self):
        cases = [
            # (how the stored chain is changed, expected problems)
            ('entry changed',
             lambda c: c.__setitem__(1, ({**c[1][0], 'ip': '6.6.6.6'},
                                         c[1][1], c[1][2])),
             [(1, ev.PROBLEM_HASH)]),
            ('hash rewritten',
             lambda c: c.__setitem__(1, (c[1][0], c[1][1], 'f' * 64)),
             [(1, ev.PROBLEM_HASH), (2, ev.PROBLEM_PREVIOUS)]),
            ('entry removed', lambda c: c.pop(1),
             [(1, ev.PROBLEM_PREVIOUS)]),
            ('entries swapped',
             lambda c: c.__setitem__(slice(1, 3), [c[2], c[1]]),
             [(1, ev.PROBLEM_PREVIOUS), (2, ev.PROBLEM_PREVIOUS)]),
            ('first entry re-chained',
             lambda c: c.__setitem__(0, (c[0][0], 'a' * 64, c[0][2])),
             [(0, ev.PROBLEM_PREVIOUS), (0, ev.PROBLEM_HASH)]),
        ]
        for label, change, expected in cases:
            chain = stored_chain(ENTRIES)
            change(chain)
            self.assertEqual(ev.verify_chain(chain), expected, label)

    def test_token_is_long_random_and_stored_as_hash(self):
        token = ev.new_token()
        self.assertGreaterEqual(len(token), 43)  # 32 bytes in base64
        self.assertNotEqual(token, ev.new_token())
        self.assertEqual(len(ev.token_hash(token)), 64)
        self.assertNotIn(token, ev.token_hash(token))

    def test_code_has_six_digits_and_matches_only_its_hash(self):
        code = ev.new_code()
        self.assertRegex(code, r'^\d{6}$')
        stored = ev.code_hash('secret', 'salt', code)
        self.assertTrue(ev.code_matches('secret', 'salt', code, stored))
        self.assertTrue(ev.code_matches('secret', 'salt', ' %s ' % code,
                                        stored))
        wrong = '%06d' % ((int(code) + 1) % 1000000)
        self.assertFalse(ev.code_matches('secret', 'salt', wrong, stored))
        self.assertFalse(ev.code_matches('secret', 'other', code, stored))
        self.assertFalse(ev.code_matches('secret', 'salt', '', stored))
        self.assertFalse(ev.code_matches('secret', 'salt', code, False))

    def test_code_validity_and_resend_delay(self):
        cases = [
            # (sent, now, expired, seconds to wait before resending)
            (T0, T0, False, 60),
            (T0, T0 + datetime.timedelta(seconds=59), False, 1),
            (T0, T0 + MINUTE, False, 0),
            (T0, T0 + 10 * MINUTE, False, 0),
            (T0, T0 + 10 * MINUTE + datetime.timedelta(seconds=1), True, 0),
            (None, T0, True, 0),
        ]
        for sent, now, expired, wait in cases:
            self.assertEqual(ev.code_expired(sent, now), expired, now)
            self.assertEqual(ev.resend_wait(sent, now), wait, now)

    def test_blank_drawings_are_recognised(self):
        cases = [
            (drawn_signature_png(), False),
            (blank_png(), True),
            (blank_png((0, 0, 0, 0)), True),
            (b'', True),
            (b'not an image', True),
        ]
        for data, blank in cases:
            self.assertEqual(ev.is_blank_image(data), blank)

    def test_images_decode_from_data_url_or_plain_base64(self):
        png = drawn_signature_png()
        self.assertEqual(ev.decode_image(data_url(png)), png)
        self.assertEqual(ev.decode_image(data_url(png)[22:]), png)
        self.assertEqual(ev.decode_image(''), b'')
        self.assertEqual(ev.decode_image('@@@'), b'')

    def test_signature_png_is_checked_from_its_bytes_and_re_encoded(self):
        png = drawn_signature_png()
        self.assertEqual(ev.png_size(png), (300, 120))
        cleaned = ev.clean_signature_png(png)
        self.assertTrue(cleaned.startswith(ev.PNG_MAGIC))
        self.assertEqual(Image.open(io.BytesIO(cleaned)).size, (300, 120))
        jpeg = io.BytesIO()
        Image.new('RGB', (30, 10)).save(jpeg, format='JPEG')
        webp = b'RIFF\x00\x00\x00\x00WEBPVP8 ' + b'\x00' * 32
        cases = [
            (jpeg.getvalue(), ev.SIGNATURE_MAX_PIXELS, ev.IMAGE_NOT_PNG),
            (webp, ev.SIGNATURE_MAX_PIXELS, ev.IMAGE_NOT_PNG),
            (b'', ev.SIGNATURE_MAX_PIXELS, ev.IMAGE_NOT_PNG),
            (png[:40], ev.SIGNATURE_MAX_PIXELS, ev.IMAGE_UNREADABLE),
            (png, 300 * 120 - 1, ev.IMAGE_TOO_LARGE),
        ]
        for data, budget, code in cases:
            with self.assertRaises(ev.ImageError) as caught:
                ev.clean_signature_png(data, max_pixels=budget)
            self.assertEqual(caught.exception.code, code, data[:12])

    def test_decompression_bomb_warning_is_an_error(self):
        png = drawn_signature_png()
        # Pillow warns above MAX_IMAGE_PIXELS (and fails at twice it)
        with mock.patch.object(Image, 'MAX_IMAGE_PIXELS', 300 * 120 - 100):
            with self.assertRaises(ev.ImageError) as caught:
                ev.clean_signature_png(png, max_pixels=10 ** 9)
        self.assertEqual(caught.exception.code, ev.IMAGE_TOO_LARGE)
