# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The messages name the document by its title ("Contract SO028"), not
by its file name ("SO028.pdf"): the templates are noupdate data."""

OLD = 'object.document_filename or object.name'
NEW = 'object.document_title'


def migrate(cr, version):
    cr.execute("""
        UPDATE mail_template
           SET subject = replace(subject, %s, %s),
               body_html = replace(body_html, %s, %s)
         WHERE model = 'isp.esign.request'
    """, (OLD, NEW, OLD, NEW))
    cr.execute("""
        UPDATE ir_translation
           SET src = replace(src, %s, %s), value = replace(value, %s, %s)
         WHERE name IN ('mail.template,subject', 'mail.template,body_html')
           AND res_id IN (SELECT id FROM mail_template
                           WHERE model = 'isp.esign.request')
    """, (OLD, NEW, OLD, NEW))
