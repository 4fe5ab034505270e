# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer form on the first day: customers created under Customers,
language and fiscal id type from the country, Odoo's vat in step with the
fiscal id, the kanban."""
from unittest.mock import patch

from lxml import etree
from stdnum.eu import vat as eu_vat

from odoo.tools.safe_eval import safe_eval

from .common import IspCommon


class TestPartnerForm(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestPartnerForm, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context,
                                       tracking_disable=True))
        cls.Partner = cls.env['res.partner']
        cls.spain = cls.env.ref('base.es')
        cls.italy = cls.env.ref('base.it')
        cls.france = cls.env.ref('base.fr')
        for code in ('es_ES', 'fr_FR'):
            if not cls.env['res.lang'].search([('code', '=', code)]):
                cls.env['res.lang'].load_lang(code)
        cls.env['res.lang'].with_context(active_test=False).search(
            [('code', '=', 'it_IT')]).write({'active': False})
        cls.customers_action = cls.env.ref(
            'isp_crm.res_partner_action_customer')

    def _form(self, context=None, **values):
        """A new partner in the form (the client's onchange record)."""
        defaults = self.Partner.with_context(**(context or {})).default_get(
            list(self.Partner._fields))
        defaults.update(values)
        return self.Partner.with_context(**(context or {})).new(defaults)

    # --- created under Customers ------------------------------------------
    def test_partner_created_under_customers_is_a_customer_with_code(self):
        context = safe_eval(self.customers_action.context)
        partner = self.Partner.with_context(**context).create(
            {'name': 'Walk-in customer'})
        self.assertEqual(partner.isp_customer_state, 'customer')
        self.assertTrue(partner.isp_customer_code)
        # and the form shows it so before saving
        self.assertEqual(self._form(context).isp_customer_state, 'customer')

    def test_partner_created_elsewhere_is_still_a_prospect(self):
        partner = self.Partner.create({'name': 'Supplier contact'})
        self.assertEqual(partner.isp_customer_state, 'prospect')
        self.assertFalse(partner.isp_customer_code)

    # --- language from the country ----------------------------------------
    def test_language_follows_the_country_when_not_chosen(self):
        form = self._form(name='Lucía')
        form.country_id = self.spain
        form._onchange_isp_country_id()
        self.assertEqual(form.lang, 'es_ES')

    def test_language_chosen_by_the_user_is_kept(self):
        form = self._form(name='Lucía', lang='fr_FR')
        form.country_id = self.spain
        form._onchange_isp_country_id()
        self.assertEqual(form.lang, 'fr_FR')

    def test_language_not_installed_is_not_set(self):
        form = self._form(name='Giulia')
        default = form.lang
        form.country_id = self.italy
        form._onchange_isp_country_id()
        self.assertEqual(form.lang, default)

    # --- fiscal id types of the country -----------------------------------
    def test_fiscal_id_type_follows_the_country(self):
        form = self._form(name='Lucía', isp_fiscal_id_type='it_cf')
        form.country_id = self.spain
        form._onchange_isp_country_id()
        self.assertEqual(form.isp_fiscal_id_type, 'es_dni')

    def test_fiscal_id_type_is_guessed_from_the_typed_number(self):
        form = self._form(name='Empresa', isp_fiscal_id='B58378431')
        form.country_id = self.spain
        form._onchange_isp_country_id()
        self.assertEqual(form.isp_fiscal_id_type, 'es_nif')

    def test_fiscal_id_type_of_the_country_is_kept(self):
        form = self._form(name='Lucía', isp_fiscal_id_type='es_nie')
        form.country_id = self.spain
        form._onchange_isp_country_id()
        self.assertEqual(form.isp_fiscal_id_type, 'es_nie')

    def test_country_without_types_clears_a_foreign_type(self):
        form = self._form(name='Louise', isp_fiscal_id_type='es_dni')
        form.country_id = self.france
        form._onchange_isp_country_id()
        self.assertFalse(form.isp_fiscal_id_type)

    # --- fiscal id and vat in step ------------------------------------------
    def test_fiscal_id_gives_the_vat_on_create_and_write(self):
        partner = self.Partner.create({
            'name': 'Lucía', 'country_id': self.spain.id,
            'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': '48123456-g'})
        self.assertEqual(partner.vat, 'ES48123456G')
        partner.write({'isp_fiscal_id': '12345678Z'})
        self.assertEqual(partner.vat, 'ES12345678Z')
        partner.write({'isp_fiscal_id': False})
        self.assertFalse(partner.vat)

    def test_vat_gives_the_fiscal_id(self):
        partner = self.Partner.create({
            'name': 'Empresa', 'is_company': True,
            'country_id': self.spain.id, 'vat': 'ESB58378431'})
        self.assertEqual((partner.isp_fiscal_id_type, partner.isp_fiscal_id),
                         ('es_nif', 'B58378431'))
        # a NIF is also valid for a person's DNI number: the type stays
        partner.write({'vat': 'ES 48123456G'})
        self.assertEqual((partner.isp_fiscal_id_type, partner.isp_fiscal_id),
                         ('es_nif', '48123456G'))
        partner.write({'isp_fiscal_id_type': 'es_dni'})
        self.assertEqual(partner.vat, 'ES48123456G')
        partner.write({'vat': 'ES X1234567L'})
        self.assertEqual((partner.isp_fiscal_id_type, partner.isp_fiscal_id),
                         ('es_nie', 'X1234567L'))
        partner.write({'vat': False})
        self.assertFalse(partner.isp_fiscal_id)

    def test_vat_that_is_no_fiscal_id_of_the_country_changes_nothing(self):
        partner = self.Partner.create({
            'name': 'Lucía', 'country_id': self.spain.id,
            'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': '48123456G'})
        partner.write({'vat': 'FR40303265045'})
        self.assertEqual(partner.vat, 'FR40303265045')
        self.assertEqual(partner.isp_fiscal_id, '48123456G')

    def test_with_odoos_vat_check_a_persons_id_stays_the_fiscal_id(self):
        # base_vat (installed with l10n_es and most charts) refuses as vat
        # what is no VAT number: its check stands in (stdnum's EU VAT)
        def simple_vat_check(partner, country_code, number):
            return eu_vat.is_valid(country_code.upper() + number)
        with patch.object(type(self.Partner), 'simple_vat_check',
                          simple_vat_check, create=True):
            person = self.Partner.create({
                'name': 'Giulia', 'country_id': self.italy.id,
                'isp_fiscal_id_type': 'it_cf',
                'isp_fiscal_id': 'RSSMRA85T10A562S'})
            company = self.Partner.create({
                'name': 'Impresa', 'is_company': True,
                'country_id': self.italy.id, 'isp_fiscal_id_type': 'it_piva',
                'isp_fiscal_id': '00743110157'})
        self.assertEqual(person.isp_fiscal_id, 'RSSMRA85T10A562S')
        self.assertFalse(person.vat)
        self.assertEqual(company.vat, 'IT00743110157')
        # without base_vat, the fiscal id gives the vat as before
        person.write({'isp_fiscal_id': 'RSSMRA85T10A562S'})
        self.assertEqual(person.vat, 'ITRSSMRA85T10A562S')

    def test_fiscal_id_and_vat_reach_the_contacts_in_one_step(self):
        company = self.Partner.create({
            'name': 'Empresa', 'is_company': True,
            'country_id': self.spain.id})
        contact = self.Partner.create({'name': 'Contact',
                                       'parent_id': company.id})
        company.write({'isp_fiscal_id_type': 'es_nif',
                       'isp_fiscal_id': 'B58378431'})
        self.assertEqual((contact.vat, contact.isp_fiscal_id),
                         ('ESB58378431', 'B58378431'))
        # the invoice's partner shows the tax id
        self.assertEqual(contact.commercial_partner_id.vat, 'ESB58378431')

    # --- views --------------------------------------------------------------
    def test_kanban_shows_the_customer_code_and_state(self):
        arch = self.Partner.fields_view_get(view_type='kanban')['arch']
        doc = etree.fromstring(arch)
        details = doc.xpath(
            "//div[contains(@class, 'o_isp_partner_kanban_customer')]")
        self.assertTrue(details)
        names = {node.get('name') for node in details[0].iter('field')}
        self.assertEqual(names, {'isp_customer_code', 'isp_customer_state'})

    def test_form_and_list_views_load_with_the_isp_fields(self):
        form = self.Partner.fields_view_get(view_type='form')
        self.assertIn('isp_fiscal_id_type', form['fields'])
        self.assertIn('bank_ids', form['fields'])
        tree = self.Partner.fields_view_get(view_type='tree')
        self.assertIn('isp_customer_state', tree['fields'])
