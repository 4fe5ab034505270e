# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""IBAN and BIC: the rules (rules/bank_account.py) and res.partner.bank."""
import unittest

from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from ..rules import bank_account as bank_rules
from .common import IspCommon

# (as typed, compact)
VALID_IBANS = [
    ('ES91 2100 0418 4502 0005 1332', 'ES9121000418450200051332'),
    ('es70-0049-1500-0105-1234-5678', 'ES7000491500010512345678'),
    ('IT67 P030 6909 6060 0000 0012 345', 'IT67P0306909606000000012345'),
    ('IT60X0542811101000000123456', 'IT60X0542811101000000123456'),
    ('RO42 BTRL 0120 1234 5678 9XX1', 'RO42BTRL0120123456789XX1'),
    ('RO57BTRL1234567890123456', 'RO57BTRL1234567890123456'),
]

# (value, error code)
INVALID_IBANS = [
    # one digit changed: the ISO check digits fail
    ('ES91 2100 0418 4502 0005 1333', bank_rules.ERROR_IBAN_CHECKSUM),
    # ISO check digits right, Spanish account check digits (99) wrong
    ('ES41 2100 0418 9902 0005 1332',
     bank_rules.ERROR_IBAN_NATIONAL_CHECKSUM),
    # ISO check digits right, Italian CIN (A instead of X) wrong
    ('IT65A0542811101000000123456', bank_rules.ERROR_IBAN_NATIONAL_CHECKSUM),
    ('ES91 2100 0418 4502 0005 133', bank_rules.ERROR_IBAN_LENGTH),
    ('ES91 2100 0418 4502 0005 13A2', bank_rules.ERROR_IBAN_STRUCTURE),
    ('XX91 2100 0418 4502 0005 1332', bank_rules.ERROR_IBAN_COUNTRY),
]


class TestBankAccountRules(unittest.TestCase):

    def test_valid_ibans_are_returned_compact(self):
        for typed, compact in VALID_IBANS:
            with self.subTest(iban=typed):
                self.assertEqual(bank_rules.validate_iban(typed), compact)

    def test_invalid_ibans_say_why(self):
        for value, code in INVALID_IBANS:
            with self.subTest(iban=value):
                with self.assertRaises(bank_rules.InvalidBankAccount) as ctx:
                    bank_rules.validate_iban(value)
                self.assertEqual(ctx.exception.code, code)

    def test_only_numbers_of_iban_countries_are_taken_for_ibans(self):
        self.assertTrue(bank_rules.looks_like_iban('es91 2100 0418'))
        self.assertTrue(bank_rules.looks_like_iban('RO42BTRL0120'))
        # an Argentine CBU (22 digits) and a country without IBAN
        self.assertFalse(bank_rules.looks_like_iban(
            '2850590940090418135201'))
        self.assertFalse(bank_rules.looks_like_iban('AR12 3456 7890'))
        self.assertFalse(bank_rules.looks_like_iban(''))
        self.assertFalse(bank_rules.looks_like_iban(None))

    def test_iban_is_formatted_in_groups_of_four(self):
        self.assertEqual(bank_rules.format_iban('es9121000418450200051332'),
                         'ES91 2100 0418 4502 0005 1332')

    def test_bic_of_iban_from_the_bank_registry(self):
        self.assertEqual(
            bank_rules.bic_of_iban('ES91 2100 0418 4502 0005 1332'),
            'CAIXESBB')
        self.assertEqual(
            bank_rules.bic_of_iban('IT67 P030 6909 6060 0000 0012 345'),
            'BCITITMM')
        self.assertEqual(
            bank_rules.bic_of_iban('RO42 BTRL 0120 1234 5678 9XX1'),
            'BTRLRO22')
        # a Romanian bank code that no bank has
        self.assertIsNone(bank_rules.bic_of_iban('RO49AAAA1B31007593840000'))

    def test_bic_format_and_country(self):
        self.assertEqual(bank_rules.validate_bic('caixesbbxxx'),
                         'CAIXESBBXXX')
        self.assertEqual(bank_rules.validate_bic('BTRL RO22', 'RO'),
                         'BTRLRO22')
        cases = [
            ('CAIXESB', None, bank_rules.ERROR_BIC_FORMAT),
            ('CAIXESBBX', None, bank_rules.ERROR_BIC_FORMAT),
            ('1234ESBB', None, bank_rules.ERROR_BIC_FORMAT),
            ('CAIXQQBB', None, bank_rules.ERROR_BIC_COUNTRY),
            ('BCITITMM', 'ES', bank_rules.ERROR_BIC_COUNTRY_MISMATCH),
        ]
        for bic, country, code in cases:
            with self.subTest(bic=bic):
                with self.assertRaises(bank_rules.InvalidBankAccount) as ctx:
                    bank_rules.validate_bic(bic, country)
                self.assertEqual(ctx.exception.code, code)

    def test_bic_variants_of_a_head_office(self):
        self.assertEqual(bank_rules.bic_variants('CAIXESBB'),
                         ['CAIXESBB', 'CAIXESBBXXX'])
        self.assertEqual(bank_rules.bic_variants('CAIXESBBXXX'),
                         ['CAIXESBBXXX', 'CAIXESBB'])
        self.assertEqual(bank_rules.bic_variants('CAIXESBB123'),
                         ['CAIXESBB123'])


class TestResPartnerBank(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestResPartnerBank, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context,
                                       tracking_disable=True))
        # the strict rules of the suite's forms and wizards
        cls.Account = cls.env['res.partner.bank'].with_context(
            isp_strict_iban=True)
        cls.Bank = cls.env['res.bank']
        cls.holder = cls.env['res.partner'].create({
            'name': 'Account holder',
            'country_id': cls.env.ref('base.es').id,
        })

    def _account(self, number, **values):
        values.update({'acc_number': number, 'partner_id': self.holder.id})
        return self.Account.create(values)

    def test_iban_is_stored_formatted_and_its_bank_derived(self):
        account = self._account('es55-2100-0813-6601-0123-4567')
        self.assertEqual(account.acc_number, 'ES55 2100 0813 6601 0123 4567')
        self.assertEqual(account.acc_type, 'iban')
        self.assertEqual(account.bank_id.bic, 'CAIXESBB')
        self.assertEqual(account.bank_id.country, self.env.ref('base.es'))
        self.assertEqual(account.bank_id.name, 'CAIXABANK, S.A.')

    def test_derived_bank_is_found_not_created_twice(self):
        first = self._account('ES55 2100 0813 6601 0123 4567')
        second = self._account('ES28 2100 0900 9102 0009 8765')
        self.assertEqual(first.bank_id, second.bank_id)
        self.assertEqual(self.Bank.search_count(
            [('bic', 'in', ['CAIXESBB', 'CAIXESBBXXX'])]), 1)

    def test_existing_bank_with_the_eleven_character_bic_is_used(self):
        bank = self.Bank.create({'name': 'Banca Sella (head office)',
                                 'bic': 'SELBIT2BXXX'})
        account = self._account('IT53 F032 6812 9000 0000 0011 111')
        self.assertEqual(account.bank_id, bank)

    def test_iban_of_an_unknown_bank_is_kept_without_bank(self):
        account = self._account('RO49 AAAA 1B31 0075 9384 0000')
        self.assertEqual(account.acc_number, 'RO49 AAAA 1B31 0075 9384 0000')
        self.assertFalse(account.bank_id)

    def test_invalid_iban_is_refused_and_nothing_saved(self):
        count = self.Account.search_count([])
        with self.assertRaises(ValidationError) as ctx:
            self._account('ES55 2100 0813 6601 0123 4568')
        self.assertIn('ES55 2100 0813 6601 0123 4568', ctx.exception.name)
        self.assertIn('check digits', ctx.exception.name)
        self.assertEqual(self.Account.search_count([]), count)

    def test_iban_with_wrong_spanish_account_check_digits_is_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            self._account('ES4621000813990101234567')
        self.assertIn('account inside it', ctx.exception.name)

    def test_short_iban_says_how_long_it_must_be(self):
        with self.assertRaises(ValidationError) as ctx:
            self._account('ES55 2100 0813 6601 0123 456')
        self.assertIn('has 23 characters', ctx.exception.name)
        self.assertIn('has 24', ctx.exception.name)

    def test_writing_an_invalid_iban_keeps_the_old_one(self):
        account = self._account('ES55 2100 0813 6601 0123 4567')
        with self.assertRaises(ValidationError):
            account.write({'acc_number': 'ES55 2100 0813 6601 0123 4568'})
        account.invalidate_cache()
        self.assertEqual(account.acc_number, 'ES55 2100 0813 6601 0123 4567')

    def test_account_that_is_not_an_iban_is_kept_as_typed(self):
        account = self._account('2850590940090418135201')
        self.assertEqual(account.acc_number, '2850590940090418135201')
        self.assertEqual(account.acc_type, 'bank')
        self.assertFalse(account.bank_id)

    def test_typed_bic_links_the_bank_with_that_bic(self):
        account = self._account('ES89 0049 0001 5600 1122 3344',
                                bank_bic='bschesmm123')
        self.assertEqual(account.bank_id.bic, 'BSCHESMM123')
        self.assertEqual(account.bank_bic, 'BSCHESMM123')
        self.assertEqual(account.bank_id.country, self.env.ref('base.es'))

    def test_typed_bic_with_a_bad_format_is_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            self._account('ES89 0049 0001 5600 1122 3344', bank_bic='BSCHES')
        self.assertIn('8 or 11 characters', ctx.exception.name)

    def test_typed_bic_of_another_country_than_the_iban_is_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            self._account('ES89 0049 0001 5600 1122 3344',
                          bank_bic='BCITITMM')
        self.assertIn('BCITITMM', ctx.exception.name)
        self.assertIn('another country', ctx.exception.name)
        account = self._account('ES89 0049 0001 5600 1122 3344')
        with self.assertRaises(ValidationError):
            account.write({'bank_bic': 'BCITITMM'})
        self.assertEqual(account.bank_id.bic, 'BSCHESMM')

    def test_chosen_bank_of_another_country_is_refused(self):
        italian = self.Bank.create({'name': 'UniCredit', 'bic': 'UNCRITMM'})
        with self.assertRaises(ValidationError):
            self._account('ES89 0049 0001 5600 1122 3344',
                          bank_id=italian.id)

    def test_new_iban_brings_its_own_bank(self):
        account = self._account('ES89 0049 0001 5600 1122 3344')
        account.write({'acc_number': 'IT55 K030 6911 1110 0000 0054 321'})
        self.assertEqual(account.bank_id.bic, 'BCITITMM')
        account.write({'acc_number': 'RO49 AAAA 1B31 0075 9384 0000'})
        self.assertFalse(account.bank_id)


class TestResPartnerBankScope(IspCommon):
    """The strict IBAN rules apply where the suite's users type bank data;
    other modules keep Odoo's own rules (base_iban: mod 97)."""

    # a valid IBAN (mod 97) whose French RIB key is wrong: OCA's SEPA tests
    # and demo data create it
    OCA_TEST_IBAN = 'FR66 1212 1212 1212 1212 1212 121'
    # another one (the demo data may hold the first already)
    BAD_RIB_IBAN = 'FR48 1234 5678 9012 3456 7890 123'

    @classmethod
    def setUpClass(cls):
        super(TestResPartnerBankScope, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context,
                                       tracking_disable=True))
        cls.Account = cls.env['res.partner.bank']
        cls.customer = cls.env['res.partner'].create({
            'name': 'ISP customer with a bank account',
            'country_id': cls.env.ref('base.fr').id,
            'isp_customer_state': 'customer',
        })
        cls.other = cls.env['res.partner'].create({
            'name': 'Partner of another module',
        })
        cls.customers_action = cls.env.ref(
            'isp_crm.res_partner_action_customer')
        # account numbers are unique per company: OCA's number is created in
        # a company of its own (demo data may have it in the main one)
        cls.oca_company = cls.env['res.company'].create(
            {'name': 'Company of another module'})

    def _action_context(self):
        return safe_eval(self.customers_action.context)

    def test_account_created_by_another_module_keeps_odoo_iban_rule(self):
        account = self.Account.create({'acc_number': self.OCA_TEST_IBAN,
                                       'partner_id': self.other.id,
                                       'company_id': self.oca_company.id})
        self.assertEqual(account.acc_number, self.OCA_TEST_IBAN)
        self.assertEqual(account.acc_type, 'iban')
        # no bank is made up for other modules' accounts
        self.assertFalse(account.bank_id)

    def test_other_modules_get_a_valid_iban_in_groups_of_four(self):
        account = self.Account.create({
            'acc_number': 'fr1420041010050500013m02606',
            'partner_id': self.other.id})
        self.assertEqual(account.acc_number,
                         'FR14 2004 1010 0505 0001 3M02 606')

    def test_wrong_mod_97_is_a_plain_account_elsewhere_refused_here(self):
        number = 'FR67 1212 1212 1212 1212 1212 121'
        account = self.Account.create({'acc_number': number,
                                       'partner_id': self.other.id})
        # base_iban keeps what fails its check as a plain account number
        self.assertEqual(account.acc_type, 'bank')
        with self.assertRaises(ValidationError) as ctx:
            self.Account.with_context(isp_strict_iban=True).create(
                {'acc_number': number, 'partner_id': self.customer.id})
        self.assertIn('3rd and 4th characters', ctx.exception.name)

    def test_same_number_on_a_prospect_of_another_module_is_accepted(self):
        account = self.Account.create({'acc_number': self.BAD_RIB_IBAN,
                                       'partner_id': self.other.id})
        self.assertEqual(account.acc_type, 'iban')
        self.assertEqual(self.other.bank_ids, account)

    def test_customer_form_refuses_wrong_national_check_digits(self):
        count = self.Account.search_count([])
        with self.assertRaises(ValidationError) as ctx:
            self.customer.write({'bank_ids': [(0, 0, {
                'acc_number': self.BAD_RIB_IBAN, 'bank_id': False,
                'bank_bic': False})]})
        self.assertIn(self.BAD_RIB_IBAN, ctx.exception.name)
        self.assertIn('check digits of the account inside it',
                      ctx.exception.name)
        self.assertEqual(self.Account.search_count([]), count)
        self.assertFalse(self.customer.bank_ids)

    def test_customers_menu_form_refuses_wrong_national_check_digits(self):
        Partner = self.env['res.partner'].with_context(
            **self._action_context())
        with self.assertRaises(ValidationError) as ctx:
            Partner.create({'name': 'Customer typed under Customers',
                            'bank_ids': [(0, 0, {
                                'acc_number': self.BAD_RIB_IBAN})]})
        self.assertIn('account inside it', ctx.exception.name)
        # (the request's transaction is rolled back: the partner goes too)
        self.assertFalse(self.Account.search(
            [('acc_number', '=', self.BAD_RIB_IBAN)]))

    def test_contract_forms_refuse_wrong_national_check_digits(self):
        # a bank account or mandate account created from a contract (the
        # many2one's quick create) gets the strict rule of the suite's forms
        for xmlid in ('isp_crm.sale_order_action_isp_contract',
                      'isp_crm.sale_order_action_my_contract'):
            context = safe_eval(self.env.ref(xmlid).context)
            with self.assertRaises(ValidationError) as ctx:
                self.Account.with_context(**context).create({
                    'acc_number': self.BAD_RIB_IBAN,
                    'partner_id': self.other.id})
            self.assertIn('account inside it', ctx.exception.name)

    def test_customer_form_iban_gets_its_bank_although_the_bic_is_empty(self):
        # the editable list of the ISP page sends every column, the empty
        # BIC and bank too
        self.customer.write({'bank_ids': [(0, 0, {
            'acc_number': 'es5521000813660101234567', 'bank_id': False,
            'bank_bic': False})]})
        account = self.customer.bank_ids
        self.assertEqual(account.acc_number, 'ES55 2100 0813 6601 0123 4567')
        self.assertEqual(account.bank_id.bic, 'CAIXESBB')
        self.assertEqual(account.bank_bic, 'CAIXESBB')

    def test_clearing_the_bic_on_the_form_unlinks_the_bank(self):
        self.customer.write({'bank_ids': [(0, 0, {
            'acc_number': 'ES55 2100 0813 6601 0123 4567'})]})
        account = self.customer.bank_ids
        self.customer.write({'bank_ids': [(1, account.id, {
            'bank_bic': False})]})
        self.assertFalse(account.bank_id)
