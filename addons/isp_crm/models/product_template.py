# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import penalty as penalty_rules

SERVICE_TYPES = [
    ('fibre', 'Fibre / FTTH'),
    ('voice', 'Fixed voice'),
    ('mobile', 'Mobile'),
    ('tv', 'TV'),
    ('equipment', 'Equipment'),
    ('installation', 'Installation fee'),
    ('electricity', 'Electricity'),
    ('gas', 'Gas'),
    ('water', 'Water'),
]
# services billed from meter readings (isp_billing)
METERED_SERVICE_TYPES = ('electricity', 'gas', 'water')
# services charged once, not every billing period
ONE_OFF_SERVICE_TYPES = ('equipment', 'installation')

TECHNOLOGIES = [
    ('ftth', 'FTTH (fibre to the home)'),
    ('vdsl', 'VDSL'),
    ('adsl', 'ADSL'),
    ('cable', 'Cable (DOCSIS)'),
    ('fixed_wireless', 'Fixed wireless'),
    ('4g', '4G / LTE'),
    ('5g', '5G'),
    ('satellite', 'Satellite'),
    ('voip', 'VoIP'),
    ('iptv', 'IPTV'),
]


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    isp_service_type = fields.Selection(
        SERVICE_TYPES, string='ISP service type',
        help='Kind of telecom or utility service this tariff provides. '
             'Leave empty for products that are not ISP services.')
    isp_technology = fields.Selection(TECHNOLOGIES, string='Technology')
    isp_down_mbps = fields.Float(
        string='Download (Mbps)', digits=(12, 1))
    isp_up_mbps = fields.Float(string='Upload (Mbps)', digits=(12, 1))
    isp_data_gb = fields.Float(string='Data (GB)', digits=(12, 1))
    isp_data_unlimited = fields.Boolean(string='Unlimited data')
    isp_minutes = fields.Integer(string='Minutes')
    isp_minutes_unlimited = fields.Boolean(string='Unlimited calls')
    isp_recurring = fields.Boolean(
        string='Recurring', default=True,
        help='Billed every billing period while the service is active. '
             'Untick for one-off charges (equipment sold, installation '
             'fees).')
    isp_commitment_months = fields.Integer(
        string='Commitment (months)',
        help='Minimum contract duration. Terminating earlier costs the '
             'early-termination penalty.')
    isp_penalty_type = fields.Selection(
        penalty_rules.PENALTY_TYPES, string='Early-termination penalty',
        default=penalty_rules.PENALTY_NONE, required=True,
        help='Fixed: the whole amount whenever the contract ends inside '
             'the commitment. Linear: the amount times the share of the '
             'commitment still to run, counted in days.')
    isp_penalty_amount = fields.Monetary(
        string='Penalty amount', currency_field='currency_id')
    isp_portal_offered = fields.Boolean(
        string='Offered in the portal',
        help='Customers can request this tariff or bundle from the '
             'portal.')
    isp_is_bundle = fields.Boolean(
        string='Is a bundle',
        help='A tariff package: its lines say which tariffs a contract of '
             'the bundle holds and how many of each.')
    isp_bundle_line_ids = fields.One2many(
        'isp.bundle.line', 'bundle_id', string='Bundle lines', copy=True)
    isp_sales_channel_ids = fields.Many2many(
        'crm.team', 'product_template_isp_sales_channel_rel',
        'product_tmpl_id', 'team_id', string='Sales channels',
        help='The sales channels (shop, telesales, ...) whose agents may '
             'sell this tariff or bundle in the contract wizard. Empty: '
             'every channel, and agents without a channel. An agent\'s '
             'channel is the "Sales Channel" of his user.')

    @api.constrains('isp_down_mbps', 'isp_up_mbps', 'isp_data_gb',
                    'isp_minutes', 'isp_commitment_months',
                    'isp_penalty_amount')
    def _check_isp_values_not_negative(self):
        labels = {
            'isp_down_mbps': _('Download (Mbps)'),
            'isp_up_mbps': _('Upload (Mbps)'),
            'isp_data_gb': _('Data (GB)'),
            'isp_minutes': _('Minutes'),
            'isp_commitment_months': _('Commitment (months)'),
            'isp_penalty_amount': _('Penalty amount'),
        }
        for template in self:
            negative = [label for name, label in sorted(labels.items())
                        if (template[name] or 0) < 0]
            if negative:
                raise ValidationError(_(
                    'Product "%(product)s": %(fields)s cannot be negative. '
                    'Enter 0 or a positive value.') % {
                        'product': template.name,
                        'fields': ', '.join(negative),
                    })

    @api.constrains('isp_penalty_type', 'isp_penalty_amount',
                    'isp_commitment_months')
    def _check_isp_penalty(self):
        for template in self:
            if template.isp_penalty_type == penalty_rules.PENALTY_NONE:
                continue
            if template.isp_commitment_months <= 0:
                raise ValidationError(_(
                    'Product "%s" has an early-termination penalty but no '
                    'commitment: enter the commitment in months or set the '
                    'penalty to "No penalty".') % template.name)
            if template.isp_penalty_amount <= 0:
                raise ValidationError(_(
                    'Product "%s" has an early-termination penalty of 0: '
                    'enter the penalty amount or set the penalty to "No '
                    'penalty".') % template.name)

    @api.constrains('isp_is_bundle', 'isp_bundle_line_ids')
    def _check_isp_bundle_lines(self):
        for template in self:
            if template.isp_bundle_line_ids and not template.isp_is_bundle:
                raise ValidationError(_(
                    'Product "%s" has bundle lines but is not a bundle: tick '
                    '"Is a bundle" or remove its lines.') % template.name)

    @api.onchange('isp_service_type')
    def _onchange_isp_service_type(self):
        if self.isp_service_type in ONE_OFF_SERVICE_TYPES:
            self.isp_recurring = False
        elif self.isp_service_type:
            self.isp_recurring = True
        if self.isp_service_type:
            self.type = 'service'

    @api.onchange('isp_penalty_type')
    def _onchange_isp_penalty_type(self):
        if self.isp_penalty_type == penalty_rules.PENALTY_NONE:
            self.isp_penalty_amount = 0.0

    @api.model
    def _isp_sales_channel_domain(self, team):
        """Domain of the tariffs and bundles sold in the sales channel
        ``team`` (a crm.team, possibly empty): those without channels, and
        those of ``team``. Without a channel, only the offers without
        channels."""
        if not team:
            return [('isp_sales_channel_ids', '=', False)]
        return ['|', ('isp_sales_channel_ids', '=', False),
                ('isp_sales_channel_ids', 'in', team.ids)]

    @api.multi
    def _isp_sold_in_channel(self, team):
        """Whether this tariff or bundle is sold in the sales channel
        ``team`` (see _isp_sales_channel_domain)."""
        self.ensure_one()
        channels = self.isp_sales_channel_ids
        return not channels or bool(team and team in channels)

    @api.multi
    def _isp_commitment_end(self, date_start):
        """First day free of commitment for a contract of this tariff that
        starts on ``date_start`` (None without commitment)."""
        self.ensure_one()
        return penalty_rules.commitment_end(
            date_start, self.isp_commitment_months)

    @api.multi
    def _isp_early_termination_penalty(self, date_start, date_termination,
                                       currency=None):
        """Penalty owed when a contract of this tariff that started on
        ``date_start`` ends on ``date_termination``, rounded in
        ``currency`` (the product's currency by default)."""
        self.ensure_one()
        amount = penalty_rules.early_termination_penalty(
            self.isp_penalty_type, self.isp_penalty_amount, date_start,
            self.isp_commitment_months, date_termination)
        return (currency or self.currency_id).round(amount)

    @api.multi
    def _isp_bundle_rules(self):
        """The bundle's lines as plain rules (component = product id)."""
        self.ensure_one()
        return self.isp_bundle_line_ids._isp_to_rules()
