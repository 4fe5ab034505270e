# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from .common import IspBillingCommon


@at_install(False)
@post_install(True)
class TestCampaignBilling(IspBillingCommon):
    """Campaign prices end after the campaign's months; one-off components
    of bundles are billed once."""

    @classmethod
    def setUpClass(cls):
        super(TestCampaignBilling, cls).setUpClass()
        cls.cycle = 5
        cls.fibre = cls._create_isp_product('Camp Fibre 1 Gb', 30.0)
        cls.tv = cls._create_isp_product('Camp TV', 10.0,
                                         isp_service_type='tv')
        cls.installation = cls._create_installation('Camp Installation')
        cls.bundle = cls._create_bundle(
            'Camp Pack Fibre + TV', 36.0,
            [cls.fibre, cls.tv, cls.installation])
        cls.customer_campaign = cls.env['res.partner'].create({
            'name': 'Camp Customer', 'customer': True})

    def _campaign(self, products, **values):
        vals = {
            'name': 'Camp Autumn',
            'date_start': '2026-10-01',
            'date_end': '2026-10-31',
            'pricing_type': 'discount',
            'discount': 50.0,
            'duration_months': 3,
            'product_tmpl_ids': [(6, 0, products.mapped(
                'product_tmpl_id').ids)],
        }
        vals.update(values)
        return self.env['isp.campaign'].create(vals)

    def _contract(self, lines, date_start, campaign=None):
        contract = self._create_contract(
            self.customer_campaign, lines, isp_billing_cycle_day=self.cycle,
            date_order='2026-10-15 12:00:00',
            isp_campaign_id=campaign.id if campaign else False)
        contract.action_isp_apply_campaign()
        contract.action_confirm()
        contract.isp_subscription_ids._activate(date_start=date_start)
        return contract

    @mute_logger('odoo.addons.queue_job.models.base')
    def _billed(self, date):
        """The lines (name, subtotal) billed to the customer by a run of
        ``date``, and their total."""
        run = self.env['isp.billing.run'].create({
            'date': date, 'cycle_day': self.cycle, 'chunk_size': 50})
        run.with_context(test_queue_job_no_delay=True).action_start()
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == self.customer_campaign)
        lines = invoice.invoice_line_ids.sorted(lambda l: (l.sequence, l.id))
        return ([(line.name, line.price_subtotal) for line in lines],
                invoice.amount_untaxed)

    def test_discount_ends_after_the_campaign_months(self):
        campaign = self._campaign(self.fibre)
        contract = self._contract([(self.fibre, 1, 30.0)], '2026-10-05',
                                  campaign)
        subscription = contract.isp_subscription_ids
        self.assertEqual(subscription.price_unit, 30.0)
        self.assertEqual(subscription.discount, 50.0)
        self.assertEqual(subscription.price_regular, 30.0)
        self.assertEqual(subscription.date_campaign_end, '2027-01-05')
        totals = [self._billed(date)[1] for date in (
            '2026-10-05', '2026-11-05', '2026-12-05', '2027-01-05',
            '2027-02-05')]
        # three months at half price, then the tariff's price
        self.assertEqual(totals, [15.0, 15.0, 15.0, 30.0, 30.0])

    def test_fixed_price_ending_inside_a_period_is_billed_in_two_parts(self):
        campaign = self._campaign(
            self.fibre, pricing_type='fixed_price', fixed_price=19.9,
            discount=0.0, duration_months=2)
        contract = self._contract([(self.fibre, 1, 30.0)], '2026-10-20',
                                  campaign)
        subscription = contract.isp_subscription_ids
        self.assertEqual(subscription.price_unit, 19.9)
        self.assertEqual(subscription.date_campaign_end, '2026-12-20')
        # 20/10-04/11 (16 of 31 days) and 05/11-04/12 at the campaign price
        self.assertEqual(self._billed('2026-11-05'), ([
            ('Camp Fibre 1 Gb — 10/20/2026–11/04/2026', 10.27),
            ('Camp Fibre 1 Gb — 11/05/2026–12/04/2026', 19.9),
        ], 30.17))
        # 05/12-19/12: 15 of 31 days at 19.90; 20/12-04/01: 16 at 30.00
        self.assertEqual(self._billed('2026-12-05'), ([
            ('Camp Fibre 1 Gb — 12/05/2026–12/19/2026', 9.63),
            ('Camp Fibre 1 Gb — 12/20/2026–01/04/2027', 15.48),
        ], 25.11))
        period = subscription.period_ids.filtered(
            lambda p: p.date_start == '2026-12-05')
        self.assertEqual(period.amount, 25.11)
        self.assertEqual(self._billed('2027-01-05')[1], 30.0)

    def test_contract_without_campaign_keeps_its_price(self):
        contract = self._contract([(self.fibre, 1, 25.0)], '2026-10-05')
        subscription = contract.isp_subscription_ids
        self.assertFalse(subscription.date_campaign_end)
        self.assertEqual(self._billed('2026-10-05')[1], 25.0)
        # November to February, caught up: each at the contract's price
        lines, total = self._billed('2027-02-05')
        self.assertEqual([amount for _name, amount in lines], [25.0] * 4)
        self.assertEqual(total, 100.0)

    def test_bundle_one_off_component_billed_once(self):
        contract = self._contract([(self.bundle, 1, 36.0)], '2026-11-05')
        line = contract.order_line
        self.assertTrue(line.isp_is_oneoff)
        # the bundle's 36 shared by the recurring components (30 and 10)
        self.assertEqual(sorted(contract.isp_subscription_ids.mapped(
            'price_unit')), [9.0, 27.0])
        self.assertEqual(self._billed('2026-11-05'), ([
            ('Camp Fibre 1 Gb — 11/05/2026–12/04/2026', 27.0),
            ('Camp TV — 11/05/2026–12/04/2026', 9.0),
            ('Camp Installation', 60.0),
        ], 96.0))
        self.assertTrue(line.isp_oneoff_billed)
        self.assertEqual(self._billed('2026-12-05')[1], 36.0)
