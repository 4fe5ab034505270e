# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import IspCommon


class TestResPartnerIsp(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestResPartnerIsp, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context,
                                       tracking_disable=True))
        cls.Partner = cls.env['res.partner']
        cls.spain = cls.env.ref('base.es')
        cls.argentina = cls.env.ref('base.ar')
        cls.italy = cls.env.ref('base.it')
        cls.romania = cls.env.ref('base.ro')
        cls._accounting()

    def _person(self, name, country, kind, number, **values):
        values.update({
            'name': name,
            'country_id': country.id,
            'isp_fiscal_id_type': kind,
            'isp_fiscal_id': number,
        })
        return self.Partner.create(values)

    def _read_again(self, partner, field):
        partner.invalidate_cache()
        return partner[field]

    # --- fiscal id: normal form, refusals ---------------------------------
    def test_fiscal_id_is_stored_in_its_normal_form_on_create(self):
        partner = self._person('Lucía', self.spain, 'es_dni', '48.123.456-g')
        self.assertEqual(self._read_again(partner, 'isp_fiscal_id'),
                         '48123456G')

    def test_fiscal_id_is_stored_in_its_normal_form_on_write(self):
        partner = self._person('Trattoria', self.italy, 'it_piva',
                               '02345670125', is_company=True)
        partner.write({'isp_fiscal_id': 'IT 0987 6540 015'})
        self.assertEqual(self._read_again(partner, 'isp_fiscal_id'),
                         '09876540015')

    def test_invalid_fiscal_id_is_refused_on_create_and_nothing_saved(self):
        count = self.Partner.with_context(active_test=False).search_count(
            [('name', '=', 'Bad check digit')])
        with self.assertRaises(ValidationError) as ctx:
            self._person('Bad check digit', self.spain, 'es_dni',
                         '48123456A')
        message = ctx.exception.name
        self.assertIn('48123456A', message)
        self.assertIn('DNI (Spain)', message)
        self.assertIn('check digit', message)
        self.assertEqual(
            self.Partner.with_context(active_test=False).search_count(
                [('name', '=', 'Bad check digit')]), count)

    def test_invalid_fiscal_id_on_write_keeps_the_old_number(self):
        partner = self._person('Giulia', self.italy, 'it_cf',
                               'BNCGLI85C52F205U')
        with self.assertRaises(ValidationError) as ctx:
            partner.write({'isp_fiscal_id': 'BNCGLI85C52F205'})
        self.assertIn('Codice fiscale (Italy)', ctx.exception.name)
        self.assertIn('number of characters', ctx.exception.name)
        self.assertEqual(self._read_again(partner, 'isp_fiscal_id'),
                         'BNCGLI85C52F205U')

    def test_changing_the_type_rechecks_the_stored_number(self):
        partner = self._person('Valentina', self.argentina, 'ar_cuit',
                               '30-71234567-1', is_company=True)
        with self.assertRaises(ValidationError) as ctx:
            partner.write({'isp_fiscal_id_type': 'ar_cuil'})
        self.assertIn('CUIL (Argentina)', ctx.exception.name)
        self.assertEqual(self._read_again(partner, 'isp_fiscal_id_type'),
                         'ar_cuit')

    def test_number_without_type_is_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            self.Partner.create({'name': 'No type',
                                 'isp_fiscal_id': '48123456G'})
        self.assertIn('type', ctx.exception.name)

    def test_type_of_another_country_is_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            self._person('Wrong country', self.spain, 'it_cf',
                         'BNCGLI85C52F205U')
        self.assertIn('Codice fiscale (Italy)', ctx.exception.name)
        self.assertIn(self.spain.name, ctx.exception.name)

    def test_moving_to_another_country_is_refused_while_the_type_differs(
            self):
        partner = self._person('Elena', self.romania, 'ro_cnp',
                               '2850312400129')
        with self.assertRaises(ValidationError), self.cr.savepoint():
            partner.write({'country_id': self.italy.id})
        self.assertEqual(self._read_again(partner, 'country_id'),
                         self.romania)

    def test_partner_without_country_accepts_any_type(self):
        partner = self.Partner.create({
            'name': 'Nowhere', 'isp_fiscal_id_type': 'ro_cui',
            'isp_fiscal_id': 'RO 34567892'})
        self.assertEqual(partner.isp_fiscal_id, '34567892')

    def test_fiscal_id_can_be_cleared(self):
        partner = self._person('Martín', self.argentina, 'ar_dni',
                               '30123456')
        partner.write({'isp_fiscal_id': False})
        self.assertFalse(self._read_again(partner, 'isp_fiscal_id'))

    # --- duplicates ---------------------------------------------------------
    def test_duplicate_fiscal_id_is_flagged_on_both_partners(self):
        first = self._person('Javier', self.spain, 'es_dni', '71234598X')
        second = self._person('Javier M.', self.spain, 'es_dni',
                              '71.234.598-x')
        other = self._person('Nuria', self.spain, 'es_dni', '71234599B')
        self.assertEqual(first.isp_fiscal_id_duplicate_ids, second)
        self.assertEqual(second.isp_fiscal_id_duplicate_ids, first)
        self.assertTrue(first.isp_fiscal_id_duplicate)
        self.assertFalse(other.isp_fiscal_id_duplicate)
        self.assertFalse(other.isp_fiscal_id_duplicate_ids)
        found = self.Partner.search([('isp_fiscal_id_duplicate', '=', True),
                                     ('isp_fiscal_id', '=', '71234598X')])
        self.assertEqual(found, first | second)
        self.assertNotIn(other, self.Partner.search(
            [('isp_fiscal_id_duplicate', '=', True)]))
        self.assertIn(other, self.Partner.search(
            [('isp_fiscal_id_duplicate', '=', False)]))

    def test_same_number_of_another_type_is_no_duplicate(self):
        # an ES DNI is also a valid ES NIF: different types, not flagged
        dni = self._person('As DNI', self.spain, 'es_dni', '71234597D')
        nif = self._person('As NIF', self.spain, 'es_nif', '71234597D')
        self.assertFalse(dni.isp_fiscal_id_duplicate)
        self.assertFalse(nif.isp_fiscal_id_duplicate)

    def test_contacts_of_a_company_are_not_duplicates_of_it(self):
        company = self._person('Carpați Net', self.romania, 'ro_cui',
                               '44556670', is_company=True)
        contact = self.Partner.create({'name': 'Ion', 'parent_id':
                                       company.id})
        self.assertEqual(contact.isp_fiscal_id, '44556670')
        self.assertFalse(company.isp_fiscal_id_duplicate)
        self.assertFalse(contact.isp_fiscal_id_duplicate)
        self.assertNotIn(company, self.Partner.search(
            [('isp_fiscal_id_duplicate', '=', True)]))

    # --- customer code ------------------------------------------------------
    def test_customer_created_as_customer_gets_a_code(self):
        partner = self._person('Mihai', self.romania, 'ro_cnp',
                               '1791108123458',
                               isp_customer_state='customer')
        self.assertRegex(partner.isp_customer_code, r'^C\d{6}$')

    def test_prospect_gets_its_code_when_made_customer_and_keeps_it(self):
        partner = self.Partner.create({'name': 'Prospect'})
        self.assertEqual(partner.isp_customer_state, 'prospect')
        self.assertFalse(partner.isp_customer_code)
        partner.action_isp_make_customer()
        code = partner.isp_customer_code
        self.assertEqual(partner.isp_customer_state, 'customer')
        self.assertTrue(code)
        partner.action_isp_make_customer()
        self.assertEqual(partner.isp_customer_code, code)
        partner.write({'isp_customer_state': 'former'})
        self.assertEqual(partner.isp_customer_code, code)
        partner.write({'isp_customer_state': 'customer'})
        self.assertEqual(partner.isp_customer_code, code)

    def test_writing_customer_state_gives_the_code(self):
        partner = self.Partner.create({'name': 'Later customer'})
        partner.write({'isp_customer_state': 'customer'})
        self.assertTrue(partner.isp_customer_code)

    def test_former_customer_recorded_directly_gets_a_code(self):
        partner = self.Partner.create({'name': 'Imported former',
                                       'isp_customer_state': 'former'})
        self.assertTrue(partner.isp_customer_code)

    def test_codes_are_unique_and_never_reused(self):
        first = self.Partner.create({'name': 'One',
                                     'isp_customer_state': 'customer'})
        second = self.Partner.create({'name': 'Two',
                                      'isp_customer_state': 'customer'})
        self.assertNotEqual(first.isp_customer_code,
                            second.isp_customer_code)
        code = second.isp_customer_code
        second.unlink()
        third = self.Partner.create({'name': 'Three',
                                     'isp_customer_state': 'customer'})
        self.assertNotEqual(third.isp_customer_code, code)
        self.assertGreater(third.isp_customer_code, code)

    def test_database_refuses_a_code_twice(self):
        first = self.Partner.create({'name': 'One',
                                     'isp_customer_state': 'customer'})
        other = self.Partner.create({'name': 'Imported'})
        with self.assertRaises(psycopg2.IntegrityError), \
                mute_logger('odoo.sql_db'), self.cr.savepoint():
            other.write({'isp_customer_code': first.isp_customer_code})

    def test_code_cannot_be_changed_or_removed(self):
        partner = self.Partner.create({'name': 'Fixed',
                                       'isp_customer_state': 'customer'})
        code = partner.isp_customer_code
        with self.assertRaises(UserError):
            partner.write({'isp_customer_code': 'C999999'})
        with self.assertRaises(UserError):
            partner.write({'isp_customer_code': False})
        self.assertEqual(self._read_again(partner, 'isp_customer_code'),
                         code)

    def test_copy_of_a_customer_gets_its_own_code_and_no_fiscal_id(self):
        partner = self._person('Original', self.spain, 'es_dni',
                               '48123456G', isp_customer_state='customer')
        copy = partner.copy()
        self.assertTrue(copy.isp_customer_code)
        self.assertNotEqual(copy.isp_customer_code,
                            partner.isp_customer_code)
        self.assertFalse(copy.isp_fiscal_id)

    def test_contacts_share_the_code_and_data_of_their_company(self):
        company = self._person('Red Pampa', self.argentina, 'ar_cuit',
                               '30712345671', is_company=True,
                               isp_customer_state='customer')
        contact = self.Partner.create({'name': 'Ana', 'parent_id':
                                       company.id})
        self.assertFalse(contact.isp_customer_code)
        self.assertEqual(contact.isp_commercial_customer_code,
                         company.isp_customer_code)
        self.assertEqual(contact.isp_customer_state, 'customer')
        self.assertEqual(contact.isp_fiscal_id_type, 'ar_cuit')
        self.assertEqual(contact.isp_fiscal_id, '30712345671')
        company.write({'isp_customer_state': 'former'})
        self.assertEqual(contact.isp_customer_state, 'former')
        self.assertFalse(contact.isp_customer_code)

    def test_make_customer_on_a_contact_acts_on_its_company(self):
        company = self.Partner.create({'name': 'Studio', 'is_company': True})
        contact = self.Partner.create({'name': 'Paolo',
                                       'parent_id': company.id})
        contact.action_isp_make_customer()
        self.assertEqual(company.isp_customer_state, 'customer')
        self.assertTrue(company.isp_customer_code)
        self.assertFalse(contact.isp_customer_code)
        self.assertEqual(contact.isp_customer_state, 'customer')

    def test_invoicing_series_is_a_sales_journal(self):
        domain = self.Partner._fields['isp_journal_id'].domain
        self.assertEqual(domain, [('type', '=', 'sale')])

    # --- login key (portal first access) ------------------------------------
    def test_login_key_finds_the_customer_in_any_spelling(self):
        partner = self._person('Marco', self.italy, 'it_cf',
                               'SPSMRC79E14F839Y',
                               isp_customer_state='customer')
        code = partner.isp_customer_code
        find = self.Partner._isp_find_by_login_key
        self.assertEqual(find(code, 'SPSMRC79E14F839Y'), partner)
        self.assertEqual(find(' %s ' % code.lower(), 'spsmrc79e14f839y'),
                         partner)
        self.assertFalse(find(code, 'BNCGLI85C52F205U'))
        self.assertFalse(find(code, 'SPSMRC79E14F839'))
        self.assertFalse(find('C000000', 'SPSMRC79E14F839Y'))
        self.assertFalse(find(False, 'SPSMRC79E14F839Y'))
        self.assertFalse(find(code, False))

    def test_placeholder_fiscal_id_is_refused_as_login_key(self):
        partner = self._person('No data', self.argentina, 'ar_dni',
                               '99.999.999', isp_customer_state='customer')
        self.assertEqual(partner.isp_fiscal_id, '99999999')
        find = self.Partner._isp_find_by_login_key
        self.assertFalse(find(partner.isp_customer_code, '99999999'))
        self.assertFalse(find(partner.isp_customer_code, '99.999.999'))

    def test_login_key_needs_a_customer_code(self):
        partner = self._person('Prospect', self.argentina, 'ar_dni',
                               '30123456')
        self.assertFalse(partner.isp_customer_code)
        self.assertFalse(self.Partner._isp_find_by_login_key(
            '', '30123456'))

    # --- deletion guard -----------------------------------------------------
    @classmethod
    def _accounting(cls):
        cls._receivable = cls.env['account.account'].create({
            'code': 'ISPT430',
            'name': 'Customers (test)',
            'user_type_id': cls.env.ref(
                'account.data_account_type_receivable').id,
            'reconcile': True,
        })
        cls._income = cls.env['account.account'].create({
            'code': 'ISPT700',
            'name': 'Services (test)',
            'user_type_id': cls.env.ref(
                'account.data_account_type_revenue').id,
        })
        cls._journal = cls.env['account.journal'].create({
            'name': 'ISP test series', 'code': 'ISPT', 'type': 'sale'})

    def _invoice(self, partner):
        # own accounts: the test does not need a chart of accounts
        (partner | partner.commercial_partner_id).write(
            {'property_account_receivable_id': self._receivable.id})
        return self.env['account.invoice'].create({
            'partner_id': partner.id,
            'account_id': self._receivable.id,
            'journal_id': self._journal.id,
            'type': 'out_invoice',
            'invoice_line_ids': [(0, 0, {
                'name': 'Fibre 300 Mbps',
                'account_id': self._income.id,
                'quantity': 1,
                'price_unit': 30.0,
            })],
        })

    def _signed_contract(self, partner):
        product = self.env['product.product'].create({
            'name': 'Router (test)', 'type': 'consu', 'list_price': 50.0})
        order = self.env['sale.order'].create({
            'partner_id': partner.id,
            'order_line': [(0, 0, {
                'product_id': product.id,
                'product_uom_qty': 1,
                'price_unit': 50.0,
            })],
        })
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        return order

    def test_unlink_lists_every_reason_of_every_partner_and_deletes_nothing(
            self):
        both = self.Partner.create({'name': 'Invoiced and signed',
                                    'isp_customer_state': 'customer'})
        invoice = self._invoice(both)
        order = self._signed_contract(both)
        signed = self.Partner.create({'name': 'Only signed'})
        self._signed_contract(signed)
        free = self.Partner.create({'name': 'Nothing at all'})
        partners = both | signed | free
        with self.assertRaises(UserError) as ctx:
            partners.unlink()
        message = ctx.exception.name
        self.assertIn('Nothing was deleted', message)
        self.assertIn('Invoiced and signed (%s)' % both.isp_customer_code,
                      message)
        self.assertIn('it has 1 invoice(s)', message)
        self.assertIn(invoice.name_get()[0][1], message)
        self.assertIn('it has 1 signed contract(s): %s' % order.name,
                      message)
        self.assertIn('Only signed', message)
        self.assertEqual(len(re.findall('signed contract', message)), 2)
        self.assertNotIn('Nothing at all', message)
        self.assertEqual(partners.exists(), partners)

    def test_blockers_of_a_company_include_its_contacts_documents(self):
        company = self.Partner.create({'name': 'Hostal', 'is_company': True})
        contact = self.Partner.create({'name': 'Reception',
                                       'parent_id': company.id})
        self._invoice(contact)
        blockers = (company | contact)._isp_deletion_blockers()
        self.assertEqual(list(blockers), [company, contact])
        self.assertEqual(len(blockers[company]), 1)
        self.assertEqual(len(blockers[contact]), 1)

    def test_quotation_does_not_block_deletion(self):
        partner = self.Partner.create({'name': 'Only a quotation'})
        self.env['sale.order'].create({'partner_id': partner.id})
        self.assertEqual(partner._isp_deletion_blockers(), {partner: []})

    def test_partner_without_documents_is_deleted(self):
        partner = self.Partner.create({'name': 'Deletable',
                                       'isp_customer_state': 'customer'})
        self.assertTrue(partner.unlink())
        self.assertFalse(partner.exists())
