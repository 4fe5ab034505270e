# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PRICING_DISCOUNT = 'discount'
PRICING_FIXED = 'fixed_price'
PRICING_TYPES = [
    (PRICING_DISCOUNT, 'Discount (%)'),
    (PRICING_FIXED, 'Fixed price'),
]


class IspCampaign(models.Model):
    """A time-bounded commercial offer on tariffs and bundles.

    A contract (sale order) signed while the campaign runs gets its pricing
    on the matching lines for ``duration_months`` months; each line keeps
    what billing needs to end the offer (``isp_campaign_id``,
    ``isp_campaign_months``, ``isp_price_regular``)."""
    _name = 'isp.campaign'
    _description = 'ISP commercial campaign'
    _order = 'date_start desc, name'

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', string='Company',
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.campaign'))
    currency_id = fields.Many2one(
        'res.currency', string='Currency', compute='_compute_currency_id')
    date_start = fields.Date(
        string='Start date', required=True,
        help='First day on which contracts may take the campaign.')
    date_end = fields.Date(
        string='End date', required=True,
        help='Last day on which contracts may take the campaign.')
    product_tmpl_ids = fields.Many2many(
        'product.template', 'isp_campaign_product_template_rel',
        'campaign_id', 'product_tmpl_id', string='Tariffs and bundles',
        domain=['|', ('isp_service_type', '!=', False),
                ('isp_is_bundle', '=', True)],
        help='The campaign applies to these tariffs, and to every tariff '
             'of these bundles.')
    pricing_type = fields.Selection(
        PRICING_TYPES, string='Pricing', required=True,
        default=PRICING_DISCOUNT)
    discount = fields.Float(string='Discount (%)', digits=(5, 2))
    fixed_price = fields.Monetary(
        string='Fixed price', currency_field='currency_id',
        help='Unit price of each matching tariff during the campaign.')
    duration_months = fields.Integer(
        string='Duration (months)', default=3,
        help='Number of months the campaign price applies to a contract; '
             '0 keeps it for the whole life of the contract.')
    description = fields.Text(translate=True)

    @api.depends('company_id')
    def _compute_currency_id(self):
        fallback = self.env.user.company_id.currency_id
        for campaign in self:
            campaign.currency_id = (
                campaign.company_id.currency_id or fallback)

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for campaign in self:
            if campaign.date_end < campaign.date_start:
                raise ValidationError(_(
                    'Campaign "%s" ends before it starts: set an end date on '
                    'or after the start date.') % campaign.name)

    @api.constrains('pricing_type', 'discount', 'fixed_price',
                    'duration_months', 'product_tmpl_ids')
    def _check_pricing(self):
        for campaign in self:
            if campaign.duration_months < 0:
                raise ValidationError(_(
                    'Campaign "%s": the duration cannot be negative. Enter '
                    'the number of months, or 0 for no limit.')
                    % campaign.name)
            if campaign.pricing_type == PRICING_DISCOUNT and not (
                    0 < campaign.discount <= 100):
                raise ValidationError(_(
                    'Campaign "%s": enter a discount above 0 and up to '
                    '100%%.') % campaign.name)
            if campaign.pricing_type == PRICING_FIXED:
                if campaign.fixed_price < 0:
                    raise ValidationError(_(
                        'Campaign "%s": the fixed price cannot be negative.')
                        % campaign.name)
                bundles = campaign.product_tmpl_ids.filtered('isp_is_bundle')
                if bundles:
                    raise ValidationError(_(
                        'Campaign "%(campaign)s" has a fixed price but '
                        'includes the bundles %(bundles)s: a bundle has '
                        'several tariffs, give it a discount instead, or '
                        'include its tariffs one by one.') % {
                            'campaign': campaign.name,
                            'bundles': ', '.join(bundles.mapped('name')),
                        })

    @api.model
    def _isp_get_valid_campaigns(self, date, products=None, company=None):
        """Campaigns that a contract dated ``date`` may take.

        ``products`` (product.template or product.product records) keeps
        only the campaigns that include at least one of them; ``company``
        keeps the campaigns of that company and those of no company."""
        date = fields.Date.to_string(fields.Date.from_string(date))
        domain = [('date_start', '<=', date), ('date_end', '>=', date)]
        if products is not None:
            if products._name == 'product.product':
                products = products.mapped('product_tmpl_id')
            domain.append(('product_tmpl_ids', 'in', products.ids))
        if company is not None:
            domain += ['|', ('company_id', '=', False),
                       ('company_id', '=', company.id)]
        return self.search(domain)

    @api.multi
    def _isp_is_valid_on(self, date):
        self.ensure_one()
        date = fields.Date.to_string(fields.Date.from_string(date))
        return self.active and self.date_start <= date <= self.date_end

    @api.multi
    def _isp_covered_templates(self):
        """The tariffs the campaign prices: its tariffs and the tariffs of
        its bundles."""
        self.ensure_one()
        bundles = self.product_tmpl_ids.filtered('isp_is_bundle')
        components = bundles.mapped(
            'isp_bundle_line_ids.product_id.product_tmpl_id')
        return (self.product_tmpl_ids - bundles) | components

    @api.multi
    def _prepare_order_line_values(self, line):
        """Values that give ``line`` (a sale.order.line) the campaign's
        price, and remember what billing needs to end it."""
        self.ensure_one()
        regular = line.isp_price_regular if line.isp_campaign_id \
            else line.price_unit
        values = {
            'isp_campaign_id': self.id,
            'isp_campaign_months': self.duration_months,
            'isp_price_regular': regular,
        }
        if self.pricing_type == PRICING_DISCOUNT:
            values.update(price_unit=regular, discount=self.discount)
        else:
            price = self.fixed_price
            order_currency = line.order_id.currency_id
            if order_currency and order_currency != self.currency_id:
                price = self.currency_id.compute(price, order_currency)
            values.update(price_unit=price, discount=0.0)
        return values
