# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An amount of money in words, in the customer's language.

Plain Python, no Odoo: built on num2words. ``lang`` is an Odoo language
code (``es_ES``, ``it_IT``, ``ro_RO``, ``en_US``) or a plain one (``es``);
a language num2words does not know falls back to English.

num2words spells most currencies itself. Where it cannot (Romanian only
knows lei), ``CURRENCY_FORMS`` gives the unit and cent forms and the
language's own plural rule picks one.
"""
import decimal

from num2words import CONVERTER_CLASSES, num2words

DEFAULT_LANG = 'en'

# (lang, currency) -> ((unit forms), (cent forms)) for the languages whose
# converter lacks the currency; the forms follow the converter's
# ``pluralize`` (Romanian: one, 2-19 and x01-x19, 20+ with "de").
CURRENCY_FORMS = {
    ('ro', 'EUR'): (('euro', 'euro', 'de euro'),
                    ('cent', 'cenți', 'de cenți')),
}
# words of the separator between units and cents, per language
CENTS_SEPARATOR = {
    'ro': 'și',
}


def num2words_lang(lang):
    """The num2words language of an Odoo language code."""
    if not lang:
        return DEFAULT_LANG
    if lang in CONVERTER_CLASSES:
        return lang
    short = lang.split('_')[0].lower()
    return short if short in CONVERTER_CLASSES else DEFAULT_LANG


def split_amount(amount):
    """(units, cents) of a non-negative amount rounded to the cent."""
    cents_total = int(decimal.Decimal(str(abs(amount))).quantize(
        decimal.Decimal('0.01'), rounding=decimal.ROUND_HALF_UP) * 100)
    return divmod(cents_total, 100)


def _romanian_count(number, forms):
    """A Romanian count followed by its noun: "un euro", "doi cenți",
    "douăzeci de euro" (the noun's form holds the "de")."""
    converter = CONVERTER_CLASSES['ro']
    if number == 1:
        words = 'un'
    else:
        words = num2words(number, lang='ro')
    return '%s %s' % (words, converter.pluralize(number, forms))


def _custom_currency(amount, lang, forms):
    units, cents = split_amount(amount)
    unit_forms, cent_forms = forms
    text = _romanian_count(units, unit_forms)
    if cents:
        text = '%s %s %s' % (text, CENTS_SEPARATOR.get(lang, 'and'),
                             _romanian_count(cents, cent_forms))
    return text


def amount_to_words(amount, lang=DEFAULT_LANG, currency='EUR'):
    """``amount`` (its absolute value) in words, ``currency`` an ISO code.

    >>> amount_to_words(1234.56, 'es_ES')
    'mil doscientos treinta y cuatro euros con cincuenta y seis céntimos'
    """
    code = num2words_lang(lang)
    short = code.split('_')[0]
    forms = CURRENCY_FORMS.get((short, currency))
    if forms:
        return _custom_currency(amount, short, forms)
    units, cents = split_amount(amount)
    value = decimal.Decimal(units) + decimal.Decimal(cents) / 100
    try:
        return num2words(value, lang=code, to='currency', currency=currency)
    except NotImplementedError:
        if code == DEFAULT_LANG:
            raise
        return num2words(value, lang=DEFAULT_LANG, to='currency',
                         currency=currency)
