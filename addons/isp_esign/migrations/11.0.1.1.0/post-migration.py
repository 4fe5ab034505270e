# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The crons call private methods now (their data is noupdate); signed
PDFs are no longer attached to the partner."""


def migrate(cr, version):
    for name in ('cron_expire', 'cron_remind'):
        cr.execute(
            "UPDATE ir_act_server SET code = replace(code, %s, %s) "
            "WHERE code LIKE %s",
            ('model.%s()' % name, 'model._%s()' % name,
             '%%model.%s()%%' % name))
    # signed contracts were also attached to the signer's partner, where
    # every employee reads them: the request and the record keep theirs
    cr.execute("""
        DELETE FROM ir_attachment attachment
         USING isp_esign_request request
         WHERE attachment.res_model = 'res.partner'
           AND attachment.res_field IS NULL
           AND attachment.res_id = request.partner_id
           AND attachment.name = request.signed_filename
           AND request.state = 'signed'
    """)
