# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The guided contracting wizard: seven steps from the customer to the
contract, with the catalog's rules checked at each step; nothing is
created before "Create", which makes everything or nothing."""
import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.addons.isp_billing.rules import billing_period as period_rules
from odoo.addons.isp_crm.models.res_partner_bank import STRICT_IBAN_CONTEXT
from odoo.addons.isp_crm.rules import bank_account as bank_rules
from odoo.addons.isp_crm.rules import bundle as bundle_rules
from odoo.addons.isp_crm.rules import fiscal_id as fiscal_rules

from .isp_contract_wizard_line import (
    COVERAGE_NOT_COVERED, NUMBER_NEW, NUMBER_NONE, NUMBER_PORTABILITY)

STEP_CUSTOMER = 'customer'
STEP_TARIFF = 'tariff'
STEP_BANK = 'bank'
STEP_COUNTS = 'counts'
STEP_MIGRATION = 'migration'
STEP_SERVICES = 'services'
STEP_SUMMARY = 'summary'
STEP_DONE = 'done'
CONTRACT_WIZARD_STEPS = [
    (STEP_CUSTOMER, 'Customer'),
    (STEP_TARIFF, 'Tariff & payment'),
    (STEP_BANK, 'Fiscal & bank data'),
    (STEP_COUNTS, 'Line counts'),
    (STEP_MIGRATION, 'Migration'),
    (STEP_SERVICES, 'Service data'),
    (STEP_SUMMARY, 'Summary'),
    (STEP_DONE, 'Created'),
]
# the steps an agent goes through, in order (``done`` follows Create)
STEP_SEQUENCE = [step for step, _label in CONTRACT_WIZARD_STEPS
                 if step != STEP_DONE]

CUSTOMER_EXISTING = 'existing'
CUSTOMER_NEW = 'new'

PRESET_FIRST = 'first'
PRESET_FIFTEENTH = 'fifteenth'
PRESET_OTHER = 'other'
CYCLE_PRESETS = [
    (PRESET_FIRST, '1st to month end'),
    (PRESET_FIFTEENTH, '15th to 14th'),
    (PRESET_OTHER, 'Another day'),
]
PRESET_DAYS = {PRESET_FIRST: 1, PRESET_FIFTEENTH: 15}

PAY_DIRECT_DEBIT = 'direct_debit'
PAY_TRANSFER = 'transfer'
PAY_CARD = 'card'
PAYMENT_METHODS = [
    (PAY_DIRECT_DEBIT, 'Direct debit'),
    (PAY_TRANSFER, 'Bank transfer'),
    (PAY_CARD, 'Card'),
]

FISCAL_ID_TYPE_SELECTION = [
    (code, label) for code, label, _country in fiscal_rules.FISCAL_ID_TYPES]

# who may use the wizard, and who may waive a migration's penalty
WIZARD_GROUP = 'isp_crm.group_isp_user'
WAIVER_GROUP = 'isp_crm.group_isp_manager'
# what Odoo's quotation form fills in from the customer
ORDER_ONCHANGE_FIELDS = (
    'partner_invoice_id', 'partner_shipping_id', 'pricelist_id',
    'payment_term_id', 'fiscal_position_id', 'note', 'team_id',
)
# the button context key naming the step to go to
STEP_CONTEXT_KEY = 'isp_wizard_step'
# the records Create makes get one note saying so (_isp_log_creation)
# instead of Odoo's creation log and the tracking of their first values;
# their followers are subscribed as usual
CREATE_MAIL_CONTEXT = {'mail_create_nolog': True, 'mail_notrack': True}

# services whose line has a phone number (new or ported)
NUMBERED_TYPES = ('mobile', 'voice')
# one-off charges (isp_crm's ONE_OFF_SERVICE_TYPES) get no service data,
# but for the equipment's serial number
NO_DATA_TYPES = ('installation',)
# subscriptions a migration can replace (isp_billing's LIVE_STATES)
LIVE_STATES = ('active', 'active_nonbillable', 'suspended')


class IspContractWizard(models.TransientModel):
    _name = 'isp.contract.wizard'
    _description = 'New ISP Contract'

    step = fields.Selection(
        selection=CONTRACT_WIZARD_STEPS,
        default=STEP_CUSTOMER,
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        'res.company', string='Company', required=True,
        default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(
        related='company_id.currency_id', readonly=True)
    lead_id = fields.Many2one(
        'crm.lead', string='Lead', readonly=True,
        default=lambda self: self._default_lead())

    # --- 1. customer ---------------------------------------------------
    customer_mode = fields.Selection(
        [(CUSTOMER_EXISTING, 'Existing customer'),
         (CUSTOMER_NEW, 'New customer')],
        string='Customer', required=True,
        default=lambda self: self._default_customer_mode())
    search_term = fields.Char(
        string='Find',
        help='Name, customer code, fiscal id, phone or e-mail.')
    found_partner_ids = fields.Many2many(
        'res.partner', string='Customers found',
        compute='_compute_found_partner_ids')
    partner_id = fields.Many2one(
        'res.partner', string='Existing customer',
        domain=[('customer', '=', True)])
    new_is_company = fields.Boolean(string='Company')
    new_name = fields.Char(
        string='Name', default=lambda self: self._default_from_lead('name'))
    new_email = fields.Char(
        string='E-mail',
        default=lambda self: self._default_from_lead('email_from'))
    new_phone = fields.Char(
        string='Phone',
        default=lambda self: self._default_from_lead('phone'))
    new_mobile = fields.Char(
        string='Mobile',
        default=lambda self: self._default_from_lead('mobile'))
    new_street = fields.Char(
        string='Street',
        default=lambda self: self._default_from_lead('street'))
    new_zip = fields.Char(
        string='ZIP', default=lambda self: self._default_from_lead('zip'))
    new_city = fields.Char(
        string='City', default=lambda self: self._default_from_lead('city'))
    new_country_id = fields.Many2one(
        'res.country', string='Country',
        default=lambda self: self._default_country())
    fiscal_id_type = fields.Selection(
        FISCAL_ID_TYPE_SELECTION, string='Fiscal id type')
    fiscal_id = fields.Char(string='Fiscal id')
    duplicate_partner_ids = fields.Many2many(
        'res.partner', string='Customers with this fiscal id',
        compute='_compute_duplicate_partner_ids')
    has_duplicates = fields.Boolean(
        compute='_compute_duplicate_partner_ids')

    # --- 2. tariff and payment ----------------------------------------
    sales_team_id = fields.Many2one(
        'crm.team', string='Sales channel',
        compute='_compute_sales_team_id',
        help='The sales channel of the agent (his user\'s "Sales '
             'Channel"): the tariffs and bundles offered are those sold in '
             'it, and those sold in every channel.')
    product_tmpl_id = fields.Many2one(
        'product.template', string='Tariff or bundle',
        # isp_crm's product.template._isp_sales_channel_domain, for the
        # web client (the server checks it again at the step)
        domain="['&', ('sale_ok', '=', True), "
               "'|', ('isp_is_bundle', '=', True), "
               "'&', ('isp_service_type', '!=', False), "
               "('isp_recurring', '=', True), "
               "'|', ('isp_sales_channel_ids', '=', False), "
               "('isp_sales_channel_ids', 'in', [sales_team_id])]")
    campaign_allowed_ids = fields.Many2many(
        'isp.campaign', string='Campaigns of the tariff',
        compute='_compute_campaign_allowed_ids')
    campaign_id = fields.Many2one(
        'isp.campaign', string='Campaign',
        domain="[('id', 'in', campaign_allowed_ids and "
               "campaign_allowed_ids[0][2] or [])]")
    date_start = fields.Date(
        string='Start / change date', required=True,
        default=fields.Date.context_today,
        help='The first day of the new services: the first invoice is '
             'prorated from it to the end of the billing period; for a '
             'migration, the current services end the day before.')
    cycle_preset = fields.Selection(
        CYCLE_PRESETS, string='Billing cycle', required=True,
        default=PRESET_FIRST)
    billing_cycle_day = fields.Integer(
        string='Billing cycle day', default=1,
        help='Day of the month the billing periods start (1 to 28).')
    billing_mode = fields.Selection(
        period_rules.BILLING_MODES, string='Billing mode', required=True,
        default=period_rules.MODE_PREPAID)
    payment_method = fields.Selection(
        PAYMENT_METHODS, string='Payment method', required=True,
        default=PAY_DIRECT_DEBIT)
    payment_mode_id = fields.Many2one(
        'account.payment.mode', string='Payment mode',
        domain=[('payment_type', '=', 'inbound')],
        default=lambda self: self._default_payment_mode())

    # --- 3. fiscal and bank data --------------------------------------
    partner_invoice_id = fields.Many2one(
        'res.partner', string='Invoice address',
        help='Empty: the customer\'s own address.')
    iban = fields.Char(string='IBAN')
    bic = fields.Char(
        string='BIC', help='Taken from the IBAN when the bank is known.')
    journal_id = fields.Many2one(
        'account.journal', string='Invoicing series',
        domain=[('type', '=', 'sale')])

    # --- 4. line counts ------------------------------------------------
    count_line_ids = fields.One2many(
        'isp.contract.wizard.count', 'wizard_id', string='Lines')
    counts_product_tmpl_id = fields.Many2one(
        'product.template', readonly=True,
        help='The tariff the counts were made for.')
    bundle_rules_text = fields.Text(
        string='What the bundle allows', readonly=True)

    # --- 5. migration --------------------------------------------------
    migration_applicable = fields.Boolean(readonly=True)
    migration_line_ids = fields.One2many(
        'isp.contract.wizard.migration', 'wizard_id',
        string='Current services')
    waiver_reason = fields.Text(
        string='Why the penalty is waived')

    # --- 6. service data ----------------------------------------------
    service_line_ids = fields.One2many(
        'isp.contract.wizard.service', 'wizard_id', string='Services')

    # --- 7. summary ----------------------------------------------------
    summary_customer = fields.Text(
        string='Customer summary', compute='_compute_summary')
    summary_tariff = fields.Text(
        string='Tariff summary', compute='_compute_summary')
    summary_bank = fields.Text(
        string='Bank summary', compute='_compute_summary')
    amount_untaxed = fields.Monetary(
        string='Monthly (taxes excl.)', readonly=True)
    amount_total = fields.Monetary(
        string='Monthly (taxes incl.)', readonly=True)
    amount_first_invoice = fields.Monetary(
        string='First invoice (taxes incl.)', readonly=True,
        help='The services from the start date to the end of their first '
             'billing period, and the one-off charges.')
    amount_migration_penalty = fields.Monetary(
        string='Early-termination penalties', readonly=True)
    amount_migration_credit = fields.Monetary(
        string='Prepaid days credited', readonly=True)
    date_commitment_end = fields.Date(
        string='Commitment until', readonly=True)

    # --- created -------------------------------------------------------
    order_id = fields.Many2one(
        'sale.order', string='Contract', readonly=True)
    mandate_id = fields.Many2one(
        'account.banking.mandate', string='Mandate', readonly=True)
    migration_id = fields.Many2one(
        'isp.migration', string='Migration', readonly=True)

    # ------------------------------------------------------------------
    # defaults
    # ------------------------------------------------------------------

    @api.model
    def _context_lead(self):
        """The lead the wizard was opened from (readable by the user)."""
        Lead = self.env['crm.lead']
        lead_id = self.env.context.get('default_lead_id')
        if not isinstance(lead_id, int) or \
                not Lead.check_access_rights('read', raise_exception=False):
            return Lead
        lead = Lead.browse(lead_id).exists()
        try:
            lead.check_access_rule('read')
        except AccessError:
            return Lead
        return lead

    @api.model
    def _default_lead(self):
        return self._context_lead().id

    @api.model
    def _default_customer_mode(self):
        lead = self._context_lead()
        if lead and not lead.partner_id and \
                not self.env.context.get('default_partner_id'):
            return CUSTOMER_NEW
        return CUSTOMER_EXISTING

    @api.model
    def _default_from_lead(self, name):
        lead = self._context_lead()
        if not lead or lead.partner_id:
            return False
        if name == 'name':
            return lead.partner_name or lead.contact_name or lead.name
        return lead[name] or False

    @api.model
    def _default_payment_mode(self):
        """The first direct debit mode (the default payment method)."""
        Mode = self.env['account.payment.mode']
        if not Mode.check_access_rights('read', raise_exception=False):
            return Mode
        return self._isp_payment_modes(PAY_DIRECT_DEBIT)[:1]

    @api.model
    def _default_country(self):
        lead = self._context_lead()
        if lead and lead.country_id:
            return lead.country_id.id
        return self.env.user.company_id.country_id.id

    # ------------------------------------------------------------------
    # computes and onchanges
    # ------------------------------------------------------------------

    @api.depends('search_term')
    def _compute_found_partner_ids(self):
        for wizard in self:
            wizard.found_partner_ids = self._isp_find_customers(
                wizard.search_term)

    @api.depends('fiscal_id_type', 'fiscal_id', 'customer_mode')
    def _compute_duplicate_partner_ids(self):
        for wizard in self:
            duplicates = wizard._isp_duplicates() \
                if wizard.customer_mode == CUSTOMER_NEW \
                else self.env['res.partner']
            wizard.duplicate_partner_ids = duplicates
            wizard.has_duplicates = bool(duplicates)

    def _compute_sales_team_id(self):
        # the acting user's channel, never a value given by the caller
        team = self._isp_sales_team()
        for wizard in self:
            wizard.sales_team_id = team

    @api.depends('product_tmpl_id', 'date_start', 'company_id')
    def _compute_campaign_allowed_ids(self):
        for wizard in self:
            wizard.campaign_allowed_ids = wizard._isp_valid_campaigns()

    @api.depends('customer_mode', 'partner_id', 'new_name', 'new_street',
                 'new_zip', 'new_city', 'fiscal_id', 'fiscal_id_type',
                 'product_tmpl_id', 'campaign_id', 'date_start',
                 'billing_cycle_day', 'billing_mode', 'payment_method',
                 'payment_mode_id', 'iban', 'bic', 'journal_id',
                 'partner_invoice_id')
    def _compute_summary(self):
        for wizard in self:
            wizard.summary_customer = wizard._isp_summary_customer()
            wizard.summary_tariff = wizard._isp_summary_tariff()
            wizard.summary_bank = wizard._isp_summary_bank()

    @api.multi
    def _isp_selection_label(self, name):
        self.ensure_one()
        selection = self._fields[name]._description_selection(self.env)
        return dict(selection).get(self[name]) or ''

    @api.multi
    def _isp_summary_customer(self):
        self.ensure_one()
        if self.customer_mode == CUSTOMER_NEW:
            lines = [_('%s (new customer)') % (self.new_name or ''),
                     ' '.join(filter(None, (self.new_street, self.new_zip,
                                            self.new_city)))]
        else:
            customer = self.partner_id.commercial_partner_id
            lines = [customer._isp_label() if customer else '',
                     customer.contact_address or '' if customer else '']
        if self.fiscal_id:
            lines.append('%s %s' % (
                self._isp_selection_label('fiscal_id_type'),
                self.fiscal_id))
        return '\n'.join(line.strip() for line in lines if line.strip())

    @api.multi
    def _isp_summary_tariff(self):
        self.ensure_one()
        lines = [self.product_tmpl_id.display_name or '']
        if self.campaign_id:
            lines.append(_('Campaign: %s') % self.campaign_id.name)
        lines.append(_('Start: %s') % (self.date_start or ''))
        lines.append(_('Billing from day %(day)s, %(mode)s') % {
            'day': self.billing_cycle_day,
            'mode': self._isp_selection_label('billing_mode')})
        lines.append(_('Payment: %(method)s (%(mode)s)') % {
            'method': self._isp_selection_label('payment_method'),
            'mode': self.payment_mode_id.name or '-'})
        return '\n'.join(lines)

    @api.multi
    def _isp_summary_bank(self):
        self.ensure_one()
        lines = []
        if self.iban:
            lines.append(_('IBAN: %s') % self.iban)
        if self.bic:
            lines.append(_('BIC: %s') % self.bic)
        if self.partner_invoice_id:
            lines.append(_('Invoice address: %s')
                         % self.partner_invoice_id.display_name)
        if self.journal_id:
            lines.append(_('Invoicing series: %s') % self.journal_id.name)
        return '\n'.join(lines) or _('No bank account')

    @api.onchange('search_term')
    def _onchange_search_term(self):
        found = self._isp_find_customers(self.search_term)
        if len(found) == 1:
            self.partner_id = found
        if self.search_term:
            return {'domain': {'partner_id': [('id', 'in', found.ids)]}}
        return {'domain': {'partner_id': [('customer', '=', True)]}}

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        partner = self.partner_id.commercial_partner_id
        if partner:
            self.customer_mode = CUSTOMER_EXISTING
            self.fiscal_id_type = partner.isp_fiscal_id_type
            self.fiscal_id = partner.isp_fiscal_id
            self.journal_id = partner.isp_journal_id
            account = partner.bank_ids[:1]
            if account and not self.iban:
                self.iban = account.acc_number
                self.bic = account.bank_id.bic

    @api.onchange('new_country_id')
    def _onchange_new_country_id(self):
        kinds = fiscal_rules.types_of_country(self.new_country_id.code)
        if kinds and self.fiscal_id_type not in kinds:
            self.fiscal_id_type = kinds[0]

    @api.onchange('product_tmpl_id', 'date_start')
    def _onchange_product_tmpl_id(self):
        campaigns = self._isp_valid_campaigns()
        if self.campaign_id not in campaigns:
            self.campaign_id = False
        if len(campaigns) == 1:
            self.campaign_id = campaigns

    @api.onchange('cycle_preset')
    def _onchange_cycle_preset(self):
        if self.cycle_preset in PRESET_DAYS:
            self.billing_cycle_day = PRESET_DAYS[self.cycle_preset]

    @api.onchange('payment_method')
    def _onchange_payment_method(self):
        modes = self._isp_payment_modes(self.payment_method)
        if self.payment_mode_id not in modes:
            self.payment_mode_id = modes[:1]

    @api.onchange('iban')
    def _onchange_iban(self):
        if self.iban and not self.bic:
            try:
                iban = bank_rules.validate_iban(self.iban)
            except bank_rules.InvalidBankAccount:
                return
            self.bic = bank_rules.bic_of_iban(iban) or False

    # ------------------------------------------------------------------
    # buttons
    # ------------------------------------------------------------------

    @api.multi
    def action_next(self):
        """Check the current step and open the next one."""
        self._isp_check_access()
        if self.step not in STEP_SEQUENCE[:-1]:
            raise UserError(_(
                'There is no step after this one: create the contract or '
                'go back to a step to change it.'))
        target = STEP_SEQUENCE[STEP_SEQUENCE.index(self.step) + 1]
        return self._isp_go_to(target)

    @api.multi
    def action_back(self):
        """Open the previous step; every value is kept."""
        self._isp_check_access()
        self._isp_check_not_done()
        if self.step not in STEP_SEQUENCE[1:]:
            raise UserError(_(
                'This is the first step: there is no step before it.'))
        index = STEP_SEQUENCE.index(self.step) - 1
        if STEP_SEQUENCE[index] == STEP_MIGRATION and \
                not self.migration_applicable:
            index -= 1
        self.step = STEP_SEQUENCE[index]
        return self._isp_reopen()

    @api.multi
    def action_go_to_step(self):
        """Open the step named by the button's context: an earlier step
        at once, a later one after checking every step on the way."""
        self._isp_check_access()
        target = self.env.context.get(STEP_CONTEXT_KEY)
        if target not in STEP_SEQUENCE:
            raise UserError(_('Choose one of the steps of the wizard.'))
        return self._isp_go_to(target)

    @api.multi
    def action_create_contract(self):
        """Check every step again and create the contract, its customer,
        bank account, mandate, service data and migration: all or
        nothing."""
        self._isp_check_access()
        if self.step == STEP_DONE:
            raise UserError(_(
                'The contract %s was already created with this wizard.')
                % self.order_id.name)
        for step in STEP_SEQUENCE[:-1]:
            self._isp_check_step(step)
            self._isp_prepare_step(STEP_SEQUENCE[
                STEP_SEQUENCE.index(step) + 1])
        # one savepoint: any error undoes everything made below
        with self.env.cr.savepoint():
            order = self._isp_create_contract()
        self.write({'step': STEP_DONE, 'order_id': order.id})
        return self._isp_reopen()

    @api.multi
    def action_sign_now(self):
        """The customer signs the contract here, on this device."""
        order = self._isp_created_order()
        request = self._isp_esign_request(order, 'store')
        return request.action_sign_now()

    @api.multi
    def action_send_for_signature(self):
        """Send the signing link to the customer (e-mail or SMS)."""
        order = self._isp_created_order()
        request = self._isp_esign_request(order, None)
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'isp.esign.request',
            'res_id': request.id,
            'view_mode': 'form',
            'target': 'current',
        }

    @api.multi
    def action_print(self):
        """The contract documents as PDF."""
        order = self._isp_created_order()
        return self._isp_print_action(order)

    @api.multi
    def action_open_contract(self):
        """Open the created contract."""
        order = self._isp_created_order()
        return self._isp_order_action(order)

    # ------------------------------------------------------------------
    # navigation
    # ------------------------------------------------------------------

    @api.multi
    def _isp_check_access(self):
        """Transient models have no access rights in Odoo 11: any user may
        create a wizard and call its buttons over RPC."""
        self.ensure_one()
        if not self.env.user.has_group(WIZARD_GROUP):
            raise AccessError(_(
                'Only ISP users can create contracts with the wizard.'))
        # the wizard's creator only
        self.check_access_rule('write')
        return True

    @api.multi
    def _isp_go_to(self, target):
        """Open ``target``: an earlier step at once; a later one once
        every step before it passes its checks."""
        self.ensure_one()
        self._isp_check_not_done()
        current = STEP_SEQUENCE.index(self.step)
        wanted = STEP_SEQUENCE.index(target)
        for index in range(current, wanted):
            self._isp_check_step(STEP_SEQUENCE[index])
            self._isp_prepare_step(STEP_SEQUENCE[index + 1])
        if target == STEP_MIGRATION and not self.migration_applicable:
            if wanted > current:
                target = STEP_SERVICES
                self._isp_prepare_step(target)
            else:
                target = STEP_COUNTS
        self.step = target
        return self._isp_reopen()

    @api.multi
    def _isp_check_not_done(self):
        if self.step == STEP_DONE:
            raise UserError(_(
                'The contract %s is created: open it to change it.')
                % self.order_id.name)
        return True

    @api.multi
    def _isp_reopen(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('New contract'),
            'res_model': self._name,
            'res_id': self.id,
            'view_mode': 'form',
            'target': 'new',
            'context': dict(self.env.context),
        }

    @api.multi
    def _isp_check_step(self, step):
        """Raise a translated UserError saying what to fix in ``step``."""
        return getattr(self, '_isp_check_%s' % step)()

    @api.multi
    def _isp_prepare_step(self, step):
        """Make what ``step`` shows from the earlier steps' values."""
        method = getattr(self, '_isp_prepare_%s' % step, None)
        return method() if method else True

    # ------------------------------------------------------------------
    # step 1: customer
    # ------------------------------------------------------------------

    @api.model
    def _isp_find_customers(self, term):
        """Commercial entities whose name, customer code, fiscal id,
        phone, mobile or e-mail contains ``term`` (at most 20)."""
        term = (term or '').strip()
        Partner = self.env['res.partner']
        if len(term) < 2:
            return Partner
        compact = fiscal_rules.compact(term)
        domain = ['|', '|', '|', '|', '|', '|',
                  ('name', 'ilike', term),
                  ('isp_customer_code', 'ilike', term),
                  ('isp_fiscal_id', 'ilike', compact),
                  ('vat', 'ilike', compact),
                  ('email', 'ilike', term),
                  ('phone', 'ilike', term),
                  ('mobile', 'ilike', term)]
        digits = re.sub(r'\D', '', term)
        if len(digits) >= 6 and digits != term:
            # a number typed without the spaces it is stored with, or
            # the other way round
            domain = ['|', '|'] + domain + [
                ('phone', 'ilike', digits), ('mobile', 'ilike', digits)]
        found = Partner.search(domain, limit=20)
        return found.mapped('commercial_partner_id')

    @api.multi
    def _isp_customer(self):
        """The existing customer (commercial entity) or an empty set."""
        self.ensure_one()
        if self.customer_mode == CUSTOMER_EXISTING:
            return self.partner_id.commercial_partner_id
        return self.env['res.partner']

    @api.multi
    def _isp_new_customer_country(self):
        self.ensure_one()
        return self.new_country_id

    @api.multi
    def _isp_normalised_fiscal_id(self, country):
        """The fiscal id in its stored form, checked by isp_crm's rules for
        its type and ``country``; a UserError says what to fix."""
        self.ensure_one()
        try:
            return self.env['res.partner']._isp_normalise_fiscal_id(
                self.fiscal_id_type, self.fiscal_id, country)
        except ValidationError as error:
            raise UserError(error.name)

    @api.multi
    def _isp_duplicates(self):
        """Other customers (commercial entities) with the typed fiscal
        id."""
        self.ensure_one()
        Partner = self.env['res.partner']
        if not self.fiscal_id_type or not self.fiscal_id:
            return Partner
        try:
            number = fiscal_rules.validate(
                self.fiscal_id_type, self.fiscal_id)
        except fiscal_rules.InvalidFiscalId:
            number = fiscal_rules.compact(self.fiscal_id)
        found = Partner.search([
            ('isp_fiscal_id_type', '=', self.fiscal_id_type),
            ('isp_fiscal_id', '=', number),
        ])
        return found.mapped('commercial_partner_id') - \
            self._isp_customer()

    @api.multi
    def _isp_check_customer(self):
        self.ensure_one()
        if self.lead_id:
            # a lead given by the context: the user's own to read
            self.lead_id.check_access_rights('read')
            self.lead_id.check_access_rule('read')
        if self.customer_mode == CUSTOMER_EXISTING:
            if not self.partner_id:
                raise UserError(_(
                    'Choose the customer: search by name, customer code, '
                    'fiscal id, phone or e-mail, or choose "New customer" '
                    'to enter a new one.'))
            return True
        missing = []
        if not (self.new_name or '').strip():
            missing.append(_('the name'))
        if not self.new_country_id:
            missing.append(_('the country'))
        if not self.fiscal_id_type or not (self.fiscal_id or '').strip():
            missing.append(_('the fiscal id and its type'))
        if not (self.new_street or '').strip() or \
                not (self.new_city or '').strip():
            missing.append(_('the address (street and city)'))
        if missing:
            raise UserError(_(
                'To create the new customer enter %s.') % ', '.join(missing))
        self._isp_normalised_fiscal_id(self.new_country_id)
        duplicates = self._isp_duplicates()
        if duplicates:
            raise UserError(_(
                'The fiscal id %(number)s is already the fiscal id of '
                '%(customers)s: choose "Existing customer" and select it '
                'instead of creating the customer twice.') % {
                    'number': self.fiscal_id,
                    'customers': ', '.join(
                        partner._isp_label() for partner in duplicates),
                })
        return True

    # ------------------------------------------------------------------
    # step 2: tariff and payment
    # ------------------------------------------------------------------

    @api.multi
    def _isp_valid_campaigns(self):
        """The campaigns valid on the start date for the tariff."""
        self.ensure_one()
        Campaign = self.env['isp.campaign']
        if not self.product_tmpl_id or not self.date_start:
            return Campaign
        return Campaign._isp_get_valid_campaigns(
            self.date_start, products=self.product_tmpl_id,
            company=self.company_id)

    @api.model
    def _isp_sales_team(self):
        """The sales channel of the agent using the wizard (read as
        superuser: an agent may not be allowed to read the channels)."""
        return self.env.user.sudo().sale_team_id.sudo(self.env.uid)

    @api.model
    def _isp_payment_modes(self, method):
        """The inbound payment modes of ``method``: those that need a
        mandate for direct debit, the others for a transfer or a card."""
        modes = self.env['account.payment.mode'].search([
            ('payment_type', '=', 'inbound'),
            ('company_id', '=', self.env.user.company_id.id),
        ])
        debit = modes.filtered(self._isp_mode_needs_mandate)
        if method == PAY_DIRECT_DEBIT:
            return debit
        return modes - debit

    @api.model
    def _isp_mode_needs_mandate(self, mode):
        """Whether ``mode`` collects by direct debit (payment methods are
        read as superuser: agents may not read them)."""
        return bool(mode.sudo().payment_method_id.mandate_required)

    @api.multi
    def _isp_check_tariff(self):
        self.ensure_one()
        template = self.product_tmpl_id
        if not template:
            raise UserError(_('Choose the tariff or the bundle.'))
        if not template.sale_ok or not (
                template.isp_is_bundle or (template.isp_service_type
                                           and template.isp_recurring)):
            raise UserError(_(
                '"%s" is not a tariff or a bundle of the catalog: choose '
                'another one.') % template.display_name)
        team = self._isp_sales_team()
        if not template._isp_sold_in_channel(team):
            if team:
                raise UserError(_(
                    '"%(tariff)s" is not sold in your sales channel '
                    '(%(channel)s): choose a tariff or a bundle of your '
                    'channel.') % {'tariff': template.display_name,
                                   'channel': team.sudo().name})
            raise UserError(_(
                '"%s" is sold only in some sales channels and you belong '
                'to none: choose a tariff or a bundle sold in every '
                'channel, or ask a manager to set your sales channel.')
                % template.display_name)
        if template.isp_is_bundle and not template.isp_bundle_line_ids:
            raise UserError(_(
                'The bundle "%s" has no tariffs: choose another one, or ask '
                'a manager to complete it.') % template.display_name)
        if template.company_id and template.company_id != self.company_id:
            raise UserError(_(
                '"%(tariff)s" belongs to %(company)s: choose a tariff of '
                'your company.') % {
                    'tariff': template.display_name,
                    'company': template.company_id.name})
        today = fields.Date.context_today(self)
        if not self.date_start or self.date_start < today:
            raise UserError(_(
                'The start date cannot be in the past: choose today or a '
                'later day.'))
        if self.campaign_id and \
                self.campaign_id not in self._isp_valid_campaigns():
            raise UserError(_(
                'The campaign "%(campaign)s" is not valid for "%(tariff)s" '
                'on %(date)s: choose another campaign or none.') % {
                    'campaign': self.campaign_id.name,
                    'tariff': template.display_name,
                    'date': self.date_start})
        if not period_rules.is_valid_cycle_day(self.billing_cycle_day):
            raise UserError(_(
                'A billing cycle day of %(day)s does not exist in every '
                'month: choose a day from %(min)s to %(max)s.') % {
                    'day': self.billing_cycle_day,
                    'min': period_rules.CYCLE_DAY_MIN,
                    'max': period_rules.CYCLE_DAY_MAX})
        if self.cycle_preset in PRESET_DAYS and \
                self.billing_cycle_day != PRESET_DAYS[self.cycle_preset]:
            raise UserError(_(
                'The billing cycle "%(preset)s" starts on day %(day)s: '
                'choose "Another day" to bill from day %(chosen)s.') % {
                    'preset': dict(self._fields['cycle_preset'].
                                   _description_selection(self.env))[
                                       self.cycle_preset],
                    'day': PRESET_DAYS[self.cycle_preset],
                    'chosen': self.billing_cycle_day})
        mode = self.payment_mode_id
        if self.payment_method == PAY_DIRECT_DEBIT:
            if not mode or not self._isp_mode_needs_mandate(mode):
                raise UserError(_(
                    'Choose a direct debit payment mode (one that collects '
                    'with a mandate).'))
        elif mode and self._isp_mode_needs_mandate(mode):
            raise UserError(_(
                'The payment mode "%s" collects by direct debit: choose '
                '"Direct debit" as the payment method, or another payment '
                'mode.') % mode.name)
        if mode and mode.company_id and mode.company_id != self.company_id:
            raise UserError(_(
                'The payment mode "%s" belongs to another company: choose '
                'one of your company.') % mode.name)
        return True

    # ------------------------------------------------------------------
    # step 3: fiscal and bank data
    # ------------------------------------------------------------------

    @api.multi
    def _isp_prepare_bank(self):
        self.ensure_one()
        customer = self._isp_customer()
        if customer and not self.fiscal_id and customer.isp_fiscal_id:
            self.fiscal_id_type = customer.isp_fiscal_id_type
            self.fiscal_id = customer.isp_fiscal_id
        if not self.journal_id and customer.isp_journal_id:
            self.journal_id = customer.isp_journal_id
        if self.iban and not self.bic:
            self._onchange_iban()
        return True

    @api.multi
    def _isp_checked_iban(self):
        """``(iban, bic)`` compacted, checked by isp_crm's rules; the BIC
        is the IBAN's bank's when none is typed and the registry knows
        it. ``(False, False)`` without IBAN."""
        self.ensure_one()
        Bank = self.env['res.partner.bank']
        if not (self.iban or '').strip():
            return False, False
        try:
            iban = Bank._isp_validate_iban(self.iban)
            bic = False
            if (self.bic or '').strip():
                bic = Bank._isp_validate_bic(self.bic, iban[:2])
            else:
                bic = bank_rules.bic_of_iban(iban) or False
        except ValidationError as error:
            raise UserError(error.name)
        return iban, bic

    @api.multi
    def _isp_check_bank(self):
        self.ensure_one()
        customer = self._isp_customer()
        country = customer.country_id if customer else self.new_country_id
        if customer and customer.isp_fiscal_id and (
                self.fiscal_id_type != customer.isp_fiscal_id_type
                or fiscal_rules.compact(self.fiscal_id)
                != customer.isp_fiscal_id):
            raise UserError(_(
                '%(customer)s has the fiscal id %(number)s: it cannot be '
                'changed from a contract. Correct it on the customer if it '
                'is wrong.') % {
                    'customer': customer.display_name,
                    'number': customer.isp_fiscal_id})
        if not self.fiscal_id_type or not (self.fiscal_id or '').strip():
            raise UserError(_(
                'Enter the fiscal id of the customer and its type: the '
                'contract needs it.'))
        self._isp_normalised_fiscal_id(country)
        duplicates = self._isp_duplicates()
        if customer and not customer.isp_fiscal_id and duplicates:
            raise UserError(_(
                'The fiscal id %(number)s is already the fiscal id of '
                '%(customers)s: check it with the customer; if it is the '
                'same person, make the contract for that customer.') % {
                    'number': self.fiscal_id,
                    'customers': ', '.join(
                        partner._isp_label() for partner in duplicates),
                })
        if self.partner_invoice_id and customer and \
                self.partner_invoice_id.commercial_partner_id != customer:
            raise UserError(_(
                'The invoice address %(address)s is not an address of '
                '%(customer)s: choose one of the customer\'s addresses.') % {
                    'address': self.partner_invoice_id.display_name,
                    'customer': customer.display_name})
        iban, bic = self._isp_checked_iban()
        if bic and not self.bic:
            self.bic = bic
        if iban:
            # read as superuser: the account may be one the user cannot see
            others = self.env['res.partner.bank'].sudo().search([
                ('sanitized_acc_number', '=', iban),
                ('company_id', 'in', (False, self.company_id.id)),
            ]).filtered(lambda account: account.partner_id.
                        commercial_partner_id != customer)
            if others:
                raise UserError(_(
                    'The IBAN %s is already the account of another partner: '
                    'check it with the customer, or ask the back office to '
                    'move the account.') % self.iban)
        if self.payment_method == PAY_DIRECT_DEBIT and not iban:
            raise UserError(_(
                'Direct debit needs the IBAN of the customer\'s account: '
                'enter it (the BIC is found from it when the bank is '
                'known).'))
        if self.journal_id and (self.journal_id.type != 'sale' or (
                self.journal_id.company_id != self.company_id)):
            raise UserError(_(
                'The invoicing series "%s" is not a sales journal of your '
                'company: choose another one.') % self.journal_id.name)
        return True

    # ------------------------------------------------------------------
    # step 4: line counts
    # ------------------------------------------------------------------

    @api.multi
    def _isp_prepare_counts(self):
        """One count line per tariff of the bundle (its default quantity),
        or one for a tariff sold alone; kept while the tariff stays the
        same."""
        self.ensure_one()
        template = self.product_tmpl_id
        if self.counts_product_tmpl_id == template and self.count_line_ids:
            return True
        commands = [(5, 0, 0)]
        if template.isp_is_bundle:
            for line in template.isp_bundle_line_ids:
                commands.append((0, 0, {
                    'sequence': line.sequence,
                    'product_id': line.product_id.id,
                    'qty': line.qty_default,
                    'qty_min': line.qty_min,
                    'qty_max': line.qty_max,
                    'optional': line.optional,
                }))
        else:
            commands.append((0, 0, {
                'product_id': template.product_variant_id.id,
                'qty': 1, 'qty_min': 1, 'qty_max': 0,
            }))
        self.write({
            'count_line_ids': commands,
            'counts_product_tmpl_id': template.id,
            'bundle_rules_text': self._isp_bundle_rules_text(),
        })
        return True

    @api.multi
    def _isp_bundle_rules_text(self):
        """What the bundle allows, one tariff a line."""
        self.ensure_one()
        template = self.product_tmpl_id
        if not template.isp_is_bundle:
            return False
        lines = []
        for line in template.isp_bundle_line_ids:
            lines.append(_(
                '%(tariff)s: from %(min)s to %(max)s%(optional)s') % {
                    'tariff': line.product_id.display_name,
                    'min': line.qty_min, 'max': line.qty_max,
                    'optional': _(' (optional)') if line.optional else ''})
        return '\n'.join(lines)

    @api.multi
    def _isp_counts(self):
        """Quantity per product id of the count lines."""
        self.ensure_one()
        counts = {}
        for line in self.count_line_ids:
            counts[line.product_id.id] = counts.get(
                line.product_id.id, 0) + line.qty
        return counts

    @api.multi
    def _isp_check_counts(self):
        self.ensure_one()
        if self.counts_product_tmpl_id != self.product_tmpl_id:
            self._isp_prepare_counts()
        negative = self.count_line_ids.filtered(lambda l: l.qty < 0)
        if negative:
            raise UserError(_(
                'A number of lines cannot be negative: correct %s.')
                % ', '.join(negative.mapped('product_id.display_name')))
        template = self.product_tmpl_id
        counts = self._isp_counts()
        if not template.isp_is_bundle:
            if sum(counts.values()) < 1:
                raise UserError(_(
                    'The contract needs at least one line of "%s".')
                    % template.display_name)
            return True
        violations = bundle_rules.check_counts(
            template._isp_bundle_rules(), counts)
        if not violations:
            return True
        templates = {
            bundle_rules.MISSING: _(
                '"%(component)s" is required by the bundle "%(bundle)s": '
                'add at least %(qty_min)s.'),
            bundle_rules.BELOW_MIN: _(
                '"%(component)s": the contract has %(count)s, the bundle '
                '"%(bundle)s" needs at least %(qty_min)s.'),
            bundle_rules.ABOVE_MAX: _(
                '"%(component)s": the contract has %(count)s, the bundle '
                '"%(bundle)s" allows at most %(qty_max)s.'),
            bundle_rules.NOT_IN_BUNDLE: _(
                '"%(component)s" is not part of the bundle "%(bundle)s": '
                'remove it or choose another bundle.'),
        }
        Product = self.env['product.product']
        messages = []
        for code, params in violations:
            values = dict(params)
            values['component'] = Product.browse(
                params['component']).display_name
            values['bundle'] = template.display_name
            messages.append(templates[code] % values)
        raise UserError('\n'.join(
            messages + ['', _('The bundle allows:'),
                        self._isp_bundle_rules_text()]))

    # ------------------------------------------------------------------
    # step 5: migration
    # ------------------------------------------------------------------

    @api.multi
    def _isp_live_subscriptions(self):
        """The customer's live services (read as superuser: agents have
        no access to subscriptions; the customer was checked first)."""
        self.ensure_one()
        customer = self._isp_customer()
        if not customer:
            return self.env['isp.subscription']
        return self.env['isp.subscription'].sudo().search([
            ('partner_id', 'child_of', customer.id),
            ('state', 'in', LIVE_STATES),
        ], order='id')

    @api.multi
    def _isp_prepare_migration(self):
        """One line per live service of an existing customer, kept while
        the customer stays the same."""
        self.ensure_one()
        subscriptions = self._isp_live_subscriptions()
        current = self.migration_line_ids.mapped('subscription_id')
        commands = [(2, line.id) for line in self.migration_line_ids
                    if line.subscription_id not in subscriptions]
        for subscription in subscriptions - current:
            commands.append((0, 0, {
                'subscription_id': subscription.id,
                'product_id': subscription.product_id.id,
                'date_start': subscription.date_start,
            }))
        if commands or self.migration_applicable != bool(subscriptions):
            self.write({
                'migration_line_ids': commands,
                'migration_applicable': bool(subscriptions),
            })
        self._isp_update_migration_amounts()
        return True

    @api.multi
    def _isp_update_migration_amounts(self):
        """The penalty and the refund of each replaced service at the
        change date, by isp_billing's migration rules."""
        self.ensure_one()
        Credit = self.env['isp.subscription.credit'].sudo()
        for line in self.migration_line_ids:
            subscription = line.subscription_id.sudo()
            penalty = refund = 0.0
            if line.replace and self.date_start and (
                    not subscription.date_start
                    or subscription.date_start < self.date_start):
                product = subscription.product_id.product_tmpl_id
                penalty = product._isp_early_termination_penalty(
                    subscription.date_start, self.date_start,
                    currency=subscription.company_id.currency_id) \
                    if subscription.date_start else 0.0
                refund = sum(item['amount'] for item in
                             Credit._refundable_items(
                                 subscription, self.date_start))
            line.write({'penalty_amount': penalty,
                        'refund_amount': refund})
        return True

    @api.multi
    def _isp_check_migration(self):
        self.ensure_one()
        if not self.migration_applicable:
            return True
        self._isp_update_migration_amounts()
        replaced = self.migration_line_ids.filtered('replace')
        for line in replaced:
            subscription = line.subscription_id.sudo()
            if subscription.date_start and \
                    self.date_start <= subscription.date_start:
                raise UserError(_(
                    'The change date must be after %(date)s, the activation '
                    'date of %(service)s: choose a later change date.') % {
                        'date': subscription.date_start,
                        'service': subscription.display_name})
        waived = replaced.filtered(lambda line: not line.apply_penalty)
        if waived:
            if not self.env.user.has_group(WAIVER_GROUP):
                names = waived.mapped('subscription_id').sudo().mapped(
                    'display_name')
                raise UserError(_(
                    'Only an ISP manager can waive an early-termination '
                    'penalty: tick "Charge penalty" on %s, or ask a '
                    'manager.') % ', '.join(names))
            if not (self.waiver_reason or '').strip():
                raise UserError(_(
                    'Write why the early-termination penalty is waived.'))
        return True

    # ------------------------------------------------------------------
    # step 6: service data
    # ------------------------------------------------------------------

    @api.multi
    def _isp_prepare_services(self):
        """One service line per unit of each tariff, the data already typed
        kept (same tariff, same unit)."""
        self.ensure_one()
        existing = {(line.product_id.id, line.index): line
                    for line in self.service_line_ids}
        keep = self.env['isp.contract.wizard.service']
        commands = []
        sequence = 0
        for count in self.count_line_ids:
            product = count.product_id
            if product.isp_service_type in NO_DATA_TYPES:
                continue
            for index in range(1, max(count.qty, 0) + 1):
                sequence += 1
                line = existing.get((product.id, index))
                if line:
                    keep |= line
                    if line.sequence != sequence:
                        commands.append(
                            (1, line.id, {'sequence': sequence}))
                    continue
                name = product.display_name if count.qty == 1 else \
                    '%s (%s)' % (product.display_name, index)
                values = {
                    'sequence': sequence,
                    'index': index,
                    'product_id': product.id,
                    'name': name,
                    'number_mode': NUMBER_NEW if product.isp_service_type
                    in NUMBERED_TYPES else NUMBER_NONE,
                }
                if product.isp_service_type == 'fibre':
                    # installed at the customer's address unless changed
                    values.update(self._isp_customer_address())
                commands.append((0, 0, values))
        commands += [(2, line.id) for line in self.service_line_ids - keep]
        if commands:
            self.write({'service_line_ids': commands})
        return True

    @api.multi
    def _isp_customer_address(self):
        """The installation address fields of the customer's address."""
        self.ensure_one()
        customer = self._isp_customer()
        if customer:
            street, zip_code, city = (
                customer.street, customer.zip, customer.city)
        else:
            street, zip_code, city = (
                self.new_street, self.new_zip, self.new_city)
        return {'install_street': street or False,
                'install_zip': zip_code or False,
                'install_city': city or False}

    @api.model
    def _isp_icc_error(self, value):
        """Why ``value`` is not an ICC (a translated reason), or None."""
        try:
            from ..rules import icc as icc_rules
        except ImportError:  # pragma: no cover (rules of the documents)
            return None
        try:
            icc_rules.validate(value)
        except icc_rules.InvalidIcc as error:
            return {
                icc_rules.ERROR_FORMAT: _('it must contain only digits'),
                icc_rules.ERROR_LENGTH: _('it must have 19 or 20 digits'),
                icc_rules.ERROR_PREFIX: _('it must start with 89'),
                icc_rules.ERROR_CHECKSUM: _(
                    'its check digit does not match: check it was typed as '
                    'printed on the card'),
            }.get(error.code, _('it is empty'))
        return None

    @api.multi
    def _isp_check_services(self):
        self.ensure_one()
        country = self.company_id.country_id.code
        for line in self.service_line_ids:
            label = line.name or line.product_id.display_name
            kind = line.product_id.isp_service_type
            if kind in NUMBERED_TYPES and line.number_mode == NUMBER_NONE:
                raise UserError(_(
                    '%s: choose a new number or a portability.') % label)
            if line.number_mode == NUMBER_PORTABILITY:
                missing = []
                if not (line.port_donor_operator or '').strip():
                    missing.append(_('the donor operator'))
                if not (line.port_number or '').strip():
                    missing.append(_('the number to port'))
                if not (line.port_icc or '').strip():
                    missing.append(_('the ICC of the SIM at the donor'))
                if missing:
                    raise UserError(_(
                        '%(line)s: a portability needs %(missing)s. Fill '
                        'them in or choose a new number.') % {
                            'line': label, 'missing': ', '.join(missing)})
            iccs = [(line.sim_icc, _('the SIM ICC'))]
            if line.number_mode == NUMBER_PORTABILITY:
                iccs.insert(0, (line.port_icc, _('the ICC at the donor')))
            for value, what in iccs:
                reason = value and self._isp_icc_error(value)
                if reason:
                    raise UserError(_(
                        '%(line)s: %(what)s %(value)s is not valid: '
                        '%(reason)s.') % {'line': label, 'what': what,
                                          'value': value, 'reason': reason})
            if line.holder_change:
                if not (line.holder_name or '').strip() or \
                        not (line.holder_vat or '').strip():
                    raise UserError(_(
                        '%s: a holder change needs the name and the fiscal '
                        'id of the current holder.') % label)
                if not fiscal_rules.fiscal_id_of_vat(
                        line.holder_vat, country_code=country):
                    raise UserError(_(
                        '%(line)s: %(vat)s is not a valid fiscal id of the '
                        'current holder: check the number and its check '
                        'digit.') % {'line': label, 'vat': line.holder_vat})
            if kind == 'fibre':
                if not (line.install_street or '').strip() or \
                        not (line.install_city or '').strip():
                    raise UserError(_(
                        '%s: enter the installation address (street and '
                        'city).') % label)
                if line.install_coverage == COVERAGE_NOT_COVERED:
                    raise UserError(_(
                        '%s: the installation address is not covered: '
                        'choose another address or another tariff.')
                        % label)
        return True

    # ------------------------------------------------------------------
    # step 7: summary and price preview
    # ------------------------------------------------------------------

    @api.multi
    def _isp_prepare_summary(self):
        self.ensure_one()
        self._isp_update_preview()
        return True

    @api.multi
    def _isp_check_summary(self):
        return True

    @api.multi
    def _isp_draft_order(self, partner=None):
        """The contract in memory (``new``), with what Odoo's form gives a
        quotation of ``partner`` (pricelist, addresses, payment term,
        fiscal position), to price its lines as the contract will be
        (without a customer yet: the company's default pricelist)."""
        self.ensure_one()
        Order = self.env['sale.order']
        if partner is None:
            partner = self._isp_customer()
        values = self._prepare_sale_order_values(partner)
        if partner:
            draft = Order.new(values)
            draft.onchange_partner_id()
            draft.onchange_partner_shipping_id()
            values.update(draft._convert_to_write({
                name: draft[name] for name in ORDER_ONCHANGE_FIELDS}))
            # the contract is the agent's, whoever follows the customer
            values['user_id'] = self.env.uid
        if not values.get('pricelist_id'):
            values['pricelist_id'] = self.env['product.pricelist'].search(
                [('company_id', 'in', (False, self.company_id.id))],
                limit=1).id
        return Order.new(values), values

    @api.model
    def _isp_priced_line_values(self, order, product, qty):
        """Values of an order line of ``order`` for ``qty`` units of
        ``product``, priced like a line typed by hand (isp_crm's
        bundles do the same)."""
        line = self.env['sale.order.line'].new({
            'order_id': order,
            'product_id': product.id,
            'product_uom': product.uom_id.id,
            'product_uom_qty': qty,
        })
        line.product_id_change()
        line.product_uom_qty = qty
        if not order.partner_id and order.pricelist_id:
            # Odoo prices a line only once the order has a customer: a new
            # customer is priced by the default pricelist, as Odoo would
            product = product.with_context(
                quantity=qty, date=order.date_order,
                pricelist=order.pricelist_id.id, uom=line.product_uom.id)
            line.price_unit = self.env['account.tax'].\
                _fix_tax_included_price_company(
                    line._get_display_price(product), product.taxes_id,
                    line.tax_id, line.company_id)
        return line

    @api.multi
    def _isp_preview_lines(self):
        """``[(count line, price_unit, discount, taxes)]`` of the
        contract's lines, the campaign applied."""
        self.ensure_one()
        order = self._isp_draft_order()[0]
        campaign = self.campaign_id
        covered = campaign._isp_covered_templates() if campaign else None
        result = []
        for count in self.count_line_ids.filtered(lambda c: c.qty > 0):
            line = self._isp_priced_line_values(
                order, count.product_id, count.qty)
            price, discount = line.price_unit, line.discount
            if campaign and count.product_id.product_tmpl_id in covered:
                values = campaign._prepare_order_line_values(line)
                price = values['price_unit']
                discount = values['discount']
            result.append((count, price, discount, line.tax_id))
        return result, order

    @api.multi
    def _isp_update_preview(self):
        """The monthly amount, the first invoice prorated from the start
        date to the end of its billing period (isp_billing's proration),
        the migration's penalties and credit, the commitment end."""
        self.ensure_one()
        currency = self.company_id.currency_id
        lines, order = self._isp_preview_lines()
        partner = order.partner_id
        untaxed = total = first = 0.0
        period = period_rules.period_of(
            self.date_start, self.billing_cycle_day)
        for count, price, discount, taxes in lines:
            product = count.product_id
            net = price * (1 - (discount or 0.0) / 100.0)
            amounts = taxes.compute_all(
                net, currency, count.qty, product=product, partner=partner)
            recurring = product.isp_recurring and \
                product.isp_service_type not in ('equipment', 'installation')
            values = {'price_unit': price, 'discount': discount or 0.0,
                      'price_total': amounts['total_included']}
            if any(count[name] != value for name, value in values.items()):
                count.write(values)
            if recurring:
                untaxed += amounts['total_excluded']
                total += amounts['total_included']
                prorated = period_rules.prorated_amount(
                    net, period, self.date_start, rounding=currency.round)
                first += taxes.compute_all(
                    prorated, currency, count.qty, product=product,
                    partner=partner)['total_included']
            else:
                first += amounts['total_included']
        templates = self.product_tmpl_id | self.count_line_ids.filtered(
            lambda c: c.qty > 0).mapped('product_id.product_tmpl_id')
        ends = [end for end in (
            template._isp_commitment_end(self.date_start)
            for template in templates) if end]
        replaced = self.migration_line_ids.filtered('replace')
        self.write({
            'amount_untaxed': currency.round(untaxed),
            'amount_total': currency.round(total),
            'amount_first_invoice': currency.round(first),
            'amount_migration_penalty': currency.round(sum(
                replaced.filtered('apply_penalty').mapped(
                    'penalty_amount'))),
            'amount_migration_credit': currency.round(sum(
                replaced.mapped('refund_amount'))),
            'date_commitment_end': max(ends) if ends else False,
        })
        return True

    # ------------------------------------------------------------------
    # create
    # ------------------------------------------------------------------

    @api.multi
    def _isp_create_contract(self):
        """Everything the contract needs, in order; the caller's savepoint
        undoes it all when one part fails."""
        self.ensure_one()
        partner = self._isp_create_customer()
        bank_account = self._isp_create_bank_account(partner)
        mandate = self._isp_create_mandate(bank_account)
        draft, values = self._isp_draft_order(partner)
        values.update(self._prepare_sale_order_header_values(
            partner, bank_account, mandate))
        values['order_line'] = [
            (0, 0, line) for line in
            self._prepare_sale_order_line_values(draft)]
        # what the order's create would write right after (one write and
        # a read of its lines less)
        values.update(self._prepare_sale_order_extra_values())
        order = self.env['sale.order'].with_context(
            **CREATE_MAIL_CONTEXT).create(values).with_env(self.env)
        self._isp_log_creation(order, _(
            'Contract created with the contracting wizard.'))
        if self.customer_mode == CUSTOMER_NEW:
            self._isp_log_creation(partner, _(
                'Customer created with the contracting wizard for the '
                'contract %s.') % order.name)
        if mandate:
            self._isp_log_creation(mandate, _(
                'Mandate created with the contracting wizard for the '
                'contract %s.') % order.name)
        if order.isp_campaign_id:
            order.action_isp_apply_campaign()
        self._isp_create_services(order)
        migration = self._isp_create_migration(order)
        self.write({'mandate_id': mandate.id, 'migration_id': migration.id})
        return order

    @api.model
    def _isp_log_creation(self, record, body):
        """One note in ``record``'s chatter saying how it was created (by
        the user, notifying nobody, as Odoo's creation log), in place of
        the log and first values' tracking that CREATE_MAIL_CONTEXT leaves
        out. Posted as superuser: the user made the record."""
        author = self.env.user.partner_id
        return record.sudo().message_post(
            body=body, author_id=author.id,
            email_from=self.env['mail.message']._get_default_from())

    @api.multi
    def _prepare_new_customer_values(self):
        self.ensure_one()
        return {
            'name': self.new_name.strip(),
            'is_company': self.new_is_company,
            'customer': True,
            'email': self.new_email or False,
            'phone': self.new_phone or False,
            'mobile': self.new_mobile or False,
            'street': self.new_street or False,
            'zip': self.new_zip or False,
            'city': self.new_city or False,
            'country_id': self.new_country_id.id,
            'isp_fiscal_id_type': self.fiscal_id_type,
            'isp_fiscal_id': self.fiscal_id,
            'isp_journal_id': self.journal_id.id,
        }

    @api.multi
    def _isp_create_customer(self):
        """The customer of the contract: the new one created, or the
        existing one (its fiscal id and invoicing series filled in when it
        had none)."""
        self.ensure_one()
        Partner = self.env['res.partner']
        if self.customer_mode == CUSTOMER_NEW:
            context = dict(CREATE_MAIL_CONTEXT)
            context[STRICT_IBAN_CONTEXT] = True
            partner = Partner.with_context(**context).create(
                self._prepare_new_customer_values()).with_env(self.env)
            if self.lead_id and not self.lead_id.partner_id:
                self.lead_id.partner_id = partner
            return partner
        customer = self._isp_customer()
        values = {}
        if not customer.isp_fiscal_id:
            values.update(isp_fiscal_id_type=self.fiscal_id_type,
                          isp_fiscal_id=self.fiscal_id)
        if self.journal_id and self.journal_id != customer.isp_journal_id:
            values['isp_journal_id'] = self.journal_id.id
        if values:
            customer.write(values)
        return customer

    @api.multi
    def _isp_create_bank_account(self, partner):
        """The customer's account with the IBAN: found, or created with
        isp_crm's strict IBAN and BIC rules."""
        self.ensure_one()
        iban, bic = self._isp_checked_iban()
        Bank = self.env['res.partner.bank']
        if not iban:
            return Bank
        for account in partner.commercial_partner_id.bank_ids:
            if bank_rules.compact(account.acc_number) == iban:
                return account
        values = {
            'acc_number': iban,
            'partner_id': partner.commercial_partner_id.id,
        }
        if bic:
            values['bank_bic'] = bic
        # as superuser: agents may not manage bank accounts (the wizard's
        # group was checked); isp_crm's strict IBAN and BIC rules apply
        account = Bank.sudo().with_context(**{
            STRICT_IBAN_CONTEXT: True}).create(values)
        return account.sudo(self.env.uid)

    @api.multi
    def _prepare_mandate_values(self, bank_account):
        self.ensure_one()
        values = {
            'partner_bank_id': bank_account.id,
            'company_id': self.company_id.id,
            'format': 'basic',
            'state': 'draft',
        }
        Mandate = self.env['account.banking.mandate']
        if 'scheme' in Mandate._fields:
            values.update(type='recurrent', recurrent_sequence_type='first',
                          scheme='CORE')
        return values

    @api.multi
    def _isp_create_mandate(self, bank_account):
        """A draft mandate for the IBAN when the customer pays by direct
        debit; it becomes valid when the customer signs. Created as
        superuser: agents may not manage mandates (the wizard's group was
        checked)."""
        self.ensure_one()
        Mandate = self.env['account.banking.mandate']
        if self.payment_method != PAY_DIRECT_DEBIT:
            return Mandate
        mandate = Mandate.sudo().with_context(
            **CREATE_MAIL_CONTEXT).create(
                self._prepare_mandate_values(bank_account))
        return mandate.with_env(self.env)

    @api.multi
    def _prepare_sale_order_values(self, partner=None):
        self.ensure_one()
        partner = partner if partner is not None else self._isp_customer()
        return {
            'partner_id': partner.id,
            'user_id': self.env.uid,
            'company_id': self.company_id.id,
            # an ISP contract: it goes through the intake to activation
            'isp_is_contract': True,
        }

    @api.multi
    def _prepare_sale_order_header_values(self, partner, bank_account,
                                          mandate):
        self.ensure_one()
        values = {
            'isp_bundle_id': self.product_tmpl_id.id
            if self.product_tmpl_id.isp_is_bundle else False,
            'isp_campaign_id': self.campaign_id.id,
            'isp_billing_cycle_day': self.billing_cycle_day,
            'isp_billing_mode': self.billing_mode,
            'isp_payment_mode_id': self.payment_mode_id.id,
            'isp_mandate_id': mandate.id,
            'isp_bank_account_id': bank_account.id,
        }
        if self.partner_invoice_id:
            values['partner_invoice_id'] = self.partner_invoice_id.id
        return values

    @api.multi
    def _prepare_sale_order_extra_values(self):
        """The contract's lead, and its conditions (those of an offer of
        its lines, else the general ones), as the order's create would
        set them (isp_contract_wizard's sale.order.create)."""
        self.ensure_one()
        values = {}
        Order = self.env['sale.order']
        if self.lead_id and 'opportunity_id' in Order._fields:
            values['opportunity_id'] = self.lead_id.id
        if 'isp_condition_id' in Order._fields:
            templates = self.count_line_ids.filtered(
                lambda c: c.qty > 0).mapped('product_id.product_tmpl_id')
            values['isp_condition_id'] = self.env[
                'isp.contract.condition']._find_for(
                    templates, self.company_id).id
        return values

    @api.multi
    def _prepare_sale_order_line_values(self, order):
        self.ensure_one()
        result = []
        for count in self.count_line_ids.filtered(lambda c: c.qty > 0):
            line = self._isp_priced_line_values(
                order, count.product_id, count.qty)
            values = line._convert_to_write(
                {name: line[name] for name in line._cache})
            values['product_uom_qty'] = count.qty
            values.pop('order_id', None)
            result.append(values)
        return result

    @api.multi
    def _isp_create_services(self, order):
        """One isp.contract.service per service line of step 6."""
        self.ensure_one()
        if 'isp.contract.service' not in self.env:
            return True
        Service = self.env['isp.contract.service']
        data_fields = self.env['isp.contract.wizard.service']._data_fields()
        commands = []
        for line in self.service_line_ids:
            sale_line = order.order_line.filtered(
                lambda l, product=line.product_id: l.product_id == product)
            values = {
                'sale_line_id': sale_line[:1].id,
                'product_id': line.product_id.id,
                'sequence': line.sequence,
                'name': line.name,
            }
            for name in data_fields:
                if name in Service._fields:
                    values[name] = line._fields[name].convert_to_write(
                        line[name], line)
            commands.append((0, 0, values))
        if commands:
            # in one pass: their computed fields are stored once for all
            order.write({'isp_service_detail_ids': commands})
        return True

    @api.multi
    def _isp_create_migration(self, order):
        """The migration of the replaced services to the new contract
        (draft: the back office confirms it). Created as superuser: agents
        have no access to migrations (the wizard's group, and the waiver's,
        were checked)."""
        self.ensure_one()
        Migration = self.env['isp.migration']
        replaced = self.migration_line_ids.filtered('replace')
        if not self.migration_applicable or not replaced:
            return Migration
        migration = Migration.sudo().create({
            'partner_id': self._isp_customer().id,
            'company_id': self.company_id.id,
            'date': self.date_start,
            'order_id': order.id,
            'line_ids': [(0, 0, {
                'subscription_id': line.subscription_id.id,
                'apply_penalty': line.apply_penalty,
                'refund': True,
            }) for line in replaced],
        })
        migration._update_preview()
        if replaced.filtered(lambda line: not line.apply_penalty):
            migration.message_post(body=_(
                'Early-termination penalty waived by %(user)s: %(reason)s')
                % {'user': self.env.user.name,
                   'reason': self.waiver_reason})
        return migration

    # ------------------------------------------------------------------
    # after create: signature and print
    # ------------------------------------------------------------------

    @api.multi
    def _isp_created_order(self):
        self._isp_check_access()
        if self.step != STEP_DONE or not self.order_id:
            raise UserError(_('Create the contract first.'))
        return self.order_id

    @api.model
    def _isp_esign_request(self, order, channel):
        """The contract's pending signature request, or a new one sent by
        ``channel`` (None: by e-mail or SMS, as the signer can receive
        it), through the order's own action."""
        pending = order.esign_request_ids.filtered(
            lambda request: request.state in ('draft', 'sent', 'opened'))
        if pending:
            return pending[0]
        context = {'esign_channel': channel} if channel else {}
        action = order.with_context(**context).action_esign_request()
        return self.env['isp.esign.request'].browse(action['res_id'])

    @api.model
    def _isp_order_action(self, order):
        return {
            'type': 'ir.actions.act_window',
            'name': _('Contract'),
            'res_model': 'sale.order',
            'res_id': order.id,
            'view_mode': 'form',
            'target': 'current',
        }

    @api.model
    def _isp_print_action(self, order):
        """The contract's documents report (the quotation's when the
        contract documents are not installed)."""
        order.check_access_rights('read')
        order.check_access_rule('read')
        report = self.env.ref(
            'isp_contract_wizard.action_report_isp_contract',
            raise_if_not_found=False) or self.env.ref(
                'sale.action_report_saleorder')
        return report.report_action(order)
