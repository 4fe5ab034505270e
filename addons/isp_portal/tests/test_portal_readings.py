# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Meter readings from the portal: recorded at once as self-readings
through isp_billing's checks, or routed to the operator when the company
checks readings; a refused reading says why and saves nothing; the chart
is the consumption by month; only the owner reaches the meter."""
import datetime
import html
import json
import re

from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.isp_portal.controllers.portal_readings import (
    monthly_consumption, parse_index)

from .money_common import CSRF, MoneyHttpCase


class TestReadingRules(SavepointCase):

    def test_index_typed_with_comma_or_point(self):
        self.assertEqual(parse_index('1234,5'), 1234.5)
        self.assertEqual(parse_index(' 1 234.5 '), 1234.5)
        self.assertIsNone(parse_index('12a'))
        self.assertIsNone(parse_index('nan'))
        self.assertIsNone(parse_index(''))

    def test_months_of_the_chart_from_the_first_reading(self):
        rows = [{'date': '2026-01-20', 'consumption': 0.0},
                {'date': '2026-02-10', 'consumption': 40.0},
                {'date': '2026-02-25', 'consumption': 2.5},
                {'date': '2026-04-03', 'consumption': 30.0}]
        self.assertEqual(
            monthly_consumption(rows, datetime.date(2026, 4, 9)),
            [(datetime.date(2026, 1, 1), 0.0),
             (datetime.date(2026, 2, 1), 42.5),
             (datetime.date(2026, 3, 1), 0.0),
             (datetime.date(2026, 4, 1), 30.0)])
        self.assertEqual(len(monthly_consumption(
            [{'date': '2020-01-01', 'consumption': 1.0}],
            datetime.date(2026, 4, 9))), 12)


@at_install(False)
@post_install(True)
class TestPortalReadings(MoneyHttpCase):

    def setUp(self):
        super(TestPortalReadings, self).setUp()
        self.company.write({'isp_portal_route_reading': False,
                            'isp_portal_former_customers': False})
        self.power = self.env['product.product'].create({
            'name': 'Portal Power', 'type': 'service', 'list_price': 9.0,
            'isp_service_type': 'electricity',
            'isp_consumption_price': 0.15})
        self.meter = self._meter(self.owner, 'E-PORTAL-1')
        self.foreign_meter = self._meter(self.other, 'E-OTHER-9')
        self.subscription = self.meter.subscription_id
        Reading = self.env['isp.meter.reading']
        self.history = Reading
        for months, value in ((-3, 1000.0), (-2, 1100.0), (-1, 1250.0)):
            self.history |= Reading.create({
                'subscription_id': self.subscription.id,
                'meter_id': self.meter.id, 'date': self._date(months=months),
                'value': value, 'reading_type': 'actual'})

    def _meter(self, partner, serial):
        subscription = self.env['isp.subscription'].create({
            'partner_id': partner.id, 'product_id': self.power.id,
            'price_unit': 9.0})
        subscription._activate(date_start=self._date(days=-400))
        return self.env['isp.meter'].create({
            'name': serial, 'subscription_id': subscription.id,
            'date_installed': self._date(days=-400)})

    # -- helpers ----------------------------------------------------------

    def _send(self, meter, value, date=None, status=None, **extra):
        self._commit()
        token = CSRF.search(self.opener.get(
            self._url('/web/login'), timeout=60).text)
        data = dict(extra, csrf_token=token.group(1), value=value,
                    date=date or self._today_str())
        response = self.opener.post(
            self._url('/my/readings/%d' % meter.id), data=data, timeout=60,
            allow_redirects=False)
        if status == 302:
            self.assertIn(response.status_code, (302, 303))
        elif status is not None:
            self.assertEqual(response.status_code, status)
        return response

    def _new_readings(self):
        self.env['res.partner'].invalidate_cache()
        return self.env['isp.meter.reading'].search([
            ('subscription_id', 'in', (self.subscription
                                       | self.foreign_meter.subscription_id
                                       ).ids),
            ('id', 'not in', self.history.ids)])

    def _requests(self):
        self.env['res.partner'].invalidate_cache()
        return self.env['isp.portal.request'].search(
            [('request_type', '=', 'reading')])

    @staticmethod
    def _chart(page):
        match = re.search(r'data-chart="([^"]*)"', page)
        return json.loads(html.unescape(match.group(1)))

    # -- pages ------------------------------------------------------------

    def test_meters_page_lists_only_the_customers_meters(self):
        self._login('money_owner')
        self.assertIn('href="/my/readings"', self._get('/my').text)
        page = self._get('/my/readings').text
        self.assertIn('data-meter-id="%d"' % self.meter.id, page)
        self.assertNotIn('E-OTHER-9', page)
        self.assertIn('1250', self._text_of(page, 'o_isp_last_reading'))

    def test_valid_reading_is_recorded_at_once_as_a_self_reading(self):
        self._login('money_owner')
        response = self._send(self.meter, '1312,5', status=302)
        self.assertIn('sent=done', response.headers['Location'])
        reading = self._new_readings()
        self.assertEqual(len(reading), 1)
        self.assertEqual(reading.reading_type, 'self_read')
        self.assertEqual(reading.value, 1312.5)
        self.assertEqual(reading.date, self._today_str())
        self.assertEqual(reading.consumption, 62.5)
        self.assertEqual(reading.meter_id, self.meter)
        request_ = self._requests()
        self.assertEqual(request_.state, 'done')
        self.assertEqual(request_.reading_id, reading)
        self.assertEqual(request_.partner_id, self.owner)
        page = self._get('/my/readings/%d?sent=done' % self.meter.id).text
        self.assertIn('o_isp_reading_done', page)
        self.assertIn('data-reading-id="%d"' % reading.id, page)

    def test_reading_waits_for_the_operator_when_readings_are_checked(self):
        self.company.isp_portal_route_reading = True
        self._login('money_owner')
        response = self._send(self.meter, '1300', status=302)
        self.assertIn('sent=pending', response.headers['Location'])
        self.assertFalse(self._new_readings())
        request_ = self._requests()
        self.assertEqual(request_.state, 'pending')
        self.assertEqual(request_.activity_id.execution, 'semi_automatic')
        self.assertIn('waits for our check', self._get(
            '/my/readings/%d' % self.meter.id).text)
        # a second one waits for the first
        response = self._send(self.meter, '1301', status=200)
        self.assertIn('waits for our check', self._text_of(
            response.text, 'o_isp_error'))
        self.assertEqual(len(self._requests()), 1)
        request_.action_apply()
        reading = self._new_readings()
        self.assertEqual(request_.state, 'done')
        self.assertEqual(request_.reading_id, reading)
        self.assertEqual((reading.reading_type, reading.value,
                          reading.consumption), ('self_read', 1300.0, 50.0))

    def test_refused_readings_say_why_and_save_nothing(self):
        self._login('money_owner')
        cases = (
            ('1200', None, 'below the previous reading'),
            ('1400', self._date(days=1), 'cannot be in the future'),
            ('1400', self._date(months=-1, days=-1),
             'must be dated after it'),
            ('-5', None, 'cannot be negative'),
            ('twelve', None, 'as a number'),
            ('1400', 'yesterday', 'Enter the date'),
        )
        for route in (False, True):
            self.company.isp_portal_route_reading = route
            for value, date, message in cases:
                response = self._send(self.meter, value, date, status=200)
                self.assertIn(message, self._text_of(response.text,
                                                     'o_isp_error'))
                self.assertFalse(self._new_readings(), message)
                self.assertFalse(self._requests(), message)

    def test_chart_is_the_consumption_by_month(self):
        self._login('money_owner')
        self._send(self.meter, '1330', status=302)
        chart = self._chart(self._get('/my/readings/%d' % self.meter.id).text)
        readings = self.env['isp.meter.reading'].search(
            [('subscription_id', '=', self.subscription.id)])
        expected = {}
        for reading in readings:
            key = reading.date[:7]
            expected[key] = expected.get(key, 0.0) + reading.consumption
        self.assertEqual({m['month']: m['value'] for m in chart if
                          m['value']}, {k: v for k, v in expected.items()
                                        if v})
        self.assertEqual([m['value'] for m in chart],
                         [0.0, 100.0, 150.0, 80.0])
        self.assertEqual(chart[0]['month'], self._date(months=-3)[:7])

    # -- access -----------------------------------------------------------

    def test_other_customer_gets_404_on_the_owners_meter(self):
        self._login('money_other')
        self._get('/my/readings/%d' % self.meter.id, status=404)
        self._send(self.meter, '1300', status=404)
        self.assertNotIn('E-PORTAL-1', self._get('/my/readings').text)
        self.assertFalse(self._new_readings())
        self.assertFalse(self._requests())

    def test_anonymous_is_sent_to_the_login(self):
        for path in ('/my/readings', '/my/readings/%d' % self.meter.id):
            response = self._get(path, status=302)
            self.assertIn('/web/login', response.headers['Location'])

    def test_former_customer_per_setting(self):
        self.owner.isp_customer_state = 'former'
        self._login('money_owner')
        self._get('/my/readings', status=404)
        self._get('/my/readings/%d' % self.meter.id, status=404)
        self._send(self.meter, '1300', status=404)
        self.assertFalse(self._new_readings())
        self.company.isp_portal_former_customers = True
        self._get('/my/readings/%d' % self.meter.id, status=200)
