# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SEPA direct debit files of payment orders (pain.008.001.02 and .08):
valid against the ISO 20022 XSD, counts and sums, FRST then RCUR, and no
file at all when the data is wrong."""
import base64
import decimal

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_resource
from odoo.tests.common import at_install, post_install

from .sepa_common import COMPANY_IBAN, CREDITOR_ID, SepaOrderCommon


def schema(flavour):
    """The XSD the test validates against, read here from the file."""
    path = get_module_resource('isp_billing', 'data', 'xsd',
                               '%s.xsd' % flavour)
    return etree.XMLSchema(etree.parse(path))


@at_install(False)
@post_install(True)
class TestSepaFiles(SepaOrderCommon):

    PREFIX = 'Files'

    @classmethod
    def setUpClass(cls):
        super(TestSepaFiles, cls).setUpClass()
        cls._add_customer('José Núñez Peña', 'DE89370400440532013000',
                          cls.debtor_bank)
        cls._add_customer('Ștefan Țurcanu', 'RO49AAAA1B31007593840000')
        cls._add_customer('Zoë Müller & Söhne', 'NL91ABNA0417164300',
                          cls.debtor_bank)

    def _order(self, amounts):
        """A confirmed debit order of one invoice per (customer index,
        amount)."""
        return super(TestSepaFiles, self)._order(amounts)[0]

    def _generate(self, order, flavour):
        """Make the order's file; its parsed root, checked against the
        XSD of ``flavour``."""
        order.open2generated()
        self.assertEqual(order.state, 'generated')
        attachment = self._attachments(order)
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.datas_fname, 'sdd_%s.xml' % order.name)
        root = etree.fromstring(base64.b64decode(attachment.datas))
        schema(flavour).assertValid(root)
        self.assertEqual(etree.QName(root).namespace,
                         'urn:iso:std:iso:20022:tech:xsd:%s' % flavour)
        return root

    def _attachments(self, order):
        return self.env['ir.attachment'].search([
            ('res_model', '=', 'account.payment.order'),
            ('res_id', '=', order.id)])

    def _check_file(self, flavour):
        self.method.pain_version = flavour
        order = self._order([(0, 29.9), (1, 40.0), (2, 15.55)])
        root = self._generate(order, flavour)
        header = root.find('.//{*}GrpHdr')
        self.assertEqual(header.findtext('{*}NbOfTxs'), '3')
        self.assertEqual(header.findtext('{*}CtrlSum'), '85.45')
        self.assertEqual(header.findtext('{*}MsgId'), order.name)
        amounts = sorted(decimal.Decimal(amount.text)
                         for amount in root.iter('{*}InstdAmt'))
        self.assertEqual(amounts, [decimal.Decimal('15.55'),
                                   decimal.Decimal('29.90'),
                                   decimal.Decimal('40.00')])
        self.assertEqual({e.get('Ccy') for e in root.iter('{*}InstdAmt')},
                         {'EUR'})
        self.assertEqual(
            sorted(e.text for e in root.iter('{*}EndToEndId')),
            sorted(order.bank_line_ids.mapped('name')))
        self.assertEqual(
            sorted(e.text for e in root.iter('{*}MndtId')),
            sorted(m.unique_mandate_reference for m in self.mandates))
        self.assertEqual(
            {e.text for e in root.iter('{*}SeqTp')}, {'FRST'})
        self.assertEqual(
            sorted(e.findtext('{*}Nm') for e in root.iter('{*}Dbtr')),
            ['Jose Nunez Pena', 'Stefan Turcanu', 'Zoe Muller + Sohne'])
        self.assertEqual(
            root.findtext('.//{*}CdtrSchmeId//{*}Othr/{*}Id'), CREDITOR_ID)
        self.assertEqual(root.findtext('.//{*}CdtrAcct//{*}IBAN'),
                         COMPANY_IBAN)
        return root

    def test_pain_008_001_02_file_valid_with_counts_and_sums(self):
        root = self._check_file('pain.008.001.02')
        self.assertEqual(
            sorted(e.text for e in root.iter('{*}BIC')),
            ['ABNANL2A', 'ABNANL2A', 'CAIXESBBXXX'])
        self.assertFalse(list(root.iter('{*}BICFI')))

    def test_pain_008_001_08_file_valid_with_bicfi(self):
        root = self._check_file('pain.008.001.08')
        self.assertEqual(
            sorted(e.text for e in root.iter('{*}BICFI')),
            ['ABNANL2A', 'ABNANL2A', 'CAIXESBBXXX'])
        self.assertFalse(list(root.iter('{*}BIC')))
        # the debtor without a BIC
        self.assertIn('NOTPROVIDED', [
            e.text for e in root.iter('{*}Id')])

    def test_first_debit_then_recurring_after_upload(self):
        self.method.pain_version = 'pain.008.001.08'
        first = self._order([(0, 29.9)])
        root = self._generate(first, 'pain.008.001.08')
        self.assertEqual(root.findtext('.//{*}SeqTp'), 'FRST')
        first.generated2uploaded()
        self.assertEqual(self.mandates[0].recurrent_sequence_type,
                         'recurring')
        second = self._order([(0, 31.5), (1, 12.0)])
        root = self._generate(second, 'pain.008.001.08')
        types = {}
        for info in root.iter('{*}PmtInf'):
            for mandate in info.iter('{*}MndtId'):
                types[mandate.text] = info.findtext('.//{*}SeqTp')
            self.assertEqual(
                info.findtext('{*}NbOfTxs'),
                str(len(list(info.iter('{*}DrctDbtTxInf')))))
        self.assertEqual(types, {
            self.mandates[0].unique_mandate_reference: 'RCUR',
            self.mandates[1].unique_mandate_reference: 'FRST',
        })
        self.assertEqual(len(list(root.iter('{*}PmtInf'))), 2)

    def _assert_refused(self, order, *fragments):
        with self.assertRaises(UserError) as caught:
            order.open2generated()
        for fragment in fragments:
            self.assertIn(fragment, caught.exception.name)
        self.assertEqual(order.state, 'open')
        self.assertFalse(self._attachments(order))

    def test_wrong_creditor_identifier_refused_without_file(self):
        self.method.pain_version = 'pain.008.001.02'
        order = self._order([(0, 29.9)])
        # OCA's constraint refuses it on the company: as if it had been
        # saved before that constraint existed
        self.env.cr.execute(
            'UPDATE res_company SET sepa_creditor_identifier = %s '
            'WHERE id = %s', ('DE99ZZZ09999999999', self.company.id))
        self.company.invalidate_cache()
        self._assert_refused(order, self.company.name, 'DE99ZZZ09999999999',
                             'creditor identifier')
        self.company.sepa_creditor_identifier = False
        self._assert_refused(order, self.company.name, 'creditor identifier')

    def test_iban_failing_check_digits_refused_without_file(self):
        self.method.pain_version = 'pain.008.001.08'
        order = self._order([(0, 29.9), (1, 40.0)])
        # base_iban refuses it in the form: as if it came from an import
        account = self.mandates[1].partner_bank_id
        self.env.cr.execute(
            'UPDATE res_partner_bank SET acc_number = %s, '
            'sanitized_acc_number = %s WHERE id = %s',
            ('RO48AAAA1B31007593840000', 'RO48AAAA1B31007593840000',
             account.id))
        account.invalidate_cache()
        self._assert_refused(order, 'Customer Ștefan Țurcanu',
                             'RO48AAAA1B31007593840000', 'check digits')

    def test_mandate_reference_outside_sepa_set_refused_without_file(self):
        self.method.pain_version = 'pain.008.001.02'
        # as if it came from an import
        self.env.cr.execute(
            'UPDATE account_banking_mandate SET unique_mandate_reference = '
            "'UMR_2026#7' WHERE id = %s", (self.mandates[2].id,))
        self.mandates[2].invalidate_cache()
        order = self._order([(2, 15.55)])
        self._assert_refused(order, 'Customer Zoë Müller & Söhne',
                             'UMR_2026#7', 'mandate reference')

    def test_pain_008_001_08_is_a_selectable_flavour(self):
        flavours = dict(self.env['account.payment.method']._fields[
            'pain_version'].selection)
        self.assertIn('pain.008.001.08', flavours)
        self.assertIn('pain.008.001.02', flavours)

    def test_file_needs_the_right_to_change_the_order(self):
        # billing users read debit orders, their lines and mandates; the
        # file (read with SQL) is for those who may change the order
        self.method.pain_version = 'pain.008.001.02'
        order = self._order([(0, 29.9)])
        reader = self.env['res.users'].create({
            'name': 'Files Test Billing User', 'login': 'files_reader',
            'groups_id': [(6, 0, [
                self.env.ref('isp_billing.group_isp_billing_user').id])]})
        self.assertEqual(order.sudo(reader).name, order.name)
        with self.assertRaises(AccessError):
            order.sudo(reader).generate_payment_file()

    def test_lead_time_defaults_to_one_business_day_never_negative(self):
        self.assertEqual(self.mode.isp_sdd_lead_days, 1)
        with self.assertRaises(ValidationError):
            self.mode.isp_sdd_lead_days = -1
