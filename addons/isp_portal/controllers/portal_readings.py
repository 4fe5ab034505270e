# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Meter readings: customers with metered services (electricity, gas,
water) choose a meter in service and enter what it shows; they see the
readings of the supply point and a chart of the consumption by month.

A reading goes through isp_billing's meter reading and its consistency
checks (a refusal shows the back office's reason, nothing saved). It is a
request of the customer: recorded at once, or, when the company checks
meter readings (``isp_portal_route_reading``), recorded when the operator
applies it.

Meters are searched with ``sudo()`` only among those of the logged-in
customer's commercial partner: any other id answers 404."""
import datetime
import json

from babel.dates import format_date as babel_format_date
from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.isp_billing.rules import reading as reading_rules
from odoo.addons.isp_crm.rules.dates import to_date
from odoo.addons.portal.controllers.portal import CustomerPortal

from ..rules.portal_money import parse_amount
from .portal_money import parse_date
from .portal_profile import account_partner

#: subscriptions whose meters take readings from the portal
IN_SERVICE_STATES = ('active', 'active_nonbillable', 'suspended')
#: months of the consumption chart
CHART_MONTHS = 12
#: readings in the history
HISTORY_LIMIT = 36


def parse_index(text):
    """A meter index typed by the customer (``12345.6`` or ``12345,6``),
    or None: read as the money pages read an amount."""
    return parse_amount(text)


def format_index(value):
    """An index or a consumption as the meter shows it: no exponent, no
    trailing zeros (1234567.5, 80)."""
    return ('%.3f' % (value or 0.0)).rstrip('0').rstrip('.')


def month_key(date):
    return to_date(date).strftime('%Y-%m')


def monthly_consumption(readings, today, months=CHART_MONTHS):
    """[(first day of the month, consumption)] of the last ``months``
    months up to ``today``'s (from the month of the first reading when
    there is less history): the consumption of the readings dated in each
    month. ``readings``: dicts with ``date`` and ``consumption``."""
    today = to_date(today)
    totals = {}
    for reading in readings:
        key = month_key(reading['date'])
        totals[key] = totals.get(key, 0.0) + (reading['consumption'] or 0.0)
    first = min([to_date(r['date']) for r in readings] or [today])
    start = datetime.date(today.year, today.month, 1)
    series = []
    for _index in range(months):
        series.append(start)
        if start.year == first.year and start.month == first.month:
            break
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    series.reverse()
    return [(month, round(totals.get(month.strftime('%Y-%m'), 0.0), 3))
            for month in series]


def customer_meters(partner):
    """The meters in service of the in-service subscriptions of
    ``partner`` (the logged-in customer's commercial partner)."""
    return request.env['isp.meter'].sudo().search([
        ('subscription_id.partner_id', 'child_of', partner.id),
        ('subscription_id.state', 'in', IN_SERVICE_STATES),
        ('date_removed', '=', False),
    ], order='subscription_id, name, id')


def pending_readings(partner):
    """{meter id: request} of the customer's readings waiting for the
    operator."""
    requests_ = request.env['isp.portal.request'].sudo().search([
        ('partner_id', '=', partner.id),
        ('request_type', '=', 'reading'),
        ('state', 'in', ('waiting', 'pending')),
    ])
    return {req._isp_payload().get('meter_id'): req for req in requests_}


class IspReadingsPortal(CustomerPortal):

    @http.route()
    def home(self, **kw):
        """An entry of the home page when the customer has a meter."""
        response = super(IspReadingsPortal, self).home(**kw)
        if hasattr(response, 'qcontext'):
            partner = request.env.user.partner_id.commercial_partner_id
            response.qcontext['isp_meter_count'] = len(
                customer_meters(partner))
        return response

    def _isp_meter(self, partner, meter_id):
        meter = customer_meters(partner).filtered(
            lambda m: m.id == meter_id)
        if not meter:
            raise NotFound()
        return meter

    @http.route(['/my/readings'], type='http', auth='user', website=True,
                methods=['GET'])
    def portal_my_readings(self, **kw):
        """The customer's meters, to choose the one to read."""
        partner = account_partner()
        meters = customer_meters(partner)
        last = {}
        if meters:
            for row in request.env['isp.meter.reading'].sudo().search_read(
                    [('meter_id', 'in', meters.ids)],
                    ['meter_id', 'date', 'value'], order='date desc, id desc'):
                last.setdefault(row['meter_id'][0], row)
        values = self._prepare_portal_layout_values()
        values.update({
            'page_name': 'isp_readings',
            'isp_meters': meters,
            'isp_last_readings': last,
            'isp_pending': pending_readings(partner),
            'isp_fmt': format_index,
        })
        return request.render('isp_portal.portal_my_readings', values)

    # -- one meter --------------------------------------------------------

    def _isp_reading_page(self, partner, meter, error=None, form=None):
        today = fields.Date.context_today(request.env.user)
        Reading = request.env['isp.meter.reading'].sudo()
        subscription = meter.subscription_id
        history = Reading.search_read(
            [('subscription_id', '=', subscription.id)],
            ['date', 'value', 'corrector_value', 'consumption',
             'reading_type', 'meter_serial'],
            order='date desc, id desc', limit=HISTORY_LIMIT)
        chart_from = fields.Date.to_string(
            (to_date(today) - datetime.timedelta(days=CHART_MONTHS * 31))
            .replace(day=1))
        chart_rows = Reading.search_read(
            [('subscription_id', '=', subscription.id),
             ('date', '>=', chart_from), ('date', '<=', today)],
            ['date', 'consumption'])
        lang = (request.env.lang or 'en_US')
        chart = [{
            'month': month.strftime('%Y-%m'),
            'label': babel_format_date(month, 'MMM yy', locale=lang),
            'value': value,
        } for month, value in monthly_consumption(chart_rows, today)]
        values = self._prepare_portal_layout_values()
        values.update({
            'page_name': 'isp_reading',
            'isp_meter': meter,
            'isp_subscription': subscription,
            'isp_unit': subscription.product_id.uom_id.name or '',
            'isp_history': history,
            'isp_reading_types': dict(Reading._fields[
                'reading_type']._description_selection(request.env)),
            'isp_chart': chart,
            'isp_chart_json': json.dumps(chart),
            'isp_pending': pending_readings(partner).get(meter.id),
            'isp_today': today,
            'isp_fmt': format_index,
            'isp_error': error,
            'isp_form': form or {'date': today},
            'isp_sent': request.params.get('sent'),
        })
        return request.render('isp_portal.portal_my_reading', values)

    @http.route(['/my/readings/<int:meter_id>'], type='http', auth='user',
                website=True, methods=['GET'])
    def portal_my_reading(self, meter_id, **kw):
        """One meter: the form, its readings and the chart."""
        partner = account_partner()
        return self._isp_reading_page(partner,
                                      self._isp_meter(partner, meter_id))

    @http.route(['/my/readings/<int:meter_id>'], type='http', auth='user',
                website=True, methods=['POST'])
    def portal_my_reading_post(self, meter_id, date=None, value=None,
                               corrector_value=None, **kw):
        """Enter a reading: checked as the back office checks it, then
        recorded at once or given to the operator."""
        partner = account_partner()
        meter = self._isp_meter(partner, meter_id)
        form = {'date': date or '', 'value': value or '',
                'corrector_value': corrector_value or ''}
        vals, error = self._isp_reading_values(meter, date, value,
                                               corrector_value)
        if error:
            return self._isp_reading_page(partner, meter, error, form)
        # one reading at a time per customer: a double submit waits for
        # the first, then is refused by the checks or the pending request
        request.env['helpdesk.ticket'].sudo()._isp_lock_customer(partner)
        pending = pending_readings(partner).get(meter.id)
        if pending:
            return self._isp_reading_page(partner, meter, _(
                'Your reading "%s" waits for our check: you can send '
                'another one once it is recorded.') % pending.name, form)
        try:
            self._isp_check_reading(vals)
        except (UserError, ValidationError) as refusal:
            return self._isp_reading_page(partner, meter, refusal.name,
                                          form)
        try:
            req = self._isp_reading_request(partner, meter, vals)
        except (UserError, ValidationError) as refusal:
            # refused when recorded (another reading came in between):
            # nothing of this request is kept
            request.env.cr.rollback()
            request.env['isp.meter.reading'].invalidate_cache()
            return self._isp_reading_page(partner, meter, refusal.name,
                                          form)
        return request.redirect('/my/readings/%d?sent=%s' % (
            meter.id, 'done' if req.state == 'done' else 'pending'))

    def _isp_reading_values(self, meter, date, value, corrector_value):
        """(values of the reading, None) or (None, translated error)."""
        today = to_date(fields.Date.context_today(request.env.user))
        day = parse_date(date)
        if not day:
            return None, _('Enter the date you read the meter on, e.g. '
                           '2026-03-01.')
        if day > today:
            return None, _('The date of the reading cannot be in the '
                           'future: enter the day you read the meter.')
        index = parse_index(value)
        if index is None:
            return None, _('Enter the index the meter shows, as a number '
                           '(e.g. 12345.6).')
        vals = {
            'subscription_id': meter.subscription_id.id,
            'meter_id': meter.id,
            'date': fields.Date.to_string(day),
            'value': index,
            'reading_type': 'self_read',
        }
        if meter.has_corrector:
            corrector = parse_index(corrector_value)
            if corrector_value and corrector_value.strip() and \
                    corrector is None:
                return None, _('Enter the corrector index as a number '
                               '(e.g. 12345.6).')
            vals['corrector_value'] = corrector
        return vals, None

    def _isp_check_reading(self, vals):
        """Run the reading's own checks (isp_billing's rules and messages,
        as its constraint does on create) on ``vals``, without saving:
        raise the back office's refusal."""
        Reading = request.env['isp.meter.reading'].sudo()
        reading = Reading.new(vals)
        previous = Reading.search([
            ('subscription_id', '=', vals['subscription_id'])],
            order='date desc, id desc', limit=1)
        problems = reading_rules.check_reading(
            reading._to_rule(), previous._to_rule() if previous else None)
        if problems:
            raise ValidationError('\n'.join(
                reading._problem_message(code, params)
                for code, params in problems))

    def _isp_reading_request(self, partner, meter, vals):
        unit = meter.subscription_id.product_id.uom_id.name or ''
        name = _('Reading of meter %(meter)s: %(value)s %(unit)s on '
                 '%(date)s') % {'meter': meter.name,
                                'value': format_index(vals['value']),
                                'unit': unit, 'date': vals['date']}
        description = _('The customer read meter %(meter)s (%(service)s) '
                        'on %(date)s: index %(value)s%(corrector)s.') % {
            'meter': meter.name,
            'service': meter.subscription_id.product_id.name,
            'date': vals['date'], 'value': format_index(vals['value']),
            'corrector': _(', corrector index %s') % format_index(
                vals['corrector_value'])
            if vals.get('corrector_value') is not None else ''}
        return request.env['isp.portal.request'].sudo()._isp_portal_create(
            partner, 'reading', name, description, payload={
                'meter_id': meter.id, 'date': vals['date'],
                'value': vals['value'],
                'corrector_value': vals.get('corrector_value')})
