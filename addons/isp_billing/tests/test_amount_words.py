# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from ..rules import amount_words as aw

AMOUNT_WORDS_CASES = [
    # (amount, Odoo language, currency, expected words)
    (1234.56, 'es_ES', 'EUR',
     'mil doscientos treinta y cuatro euros con cincuenta y seis '
     'céntimos'),
    (1, 'es_ES', 'EUR', 'un euro con cero céntimos'),
    (21, 'es_ES', 'EUR', 'veintiún euros con cero céntimos'),
    (1234.56, 'it_IT', 'EUR',
     'milleduecentotrentaquattro euro e cinquantasei centesimi'),
    (0.5, 'it_IT', 'EUR', 'zero euro e cinquanta centesimi'),
    (1234.56, 'ro_RO', 'EUR',
     'o mie două sute treizeci și patru de euro și cincizeci și șase '
     'de cenți'),
    (1, 'ro_RO', 'EUR', 'un euro'),
    (2.01, 'ro_RO', 'EUR', 'doi euro și un cent'),
    (20.2, 'ro_RO', 'EUR', 'douăzeci de euro și douăzeci de cenți'),
    (101.19, 'ro_RO', 'EUR', 'o sută unu euro și nouăsprezece cenți'),
    (100, 'ro_RO', 'EUR', 'o sută de euro'),
    (1234.56, 'ro_RO', 'RON',
     'una mie două sute treizeci și patru de lei și cincizeci și șase '
     'de bani'),
    (1234.56, 'en_US', 'EUR',
     'one thousand, two hundred and thirty-four euro, fifty-six cents'),
    (36.3, 'en_GB', 'EUR', 'thirty-six euro, thirty cents'),
    # rounding to the cent, sign ignored (credit notes), unknown language
    (1.005, 'en_US', 'EUR', 'one euro, one cent'),
    (-12.3, 'es_ES', 'EUR', 'doce euros con treinta céntimos'),
    (29.9, 'xx_XX', 'EUR', 'twenty-nine euro, ninety cents'),
    (29.9, False, 'EUR', 'twenty-nine euro, ninety cents'),
]

LANG_CASES = [
    ('es_ES', 'es'), ('it_IT', 'it'), ('ro_RO', 'ro'), ('en_US', 'en'),
    ('pt_BR', 'pt_BR'), ('es', 'es'), ('xx_XX', 'en'), (None, 'en'),
]


class TestAmountWords(unittest.TestCase):

    def test_amount_in_words_per_language(self):
        for amount, lang, currency, expected in AMOUNT_WORDS_CASES:
            with self.subTest(amount=amount, lang=lang, currency=currency):
                self.assertEqual(
                    aw.amount_to_words(amount, lang, currency), expected)

    def test_romanian_euro_does_not_change_later_cardinals(self):
        aw.amount_to_words(1234.56, 'ro_RO', 'EUR')
        self.assertEqual(aw.amount_to_words(1000, 'ro_RO', 'EUR'),
                         'o mie de euro')

    def test_odoo_language_code_maps_to_num2words(self):
        for lang, expected in LANG_CASES:
            with self.subTest(lang=lang):
                self.assertEqual(aw.num2words_lang(lang), expected)

    def test_split_amount_rounds_half_up_to_the_cent(self):
        for amount, expected in [(0.005, (0, 1)), (10.994, (10, 99)),
                                 (10.995, (11, 0)), (-3.5, (3, 50))]:
            with self.subTest(amount=amount):
                self.assertEqual(aw.split_amount(amount), expected)
