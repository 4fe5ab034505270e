# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from ..rules import camt054
from . import sepa_return_files as files

CREDITOR_IBAN = 'ES7921000813610123456789'
DEBITS = [
    {'e2e': 'E2E-0001', 'mandate': 'UMR-0001', 'amount': 29.9,
     'reason': 'AM04', 'debtor': 'Ana García', 'iban':
     'ES9121000418450200051332'},
    {'e2e': 'E2E-0002', 'mandate': 'UMR-0002', 'amount': 1234.5,
     'reason': 'MD01', 'debtor': 'Marco & Figli', 'iban':
     'IT60X0542811101000000123456'},
]


class TestCamt054Parser(unittest.TestCase):

    def _parse(self, **kwargs):
        return camt054.parse(files.camt054(DEBITS, CREDITOR_IBAN, **kwargs))

    def test_returned_debits_of_every_version_read_alike(self):
        for version in (2, 4, 8, 10):
            notifications = self._parse(version=version)
            self.assertEqual(len(notifications), 1, version)
            notification = notifications[0]
            self.assertEqual(notification['name'], 'CAMT054-MSG-1')
            self.assertEqual(notification['date'], '2026-12-03')
            self.assertEqual(notification['account_number'], CREDITOR_IBAN)
            got = [(t['reference'], t['mandate_reference'], t['amount'],
                    t['currency'], t['reason_code'], t['partner_name'],
                    t['date'])
                   for t in notification['transactions']]
            self.assertEqual(got, [
                ('E2E-0001', 'UMR-0001', 29.9, 'EUR', 'AM04', 'Ana García',
                 '2026-12-03'),
                ('E2E-0002', 'UMR-0002', 1234.5, 'EUR', 'MD01',
                 'Marco & Figli', '2026-12-03'),
            ], version)

    def test_unique_ids_are_stable_and_distinct(self):
        first = self._parse()[0]['transactions']
        second = self._parse()[0]['transactions']
        ids = [t['unique_import_id'] for t in first]
        self.assertEqual(ids, [t['unique_import_id'] for t in second])
        self.assertEqual(len(set(ids)), 2)

    def test_credits_and_pending_entries_are_no_returns(self):
        data = files.camt054(
            DEBITS[:1], CREDITOR_IBAN,
            extra_entries=files.CAMT054_CREDIT_ENTRY
            + files.CAMT054_PENDING_ENTRY)
        transactions = camt054.parse(data)[0]['transactions']
        self.assertEqual([t['reference'] for t in transactions],
                         ['E2E-0001'])

    def test_file_without_returns_gives_no_notification(self):
        data = files.camt054([], CREDITOR_IBAN,
                             extra_entries=files.CAMT054_CREDIT_ENTRY)
        self.assertEqual(camt054.parse(data), [])

    def test_not_xml_is_refused(self):
        for data in (b'', b'%PDF-1.4 not xml', b'name,amount\nx,1\n',
                     b'<Document><unclosed></Document>'):
            with self.assertRaises(camt054.Camt054Error) as caught:
                camt054.parse(data)
            self.assertIn(caught.exception.code,
                          camt054.FOREIGN_FILE_ERRORS, data)

    def test_other_iso_messages_are_not_camt054(self):
        pain = files.pain002(DEBITS, CREDITOR_IBAN)
        camt053 = files.camt054(DEBITS, CREDITOR_IBAN).replace(
            b'camt.054.001.02', b'camt.053.001.02')
        for data in (pain, camt053):
            with self.assertRaises(camt054.Camt054Error) as caught:
                camt054.parse(data)
            self.assertEqual(caught.exception.code,
                             camt054.ERROR_NOT_CAMT054)

    def test_version_one_is_refused(self):
        data = files.camt054(DEBITS, CREDITOR_IBAN).replace(
            b'camt.054.001.02', b'camt.054.001.01')
        with self.assertRaises(camt054.Camt054Error) as caught:
            camt054.parse(data)
        self.assertEqual(caught.exception.code, camt054.ERROR_VERSION)

    def test_broken_amount_is_refused(self):
        data = files.camt054(DEBITS[:1], CREDITOR_IBAN).replace(
            b'>29.90<', b'>29,90<')
        with self.assertRaises(camt054.Camt054Error) as caught:
            camt054.parse(data)
        self.assertEqual(caught.exception.code, camt054.ERROR_AMOUNT)
        self.assertEqual(caught.exception.detail, '29,90')

    def test_external_entities_are_not_resolved(self):
        data = files.camt054(DEBITS[:1], CREDITOR_IBAN).replace(
            b'<?xml version="1.0" encoding="UTF-8"?>',
            b'<?xml version="1.0"?><!DOCTYPE d ['
            b'<!ENTITY x SYSTEM "file:///etc/hostname">]>').replace(
            b'<MsgId>CAMT054-MSG-1</MsgId>', b'<MsgId>&x;</MsgId>')
        notifications = camt054.parse(data)
        self.assertNotIn('\n', notifications[0]['name'])
        self.assertFalse(notifications[0]['name'].strip())
