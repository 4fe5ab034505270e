# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from ..models.chunk_cache import ChunkCache
from .common import IspBillingCommon

CYCLE = 3


@at_install(False)
@post_install(True)
class TestSuspensionBilling(IspBillingCommon):
    """The company bills TV while suspended no more: the suspended days are
    left out of the period, prorated by day; fibre keeps the default
    (billed while suspended). Postpaid services of billing cycle day 3,
    started on 03/06/2026: the run of 03/07/2026 bills 03/06-02/07 (30
    days)."""

    @classmethod
    def setUpClass(cls):
        super(TestSuspensionBilling, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.partner_id.tz = 'Europe/Madrid'
        cls.tv = cls._create_isp_product('Suspension TV', 45.0,
                                         isp_service_type='tv')
        cls.fibre = cls._create_isp_product('Suspension Fibre', 45.0,
                                            isp_service_type='fibre')
        Setting = cls.env['isp.suspension.billing']
        cls.tv_setting = Setting.search([
            ('company_id', '=', cls.company.id),
            ('service_type', '=', 'tv')]) or Setting.create({
                'company_id': cls.company.id, 'service_type': 'tv'})
        cls.tv_setting.billed = False

    @classmethod
    def _service(cls, name, product, **values):
        partner = cls.env['res.partner'].create({
            'name': name, 'customer': True, 'lang': 'en_US'})
        vals = {'product_id': product.id, 'price_unit': 45.0,
                'billing_cycle_day': CYCLE, 'billing_mode': 'postpaid'}
        vals.update(values)
        subscription = cls._create_subscription(partner, **vals)
        subscription._activate(date_start='2026-06-03')
        return subscription

    @staticmethod
    def _suspend(subscription, day, until=None):
        """Suspended on ``day``, reconnected on ``until`` (if given),
        through the paths the buttons and the dunning take."""
        subscription._change_state('suspended', date=day)
        if until:
            subscription._isp_reconnect('Paid at the counter',
                                        bill_fee=False, date=until)

    def _run(self, date='2026-07-03'):
        return self.env['isp.billing.run'].create(
            {'date': date, 'cycle_day': CYCLE, 'chunk_size': 50})

    @mute_logger('odoo.addons.queue_job.models.base')
    def _start(self, run):
        run.with_context(test_queue_job_no_delay=True).action_start()
        return run

    @staticmethod
    def _lines(run, subscription):
        return run.invoice_ids.filtered(
            lambda i: i.partner_id == subscription.partner_id
        ).mapped('invoice_line_ids').sorted('sequence')

    # -- the record of the suspensions -------------------------------------

    def test_suspension_and_reconnection_record_their_days(self):
        subscription = self._service('Suspension Record', self.tv)
        self._suspend(subscription, '2026-06-11')
        suspension = subscription.suspension_ids
        self.assertEqual(len(suspension), 1)
        self.assertEqual((suspension.date_start, suspension.date_end),
                         ('2026-06-11', False))
        subscription._isp_reconnect('Paid at the counter', bill_fee=False,
                                    date='2026-06-21')
        self.assertEqual(subscription.state, 'active')
        self.assertEqual((suspension.date_start, suspension.date_end),
                         ('2026-06-11', '2026-06-21'))
        self.assertEqual(suspension.reconnection_reason,
                         'Paid at the counter')
        # the button suspends today; a second suspension, a second record
        subscription.action_suspend()
        self.assertEqual(len(subscription.suspension_ids), 2)
        self.assertFalse(subscription.suspension_ids[0].date_end)

    def test_dunning_suspension_dated_on_the_company_day_of_its_moment(self):
        subscription = self._service('Suspension Dunning Day', self.tv)
        level = self.env.ref('isp_billing.credit_control_level_isp_suspension')
        # 23:30 UTC on 15/10 is already 16/10 in Madrid
        subscription._isp_dunning_suspend(
            self.env['account.invoice'], level, '2026-10-15 23:30:00')
        self.assertEqual(subscription.suspension_ids.date_start,
                         '2026-10-16')
        self.assertTrue(subscription.suspension_ids.by_dunning)

    def test_suspension_ending_before_it_starts_is_refused(self):
        subscription = self._service('Suspension Bad Dates', self.tv)
        self._suspend(subscription, '2026-06-11')
        with self.assertRaises(ValidationError):
            subscription.suspension_ids.date_end = '2026-06-01'

    # -- billing -------------------------------------------------------------

    def test_type_not_billed_suspended_ten_days_invoiced_twenty_thirtieths(
            self):
        tv = self._service('Suspension TV Ten Days', self.tv, adjustment_ids=[
            (0, 0, {'name': 'Premium channels', 'amount': 15.0})])
        self._suspend(tv, '2026-06-11', until='2026-06-21')
        run = self._start(self._run())
        service, extra = self._lines(run, tv)
        # 45.00 * 20 / 30 and 15.00 * 20 / 30
        self.assertEqual(service.price_subtotal, 30.0)
        self.assertEqual(
            service.name, 'Suspension TV — 06/03/2026–07/02/2026, 10 days '
            'suspended not billed')
        self.assertEqual(extra.price_subtotal, 10.0)
        self.assertEqual(tv.period_ids.amount, 40.0)

    def test_default_setting_bills_the_suspended_service_in_full(self):
        fibre = self._service('Suspension Fibre Default', self.fibre)
        self._suspend(fibre, '2026-06-11', until='2026-06-21')
        run = self._start(self._run())
        line = self._lines(run, fibre)
        self.assertEqual(line.price_subtotal, 45.0)
        self.assertEqual(line.name,
                         'Suspension Fibre — 06/03/2026–07/02/2026')

    def test_type_ticked_again_bills_in_full(self):
        tv = self._service('Suspension TV Billed Again', self.tv)
        self._suspend(tv, '2026-06-11', until='2026-06-21')
        self.tv_setting.billed = True
        run = self._start(self._run())
        self.assertEqual(self._lines(run, tv).price_subtotal, 45.0)

    def test_suspension_open_at_run_time_leaves_out_the_rest_of_the_period(
            self):
        tv = self._service('Suspension TV Still Suspended', self.tv)
        prepaid = self._service('Suspension TV Prepaid Suspended', self.tv,
                                billing_mode='prepaid')
        for subscription in tv | prepaid:
            self._suspend(subscription, '2026-06-23')
        run = self._start(self._run())
        self.assertEqual(tv.state, 'suspended')
        # 03/06 to 22/06 billed, 23/06 to 02/07 not: 45.00 * 20 / 30
        self.assertEqual(self._lines(run, tv).price_subtotal, 30.0)
        # prepaid, still suspended: the period 03/07-02/08 billed in
        # advance is left out entirely, the previous one as above
        lines = self._lines(run, prepaid)
        self.assertEqual(
            [(line.name.split(' — ')[1][:10], line.price_subtotal)
             for line in lines],
            [('06/03/2026', 30.0), ('07/03/2026', 0.0)])

    def test_period_spanning_two_suspensions_leaves_out_both(self):
        tv = self._service('Suspension TV Twice', self.tv)
        self._suspend(tv, '2026-06-03', until='2026-06-07')
        self._suspend(tv, '2026-06-20', until='2026-06-26')
        run = self._start(self._run())
        line = self._lines(run, tv)
        # 4 + 6 days suspended: 45.00 * 20 / 30
        self.assertEqual(line.price_subtotal, 30.0)
        self.assertIn('10 days suspended not billed', line.name)

    def test_dry_run_shows_the_amount_the_run_invoices(self):
        tv = self._service('Suspension TV Dry Run', self.tv)
        fibre = self._service('Suspension Fibre Dry Run', self.fibre)
        for subscription in tv | fibre:
            self._suspend(subscription, '2026-06-11', until='2026-06-21')
        run = self._run()
        run.action_dry_run()
        previews = {preview.subscription_id: preview.amount
                    for preview in run.preview_ids
                    if preview.subscription_id in tv | fibre}
        self.assertEqual(previews, {tv: 30.0, fibre: 45.0})
        self._start(run)
        self.assertEqual(self._lines(run, tv).price_subtotal, previews[tv])
        self.assertEqual(self._lines(run, fibre).price_subtotal,
                         previews[fibre])

    def test_chunk_reads_the_suspensions_once(self):
        services = self.env['isp.subscription']
        for index in range(3):
            services |= self._service('Suspension Chunk %s' % index, self.tv)
        for subscription in services:
            self._suspend(subscription, '2026-06-11', until='2026-06-21')
        Suspension = type(self.env['isp.subscription.suspension'])
        original = Suspension._search
        searches = []

        def counting(model, args, *rest, **kwargs):
            searches.append(args)
            return original(model, args, *rest, **kwargs)

        run = self._run()
        partners = services.mapped('partner_id')
        with patch.object(Suspension, '_search', counting):
            cache = ChunkCache(run, partners)
            amounts = [[item['line_vals']['price_unit'] for item in
                        run._compute_customer_items(partner, cache=cache)]
                       for partner in partners]
        self.assertEqual(len(searches), 1, searches)
        self.assertEqual(amounts, [[30.0], [30.0], [30.0]])
        # without the chunk's cache (the dry run): one search each
        del searches[:]
        with patch.object(Suspension, '_search', counting):
            for partner in partners:
                run._compute_customer_items(partner)
        self.assertEqual(len(searches), 3)
