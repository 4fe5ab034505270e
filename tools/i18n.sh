#!/usr/bin/env bash
# Regenerate addons/<addon>/i18n/<addon>.pot from the code and merge it into
# es.po, it.po and ro.po (new strings arrive untranslated, obsolete ones are
# dropped). Needs a database where the addon is installed:
#   tools/i18n.sh <database> <addon> [<addon> ...]
set -euo pipefail
source "$(dirname "$0")/env.sh"
[ $# -ge 2 ] || die 2 "usage: tools/i18n.sh <database> <addon> [<addon> ...]"
db=$1; shift
for addon in "$@"; do
    dir="$ROOT/addons/$addon/i18n"
    mkdir -p "$dir"
    # Odoo 11 exports only .po/.csv/.tgz: a .po without --language is the
    # template
    tmp=$(mktemp --suffix=.po)
    "${ODOO[@]}" -d "$db" --i18n-export="$tmp" --modules="$addon" \
        --stop-after-init --no-http --log-level=warn
    # Odoo stamps the export time: keep the file stable between exports
    sed '/^"POT-Creation-Date:/d; /^"PO-Revision-Date:/d' "$tmp" >"$dir/$addon.pot"
    rm -f "$tmp"
    for lang in es it ro; do
        po="$dir/$lang.po"
        if [ -f "$po" ]; then
            msgmerge --quiet --no-fuzzy-matching --no-wrap --update --backup=none "$po" "$dir/$addon.pot"
            msgattrib --no-obsolete --no-wrap -o "$po" "$po"
        else
            msginit --no-translator --no-wrap --locale="$lang" --input="$dir/$addon.pot" --output-file="$po"
        fi
        msgfmt --check-format -o /dev/null "$po"
        log "i18n: $addon/$lang: $(msgattrib --untranslated "$po" | grep -c '^msgid ' || true) untranslated entries (header included)"
    done
done
