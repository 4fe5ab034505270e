# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What helpdesk_mgmt shows in the helpdesk (stages, tag, priorities,
assignment mail) is translated in Spanish, Italian and Romanian, from the
terms isp_helpdesk provides for helpdesk_mgmt."""
from odoo.tests.common import at_install, post_install

from .common import IspHelpdeskCommon

EXPECTED = {
    # lang: (stage Cancelled, field Tag, priority High, subject start)
    'es_ES': ('Cancelado', 'Etiqueta', 'Alta', 'Asignación de ticket'),
    'it_IT': ('Annullato', 'Etichetta', 'Alta', 'Assegnazione ticket'),
    'ro_RO': ('Anulat', 'Etichetă', 'Ridicată', 'Atribuire tichet'),
}


@at_install(False)
@post_install(True)
class TestHelpdeskMgmtTranslations(IspHelpdeskCommon):

    @classmethod
    def setUpClass(cls):
        super(TestHelpdeskMgmtTranslations, cls).setUpClass()
        # what installing a language does: load the modules' terms
        cls.env['ir.module.module'].search(
            [('name', 'in', ('helpdesk_mgmt', 'isp_helpdesk'))]) \
            ._update_translations(list(EXPECTED))

    def test_helpdesk_mgmt_terms_are_translated(self):
        stage = self.env.ref('helpdesk_mgmt.helpdesk_ticket_stage_cancelled')
        template = self.env.ref('helpdesk_mgmt.assignment_email_template')
        Ticket = self.env['helpdesk.ticket']
        for lang, (cancelled, tag, high, subject) in EXPECTED.items():
            with self.subTest(lang=lang):
                self.assertEqual(stage.with_context(lang=lang).name,
                                 cancelled)
                fields = Ticket.with_context(lang=lang).fields_get(
                    ['tag_ids', 'priority'])
                self.assertEqual(fields['tag_ids']['string'], tag)
                self.assertEqual(dict(fields['priority']['selection'])['2'],
                                 high)
                self.assertIn(subject,
                              template.with_context(lang=lang).subject)

    def test_one_helpdesk_menu_is_translated(self):
        menu = self.env.ref('isp_helpdesk.menu_isp_helpdesk')
        self.assertEqual(menu.with_context(lang='es_ES').name, 'Soporte')
        self.assertEqual(menu.with_context(lang='ro_RO').name, 'Asistență')

    def test_terms_come_back_after_an_update_of_the_translations(self):
        stage = self.env.ref('helpdesk_mgmt.helpdesk_ticket_stage_cancelled')
        # helpdesk_mgmt's own Spanish file marks "Cancelled" fuzzy: loaded
        # alone, it leaves the stage in English
        self.env['ir.translation'].search([
            ('name', '=', 'helpdesk.ticket.stage,name'),
            ('res_id', '=', stage.id), ('lang', '=', 'es_ES')]).unlink()
        self.env['ir.module.module'].search(
            [('name', '=', 'helpdesk_mgmt')])._update_translations('es_ES')
        stage.invalidate_cache()
        self.assertEqual(stage.with_context(lang='es_ES').name, 'Cancelled')
        self.env['ir.module.module'].search(
            [('name', '=', 'isp_helpdesk')])._update_translations('es_ES')
        stage.invalidate_cache()
        self.assertEqual(stage.with_context(lang='es_ES').name, 'Cancelado')
