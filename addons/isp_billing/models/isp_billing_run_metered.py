# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class IspBillingRun(models.Model):
    """Consumption of metered services: every unbilled reading dated up to
    the run date gives one invoice line, the consumption since the
    previous reading at the tariff's consumption unit price
    (``product.template.isp_consumption_price``). The reading records the
    invoice line: a reading is billed once, however often the run is
    restarted."""
    _inherit = 'isp.billing.run'

    @api.multi
    def _compute_customer_items(self, partner, lock=False):
        items = super(IspBillingRun, self)._compute_customer_items(
            partner, lock=lock)
        if self.env.context.get('isp_skip_consumption'):
            return items
        return items + self._consumption_items(partner, lock=lock)

    @api.multi
    def _consumption_items(self, partner, lock=False):
        """Invoice items of the unbilled readings of ``partner``: dicts
        with ``key``, ``line_vals``, ``reading`` and
        ``metered_subscription``."""
        self.ensure_one()
        # only the metered ones: the others were searched (and locked) by
        # the run already, this is the hot path of every customer
        subscriptions = self._billable_subscriptions(
            partner, lock=lock, domain=[('is_metered', '=', True)])
        if not subscriptions:
            return []
        fiscal_position = self._fiscal_position(partner)
        digits = self.env['decimal.precision'].precision_get('Product Price')
        items = []
        for subscription in subscriptions:
            readings = subscription._unbilled_readings(self.date)
            if not readings:
                continue
            product = subscription.product_id
            if float_is_zero(product.isp_consumption_price,
                             precision_digits=digits):
                raise UserError(_(
                    'Tariff %(product)s has no consumption unit price: set '
                    'it on the product (ISP tab) so that the readings of '
                    'subscription %(subscription)s can be billed.') % {
                        'product': product.display_name,
                        'subscription': subscription.name})
            key = self._invoice_group_key(partner, subscription)
            for reading in readings:
                items.append({
                    'key': key,
                    'reading': reading,
                    'metered_subscription': subscription,
                    'line_vals': self._prepare_invoice_line_values(
                        partner, product,
                        self._consumption_label(partner, reading),
                        reading.consumption, product.isp_consumption_price,
                        fiscal_position=fiscal_position),
                })
        return items

    @api.multi
    def _consumption_label(self, partner, reading):
        previous = reading.previous_reading_id
        env = self.with_context(lang=partner.lang).env
        # _() translates into the language of ``context``: the customer's
        context = {  # noqa: F841 pylint: disable=W0612
            'lang': partner.lang}
        return _(
            '%(service)s consumption %(date_from)s–%(date_to)s: meter '
            '%(meter)s, index %(index_from)s → %(index_to)s (%(type)s)') % {
                'service': reading.product_id.with_context(
                    lang=partner.lang).name,
                'date_from': reading.with_env(env)._format_date(
                    previous.date),
                'date_to': reading.with_env(env)._format_date(reading.date),
                'meter': reading.meter_serial,
                'index_from': previous.corrector_value
                if previous.has_corrector else previous.value,
                'index_to': reading.corrector_value
                if reading.has_corrector else reading.value,
                'type': dict(reading.with_env(env).fields_get(
                    ['reading_type'])['reading_type']['selection'])[
                        reading.reading_type],
        }

    @api.multi
    def _create_period_records(self, items):
        result = super(IspBillingRun, self)._create_period_records(items)
        for item in items:
            reading = item.get('reading')
            if not reading:
                continue
            # the subscription row is locked by this run: a reading billed
            # here was not billed by another worker in the meantime
            if reading.is_billed:
                raise UserError(_(
                    'The reading of %(date)s on meter %(meter)s is already '
                    'billed on invoice %(invoice)s.') % {
                        'date': reading._format_date(reading.date),
                        'meter': reading.meter_serial,
                        'invoice': reading.invoice_id.display_name})
            reading.write({'invoice_line_id': item['invoice_line'].id})
        return result

    @api.multi
    def _prepare_preview_values(self, partner):
        values = super(IspBillingRun, self.with_context(
            isp_skip_consumption=True))._prepare_preview_values(partner)
        currency = self.company_id.currency_id
        for item in self._consumption_items(partner):
            vals = item['line_vals']
            subscription = item['metered_subscription']
            values.append({
                'partner_id': partner.id,
                'subscription_id': subscription.id,
                'order_id': subscription.order_id.id,
                'name': vals['name'],
                'amount': currency.round(
                    vals['quantity'] * vals['price_unit']),
                'previous_amount': 0.0,
                'difference': currency.round(
                    vals['quantity'] * vals['price_unit']),
            })
        return values
