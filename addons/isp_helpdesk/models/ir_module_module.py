# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Translations of helpdesk_mgmt's own terms (stages, tags, channel,
priorities, menus, mail templates) that helpdesk_mgmt 11.0 lacks: Italian
and Romanian entirely, Spanish where its es.po is fuzzy, empty or English.

Odoo 11 loads, for each module, only that module's ``i18n/`` (and
``i18n_extra/``) files, so terms of helpdesk_mgmt cannot come from
isp_helpdesk's own .po. They live in ``i18n_helpdesk_mgmt/<lang>.po``
(entries as helpdesk_mgmt exports them) and are loaded for helpdesk_mgmt
each time Odoo loads isp_helpdesk's translations: when it is installed or
updated (an update of helpdesk_mgmt updates isp_helpdesk after it) and
when a language is installed. They overwrite helpdesk_mgmt's entries for
the same terms."""
import logging
import os

from odoo import models, tools
from odoo.modules.module import get_module_path

_logger = logging.getLogger(__name__)

#: (module whose terms are translated, folder of isp_helpdesk holding them)
EXTRA_TRANSLATIONS = [('helpdesk_mgmt', 'i18n_helpdesk_mgmt')]


class IrModuleModule(models.Model):
    _inherit = 'ir.module.module'

    def _update_translations(self, filter_lang=None):
        result = super(IrModuleModule, self)._update_translations(
            filter_lang)
        loaded = self.filtered(lambda module: module.name == 'isp_helpdesk'
                               and module.state in (
                                   'installed', 'to install', 'to upgrade'))
        if loaded:
            if not filter_lang:
                filter_lang = self.env['res.lang'].search(
                    [('translatable', '=', True)]).mapped('code')
            elif not isinstance(filter_lang, (list, tuple)):
                filter_lang = [filter_lang]
            self._isp_load_extra_translations(filter_lang)
        return result

    def _isp_load_extra_translations(self, langs):
        base = get_module_path('isp_helpdesk')
        context = dict(self.env.context, overwrite=True)
        for module_name, folder in EXTRA_TRANSLATIONS:
            for lang in langs:
                code = tools.get_iso_codes(lang)
                # es.po, then es_ES.po over it (as Odoo does)
                for name in sorted({code.split('_')[0], code}, key=len):
                    path = os.path.join(base, folder, name + '.po')
                    if not os.path.isfile(path):
                        continue
                    _logger.info('module %s: loading %s for language %s',
                                 module_name, path, lang)
                    tools.trans_load(self.env.cr, path, lang, verbose=False,
                                     module_name=module_name,
                                     context=context)
