# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/plans: the plans offered in the portal, the preview of a change
(amounts of the back office's migration), the request (ticket, draft
migration, request checked by an operator), the setting and the access
matrix."""
import re

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.browser import PHONE, By, ChromiumCase, ec

from .account_common import AccountHttpCase
from .money_common import MoneyHttpCase
from .test_portal_phone_browser import SIDEWAYS_JS


class PlansCase(AccountHttpCase):
    """Ana and Bea (account_common) with a fibre each, Ana a mobile too;
    plans offered, hidden and of another company."""

    def setUp(self):
        super(PlansCase, self).setUp()
        env = self.env
        self.company.isp_portal_plan_requests_enabled = True
        self.today = fields.Date.from_string(
            fields.Date.context_today(env.user))
        Product = env['product.product']
        self.fibre_300 = Product.create({
            'name': 'Plans Fibre 300', 'type': 'service',
            'list_price': 29.90, 'isp_service_type': 'fibre',
            'isp_down_mbps': 300, 'isp_up_mbps': 300,
            'isp_commitment_months': 12, 'isp_penalty_type': 'linear',
            'isp_penalty_amount': 120.0, 'isp_portal_offered': True})
        self.fibre_600 = Product.create({
            'name': 'Plans Fibre 600', 'type': 'service',
            'list_price': 34.90, 'isp_service_type': 'fibre',
            'isp_down_mbps': 600, 'isp_up_mbps': 600,
            'isp_commitment_months': 12, 'isp_penalty_type': 'linear',
            'isp_penalty_amount': 150.0, 'isp_portal_offered': True,
            'isp_portal_features': 'Symmetric 600 Mb\nWi-Fi 6 router'})
        self.mobile = Product.create({
            'name': 'Plans Mobile', 'type': 'service',
            'list_price': 9.90, 'isp_service_type': 'mobile',
            'isp_portal_offered': True})
        self.hidden = Product.create({
            'name': 'Plans Hidden Fibre', 'type': 'service',
            'list_price': 19.90, 'isp_service_type': 'fibre',
            'isp_portal_offered': False})
        other_company = env['res.company'].create({
            'name': 'Plans Other ISP'})
        self.foreign = Product.create({
            'name': 'Plans Other Company Fibre', 'type': 'service',
            'list_price': 24.90, 'isp_service_type': 'fibre',
            'isp_portal_offered': True, 'company_id': other_company.id})
        Subscription = env['isp.subscription']
        start = fields.Date.to_string(self.today - relativedelta(months=3))
        self.ana_fibre = Subscription.create({
            'partner_id': self.ana.id, 'product_id': self.fibre_300.id,
            'price_unit': 29.90, 'state': 'active', 'date_start': start,
            'company_id': self.company.id})
        self.ana_mobile = Subscription.create({
            'partner_id': self.ana.id, 'product_id': self.mobile.id,
            'price_unit': 9.90, 'state': 'active', 'date_start': start,
            'company_id': self.company.id})
        self.bea_fibre = Subscription.create({
            'partner_id': self.bea.id, 'product_id': self.fibre_300.id,
            'price_unit': 29.90, 'state': 'active', 'date_start': start,
            'company_id': self.company.id})
        self.stage = env['helpdesk.ticket.stage'].create({
            'name': 'Plans to study', 'sequence': 99})
        origin = env['isp.helpdesk.origin']._get_for_origin(
            'plan_request', self.company)
        origin_vals = {'stage_id': self.stage.id, 'priority': '2'}
        if origin:
            origin.write(origin_vals)
        else:
            env['isp.helpdesk.origin'].create(dict(
                origin_vals, origin='plan_request',
                company_id=self.company.id))
        self._share()

    def _records(self, partner):
        """(requests, tickets, migrations) of ``partner``."""
        self._reread()
        env = self.env
        return (
            env['isp.portal.request'].search([
                ('partner_id', '=', partner.id),
                ('request_type', '=', 'plan_change')]),
            env['helpdesk.ticket'].search([
                ('partner_id', 'child_of', partner.id),
                ('isp_origin', '=', 'plan_request')]),
            env['isp.migration'].search([('partner_id', '=', partner.id)]),
        )


@at_install(False)
@post_install(True)
class TestPortalPlans(PlansCase):

    # helpers -----------------------------------------------------------

    def _preview_url(self, product, subscription=None):
        url = '/my/plans/%d/preview' % product.product_tmpl_id.id
        if subscription:
            url += '?subscription_id=%d' % subscription.id
        return url

    def _request(self, product, subscription=None):
        return self._post(
            '/my/plans/%d/request' % product.product_tmpl_id.id,
            {'subscription_id': subscription.id if subscription else ''},
            csrf_url='/my/profile')

    def _back_office_penalty(self, subscription):
        """The penalty isp_billing's migration computes today (a draft the
        staff would create by hand; deleted)."""
        migration = self.env['isp.migration'].create({
            'partner_id': subscription.partner_id.id,
            'company_id': self.company.id,
            'date': fields.Date.to_string(self.today),
            'line_ids': [(0, 0, {
                'subscription_id': subscription.id,
                'apply_penalty': True})]})
        migration._update_preview()
        penalty = migration.amount_penalty
        migration.unlink()
        self._share()
        return penalty

    @staticmethod
    def _plan_ids(page):
        return {int(i) for i in re.findall(r'data-plan-id="(\d+)"', page)}

    _text_of = staticmethod(MoneyHttpCase._text_of)

    # the list ----------------------------------------------------------

    def test_plans_page_lists_only_plans_offered_to_the_company(self):
        self._login(self.user_ana)
        response = self._get('/my/plans')
        self.assertEqual(response.status_code, 200)
        shown = self._plan_ids(response.text)
        self.assertIn(self.fibre_600.product_tmpl_id.id, shown)
        self.assertIn(self.mobile.product_tmpl_id.id, shown)
        self.assertNotIn(self.hidden.product_tmpl_id.id, shown)
        self.assertNotIn(self.foreign.product_tmpl_id.id, shown)
        self.assertIn('Wi-Fi 6 router', response.text)
        # the customer's own services to replace, not another's
        self.assertIn('value="%d"' % self.ana_fibre.id, response.text)
        self.assertNotIn('value="%d"' % self.bea_fibre.id, response.text)

    # the preview -------------------------------------------------------

    def test_preview_amounts_equal_the_back_office_migration(self):
        penalty = self._back_office_penalty(self.ana_fibre)
        self.assertGreater(penalty, 0.0)
        self._login(self.user_ana)
        response = self._get(self._preview_url(self.fibre_600,
                                               self.ana_fibre))
        self.assertEqual(response.status_code, 200)
        page = response.text
        # 9.90 (mobile, kept) + 34.90 (the new fibre) in place of 29.90
        self.assertIn('44.80', self._text_of(page, 'o_isp_new_monthly'))
        self.assertIn('39.80', self._text_of(page, 'o_isp_current_monthly'))
        self.assertIn('29.90', self._text_of(page, 'o_isp_replaced_monthly'))
        self.assertIn('%.2f' % penalty, self._text_of(page, 'o_isp_penalty'))
        self.assertIn('Upgrade', page)
        # a preview saves nothing
        requests, tickets, migrations = self._records(self.ana)
        self.assertFalse(requests or tickets or migrations)

    def test_preview_of_a_new_service_adds_its_price_without_penalty(self):
        self._login(self.user_ana)
        page = self._get(self._preview_url(self.fibre_600)).text
        # 29.90 + 9.90 + 34.90
        self.assertIn('74.70', self._text_of(page, 'o_isp_new_monthly'))
        self.assertIsNone(self._text_of(page, 'o_isp_penalty'))

    def test_campaign_running_today_prices_the_plan_and_the_preview(self):
        today = fields.Date.to_string(self.today)
        self.env['isp.campaign'].create({
            'name': 'Plans half price', 'date_start': today,
            'date_end': today, 'pricing_type': 'discount',
            'discount': 50.0, 'duration_months': 3,
            'company_id': self.company.id,
            'product_tmpl_ids': [(6, 0, self.fibre_600.product_tmpl_id.ids)]})
        self._share()
        self._login(self.user_ana)
        page = self._get('/my/plans').text
        self.assertIn('Plans half price', page)
        self.assertIn('17.45', page)
        page = self._get(self._preview_url(self.fibre_600,
                                           self.ana_fibre)).text
        self.assertIn('17.45', self._text_of(page, 'o_isp_plan_monthly'))
        # 9.90 (mobile) + 17.45 (34.90 at half price)
        self.assertIn('27.35', self._text_of(page, 'o_isp_new_monthly'))

    # the request -------------------------------------------------------

    def test_confirm_creates_one_request_ticket_and_draft_migration(self):
        penalty = self._back_office_penalty(self.ana_fibre)
        self._login(self.user_ana)
        response = self._request(self.fibre_600, self.ana_fibre)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn('/my/plans?sent=new', response.headers['Location'])
        requests, tickets, migrations = self._records(self.ana)
        self.assertEqual(len(requests), 1)
        self.assertEqual(len(tickets), 1)
        self.assertEqual(len(migrations), 1)
        req = requests
        self.assertEqual(req.state, 'pending')
        self.assertEqual(req.ticket_id, tickets)
        self.assertEqual(req.migration_id, migrations)
        self.assertEqual(req.activity_id.execution, 'semi_automatic')
        payload = req._isp_payload()
        self.assertEqual(payload['plan_id'], self.fibre_600.product_tmpl_id.id)
        self.assertEqual(payload['subscription_id'], self.ana_fibre.id)
        self.assertAlmostEqual(payload['new_monthly'], 44.80, places=2)
        self.assertAlmostEqual(payload['penalty'], penalty, places=2)
        # the ticket has the defaults of the "plan request" origin
        self.assertEqual(tickets.stage_id, self.stage)
        self.assertEqual(tickets.priority, '2')
        self.assertIn('Plans Fibre 600', tickets.name)
        # a draft migration of the old service, with the preview's penalty
        self.assertEqual(migrations.state, 'draft')
        self.assertEqual(migrations.line_ids.subscription_id, self.ana_fibre)
        self.assertFalse(migrations.order_id)
        self.assertAlmostEqual(migrations.amount_penalty, penalty, places=2)
        # nothing executed without the staff
        self.assertEqual(self.ana_fibre.state, 'active')
        self.assertFalse(self.ana_fibre.date_end)
        with self.assertRaises(UserError):
            req.action_apply()
        self.assertEqual(req.state, 'pending')

    def test_confirm_twice_keeps_one_request(self):
        self._login(self.user_ana)
        self._request(self.fibre_600, self.ana_fibre)
        second = self._request(self.fibre_600, self.ana_fibre)
        self.assertIn('/my/plans?sent=again', second.headers['Location'])
        requests, tickets, migrations = self._records(self.ana)
        self.assertEqual((len(requests), len(tickets), len(migrations)),
                         (1, 1, 1))
        page = self._get('/my/plans?sent=again').text
        self.assertIn('already asked', page)

    def test_new_service_request_opens_a_ticket_without_migration(self):
        self._login(self.user_ana)
        self._request(self.fibre_600)
        requests, tickets, migrations = self._records(self.ana)
        self.assertEqual(len(requests), 1)
        self.assertEqual(requests.ticket_id, tickets)
        self.assertFalse(requests.migration_id or migrations)
        self.assertIn('74.70', requests.description)

    def test_plan_not_offered_says_so_and_saves_nothing(self):
        self._login(self.user_ana)
        for product in (self.hidden, self.foreign):
            page = self._get(self._preview_url(product, self.ana_fibre))
            self.assertEqual(page.status_code, 200)
            self.assertIn('not offered in the portal', self._text_of(
                page.text, 'o_isp_plan_error'))
            response = self._request(product, self.ana_fibre)
            self.assertEqual(response.status_code, 200)
            self.assertIn('not offered in the portal', response.text)
        requests, tickets, migrations = self._records(self.ana)
        self.assertFalse(requests or tickets or migrations)

    # setting and access ------------------------------------------------

    def test_setting_off_no_page_and_no_home_entry(self):
        self._login(self.user_ana)
        self.assertIn('href="/my/plans"', self._get('/my').text)
        self.company.isp_portal_plan_requests_enabled = False
        self._share()
        self.assertEqual(self._get('/my/plans').status_code, 404)
        self.assertEqual(self._get(self._preview_url(
            self.fibre_600, self.ana_fibre)).status_code, 404)
        self.assertNotIn('href="/my/plans"', self._get('/my').text)
        response = self._post(
            '/my/plans/%d/request' % self.fibre_600.product_tmpl_id.id,
            {'subscription_id': self.ana_fibre.id}, csrf_url='/my/profile')
        self.assertEqual(response.status_code, 404)
        requests, tickets, migrations = self._records(self.ana)
        self.assertFalse(requests or tickets or migrations)

    def test_other_customer_cannot_preview_or_request_on_owner_service(self):
        self._login(self.user_bea)
        self.assertEqual(self._get(self._preview_url(
            self.fibre_600, self.ana_fibre)).status_code, 404)
        self.assertEqual(self._request(
            self.fibre_600, self.ana_fibre).status_code, 404)
        self.assertEqual(self._get(
            '/my/plans/%d/preview?subscription_id=abc'
            % self.fibre_600.product_tmpl_id.id).status_code, 404)
        for partner in (self.ana, self.bea):
            requests, tickets, migrations = self._records(partner)
            self.assertFalse(requests or tickets or migrations)
        # her own service: allowed
        self.assertEqual(self._get(self._preview_url(
            self.fibre_600, self.bea_fibre)).status_code, 200)

    def test_former_customer_kept_out_gets_404(self):
        self._login(self.user_ana)
        self.ana.isp_customer_state = 'former'
        self._share()
        self.assertEqual(self._get('/my/plans').status_code, 404)
        self.assertEqual(self._get(self._preview_url(
            self.fibre_600, self.ana_fibre)).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        self._anonymous()
        self.assertLoginRedirect(self._get('/my/plans'))
        self.assertLoginRedirect(self._get(self._preview_url(
            self.fibre_600, self.ana_fibre)))
        response = self.opener.post(
            self._url('/my/plans/%d/request'
                      % self.fibre_600.product_tmpl_id.id),
            data={'subscription_id': self.ana_fibre.id},
            allow_redirects=False, timeout=60)
        self.assertLoginRedirect(response)
        requests, tickets, migrations = self._records(self.ana)
        self.assertFalse(requests or tickets or migrations)


@at_install(False)
@post_install(True)
class TestPortalPlansOnAPhone(PlansCase, ChromiumCase):
    """Chromium at 390x844: the plans and the preview read without
    sideways scrolling; choose the service to replace, see the change,
    send it."""

    def setUp(self):
        super(TestPortalPlansOnAPhone, self).setUp()
        self._start_browser(PHONE, prefix='isp_portal_plans_')

    def _assert_no_sideways_scroll(self):
        scroll, width, wide = self.driver.execute_script(SIDEWAYS_JS)
        self.assertLessEqual(scroll, width, wide)

    def test_phone_preview_and_request_of_a_plan_change(self):
        # read before the browser's requests share the test cursor
        card = '.o_isp_plan_card[data-plan-id="%d"]' % (
            self.fibre_600.product_tmpl_id.id)
        self._log_in('ana.account@example.com', 'ana_account',
                     ec.presence_of_element_located(
                         (By.CSS_SELECTOR, '.o_isp_plans_entry a')))
        self.driver.find_element(
            By.CSS_SELECTOR, '.o_isp_plans_entry a').click()
        self.wait.until(ec.visibility_of_element_located(
            (By.CSS_SELECTOR, card)))
        self._assert_no_sideways_scroll()
        self.driver.find_element(
            By.CSS_SELECTOR, '%s option[value="%d"]' % (
                card, self.ana_fibre.id)).click()
        self.driver.find_element(
            By.CSS_SELECTOR, '%s button[type=submit]' % card).click()
        new_monthly = self.wait.until(ec.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_new_monthly')))
        self.assertIn('44.80', new_monthly.text)
        self._assert_no_sideways_scroll()
        self.driver.find_element(
            By.CSS_SELECTOR, '.o_isp_plan_confirm button').click()
        self.wait.until(ec.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_plan_message')))
        with self._db():
            requests, tickets, migrations = self._records(self.ana)
            self.assertEqual((len(requests), len(tickets), len(migrations)),
                             (1, 1, 1))
            self.assertEqual(migrations.line_ids.subscription_id,
                             self.ana_fibre)
