# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the contract wizard's tests: a fibre + mobile (+ optional
TV) bundle at 21% VAT, a direct debit and a transfer payment mode, an
ISP agent and an ISP manager.

The buttons are called as Odoo 11's web client calls them
(``/web/dataset/call_button`` runs ``api.call_kw(model, method,
[[id], context], {})``): the context is the last positional argument."""
from odoo import api, fields

from odoo.addons.isp_crm.tests.common import IspCommon

# a valid Spanish DNI, IBAN (CaixaBank: BIC CAIXESBB) and SIM ICC
DNI = '44556677L'
DNI_OTHER = '52369810Y'
IBAN = 'ES47 2100 0418 4002 0005 1399'
IBAN_COMPACT = 'ES4721000418400200051399'
ICC = '8934071234567890125'


class ContractWizardCommon(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(ContractWizardCommon, cls).setUpClass()
        cls.agent = cls._create_user(
            'wizard_agent', ['isp_crm.group_isp_agent'])
        cls.manager = cls._create_user(
            'wizard_manager', ['isp_crm.group_isp_manager'])
        cls.employee = cls._create_user(
            'wizard_employee', ['base.group_user'])
        cls.spain = cls.env.ref('base.es')
        cls.tax = cls.env['account.tax'].create({
            'name': 'Wizard VAT 21%', 'amount': 21.0,
            'amount_type': 'percent', 'type_tax_use': 'sale',
        })
        cls.fibre = cls._product('Wizard Fibre 600', 30.0, 'fibre',
                                 isp_commitment_months=12)
        cls.mobile = cls._product('Wizard Mobile 20 GB', 10.0, 'mobile')
        cls.tv = cls._product('Wizard TV', 8.0, 'tv')
        cls.bundle = cls.env['product.product'].create({
            'name': 'Wizard Home Pack', 'type': 'service',
            'list_price': 0.0, 'isp_is_bundle': True,
            'taxes_id': [(6, 0, cls.tax.ids)],
            'isp_bundle_line_ids': [
                (0, 0, {'product_id': cls.fibre.id, 'qty_min': 1,
                        'qty_default': 1, 'qty_max': 1}),
                (0, 0, {'product_id': cls.mobile.id, 'qty_min': 1,
                        'qty_default': 1, 'qty_max': 3}),
                (0, 0, {'product_id': cls.tv.id, 'qty_min': 0,
                        'qty_default': 0, 'qty_max': 1,
                        'optional': True}),
            ],
        }).product_tmpl_id
        cls.debit_mode = cls._payment_mode('Wizard direct debit', True)
        cls.transfer_mode = cls._payment_mode('Wizard transfer', False)
        cls.customer = cls.env['res.partner'].create({
            'name': 'Wizard Existing Customer',
            'customer': True,
            'country_id': cls.spain.id,
            'isp_fiscal_id_type': 'es_dni',
            'isp_fiscal_id': DNI_OTHER,
            'email': 'existing.customer@example.com',
            'phone': '+34 910 000 111',
        })
        cls.customer.action_isp_make_customer()

    @classmethod
    def _product(cls, name, price, kind, **values):
        vals = {
            'name': name, 'type': 'service', 'list_price': price,
            'isp_service_type': kind, 'taxes_id': [(6, 0, cls.tax.ids)],
        }
        vals.update(values)
        return cls.env['product.product'].create(vals)

    @classmethod
    def _payment_mode(cls, name, mandate_required):
        method = cls.env['account.payment.method'].create({
            'name': name, 'code': 'wizard_%d' % mandate_required,
            'payment_type': 'inbound', 'mandate_required': mandate_required,
        })
        return cls.env['account.payment.mode'].create({
            'name': name, 'bank_account_link': 'variable',
            'payment_method_id': method.id,
        })

    # --- helpers ---------------------------------------------------------

    def wizard(self, user=None, context=None, **values):
        """A wizard created by ``user`` (the agent by default), as the
        web client creates it (default_get with the action's context)."""
        Wizard = self.env['isp.contract.wizard'].sudo(
            user or self.agent).with_context(**(context or {}))
        vals = Wizard.default_get(list(Wizard._fields))
        vals.update(values)
        return Wizard.create(vals)

    def click(self, wizard, method, context=None, user=None):
        """Call the button ``method`` of ``wizard`` as the web client
        does: ``[[id], context]`` through ``api.call_kw``."""
        model = self.env['isp.contract.wizard'].sudo(user or self.agent)
        return api.call_kw(
            model, method, [[wizard.id], dict(context or {})], {})

    def new_customer_values(self, **values):
        vals = {
            'customer_mode': 'new',
            'new_name': 'Ana Wizard',
            'new_country_id': self.spain.id,
            'new_street': 'Calle Mayor 1',
            'new_zip': '28013',
            'new_city': 'Madrid',
            'new_email': 'ana.wizard@example.com',
            'new_mobile': '+34 600 000 001',
            'fiscal_id_type': 'es_dni',
            'fiscal_id': DNI,
        }
        vals.update(values)
        return vals

    def tariff_values(self, **values):
        vals = {
            'product_tmpl_id': self.bundle.id,
            'payment_method': 'direct_debit',
            'payment_mode_id': self.debit_mode.id,
            'cycle_preset': 'first',
            'billing_cycle_day': 1,
            'billing_mode': 'prepaid',
        }
        vals.update(values)
        return vals

    def fill_services(self, wizard):
        """Valid data for every service line: the fibre's installation,
        a new number for the mobiles."""
        for line in wizard.service_line_ids:
            if line.service_type == 'fibre':
                line.write({'install_street': 'Calle Mayor 1',
                            'install_zip': '28013',
                            'install_city': 'Madrid',
                            'install_coverage': 'covered',
                            'equipment_serial': 'ONT-0001'})
            elif line.service_type == 'mobile':
                line.write({'number_mode': 'new', 'new_number': '600000002',
                            'sim_icc': ICC})

    def run_to_summary(self, wizard, mobiles=1):
        """Step 1 to 7 with valid values (the wizard's customer already
        chosen or typed)."""
        self.click(wizard, 'action_next')
        wizard.write(self.tariff_values())
        self.click(wizard, 'action_next')
        wizard.write({'iban': IBAN})
        self.click(wizard, 'action_next')
        wizard.count_line_ids.filtered(
            lambda c: c.product_id == self.mobile).qty = mobiles
        self.click(wizard, 'action_next')
        if wizard.step == 'migration':
            self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'services')
        self.fill_services(wizard)
        self.click(wizard, 'action_next')
        self.assertEqual(wizard.step, 'summary')
        return wizard

    def today(self):
        """Today for the agent who runs the wizard (his time zone: near
        midnight, not the test's own today)."""
        return fields.Date.context_today(
            self.env['isp.contract.wizard'].sudo(self.agent))

    def count(self, model, domain=None):
        return self.env[model].sudo().with_context(
            active_test=False).search_count(domain or [])
