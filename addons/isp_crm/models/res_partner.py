# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""ISP data of a partner: customer code, customer state, fiscal identity,
invoicing series, and the deletion guard.

The ISP data belongs to the *commercial entity* (``commercial_partner_id``:
the company, or the person without a company), like Odoo's ``vat``:

* the customer state, the fiscal id and the invoicing series are commercial
  fields: Odoo copies them from the entity to its contacts and keeps them in
  sync (the form shows them read-only on contacts);
* the customer code is given only to the entity and is never copied to its
  contacts (it is unique); a contact shows its entity's code in
  ``isp_commercial_customer_code``. Code that prints or matches a customer
  code reads ``partner.commercial_partner_id.isp_customer_code``.
"""
import collections

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq

from ..rules import fiscal_id as fiscal_rules
from .res_partner_bank import STRICT_IBAN_CONTEXT

CUSTOMER_STATE_PROSPECT = 'prospect'
CUSTOMER_STATE_CUSTOMER = 'customer'
CUSTOMER_STATE_FORMER = 'former'
CUSTOMER_STATES = [
    (CUSTOMER_STATE_PROSPECT, 'Prospect'),
    (CUSTOMER_STATE_CUSTOMER, 'Customer'),
    (CUSTOMER_STATE_FORMER, 'Former customer'),
]
FISCAL_ID_TYPE_SELECTION = [
    (code, label) for code, label, _country in fiscal_rules.FISCAL_ID_TYPES]

# states that hold a customer code (a former customer keeps its code; one
# recorded directly as former, e.g. imported, was a customer once)
CUSTOMER_STATES_WITH_CODE = (CUSTOMER_STATE_CUSTOMER, CUSTOMER_STATE_FORMER)
CUSTOMER_CODE_SEQUENCE = 'isp.customer.code'
# how many documents a deletion reason names before "..."
DELETION_REASON_MAX_NAMES = 5


class ResPartner(models.Model):
    _inherit = 'res.partner'

    isp_customer_code = fields.Char(
        string='Customer code', readonly=True, copy=False, index=True,
        track_visibility='onchange',
        help='Given once, from the sequence "ISP customer code", when the '
             'partner becomes a customer; never changed. The customer uses '
             'it with the fiscal id at the first access to the portal.')
    isp_commercial_customer_code = fields.Char(
        related='commercial_partner_id.isp_customer_code', readonly=True,
        string='Customer code of the holder')
    isp_customer_state = fields.Selection(
        CUSTOMER_STATES, string='Customer state', required=True,
        default=CUSTOMER_STATE_PROSPECT, index=True,
        track_visibility='onchange')
    isp_fiscal_id_type = fields.Selection(
        FISCAL_ID_TYPE_SELECTION, string='Fiscal id type',
        track_visibility='onchange')
    isp_fiscal_id = fields.Char(
        string='Fiscal id', index=True, copy=False,
        track_visibility='onchange',
        help='Stored without spaces, dots or dashes, in upper case, once its '
             'check digits are verified for its type.')
    isp_fiscal_id_duplicate_ids = fields.Many2many(
        'res.partner', string='Same fiscal id',
        relation='isp_res_partner_fiscal_id_duplicate_rel',
        column1='partner_id', column2='duplicate_id',
        compute='_compute_isp_fiscal_id_duplicate_ids')
    isp_fiscal_id_duplicate = fields.Boolean(
        string='Duplicate fiscal id',
        compute='_compute_isp_fiscal_id_duplicate_ids',
        search='_search_isp_fiscal_id_duplicate')
    isp_journal_id = fields.Many2one(
        'account.journal', string='Invoicing series',
        domain=[('type', '=', 'sale')], ondelete='restrict',
        help='Sales journal of this customer\'s invoices. Empty: the '
             'default sales journal.')

    _sql_constraints = [
        ('isp_customer_code_unique', 'unique(isp_customer_code)',
         'Another partner already has this customer code.'),
    ]

    # --- computes -----------------------------------------------------------
    @api.depends('isp_fiscal_id', 'isp_fiscal_id_type',
                 'commercial_partner_id')
    def _compute_isp_fiscal_id_duplicate_ids(self):
        for partner in self:
            duplicates = self.browse()
            if partner.isp_fiscal_id and partner.isp_fiscal_id_type:
                others = self.search([
                    ('isp_fiscal_id_type', '=', partner.isp_fiscal_id_type),
                    ('isp_fiscal_id', '=', partner.isp_fiscal_id),
                ])
                duplicates = others.mapped('commercial_partner_id') - \
                    partner.commercial_partner_id
            partner.isp_fiscal_id_duplicate_ids = duplicates
            partner.isp_fiscal_id_duplicate = bool(duplicates)

    @api.model
    def _search_isp_fiscal_id_duplicate(self, operator, value):
        if operator not in ('=', '!='):
            raise UserError(_('Search "Duplicate fiscal id" with = or !='))
        # partners whose type and number are also on another (active)
        # commercial entity
        self.env.cr.execute("""
            SELECT p.id
              FROM res_partner p
             WHERE p.isp_fiscal_id IS NOT NULL
               AND p.isp_fiscal_id_type IS NOT NULL
               AND EXISTS (
                   SELECT 1
                     FROM res_partner q
                    WHERE q.isp_fiscal_id_type = p.isp_fiscal_id_type
                      AND q.isp_fiscal_id = p.isp_fiscal_id
                      AND q.id = q.commercial_partner_id
                      AND q.active
                      AND q.id != COALESCE(p.commercial_partner_id, p.id))
        """)
        ids = [row[0] for row in self.env.cr.fetchall()]
        positive = (operator == '=') == bool(value)
        return [('id', 'in' if positive else 'not in', ids)]

    # --- constraints --------------------------------------------------------
    @api.constrains('isp_fiscal_id', 'isp_fiscal_id_type', 'country_id',
                    'parent_id')
    def _check_isp_fiscal_id(self):
        # contacts hold copies of their entity's values: the entity's own
        # check is the one that counts (a contact moved to a company of
        # another country gets the company's fiscal id right after)
        for partner in self.filtered(
                lambda p: p.commercial_partner_id == p):
            partner._isp_normalise_fiscal_id(
                partner.isp_fiscal_id_type, partner.isp_fiscal_id,
                partner.country_id)

    @api.onchange('country_id')
    def _onchange_isp_country_id(self):
        """The language and the fiscal id type follow the country, unless
        the user chose them: a language other than the default one (or the
        former country's), a type of the new country."""
        country = self.country_id
        if not country:
            return
        language = self._isp_language_of_country(country)
        # the saved record behind the form (empty for a new partner)
        old_country = getattr(self, '_origin', self.browse()).country_id
        unchosen = {False, self.default_get(['lang']).get('lang')}
        if old_country:
            unchosen.add(self._isp_language_of_country(old_country))
        if language and self.lang in unchosen:
            self.lang = language
        kinds = fiscal_rules.types_of_country(country.code)
        if self.isp_fiscal_id_type and \
                self.isp_fiscal_id_type not in kinds:
            self.isp_fiscal_id_type = False
        if kinds and not self.isp_fiscal_id_type:
            found = self.isp_fiscal_id and fiscal_rules.fiscal_id_of_vat(
                self.isp_fiscal_id, country_code=country.code)
            self.isp_fiscal_id_type = found[0] if found else kinds[0]

    # --- CRUD ---------------------------------------------------------------
    @api.model
    def create(self, vals):
        country = self._isp_country_of_values(vals)
        if vals.get('isp_fiscal_id') or vals.get('isp_fiscal_id_type'):
            vals = dict(vals, isp_fiscal_id=self._isp_normalise_fiscal_id(
                vals.get('isp_fiscal_id_type'), vals.get('isp_fiscal_id'),
                country))
        vals = self._isp_sync_vat_values(
            vals, vals.get('isp_fiscal_id_type'), vals.get('isp_fiscal_id'),
            country)
        state = vals.get('isp_customer_state') or self.env.context.get(
            'default_isp_customer_state')
        if vals.get('bank_ids') and state in CUSTOMER_STATES_WITH_CODE:
            # the accounts typed on a customer's form
            self = self.with_context(**{STRICT_IBAN_CONTEXT: True})
        partner = super(ResPartner, self).create(vals)
        if partner.isp_customer_state in CUSTOMER_STATES_WITH_CODE:
            partner._isp_assign_customer_code()
        return partner

    @api.multi
    def write(self, vals):
        if 'isp_customer_code' in vals:
            self._isp_check_customer_code_change(vals['isp_customer_code'])
        if vals.get('bank_ids') and self._isp_types_customer_bank_data(vals):
            # the accounts typed on a customer's form
            self = self.with_context(**{STRICT_IBAN_CONTEXT: True})
        if 'isp_fiscal_id' in vals or 'isp_fiscal_id_type' in vals or \
                'vat' in vals:
            result = True
            for (kind, number, country), partners in \
                    self._isp_group_by_fiscal_id(vals).items():
                partner_vals = vals
                if 'isp_fiscal_id' in vals or 'isp_fiscal_id_type' in vals:
                    partner_vals = dict(
                        vals, isp_fiscal_id=partners._isp_normalise_fiscal_id(
                            kind, number, country))
                partner_vals = partners._isp_sync_vat_values(
                    partner_vals, kind, partner_vals.get(
                        'isp_fiscal_id', number), country)
                result = super(ResPartner, partners).write(partner_vals)
        else:
            result = super(ResPartner, self).write(vals)
        if vals.get('isp_customer_state') in CUSTOMER_STATES_WITH_CODE or \
                'parent_id' in vals:
            # a contact detached from a customer company becomes a
            # customer of its own: it gets its own code
            self._isp_assign_customer_code()
        return result

    @api.multi
    def unlink(self):
        # the blockers are counted as superuser: check the right first, so
        # that nobody learns what another customer has
        self.check_access_rights('unlink')
        self.check_access_rule('unlink')
        blockers = self._isp_deletion_blockers()
        lines = []
        for partner in self:
            reasons = blockers.get(partner) or []
            if reasons:
                lines.append(_('%s cannot be deleted:') % (
                    partner._isp_label(),))
                lines.extend('  - %s' % reason for reason in reasons)
        if lines:
            raise UserError(
                _('Nothing was deleted. Archive these partners instead, or '
                  'remove what keeps them first.') + '\n' + '\n'.join(lines))
        return super(ResPartner, self).unlink()

    @api.model
    def _commercial_fields(self):
        return super(ResPartner, self)._commercial_fields() + [
            'isp_customer_state', 'isp_fiscal_id_type', 'isp_fiscal_id',
            'isp_journal_id',
        ]

    # --- actions ------------------------------------------------------------
    @api.multi
    def action_isp_make_customer(self):
        """Make the commercial entities of these partners customers; each
        gets its customer code now if it has none."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        entities = self.mapped('commercial_partner_id').filtered(
            lambda p: p.isp_customer_state != CUSTOMER_STATE_CUSTOMER)
        if entities:
            entities.write({'isp_customer_state': CUSTOMER_STATE_CUSTOMER})
        self.mapped('commercial_partner_id')._isp_assign_customer_code()
        return True

    # --- business methods ---------------------------------------------------
    @api.multi
    def _isp_assign_customer_code(self):
        """Give a customer code to the commercial entities among these
        partners that are (or were) customers and have none yet."""
        for partner in self:
            if (partner.commercial_partner_id != partner
                    or partner.isp_customer_code
                    or partner.isp_customer_state not in
                    CUSTOMER_STATES_WITH_CODE):
                continue
            code = self.env['ir.sequence'].sudo().next_by_code(
                CUSTOMER_CODE_SEQUENCE)
            if not code:
                raise UserError(_(
                    'There is no sequence with the code "%s" to number '
                    'customers. Create it in Settings > Technical > '
                    'Sequences.') % (CUSTOMER_CODE_SEQUENCE,))
            # straight to the ORM: the code is read-only for write()
            super(ResPartner, partner).write({'isp_customer_code': code})
        return True

    @api.multi
    def _isp_check_customer_code_change(self, new_code):
        for partner in self:
            if partner.isp_customer_code and \
                    partner.isp_customer_code != new_code:
                raise UserError(_(
                    'The customer code %(code)s of %(partner)s cannot be '
                    'changed or removed: it is given once and never '
                    'reused.') % {'code': partner.isp_customer_code,
                                  'partner': partner.display_name})

    @api.model
    def _isp_find_by_login_key(self, customer_code, fiscal_id):
        """The commercial entity whose customer code is ``customer_code`` and
        whose fiscal id is ``fiscal_id`` (in any spelling its type accepts:
        spaces, dashes, lower case), or an empty recordset.

        A placeholder fiscal id (e.g. 99999999) never identifies anybody,
        whether it was typed or is the stored one. The caller (the portal's
        first access) decides the access rights it searches with."""
        nobody = self.browse()
        code = (customer_code or '').strip()
        if not code or not fiscal_id or \
                fiscal_rules.is_placeholder(fiscal_id):
            return nobody
        partner = self.search([
            ('isp_customer_code', 'in', list({code, code.upper()})),
        ], limit=1)
        if not partner or partner.commercial_partner_id != partner:
            return nobody
        stored = partner.isp_fiscal_id
        if not stored or not partner.isp_fiscal_id_type or \
                fiscal_rules.is_placeholder(stored):
            return nobody
        try:
            number = fiscal_rules.validate(
                partner.isp_fiscal_id_type, fiscal_id)
        except fiscal_rules.InvalidFiscalId:
            return nobody
        if not consteq(number, stored):
            return nobody
        return partner

    @api.multi
    def _isp_deletion_blockers(self):
        """Why each of these partners cannot be deleted.

        Returns an ordered dict with every partner of ``self`` as a key (a
        single record) and the list of its reasons (translated sentences) as
        value; an empty list means nothing of this addon keeps it. Other
        addons extend it::

            @api.multi
            def _isp_deletion_blockers(self):
                blockers = super(ResPartner, self)._isp_deletion_blockers()
                for partner in self:
                    if ...:
                        blockers[partner].append(_('it has ...'))
                return blockers

        A partner is kept by what belongs to it and, for a commercial entity,
        by what belongs to its contacts. The counts are made as superuser:
        records the user cannot read block the deletion too.
        """
        blockers = collections.OrderedDict((partner, []) for partner in self)
        Invoice = self.env['account.invoice'].sudo()
        Order = self.env['sale.order'].sudo()
        for partner in self:
            family = partner._isp_family()
            invoices = Invoice.search(['|',
                                       ('partner_id', 'in', family.ids),
                                       ('commercial_partner_id', '=',
                                        partner.id)])
            if invoices:
                blockers[partner].append(_(
                    'it has %(count)s invoice(s) (any state, cancelled ones '
                    'too): %(names)s') % {
                        'count': len(invoices),
                        'names': self._isp_names(invoices)})
            contracts = Order.search([('partner_id', 'in', family.ids),
                                      ('state', 'in', ('sale', 'done'))])
            if contracts:
                blockers[partner].append(_(
                    'it has %(count)s signed contract(s): %(names)s') % {
                        'count': len(contracts),
                        'names': self._isp_names(contracts)})
        return blockers

    # --- helpers ------------------------------------------------------------
    @api.multi
    def _isp_family(self):
        """The partner and its contacts, archived ones too."""
        self.ensure_one()
        return self.with_context(active_test=False).search(
            [('id', 'child_of', self.id)])

    @api.model
    def _isp_names(self, records):
        names = [name for _id, name in
                 records[:DELETION_REASON_MAX_NAMES].name_get()]
        if len(records) > DELETION_REASON_MAX_NAMES:
            names.append('...')
        return ', '.join(names)

    @api.multi
    def _isp_label(self):
        self.ensure_one()
        code = self.commercial_partner_id.isp_customer_code
        if code and self.commercial_partner_id == self:
            return '%s (%s)' % (self.display_name, code)
        return self.display_name

    @api.model
    def _isp_country_of_values(self, vals):
        """The country that decides the fiscal id type of a partner about to
        be created with ``vals``: its company's, or its own."""
        if vals.get('parent_id'):
            parent = self.browse(vals['parent_id']).commercial_partner_id
            if not vals.get('is_company'):
                return parent.country_id
        return self.env['res.country'].browse(vals.get('country_id') or [])

    @api.multi
    def _isp_group_by_fiscal_id(self, vals):
        """These partners grouped by the (type, number, country) they will
        have after ``write(vals)``."""
        groups = collections.OrderedDict()
        for partner in self:
            kind = vals['isp_fiscal_id_type'] \
                if 'isp_fiscal_id_type' in vals else \
                partner.isp_fiscal_id_type
            number = vals['isp_fiscal_id'] \
                if 'isp_fiscal_id' in vals else partner.isp_fiscal_id
            country = partner.commercial_partner_id.country_id
            if 'country_id' in vals and \
                    partner.commercial_partner_id == partner:
                country = self.env['res.country'].browse(
                    vals['country_id'] or [])
            key = (kind or False, number or False, country)
            groups[key] = groups.get(key, self.browse()) | partner
        return groups

    @api.multi
    def _isp_types_customer_bank_data(self, vals):
        """True when ``write(vals)`` is about the accounts of ISP customers
        (customers or former customers, or made customers by ``vals``)."""
        if vals.get('isp_customer_state') in CUSTOMER_STATES_WITH_CODE:
            return True
        return any(state in CUSTOMER_STATES_WITH_CODE for state in
                   self.mapped('commercial_partner_id.isp_customer_state'))

    @api.multi
    def _isp_sync_vat_values(self, vals, kind, number, country):
        """``vals`` with Odoo's ``vat`` and the ISP fiscal id in step, for
        these partners (empty on create), which will have the fiscal id type
        ``kind``, the fiscal id ``number`` and ``country`` after it:

        * a fiscal id (or its type) written without a vat gives the vat: the
          country code of its type, then the number; a fiscal id cleared
          clears the vat that was made from it;
        * a vat written without a fiscal id gives the fiscal id when it is a
          valid number of a type of its country (``kind`` preferred); a vat
          cleared clears the fiscal id it was made from.

        Written together, both are kept as given. Nothing is written twice:
        the values go into the one ``write`` (or ``create``) call."""
        fiscal_keys = {'isp_fiscal_id', 'isp_fiscal_id_type'} & set(vals)
        in_step = all(p.vat and fiscal_rules.compact(p.vat) ==
                      fiscal_rules.vat_of(p.isp_fiscal_id_type,
                                          p.isp_fiscal_id) for p in self)
        if fiscal_keys and 'vat' not in vals:
            if number and kind:
                return dict(vals, vat=self._isp_vat_of(kind, number))
            if self and not number and in_step:
                return dict(vals, vat=False)
            return vals
        if 'vat' in vals and not fiscal_keys:
            if not vals['vat']:
                if self and in_step:
                    return dict(vals, isp_fiscal_id=False)
                return vals
            found = fiscal_rules.fiscal_id_of_vat(
                vals['vat'], kind, country.code if country else None)
            if found and (not country or fiscal_rules.country_matches(
                    found[0], country.code)):
                return dict(vals, isp_fiscal_id_type=found[0],
                            isp_fiscal_id=found[1])
        return vals

    @api.model
    def _isp_vat_of(self, kind, number):
        """Odoo's ``vat`` for the fiscal id ``number`` of type ``kind``;
        ``False`` when Odoo's VAT check (base_vat, installed with most
        charts of accounts, e.g. l10n_es) refuses it: a person's id that is
        not a VAT number (Italian codice fiscale, Romanian CNP, Argentine
        DNI) stays the ISP fiscal id only, instead of making the customer
        impossible to save."""
        vat = fiscal_rules.vat_of(kind, number)
        check = getattr(self, 'simple_vat_check', None)
        if vat and check and not check(vat[:2].lower(), vat[2:]):
            return False
        return vat

    @api.model
    def _isp_language_of_country(self, country):
        """The code of the one installed language of ``country`` (e.g.
        es_ES for Spain), or False when there is none or several."""
        if not country:
            return False
        languages = self.env['res.lang'].search([
            ('code', '=like', '%\\_' + country.code.upper())])
        preferred = languages.filtered(
            lambda lang: lang.code.split('_')[0] == country.code.lower())
        if len(preferred) == 1:
            return preferred.code
        return languages.code if len(languages) == 1 else False

    @api.model
    def _isp_fiscal_id_type_label(self, kind):
        selection = self._fields['isp_fiscal_id_type']._description_selection(
            self.env)
        return dict(selection).get(kind, kind)

    @api.model
    def _isp_normalise_fiscal_id(self, kind, number, country):
        """``number`` in its stored form, after checking it against ``kind``
        and ``country`` (a res.country, may be empty); raise a translated
        ValidationError saying what to fix otherwise."""
        number = (number or '').strip() or False
        label = kind and self._isp_fiscal_id_type_label(kind)
        if kind and country and \
                not fiscal_rules.country_matches(kind, country.code):
            raise ValidationError(_(
                'A %(type)s is a fiscal id of another country than '
                '%(country)s. Choose a fiscal id type of %(country)s, or '
                'correct the country of the partner.') % {
                    'type': label, 'country': country.name})
        if not number:
            return False
        if not kind:
            raise ValidationError(_(
                'Choose the type of the fiscal id %s (for example DNI or '
                'Codice fiscale) before saving it.') % (number,))
        try:
            return fiscal_rules.validate(kind, number)
        except fiscal_rules.InvalidFiscalId as error:
            raise ValidationError(self._isp_fiscal_id_error_message(
                error.code, label, number))

    @api.model
    def _isp_fiscal_id_error_message(self, code, label, number):
        if code == fiscal_rules.ERROR_CHECKSUM:
            return _(
                '%(number)s is not a valid %(type)s: its check digit (or '
                'letter) does not match. Check the number on the '
                'customer\'s document and type it again.') % {
                    'number': number, 'type': label}
        if code == fiscal_rules.ERROR_LENGTH:
            return _(
                '%(number)s is not a valid %(type)s: it has the wrong '
                'number of characters. Type the whole number, without the '
                'country prefix.') % {'number': number, 'type': label}
        if code == fiscal_rules.ERROR_FORMAT:
            return _(
                '%(number)s is not a valid %(type)s: it has characters that '
                'do not belong there. Type only the digits and letters of '
                'the number.') % {'number': number, 'type': label}
        if code == fiscal_rules.ERROR_UNKNOWN_TYPE:
            return _('Unknown fiscal id type %s: choose one of the '
                     'list.') % (label,)
        return _(
            '%(number)s is not a valid %(type)s. Check the number and its '
            'type on the customer\'s document.') % {
                'number': number, 'type': label}
