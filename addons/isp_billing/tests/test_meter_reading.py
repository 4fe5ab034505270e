# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from .common import IspBillingCommon


@at_install(False)
@post_install(True)
class TestMeterReading(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestMeterReading, cls).setUpClass()
        cls.cycle = 9
        cls.electricity = cls._create_isp_product(
            'Meter Electricity', 9.0, isp_service_type='electricity',
            isp_consumption_price=0.15)
        cls.gas = cls._create_isp_product(
            'Meter Gas', 6.0, isp_service_type='gas',
            isp_consumption_price=0.9)
        cls.home = cls.env['res.partner'].create({
            'name': 'Meter Home Customer', 'customer': True})
        cls.power = cls._create_subscription(
            cls.home, product_id=cls.electricity.id, price_unit=9.0,
            billing_cycle_day=cls.cycle, billing_mode='postpaid')
        cls.power._activate(date_start='2026-01-09')
        cls.meter = cls.env['isp.meter'].create({
            'name': 'E-1001', 'subscription_id': cls.power.id,
            'date_installed': '2026-01-09'})
        cls.gas_sub = cls._create_subscription(
            cls.home, product_id=cls.gas.id, price_unit=6.0,
            billing_cycle_day=cls.cycle, billing_mode='postpaid')
        cls.gas_sub._activate(date_start='2026-01-09')
        cls.gas_meter = cls.env['isp.meter'].create({
            'name': 'G-2002', 'subscription_id': cls.gas_sub.id,
            'date_installed': '2026-01-09', 'has_corrector': True})

    def _read(self, date, value, meter=None, **values):
        meter = meter or self.meter
        vals = {'subscription_id': meter.subscription_id.id,
                'meter_id': meter.id, 'date': date, 'value': value}
        vals.update(values)
        return self.env['isp.meter.reading'].create(vals)

    def _refused(self, message, date, value, meter=None, **values):
        """The reading is refused with ``message`` and nothing is saved."""
        Reading = self.env['isp.meter.reading']
        before = Reading.search_count([])
        with self.assertRaisesRegex(ValidationError, message):
            with self.env.cr.savepoint():
                self._read(date, value, meter, **values)
        self.assertEqual(Reading.search_count([]), before)

    @mute_logger('odoo.addons.queue_job.models.base')
    def _start(self, run):
        run.with_context(test_queue_job_no_delay=True).action_start()
        return run

    def _run(self, date):
        return self._start(self.env['isp.billing.run'].create({
            'date': date, 'cycle_day': self.cycle, 'chunk_size': 5}))

    # ------------------------------------------------------------------
    # consistency
    # ------------------------------------------------------------------

    def test_reading_below_previous_is_refused_and_not_saved(self):
        self._read('2026-02-09', 1000.0)
        self._refused('below the previous reading \\(1000.0 on '
                      '02/09/2026, meter E-1001\\)', '2026-03-09', 990.0)

    def test_reading_dated_before_the_last_one_is_refused(self):
        self._read('2026-02-09', 1000.0)
        self._read('2026-03-09', 1100.0)
        self._refused('previous reading is of 03/09/2026.*must be dated '
                      'after it', '2026-03-01', 1200.0)
        self._refused('must be dated after it', '2026-03-09', 1200.0)

    def test_gas_reading_without_corrector_index_is_refused(self):
        self._refused('Meter G-2002 has a volume corrector: enter the '
                      'corrector index too', '2026-02-09', 50.0,
                      self.gas_meter)
        reading = self._read('2026-02-09', 50.0, self.gas_meter,
                             corrector_value=48.5)
        self.assertEqual(reading.consumption, 0.0)

    def test_gas_consumption_is_the_corrected_volume(self):
        self._read('2026-02-09', 50.0, self.gas_meter, corrector_value=48.5)
        reading = self._read('2026-03-09', 80.0, self.gas_meter,
                             corrector_value=77.0)
        self.assertEqual(reading.consumption, 28.5)

    def test_reading_of_another_meter_needs_a_recorded_replacement(self):
        self._read('2026-02-09', 1000.0)
        other = self.env['isp.meter'].create({
            'name': 'E-OTHER', 'subscription_id': self.power.id,
            'date_installed': '2026-02-20'})
        self._refused('no replacement of E-1001 by E-OTHER is recorded',
                      '2026-03-09', 30.0, other)

    def test_reading_after_recorded_replacement_is_accepted(self):
        self._read('2026-02-09', 1000.0)
        action = self.meter.action_replace()
        new = self.env['isp.meter'].with_context(
            **action['context']).create({
                'name': 'E-2002', 'date_installed': '2026-02-20',
                'replaced_final_value': 1080.0, 'initial_value': 5.0})
        self.assertEqual(new.replaced_meter_id, self.meter)
        self.assertEqual(self.meter.date_removed, '2026-02-20')
        # the old meter takes no more readings
        self._refused('Meter E-1001 was removed on 02/20/2026',
                      '2026-03-09', 1100.0)
        reading = self._read('2026-03-09', 30.0, new)
        # 80 on the old meter, 25 on the new one
        self.assertEqual(reading.consumption, 105.0)
        self._refused('below the index of meter E-2002 at its installation',
                      '2026-04-09', 4.0, new)

    def test_replacement_final_index_below_last_reading_is_refused(self):
        self._read('2026-02-09', 1000.0)
        with self.assertRaisesRegex(ValidationError, 'final index of meter '
                                    'E-1001 \\(900.0\\) is below its last '
                                    'reading'):
            self.env['isp.meter'].create({
                'name': 'E-3003', 'subscription_id': self.power.id,
                'date_installed': '2026-02-20',
                'replaced_meter_id': self.meter.id,
                'replaced_final_value': 900.0})

    def test_meter_refused_on_a_service_that_is_not_metered(self):
        with self.assertRaisesRegex(ValidationError, 'not a metered '
                                    'service'):
            self.env['isp.meter'].create({
                'name': 'X-1', 'subscription_id': self.subscription.id})

    def test_metered_subscriptions_are_searchable(self):
        metered = self.env['isp.subscription'].search([
            ('is_metered', '=', True), ('partner_id', '=', self.home.id)])
        self.assertEqual(metered, self.power | self.gas_sub)
        self.assertFalse(self.subscription.is_metered)

    # ------------------------------------------------------------------
    # billing
    # ------------------------------------------------------------------

    def test_consumption_line_in_the_customer_language(self):
        self.env['res.lang'].load_lang('es_ES')
        self.env['ir.translation'].load_module_terms(
            ['isp_billing'], ['es_ES'])
        self.electricity.with_context(lang='es_ES').name = 'Electricidad'
        self.home.lang = 'es_ES'
        self._read('2026-01-09', 1000.0)
        feb = self._read('2026-02-09', 1200.0, reading_type='estimated')
        run = self._run('2026-03-09')
        self.assertEqual(feb.invoice_line_id.invoice_id.isp_billing_run_id,
                         run)
        self.assertEqual(
            feb.invoice_line_id.name,
            'Consumo de Electricidad 09/01/2026–09/02/2026: contador '
            'E-1001, lecturas 1000.0 → 1200.0 (Estimada)')

    def test_consumption_billed_at_unit_price_once(self):
        self._read('2026-01-09', 1000.0)
        feb = self._read('2026-02-09', 1200.0)
        mar = self._read('2026-03-09', 1350.0, reading_type='estimated')
        later = self._read('2026-04-20', 1500.0)
        run = self._run('2026-04-09')
        self.assertFalse(run.failure_ids, run.failure_ids.mapped('message'))
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == self.home)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(feb.invoice_id, invoice)
        self.assertEqual(feb.invoice_line_id.quantity, 200.0)
        self.assertEqual(feb.invoice_line_id.price_unit, 0.15)
        self.assertEqual(feb.invoice_line_id.price_subtotal, 30.0)
        self.assertEqual(mar.invoice_line_id.price_subtotal, 22.5)
        self.assertIn('E-1001', mar.invoice_line_id.name)
        self.assertIn('Estimated', mar.invoice_line_id.name)
        self.assertFalse(later.is_billed)
        consumption = invoice.invoice_line_ids.filtered(
            lambda l: 'consumption' in l.name)
        self.assertEqual(len(consumption), 2)
        # restarting the run, and a second run, bill nothing again
        self._start(run)
        self._run('2026-04-09')
        lines = self.env['account.invoice.line'].search([
            ('partner_id', '=', self.home.id),
            ('name', 'like', 'consumption')])
        self.assertEqual(lines, consumption)
        self.assertEqual(sum(lines.mapped('price_subtotal')), 52.5)
        # the next month bills the reading of 20/04 only
        run = self._run('2026-05-09')
        self.assertEqual(later.invoice_id.isp_billing_run_id, run)
        self.assertEqual(later.invoice_line_id.quantity, 150.0)

    def test_billed_reading_cannot_change(self):
        self._read('2026-01-09', 1000.0)
        feb = self._read('2026-02-09', 1200.0)
        self._run('2026-03-09')
        self.assertTrue(feb.is_billed)
        with self.assertRaisesRegex(UserError, 'already billed'):
            feb.value = 1250.0
        with self.assertRaisesRegex(UserError, 'already billed'):
            feb.unlink()

    def test_tariff_without_consumption_price_fails_the_customer(self):
        self.electricity.isp_consumption_price = 0.0
        self._read('2026-01-09', 1000.0)
        feb = self._read('2026-02-09', 1200.0)
        with mute_logger(
                'odoo.addons.isp_billing.models.isp_billing_run_chunk'):
            run = self._run('2026-03-09')
        self.assertIn('has no consumption unit price',
                      run.failure_ids.message)
        self.assertFalse(feb.is_billed)

    def test_dry_run_shows_the_consumption(self):
        self._read('2026-01-09', 1000.0)
        feb = self._read('2026-02-09', 1200.0)
        run = self.env['isp.billing.run'].create({
            'date': '2026-03-09', 'cycle_day': self.cycle})
        run.action_dry_run()
        line = run.preview_ids.filtered(lambda p: 'consumption' in p.name)
        self.assertEqual(line.amount, 30.0)
        self.assertEqual(line.subscription_id, self.power)
        self.assertFalse(feb.is_billed)
