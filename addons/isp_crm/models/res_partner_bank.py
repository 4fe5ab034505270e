# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bank accounts: the IBAN checks that base_iban leaves out, and the BIC.

Where the suite's users type bank data (the ISP customers' forms, the suite's
wizards; see ``STRICT_IBAN_CONTEXT``), a bank account gets more than
base_iban gives:

* a number that is meant as an IBAN (a country that uses IBAN, then two
  digits) must be a valid IBAN, national check digits included, or nothing
  is saved, with a message that says what to fix;
* the bank comes from the IBAN when schwifty's registry knows it: the
  res.bank with that BIC, created when missing;
* a BIC typed by hand (``bank_bic`` on the account) must have the format of
  a BIC and the country of the IBAN; the account is linked to the bank with
  that BIC (created when missing).

Every other way of creating a bank account (other modules, their tests and
demo data, imports, bank statements) keeps Odoo's own rules: base_iban's
mod 97 check of what it takes for an IBAN. The only thing added there is what
base_iban means to do and never does (it tests an ``acc_type`` value that is
computed, never written): a valid IBAN is stored in groups of four.
"""
from odoo import _, api, models
from odoo.addons.base_iban.models import res_partner_bank as base_iban
from odoo.exceptions import ValidationError

from ..rules import bank_account as bank_rules

# Context key of the suite's own forms and wizards where a user types bank
# data: the strict IBAN rules apply only there. It can only make the checks
# stricter, never skip one, so a caller that sets it gains nothing.
STRICT_IBAN_CONTEXT = 'isp_strict_iban'


class ResPartnerBank(models.Model):
    _inherit = 'res.partner.bank'

    # --- constraints --------------------------------------------------------
    @api.constrains('acc_number', 'bank_id')
    def _check_isp_iban_bic(self):
        if not self._isp_strict_iban():
            return
        for account in self:
            if not bank_rules.looks_like_iban(account.acc_number):
                continue
            iban = account._isp_validate_iban(account.acc_number)
            if account.bank_id.bic:
                account._isp_validate_bic(account.bank_id.bic, iban[:2])

    # --- CRUD ---------------------------------------------------------------
    @api.model
    def create(self, vals):
        if not self._isp_strict_iban():
            return super(ResPartnerBank, self).create(
                self._isp_pretty_iban_values(vals))
        # the values may create the bank as superuser: check the user's
        # right first
        self.check_access_rights('create')
        vals = self._isp_prepare_bank_values(vals, vals.get('acc_number'),
                                             derive_bank=True)
        return super(ResPartnerBank, self).create(vals)

    @api.multi
    def write(self, vals):
        if not self._isp_strict_iban():
            return super(ResPartnerBank, self).write(
                self._isp_pretty_iban_values(vals))
        if not {'acc_number', 'bank_bic'} & set(vals):
            return super(ResPartnerBank, self).write(vals)
        self.check_access_rights('write')
        self.check_access_rule('write')
        for account in self:
            number = vals.get('acc_number', account.acc_number)
            account_vals = self._isp_prepare_bank_values(
                vals, number, derive_bank='acc_number' in vals)
            if 'bank_id' not in account_vals and \
                    account._isp_bank_of_other_country(number):
                # a new IBAN of another country, with a bank the registry
                # does not know: the old bank cannot be its bank
                account_vals['bank_id'] = False
            super(ResPartnerBank, account).write(account_vals)
        return True

    # --- business methods ---------------------------------------------------
    @api.model
    def _isp_strict_iban(self):
        """True where the suite's users type bank data (the context key
        ``STRICT_IBAN_CONTEXT``): only there the national check digits are
        checked and the bank is taken from the IBAN."""
        return bool(self.env.context.get(STRICT_IBAN_CONTEXT))

    @api.model
    def _isp_pretty_iban_values(self, vals):
        """``vals`` with an account number that base_iban takes for a valid
        IBAN (mod 97) in groups of four, as base_iban means to store it;
        anything else untouched."""
        number = vals.get('acc_number')
        if not number:
            return vals
        try:
            base_iban.validate_iban(number)
        except ValidationError:
            return vals
        return dict(vals, acc_number=base_iban.pretty_iban(
            base_iban.normalize_iban(number).upper()))

    @api.model
    def _isp_prepare_bank_values(self, vals, number, derive_bank):
        """``vals`` with the IBAN checked and formatted, the typed BIC
        (``bank_bic``) checked and turned into ``bank_id``, and, when
        ``derive_bank`` and no bank is given, the bank of the IBAN."""
        vals = dict(vals)
        iban = False
        if bank_rules.looks_like_iban(number):
            iban = self._isp_validate_iban(number)
            if 'acc_number' in vals:
                vals['acc_number'] = bank_rules.format_iban(iban)
        typed = vals.pop('bank_bic', None)
        if typed:
            bic = self._isp_validate_bic(typed, iban and iban[:2])
            vals['bank_id'] = self._isp_find_or_create_bank(bic, iban).id
        elif typed is not None and not (iban and derive_bank) and \
                'bank_id' not in vals:
            # the BIC was cleared: so is the bank
            vals['bank_id'] = False
        elif iban and derive_bank and not vals.get('bank_id'):
            # no BIC typed (the form sends an empty one): the IBAN's bank
            bic = bank_rules.bic_of_iban(iban)
            if bic:
                vals['bank_id'] = self._isp_find_or_create_bank(bic, iban).id
        return vals

    @api.multi
    def _isp_bank_of_other_country(self, number):
        """True when ``number`` is an IBAN and the account's current bank has
        a BIC of another country."""
        self.ensure_one()
        bic = bank_rules.compact(self.bank_id.bic)
        return bool(bic) and bank_rules.looks_like_iban(number) and \
            bic[4:6] != bank_rules.compact(number)[:2]

    @api.model
    def _isp_find_or_create_bank(self, bic, iban=False):
        """The res.bank of ``bic`` (8 or 11 characters, either spelling of a
        head office), created from the bank registry when missing."""
        Bank = self.env['res.bank']
        bank = Bank.search([('bic', 'in', bank_rules.bic_variants(bic))],
                           limit=1)
        if bank:
            return bank
        name = False
        if iban:
            data = bank_rules.bank_of_iban(iban) or {}
            if data.get('bic') and bank_rules.compact(data['bic'])[:8] == \
                    bic[:8]:
                name = data.get('name')
        if not name:
            names = bank_rules.bank_names_of_bic(bic)
            name = names[0] if len(names) == 1 else bic
        country = self.env['res.country'].search(
            [('code', '=', bic[4:6])], limit=1)
        # banks are shared reference data: whoever may enter an account may
        # record the bank that its IBAN or BIC names
        return Bank.sudo().create({
            'name': name,
            'bic': bic,
            'country': country.id,
        })

    @api.model
    def _isp_validate_iban(self, number):
        try:
            return bank_rules.validate_iban(number)
        except bank_rules.InvalidBankAccount as error:
            raise ValidationError(self._isp_iban_error_message(
                error.code, number))

    @api.model
    def _isp_validate_bic(self, bic, iban_country=False):
        try:
            return bank_rules.validate_bic(bic, iban_country)
        except bank_rules.InvalidBankAccount as error:
            raise ValidationError(self._isp_bic_error_message(
                error.code, bic, iban_country))

    @api.model
    def _isp_iban_error_message(self, code, number):
        if code == bank_rules.ERROR_IBAN_LENGTH:
            length = bank_rules.iban_length(bank_rules.compact(number)[:2])
            return _(
                'The IBAN %(iban)s has %(count)s characters, an IBAN of this '
                'country has %(length)s. Type the whole IBAN as the '
                'customer\'s bank gives it.') % {
                    'iban': number, 'count': len(bank_rules.compact(number)),
                    'length': length}
        if code == bank_rules.ERROR_IBAN_CHECKSUM:
            return _(
                'The IBAN %s is not valid: its check digits (the 3rd and '
                '4th characters) do not match the rest. Check every digit '
                'against the customer\'s bank document.') % (number,)
        if code == bank_rules.ERROR_IBAN_NATIONAL_CHECKSUM:
            return _(
                'The IBAN %s is not valid: the check digits of the account '
                'inside it do not match. Check every digit against the '
                'customer\'s bank document.') % (number,)
        if code == bank_rules.ERROR_IBAN_COUNTRY:
            return _(
                'The IBAN %s does not start with the code of a country that '
                'uses IBAN. Start it with the country code, e.g. ES, IT or '
                'RO.') % (number,)
        return _(
            'The IBAN %s is not valid: the account part does not have the '
            'format of its country. Check it against the customer\'s bank '
            'document.') % (number,)

    @api.model
    def _isp_bic_error_message(self, code, bic, iban_country):
        if code == bank_rules.ERROR_BIC_COUNTRY_MISMATCH:
            return _(
                'The BIC %(bic)s belongs to another country than the IBAN '
                '(%(country)s). Leave the BIC empty to take it from the IBAN, '
                'or type the BIC of the bank of this IBAN.') % {
                    'bic': bic, 'country': iban_country}
        if code == bank_rules.ERROR_BIC_COUNTRY:
            return _(
                'The BIC %s is not valid: its 5th and 6th characters are not '
                'a country code. Check it against the customer\'s bank '
                'document.') % (bic,)
        return _(
            'The BIC %s is not valid: a BIC has 8 or 11 characters, 4 '
            'letters for the bank, 2 for the country, 2 for the place and '
            'optionally 3 for the branch (e.g. CAIXESBBXXX).') % (bic,)
