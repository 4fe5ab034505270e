# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import IspCommon


class CatalogCommon(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(CatalogCommon, cls).setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True, tz='UTC'))
        cls.env.user.tz = 'UTC'
        product = cls.env['product.product']

        def tariff(name, service_type, price, **values):
            values.update(name=name, type='service', list_price=price,
                          isp_service_type=service_type)
            return product.create(values)

        cls.installation = tariff('Test FTTH installation', 'installation',
                                  99.0, isp_recurring=False)
        cls.fibre = tariff('Test fibre 600', 'fibre', 34.9,
                           isp_technology='ftth', isp_down_mbps=600,
                           isp_up_mbps=600, isp_commitment_months=12,
                           isp_penalty_type='linear',
                           isp_penalty_amount=120.0)
        cls.fixed_line = tariff('Test fixed line', 'voice', 7.5,
                                isp_minutes_unlimited=True)
        cls.mobile_3gb = tariff('Test mobile 3 GB', 'mobile', 9.9,
                                isp_data_gb=3, isp_minutes_unlimited=True)
        cls.mobile_1gb = tariff('Test mobile 1 GB', 'mobile', 5.9,
                                isp_data_gb=1, isp_minutes=300)
        cls.tv = tariff('Test TV', 'tv', 9.9)
        cls.not_isp = product.create({'name': 'Test gift card',
                                      'type': 'service', 'list_price': 5.0})
        # the DoWISP example
        cls.bundle = cls.env['product.template'].create({
            'name': 'Test family pack',
            'type': 'service',
            'isp_is_bundle': True,
            'isp_bundle_line_ids': [
                (0, 0, {'sequence': 1, 'product_id': cls.installation.id,
                        'qty_min': 1, 'qty_default': 1, 'qty_max': 1}),
                (0, 0, {'sequence': 2, 'product_id': cls.fixed_line.id,
                        'qty_min': 0, 'qty_default': 1, 'qty_max': 1,
                        'optional': True}),
                (0, 0, {'sequence': 3, 'product_id': cls.mobile_3gb.id,
                        'qty_min': 1, 'qty_default': 2, 'qty_max': 3}),
                (0, 0, {'sequence': 4, 'product_id': cls.mobile_1gb.id,
                        'qty_min': 0, 'qty_default': 0, 'qty_max': 5,
                        'optional': True}),
            ],
        })
        cls.partner = cls.env['res.partner'].create({
            'name': 'Test catalog customer', 'customer': True})
        cls.campaign = cls.env['isp.campaign'].create({
            'name': 'Test Black Friday',
            'date_start': '2030-11-20',
            'date_end': '2030-11-30',
            'pricing_type': 'discount',
            'discount': 50.0,
            'duration_months': 6,
            'product_tmpl_ids': [(6, 0, cls.bundle.ids)],
        })
        cls.fixed_campaign = cls.env['isp.campaign'].create({
            'name': 'Test spring fibre',
            'date_start': '2030-03-21',
            'date_end': '2030-06-20',
            'pricing_type': 'fixed_price',
            'fixed_price': 19.9,
            'duration_months': 3,
            'product_tmpl_ids': [(6, 0, cls.fibre.product_tmpl_id.ids)],
        })

    def _order(self, quantities=(), date='2030-11-25 12:00:00', **values):
        values.update(partner_id=self.partner.id, date_order=date)
        values['order_line'] = [
            (0, 0, {'product_id': product.id, 'product_uom_qty': qty,
                    'name': product.name, 'price_unit': product.list_price,
                    'product_uom': product.uom_id.id})
            for product, qty in quantities
        ]
        return self.env['sale.order'].create(values)

    @staticmethod
    def _qty(order):
        return {line.product_id: line.product_uom_qty
                for line in order.order_line}


@at_install(False)
@post_install(True)
class TestCatalogOrder(CatalogCommon):

    def test_confirm_breaking_bundle_lists_every_violation_stays_draft(self):
        order = self._order([
            (self.fixed_line, 2), (self.mobile_3gb, 2), (self.mobile_3gb, 2),
            (self.mobile_1gb, 6), (self.tv, 1), (self.not_isp, 1),
        ], isp_bundle_id=self.bundle.id)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        message = caught.exception.name
        self.assertIn('"Test FTTH installation" is required by the bundle '
                      '"Test family pack": add at least 1.', message)
        self.assertIn('"Test fixed line": the contract has 2, the bundle '
                      '"Test family pack" allows at most 1.', message)
        self.assertIn('"Test mobile 3 GB": the contract has 4, the bundle '
                      '"Test family pack" allows at most 3.', message)
        self.assertIn('"Test mobile 1 GB": the contract has 6, the bundle '
                      '"Test family pack" allows at most 5.', message)
        self.assertIn('"Test TV" is not part of the bundle "Test family '
                      'pack": remove it or choose another bundle.', message)
        self.assertNotIn('gift card', message)
        self.assertEqual(message.count('\n- '), 5)
        self.assertEqual(order.state, 'draft')

    def test_confirm_bundle_missing_required_mobile_says_so(self):
        order = self._order([(self.installation, 1)],
                            isp_bundle_id=self.bundle.id)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn('"Test mobile 3 GB" is required by the bundle',
                      caught.exception.name)
        self.assertEqual(order.state, 'draft')

    def test_confirm_compliant_bundle_order_confirms(self):
        order = self._order([
            (self.installation, 1), (self.mobile_3gb, 3),
            (self.mobile_1gb, 5), (self.not_isp, 2),
        ], isp_bundle_id=self.bundle.id)
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_order_without_bundle_is_not_checked(self):
        order = self._order([(self.tv, 4)])
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_apply_bundle_replaces_isp_lines_by_default_quantities(self):
        order = self._order([(self.tv, 1), (self.not_isp, 1)],
                            isp_bundle_id=self.bundle.id)
        order.action_isp_apply_bundle()
        self.assertEqual(self._qty(order), {
            self.installation: 1, self.fixed_line: 1, self.mobile_3gb: 2,
            self.not_isp: 1,
        })
        line = order.order_line.filtered(
            lambda l: l.product_id == self.mobile_3gb)
        self.assertEqual(line.price_unit, 9.9)
        self.assertIn('Test mobile 3 GB', line.name)
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_apply_bundle_requires_a_bundle_and_a_quotation(self):
        order = self._order([(self.tv, 1)])
        with self.assertRaises(UserError):
            order.action_isp_apply_bundle()
        order.action_confirm()
        order.isp_bundle_id = self.bundle
        with self.assertRaises(UserError):
            order.action_isp_apply_bundle()
        self.assertEqual(self._qty(order), {self.tv: 1})

    def test_apply_bundle_gives_bundle_campaign_discount(self):
        order = self._order(isp_bundle_id=self.bundle.id,
                            isp_campaign_id=self.campaign.id)
        order.action_isp_apply_bundle()
        mobile = order.order_line.filtered(
            lambda l: l.product_id == self.mobile_3gb)
        self.assertEqual(mobile.discount, 50.0)
        self.assertEqual(mobile.price_unit, 9.9)
        self.assertEqual(mobile.isp_campaign_id, self.campaign)
        self.assertEqual(mobile.isp_campaign_months, 6)
        self.assertEqual(mobile.isp_price_regular, 9.9)
        self.assertAlmostEqual(mobile.price_subtotal, 9.9)  # 2 x 4.95
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_fixed_price_campaign_sets_price_and_keeps_regular(self):
        order = self._order([(self.fibre, 1), (self.tv, 1)],
                            date='2030-04-10 12:00:00',
                            isp_campaign_id=self.fixed_campaign.id)
        order.action_isp_apply_campaign()
        fibre, tv = order.order_line
        self.assertEqual(fibre.price_unit, 19.9)
        self.assertEqual(fibre.discount, 0.0)
        self.assertEqual(fibre.isp_price_regular, 34.9)
        self.assertEqual(fibre.isp_campaign_months, 3)
        self.assertFalse(tv.isp_campaign_id)
        self.assertEqual(tv.price_unit, 9.9)
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_removing_campaign_restores_regular_price(self):
        order = self._order([(self.fibre, 1)], date='2030-04-10 12:00:00',
                            isp_campaign_id=self.fixed_campaign.id)
        order.action_isp_apply_campaign()
        order.isp_campaign_id = False
        order.action_isp_apply_campaign()
        self.assertEqual(order.order_line.price_unit, 34.9)
        self.assertFalse(order.order_line.isp_campaign_id)

    def test_applying_campaign_twice_keeps_the_regular_price(self):
        order = self._order([(self.fibre, 1)], date='2030-04-10 12:00:00',
                            isp_campaign_id=self.fixed_campaign.id)
        order.action_isp_apply_campaign()
        order.action_isp_apply_campaign()
        self.assertEqual(order.order_line.price_unit, 19.9)
        self.assertEqual(order.order_line.isp_price_regular, 34.9)

    def test_confirm_campaign_outside_its_dates_is_refused(self):
        order = self._order([(self.fibre, 1)], date='2030-07-01 12:00:00',
                            isp_campaign_id=self.fixed_campaign.id)
        order.action_isp_apply_campaign()
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn('runs from 2030-03-21 to 2030-06-20 but the contract '
                      'is dated 2030-07-01', caught.exception.name)
        self.assertEqual(order.state, 'draft')

    def test_confirm_campaign_not_covering_contract_is_refused(self):
        order = self._order([(self.tv, 1)], date='2030-04-10 12:00:00',
                            isp_campaign_id=self.fixed_campaign.id)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn('does not include the bundle or any tariff',
                      caught.exception.name)
        self.assertEqual(order.state, 'draft')

    def test_confirm_campaign_not_applied_asks_to_apply_it(self):
        order = self._order([(self.fibre, 1)], date='2030-04-10 12:00:00',
                            isp_campaign_id=self.fixed_campaign.id)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn('click "Apply campaign"', caught.exception.name)

    def test_bundle_and_campaign_errors_come_in_one_message(self):
        order = self._order([(self.tv, 1)], date='2031-01-10 12:00:00',
                            isp_bundle_id=self.bundle.id,
                            isp_campaign_id=self.campaign.id)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        message = caught.exception.name
        self.assertIn('is not part of the bundle', message)
        self.assertIn('runs from 2030-11-20 to 2030-11-30', message)
        self.assertEqual(order.state, 'draft')

    def test_order_offers_only_campaigns_valid_on_its_date(self):
        order = self._order(date='2030-11-25 12:00:00')
        self.assertIn(self.campaign, order.isp_campaign_allowed_ids)
        self.assertNotIn(self.fixed_campaign, order.isp_campaign_allowed_ids)
        order.date_order = '2030-05-01 12:00:00'
        self.assertIn(self.fixed_campaign, order.isp_campaign_allowed_ids)
        self.assertNotIn(self.campaign, order.isp_campaign_allowed_ids)


@at_install(False)
@post_install(True)
class TestCampaign(CatalogCommon):

    def test_valid_campaigns_by_date_include_both_ends(self):
        campaigns = self.env['isp.campaign']
        table = [
            ('2030-11-19', False),
            ('2030-11-20', True),
            ('2030-11-25', True),
            ('2030-11-30', True),
            ('2030-12-01', False),
        ]
        for date, valid in table:
            found = campaigns._isp_get_valid_campaigns(date)
            self.assertEqual(self.campaign in found, valid, date)
            self.assertEqual(self.campaign._isp_is_valid_on(date), valid)

    def test_valid_campaigns_filtered_by_products(self):
        campaigns = self.env['isp.campaign']
        date = '2030-11-25'
        self.assertEqual(
            campaigns._isp_get_valid_campaigns(date, products=self.bundle),
            self.campaign)
        self.assertFalse(
            campaigns._isp_get_valid_campaigns(date, products=self.tv))
        self.assertFalse(campaigns._isp_get_valid_campaigns(
            '2030-04-01', products=self.bundle))
        self.assertEqual(
            campaigns._isp_get_valid_campaigns(
                '2030-04-01', products=self.fibre),
            self.fixed_campaign)

    def test_archived_campaign_is_not_valid(self):
        self.campaign.active = False
        self.assertFalse(self.campaign._isp_is_valid_on('2030-11-25'))
        self.assertNotIn(
            self.campaign,
            self.env['isp.campaign']._isp_get_valid_campaigns('2030-11-25'))

    def test_campaign_of_another_company_is_not_offered(self):
        other = self.env['res.company'].create({'name': 'Other ISP'})
        self.campaign.company_id = other
        found = self.env['isp.campaign']._isp_get_valid_campaigns(
            '2030-11-25', company=self.env.user.company_id)
        self.assertNotIn(self.campaign, found)

    def test_campaign_covers_tariffs_of_its_bundles(self):
        covered = self.campaign._isp_covered_templates()
        self.assertIn(self.mobile_1gb.product_tmpl_id, covered)
        self.assertNotIn(self.tv.product_tmpl_id, covered)
        self.assertNotIn(self.bundle, covered)

    def test_campaign_ending_before_start_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env['isp.campaign'].create({
                'name': 'Backwards', 'date_start': '2030-05-01',
                'date_end': '2030-04-01', 'discount': 10.0})

    def test_campaign_discount_must_be_above_0_and_up_to_100(self):
        for discount in (0.0, -5.0, 100.5):
            with self.assertRaises(ValidationError), \
                    self.env.cr.savepoint():
                self.env['isp.campaign'].create({
                    'name': 'Bad discount', 'date_start': '2030-05-01',
                    'date_end': '2030-05-31', 'discount': discount})
        full = self.env['isp.campaign'].create({
            'name': 'Free month', 'date_start': '2030-05-01',
            'date_end': '2030-05-31', 'discount': 100.0,
            'duration_months': 1})
        self.assertEqual(full.discount, 100.0)

    def test_fixed_price_campaign_refuses_bundles(self):
        with self.assertRaises(ValidationError):
            self.fixed_campaign.product_tmpl_ids = [(4, self.bundle.id)]

    def test_campaign_negative_duration_is_refused(self):
        with self.assertRaises(ValidationError):
            self.campaign.duration_months = -1


@at_install(False)
@post_install(True)
class TestCatalogConstraints(CatalogCommon):

    def test_negative_technical_values_are_refused(self):
        for field in ('isp_down_mbps', 'isp_up_mbps', 'isp_data_gb',
                      'isp_minutes', 'isp_commitment_months'):
            with self.assertRaises(ValidationError), \
                    self.env.cr.savepoint():
                self.fibre.write({field: -1})
        self.fibre.invalidate_cache()
        self.assertEqual(self.fibre.isp_down_mbps, 600)

    def test_penalty_without_commitment_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.fibre.isp_commitment_months = 0
        self.assertIn('no commitment', caught.exception.name)

    def test_penalty_without_amount_is_refused(self):
        with self.assertRaises(ValidationError):
            self.tv.write({'isp_commitment_months': 12,
                           'isp_penalty_type': 'fixed',
                           'isp_penalty_amount': 0.0})

    def test_tariff_penalty_is_rounded_in_currency(self):
        template = self.fibre.product_tmpl_id
        self.assertEqual(template._isp_commitment_end('2024-01-01')
                         .isoformat(), '2025-01-01')
        # 120 x 201 days left / 366 days = 65.9016...
        self.assertEqual(template._isp_early_termination_penalty(
            '2024-01-01', '2024-06-14'), 65.9)
        self.assertEqual(template._isp_early_termination_penalty(
            '2024-01-01', '2025-01-01'), 0.0)

    def test_one_off_service_types_untick_recurring(self):
        template = self.env['product.template'].new(
            {'name': 'Router', 'isp_service_type': 'equipment'})
        template._onchange_isp_service_type()
        self.assertFalse(template.isp_recurring)
        self.assertEqual(template.type, 'service')

    def _add_line(self, **values):
        values.setdefault('product_id', self.tv.id)
        values.setdefault('bundle_id', self.bundle.id)
        return self.env['isp.bundle.line'].create(values)

    def test_bundle_line_quantities_must_be_ordered(self):
        bad = [
            dict(qty_min=2, qty_default=1, qty_max=3),
            dict(qty_min=1, qty_default=4, qty_max=3),
            dict(qty_min=-1, qty_default=0, qty_max=1, optional=True),
            dict(qty_min=0, qty_default=0, qty_max=0, optional=True),
        ]
        for values in bad:
            with self.assertRaises(ValidationError), \
                    self.env.cr.savepoint():
                self._add_line(**values)
        self.assertEqual(len(self.bundle.isp_bundle_line_ids), 4)

    def test_optional_component_needs_minimum_zero(self):
        with self.assertRaises(ValidationError) as caught:
            self._add_line(qty_min=1, qty_default=1, qty_max=1,
                           optional=True)
        self.assertIn('set the minimum to 0 or untick "Optional"',
                      caught.exception.name)

    def test_required_component_needs_minimum_one(self):
        with self.assertRaises(ValidationError):
            self._add_line(qty_min=0, qty_default=0, qty_max=1)

    def test_component_appears_once_per_bundle(self):
        with self.assertRaises(IntegrityError), \
                mute_logger('odoo.sql_db'), self.env.cr.savepoint():
            self._add_line(product_id=self.mobile_3gb.id, qty_min=1,
                           qty_default=1, qty_max=1)

    def test_valid_optional_line_is_added(self):
        line = self._add_line(qty_min=0, qty_default=0, qty_max=1,
                              optional=True)
        self.assertEqual(line.bundle_id, self.bundle)
        self.assertEqual(len(self.bundle.isp_bundle_line_ids), 5)

    def test_bundle_lines_only_on_bundles(self):
        with self.assertRaises(ValidationError):
            self.bundle.isp_is_bundle = False

    def test_bundle_cannot_contain_a_bundle(self):
        other = self.env['product.template'].create({
            'name': 'Other bundle', 'type': 'service',
            'isp_is_bundle': True})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._add_line(product_id=other.product_variant_id.id)
        with self.assertRaises(ValidationError):
            self._add_line(product_id=self.bundle.product_variant_id.id)


@at_install(False)
@post_install(True)
class TestCatalogViews(CatalogCommon):

    def test_tariff_and_bundle_actions_split_the_catalog(self):
        templates = self.env['product.template']
        tariffs = templates.search(safe_eval(self.env.ref(
            'isp_crm.product_template_action_isp_tariff').domain))
        bundles = templates.search(safe_eval(self.env.ref(
            'isp_crm.product_template_action_isp_bundle').domain))
        self.assertIn(self.fibre.product_tmpl_id, tariffs)
        self.assertNotIn(self.bundle, tariffs)
        self.assertNotIn(self.not_isp.product_tmpl_id, tariffs)
        self.assertIn(self.bundle, bundles)
        self.assertNotIn(self.fibre.product_tmpl_id, bundles)

    def test_order_form_has_bundle_campaign_and_apply_button(self):
        arch = self.env['sale.order'].fields_view_get(
            view_type='form')['arch']
        if isinstance(arch, bytes):
            arch = arch.decode('utf-8')
        for name in ('isp_bundle_id', 'isp_campaign_id',
                     'isp_campaign_allowed_ids', 'action_isp_apply_bundle',
                     'action_isp_apply_campaign'):
            self.assertIn('name="%s"' % name, arch)

    def test_product_form_has_isp_service_page(self):
        arch = self.env['product.template'].fields_view_get(
            view_type='form')['arch']
        if isinstance(arch, bytes):
            arch = arch.decode('utf-8')
        self.assertIn('name="isp_service"', arch)
        self.assertIn('name="isp_bundle_line_ids"', arch)

    def test_catalog_menus_for_isp_managers_only(self):
        manager = self._create_user(
            'isp_catalog_manager', ['isp_crm.group_isp_manager'])
        user = self._create_user(
            'isp_catalog_user', ['isp_crm.group_isp_user'])
        for xmlid in ('isp_crm.product_template_menu_isp_tariff',
                      'isp_crm.product_template_menu_isp_bundle',
                      'isp_crm.isp_campaign_menu'):
            menu = self.env.ref(xmlid)
            self.assertMenuVisible(menu, manager)
            self.assertMenuHidden(menu, user)

    def test_isp_user_reads_campaigns_but_cannot_change_them(self):
        user = self._create_user(
            'isp_catalog_reader', ['isp_crm.group_isp_user'])
        campaign = self.campaign.sudo(user)
        self.assertEqual(campaign.name, 'Test Black Friday')
        self.assertEqual(
            len(self.bundle.sudo(user).isp_bundle_line_ids), 4)
        with self.assertRaises(AccessError):
            campaign.write({'discount': 90.0})
