# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import decimal
import unittest

from lxml import etree

from ..rules import pain008

CREATED = datetime.datetime(2026, 12, 5, 10, 30, 0)
PARTY = pain008.InitiatingParty('ISP Telecom, S.L.', 'B12345678')
CREDITOR = pain008.Creditor(
    'ISP Telecom', 'ISP Telecom S.L.', 'ES91 2100 0418 4502 0005 1332',
    'CAIXESBBXXX', 'DE98ZZZ09999999999')
DEC7 = datetime.date(2026, 12, 7)
DEC14 = datetime.date(2026, 12, 14)
SIGNED = datetime.date(2025, 3, 1)


def debit(number, **values):
    data = dict(
        record='Customer %d' % number, end_to_end_id='L%05d' % number,
        amount='29.90', mandate_id='UMR-%05d' % number,
        mandate_date=SIGNED, debtor_name='Customer %d' % number,
        debtor_iban='DE89370400440532013000', debtor_bic='',
        remittance='INV/2026/%05d' % number, collection_date=DEC7,
        sequence_type='RCUR')
    data.update(values)
    return pain008.Debit(**data)


DEBITS = [
    debit(1, amount='29.90', sequence_type='FRST',
          debtor_name='José Núñez & Hijos', debtor_bic='CAIXESBBXXX',
          debtor_iban='ES91 2100 0418 4502 0005 1332'),
    debit(2, amount=decimal.Decimal('10.1'), sequence_type='FRST',
          amended=True),
    debit(3, amount=45.005, debtor_name='Müller-Lüdenscheidt GmbH',
          debtor_iban='FR14 2004 1010 0505 0001 3M02 606'),
    debit(4, amount='0.01', debtor_iban='IT60X0542811101000000123456',
          remittance=''),
    debit(5, amount='100', collection_date=DEC14,
          debtor_name='Ørsted Ålborg ApS',
          debtor_iban='NL91ABNA0417164300', debtor_bic='ABNANL2A'),
    debit(6, amount='12.34', scheme='B2B'),
]


def tag(name):
    return '{*}' + name


class TestPain008(unittest.TestCase):

    def _build(self, flavour, debits=None, creditor=CREDITOR):
        data = pain008.build(flavour, 'PAY/2026/0001', CREATED, PARTY,
                             creditor, debits or DEBITS)
        schema = etree.XMLSchema(etree.parse(
            '%s/%s.xsd' % (pain008.XSD_DIR, flavour)))
        root = etree.fromstring(data)
        schema.assertValid(root)
        return root

    def test_both_flavours_valid_against_xsd_with_counts_and_sums(self):
        for flavour in pain008.FLAVOURS:
            with self.subTest(flavour=flavour):
                root = self._build(flavour)
                self.assertEqual(
                    etree.QName(root).namespace,
                    'urn:iso:std:iso:20022:tech:xsd:%s' % flavour)
                header = root.find('.//' + tag('GrpHdr'))
                self.assertEqual(header.findtext(tag('NbOfTxs')), '6')
                # 29.90 + 10.10 + 45.01 + 0.01 + 100.00 + 12.34
                self.assertEqual(decimal.Decimal(
                    header.findtext(tag('CtrlSum'))),
                    decimal.Decimal('197.36'))
                self.assertEqual(header.findtext(tag('CtrlSum')), '197.36')
                self.assertEqual(header.findtext(tag('MsgId')),
                                 'PAY/2026/0001')
                self.assertEqual(header.findtext(tag('CreDtTm')),
                                 '2026-12-05T10:30:00')
                total = sum(decimal.Decimal(x.text) for x in root.iter(
                    tag('InstdAmt')))
                self.assertEqual(total, decimal.Decimal('197.36'))

    def test_one_payment_info_per_date_sequence_and_scheme(self):
        for flavour in pain008.FLAVOURS:
            with self.subTest(flavour=flavour):
                root = self._build(flavour)
                groups = {}
                for info in root.iter(tag('PmtInf')):
                    key = (info.findtext(tag('ReqdColltnDt')),
                           info.findtext('.//' + tag('SeqTp')),
                           info.findtext('.//' + tag('LclInstrm') + '/'
                                         + tag('Cd')))
                    ids = [x.text for x in info.iter(tag('EndToEndId'))]
                    self.assertEqual(info.findtext(tag('NbOfTxs')),
                                     str(len(ids)))
                    groups[key] = (ids, info.findtext(tag('CtrlSum')))
                self.assertEqual(groups, {
                    ('2026-12-07', 'FRST', 'CORE'):
                        (['L00001', 'L00002'], '40.00'),
                    ('2026-12-07', 'RCUR', 'CORE'):
                        (['L00003', 'L00004'], '45.02'),
                    ('2026-12-14', 'RCUR', 'CORE'): (['L00005'], '100.00'),
                    ('2026-12-07', 'RCUR', 'B2B'): (['L00006'], '12.34'),
                })
                ids = [x.text for x in root.iter(tag('PmtInfId'))]
                self.assertEqual(len(set(ids)), 4)

    def test_bic_tag_is_bic_in_02_and_bicfi_in_08(self):
        root = self._build('pain.008.001.02')
        self.assertEqual(
            [x.text for x in root.iter(tag('BIC'))],
            # creditor once per PmtInf (4), debtors L00001 and L00005
            ['CAIXESBBXXX', 'CAIXESBBXXX', 'CAIXESBBXXX', 'CAIXESBBXXX',
             'CAIXESBBXXX', 'ABNANL2A'])
        self.assertFalse(list(root.iter(tag('BICFI'))))
        root = self._build('pain.008.001.08')
        self.assertFalse(list(root.iter(tag('BIC'))))
        self.assertIn('ABNANL2A', [x.text for x in root.iter(tag('BICFI'))])

    def test_transaction_content(self):
        root = self._build('pain.008.001.08')
        txs = {x.findtext('.//' + tag('EndToEndId')): x
               for x in root.iter(tag('DrctDbtTxInf'))}
        first = txs['L00001']
        self.assertEqual(first.findtext('.//' + tag('Dbtr') + '/'
                                        + tag('Nm')), 'Jose Nunez + Hijos')
        self.assertEqual(first.findtext('.//' + tag('IBAN')),
                         'ES9121000418450200051332')
        self.assertEqual(first.findtext('.//' + tag('MndtId')), 'UMR-00001')
        self.assertEqual(first.findtext('.//' + tag('DtOfSgntr')),
                         '2025-03-01')
        self.assertEqual(first.findtext('.//' + tag('Ustrd')),
                         'INV/2026/00001')
        self.assertEqual(txs['L00003'].findtext(
            './/' + tag('Dbtr') + '/' + tag('Nm')),
            'Muller-Ludenscheidt GmbH')
        self.assertEqual(txs['L00003'].findtext(tag('InstdAmt')), '45.01')
        self.assertEqual(txs['L00003'].find(tag('InstdAmt')).get('Ccy'),
                         'EUR')
        self.assertEqual(txs['L00005'].findtext(
            './/' + tag('Dbtr') + '/' + tag('Nm')), 'Orsted Alborg ApS')
        # no BIC: NOTPROVIDED; no remittance: no RmtInf
        self.assertEqual(txs['L00004'].findtext(
            './/' + tag('DbtrAgt') + '//' + tag('Id')), 'NOTPROVIDED')
        self.assertIsNone(txs['L00004'].find(tag('RmtInf')))
        # a FRST after a change of account: amendment SMNDA
        self.assertEqual(txs['L00002'].findtext('.//' + tag('AmdmntInd')),
                         'true')
        self.assertEqual(txs['L00002'].findtext(
            './/' + tag('OrgnlDbtrAcct') + '//' + tag('Othr') + '/'
            + tag('Id')), 'SMNDA')
        self.assertIsNone(txs['L00001'].find('.//' + tag('AmdmntInd')))
        self.assertEqual(root.findtext(
            './/' + tag('CdtrSchmeId') + '//' + tag('Othr') + '/'
            + tag('Id')), 'DE98ZZZ09999999999')

    def test_sepa_text_transliterates_to_latin_set(self):
        cases = [
            ('José Núñez & Hijos', 70, 'Jose Nunez + Hijos'),
            ('Straße 5; Köln', 70, 'Strasse 5, Koln'),
            ('Şahin Çelik "ACME"_Srl', 70, "Sahin Celik 'ACME'-Srl"),
            ('Ștefan Țurcanu', 70, 'Stefan Turcanu'),
            ('a    b\n c', 70, 'a b c'),
            ('x' * 80, 70, 'x' * 70),
            ('€ 10 @ home', 70, 'EUR 10 home'),
            ('', 70, ''),
            (None, 70, ''),
        ]
        for text, size, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(pain008.sepa_text(text, size), expected)

    def test_bad_input_refused_with_its_message(self):
        bad_creditor = [
            (CREDITOR._replace(identifier='DE99ZZZ09999999999'),
             'creditor_identifier',
             "ISP Telecom: the SEPA creditor identifier "
             "'DE99ZZZ09999999999' is missing or fails its check digits"),
            (CREDITOR._replace(identifier=''), 'creditor_identifier', None),
            (CREDITOR._replace(iban='ES92 2100 0418 4502 0005 1332'),
             'creditor_iban', None),
            (CREDITOR._replace(bic='CAIXES'), 'creditor_bic', None),
            (CREDITOR._replace(name='  '), 'creditor_name', None),
        ]
        for creditor, code, message in bad_creditor:
            with self.subTest(code=code, creditor=creditor):
                with self.assertRaises(pain008.Pain008Error) as caught:
                    self._build('pain.008.001.08', creditor=creditor)
                self.assertEqual(caught.exception.code, code)
                self.assertEqual(caught.exception.record, 'ISP Telecom')
                if message:
                    self.assertEqual(str(caught.exception), message)
        bad_debits = [
            (debit(9, debtor_iban='DE88370400440532013000'), 'debtor_iban',
             "Customer 9: the IBAN 'DE88370400440532013000' fails the "
             "check digits or the format of its country"),
            # right mod 97, one digit short for Germany
            (debit(9, debtor_iban='DE2237040044053201300'),
             'debtor_iban', None),
            (debit(9, debtor_iban='XX89370400440532013000'),
             'debtor_iban', None),
            (debit(9, debtor_iban=''), 'debtor_iban', None),
            (debit(9, debtor_bic='COBADEF'), 'debtor_bic',
             "Customer 9: the BIC 'COBADEF' is malformed"),
            (debit(9, debtor_bic='C0BADEFF'), 'debtor_bic', None),
            (debit(9, mandate_id='UMR_0009'), 'mandate_id',
             "Customer 9: the mandate reference 'UMR_0009' is not a SEPA "
             "identifier"),
            (debit(9, mandate_id='/UMR9'), 'mandate_id', None),
            (debit(9, mandate_id='UMR9/'), 'mandate_id', None),
            (debit(9, mandate_id='UMR//9'), 'mandate_id', None),
            (debit(9, mandate_id='U' * 36), 'mandate_id', None),
            (debit(9, mandate_id='Ñandú-9'), 'mandate_id', None),
            (debit(9, mandate_id=''), 'mandate_id', None),
            (debit(9, end_to_end_id='L&9'), 'end_to_end_id', None),
            (debit(9, end_to_end_id='L00001'), 'duplicate_end_to_end_id',
             None),
            (debit(9, amount='0'), 'amount', None),
            (debit(9, amount='-5'), 'amount', None),
            (debit(9, amount='1000000000'), 'amount', None),
            (debit(9, amount='abc'), 'amount', None),
            (debit(9, debtor_name='???'.replace('?', '\u2603')),
             'debtor_name', None),
            (debit(9, sequence_type='FIRST'), 'sequence_type', None),
            (debit(9, scheme='COR1'), 'scheme', None),
            (debit(9, mandate_date=False), 'mandate_date', None),
            (debit(9, mandate_date=datetime.date(2027, 1, 1)),
             'mandate_date', None),
            (debit(9, collection_date='7/12/2026'), 'collection_date',
             None),
        ]
        for bad, code, message in bad_debits:
            with self.subTest(code=code, debit=bad):
                with self.assertRaises(pain008.Pain008Error) as caught:
                    self._build('pain.008.001.02', debits=DEBITS + [bad])
                self.assertEqual(caught.exception.code, code)
                self.assertEqual(caught.exception.record, 'Customer 9')
                if message:
                    self.assertEqual(str(caught.exception), message)

    def test_bad_file_parameters_refused(self):
        cases = [
            (dict(flavour='pain.008.001.03'), 'flavour'),
            (dict(message_id='PAY_1'), 'message_id'),
            (dict(debits=[]), 'no_debits'),
            (dict(currency='EURO'), 'currency'),
            (dict(currency=''), 'currency'),
            (dict(initiating_party=pain008.InitiatingParty('')),
             'initiating_party'),
        ]
        for values, code in cases:
            arguments = dict(
                flavour='pain.008.001.08', message_id='PAY1',
                created=CREATED, initiating_party=PARTY, creditor=CREDITOR,
                debits=DEBITS)
            arguments.update(values)
            with self.subTest(code=code):
                with self.assertRaises(pain008.Pain008Error) as caught:
                    pain008.build(**arguments)
                self.assertEqual(caught.exception.code, code)

    def test_document_invalid_against_xsd_raises_naming_the_error(self):
        data = pain008.build('pain.008.001.02', 'PAY1', CREATED, PARTY,
                             CREDITOR, DEBITS)
        # the same document announced as the other flavour: BIC vs BICFI
        broken = data.replace(b'pain.008.001.02', b'pain.008.001.08')
        with self.assertRaises(ValueError) as caught:
            pain008.validate('pain.008.001.08', broken)
        self.assertIn('BIC', str(caught.exception))
        self.assertIn('pain.008.001.08', str(caught.exception))
        pain008.validate('pain.008.001.02', data)

    def test_iban_and_creditor_identifier_checks(self):
        self.assertEqual(pain008.iban('gb82 west 1234 5698 7654 32'),
                         'GB82WEST12345698765432')
        self.assertIsNone(pain008.iban('GB82WEST1234569876543'))
        self.assertEqual(pain008.iban('BE68 5390 0754 7034'),
                         'BE68539007547034')
        self.assertEqual(pain008.creditor_identifier('ES50 ZZZ M23456789'),
                         'ES50ZZZM23456789')
        self.assertIsNone(pain008.creditor_identifier('ES51ZZZM23456789'))
        self.assertEqual(pain008.bic('abnanl2a'), 'ABNANL2A')
        self.assertEqual(pain008.bic(''), '')
        self.assertIsNone(pain008.bic('ABNANL2AX'))
