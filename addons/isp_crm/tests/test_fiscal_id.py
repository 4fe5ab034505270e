# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fiscal id rules (rules/fiscal_id.py): plain Python, a table per type."""
import unittest

from ..rules import fiscal_id as fiscal_rules

# (type, as typed, stored form): valid numbers of every type, in the
# spellings people type them
VALID = [
    ('es_dni', '48123456G', '48123456G'),
    ('es_dni', '48.123.456-g', '48123456G'),
    ('es_dni', ' 20876543 H ', '20876543H'),
    ('es_nie', 'Y2345678Z', 'Y2345678Z'),
    ('es_nie', 'x-1234567-l', 'X1234567L'),
    ('es_nif', 'B84123454', 'B84123454'),
    ('es_nif', 'ES B-84123454', 'B84123454'),
    ('es_nif', 'b/09543216', 'B09543216'),
    ('es_nif', '48123456G', '48123456G'),
    ('ar_dni', '30123456', '30123456'),
    ('ar_dni', '30.123.456', '30123456'),
    ('ar_cuit', '30-71234567-1', '30712345671'),
    ('ar_cuit', '30698765433', '30698765433'),
    ('ar_cuit', '20-12345678-6', '20123456786'),
    ('ar_cuil', '27-31234567-1', '27312345671'),
    ('ar_cuil', '20298765439', '20298765439'),
    ('it_cf', 'BNCGLI85C52F205U', 'BNCGLI85C52F205U'),
    ('it_cf', 'spsmrc79e14f839y', 'SPSMRC79E14F839Y'),
    ('it_piva', '02345670125', '02345670125'),
    ('it_piva', 'IT 09876540015', '09876540015'),
    ('ro_cnp', '2850312400129', '2850312400129'),
    ('ro_cnp', '1791108123458', '1791108123458'),
    ('ro_cui', '34567892', '34567892'),
    ('ro_cui', 'RO 12345674', '12345674'),
    ('ro_cui', 'RO-34567892', '34567892'),
]

# (type, value, error code)
INVALID = [
    ('es_dni', '48123456A', fiscal_rules.ERROR_CHECKSUM),
    ('es_dni', '4812345G', fiscal_rules.ERROR_LENGTH),
    ('es_dni', '4812345AG', fiscal_rules.ERROR_FORMAT),
    ('es_dni', '', fiscal_rules.ERROR_EMPTY),
    ('es_dni', '   ', fiscal_rules.ERROR_EMPTY),
    ('es_nie', 'Y2345678A', fiscal_rules.ERROR_CHECKSUM),
    ('es_nie', 'Y234567Z', fiscal_rules.ERROR_LENGTH),
    ('es_nie', 'A2345678Z', fiscal_rules.ERROR_FORMAT),
    ('es_nif', 'B84123455', fiscal_rules.ERROR_CHECKSUM),
    ('es_nif', 'B8412345', fiscal_rules.ERROR_LENGTH),
    ('ar_dni', '301234', fiscal_rules.ERROR_LENGTH),
    ('ar_dni', '30A23456', fiscal_rules.ERROR_FORMAT),
    ('ar_cuit', '30712345672', fiscal_rules.ERROR_CHECKSUM),
    ('ar_cuit', '3071234567', fiscal_rules.ERROR_LENGTH),
    ('ar_cuil', '27312345672', fiscal_rules.ERROR_CHECKSUM),
    # a valid CUIT of a company (prefix 30) is not a CUIL
    ('ar_cuil', '30712345671', fiscal_rules.ERROR_INVALID),
    ('it_cf', 'BNCGLI85C52F205A', fiscal_rules.ERROR_CHECKSUM),
    ('it_cf', 'BNCGLI85C52F205', fiscal_rules.ERROR_LENGTH),
    ('it_piva', '02345670126', fiscal_rules.ERROR_CHECKSUM),
    ('it_piva', '0234567012', fiscal_rules.ERROR_LENGTH),
    ('ro_cnp', '2850312400128', fiscal_rules.ERROR_CHECKSUM),
    ('ro_cnp', '285031240012', fiscal_rules.ERROR_LENGTH),
    # month 13
    ('ro_cnp', '2851312400120', fiscal_rules.ERROR_INVALID),
    ('ro_cui', '34567893', fiscal_rules.ERROR_CHECKSUM),
    ('xx_unknown', '12345678', fiscal_rules.ERROR_UNKNOWN_TYPE),
]


class TestFiscalIdRules(unittest.TestCase):

    def test_valid_numbers_of_every_type_are_stored_compact(self):
        for kind, typed, stored in VALID:
            with self.subTest(kind=kind, typed=typed):
                self.assertEqual(fiscal_rules.validate(kind, typed), stored)
                self.assertTrue(fiscal_rules.is_valid(kind, typed))

    def test_invalid_numbers_of_every_type_say_why(self):
        for kind, value, code in INVALID:
            with self.subTest(kind=kind, value=value):
                with self.assertRaises(fiscal_rules.InvalidFiscalId) as ctx:
                    fiscal_rules.validate(kind, value)
                self.assertEqual(ctx.exception.code, code)
                self.assertTrue(ctx.exception.args[0])
                self.assertFalse(fiscal_rules.is_valid(kind, value))

    def test_every_type_has_valid_and_invalid_cases(self):
        kinds = {kind for kind, _label, _country
                 in fiscal_rules.FISCAL_ID_TYPES}
        self.assertEqual(kinds, set(fiscal_rules.VALIDATORS))
        self.assertEqual({case[0] for case in VALID}, kinds)
        self.assertLessEqual(kinds, {case[0] for case in INVALID})

    def test_country_of_each_type(self):
        self.assertEqual(fiscal_rules.country_of('es_nie'), 'ES')
        self.assertEqual(fiscal_rules.country_of('ar_cuil'), 'AR')
        self.assertEqual(fiscal_rules.country_of('it_piva'), 'IT')
        self.assertEqual(fiscal_rules.country_of('ro_cnp'), 'RO')
        self.assertIsNone(fiscal_rules.country_of('xx'))

    def test_country_matches_only_the_issuing_country(self):
        self.assertTrue(fiscal_rules.country_matches('es_dni', 'ES'))
        self.assertTrue(fiscal_rules.country_matches('es_dni', 'es'))
        self.assertFalse(fiscal_rules.country_matches('es_dni', 'IT'))
        self.assertFalse(fiscal_rules.country_matches('ro_cui', 'AR'))
        # nothing to compare: accepted
        self.assertTrue(fiscal_rules.country_matches('es_dni', False))
        self.assertTrue(fiscal_rules.country_matches(False, 'ES'))

    def test_placeholders_are_recognised(self):
        for value in ('99999999', '99.999.999', '00000000', '11111111111',
                      '12345678', '123456789', '87654321'):
            with self.subTest(value=value):
                self.assertTrue(fiscal_rules.is_placeholder(value))
        for value in ('30123456', '48123456G', 'BNCGLI85C52F205U', '9999',
                      '', None):
            with self.subTest(value=value):
                self.assertFalse(fiscal_rules.is_placeholder(value))

    def test_argentine_no_data_filler_passes_the_dni_check(self):
        # an Argentine DNI has no check digit: the filler is kept as data,
        # and only is_placeholder() keeps it from identifying anybody
        self.assertEqual(fiscal_rules.validate('ar_dni', '99.999.999'),
                         '99999999')

    def test_compact_removes_separators_and_upper_cases(self):
        self.assertEqual(fiscal_rules.compact(' x-12.34/567 l '),
                         'X1234567L')
        self.assertEqual(fiscal_rules.compact(None), '')
