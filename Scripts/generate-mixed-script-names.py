#!/usr/bin/env python3
# Regenerates Dictionaries/MixedScriptNames.txt: proper names as Taiwan and Hong Kong translators
# write them (the zh_TW and zh_HK catalogs of Debian's iso-codes package: countries, subdivisions,
# currencies, languages, scripts; and of xkeyboard-config: the languages of keyboard layouts) whose glyphs OpenCC's s2t, s2tw and s2hk would all change
# (千里達及托巴哥 → 千裏達及託巴哥, 烏干達 → 烏幹達). `mixed-script` keeps such names as written.
# Needs iso-codes, gettext (msgunfmt) and opencc. Run from the repository root.
import glob, subprocess, sys

def msgstrs(path):
    po = subprocess.run(['msgunfmt', path], capture_output=True, text=True, check=True).stdout
    for line in po.split('\n'):
        if line.startswith('msgstr "') and line.endswith('"') and len(line) > 9:
            yield line[8:-1]

def convert(config, lines):
    out = subprocess.run(['opencc', '-c', config], input='\n'.join(lines) + '\n', capture_output=True,
                         text=True, check=True).stdout
    return out.split('\n')[:len(lines)]

def is_han(ch):
    return '\u3400' <= ch <= '\u9fff' or '\U00020000' <= ch <= '\U0003134f'

names = set()
for locale in ('zh_TW', 'zh_HK'):
    for path in sorted(glob.glob('/usr/share/locale/%s/LC_MESSAGES/iso_*.mo' % locale)
                       + glob.glob('/usr/share/locale/%s/LC_MESSAGES/xkeyboard-config.mo' % locale)):
        for text in msgstrs(path):
            # A catalog string may hold several names: keep each run of Han characters.
            run = ''
            for ch in text + ' ':
                if is_han(ch):
                    run += ch
                else:
                    # Two-glyph names (里提, 馬里) also stand inside ordinary text (這里提一下):
                    # `mixed-script` keeps those only where they are the whole run of Han characters.
                    if len(run) >= 2:
                        names.add(run)
                    run = ''
# Taiwan's usual transliterations of a few places the catalogs leave out (Wikipedia's zh-tw forms).
names |= {'佛羅里達', '馬里蘭', '里約熱內盧', '里斯本', '斯里蘭卡', '加里寧格勒', '千里達'}
names = sorted(names)
# STCharacters: a glyph that lists itself among its Traditional forms is written in Traditional too.
st = {}
for line in subprocess.run(['opencc_dict', '-i', '/usr/share/opencc/STCharacters.ocd2', '-o', '/dev/stdout',
                            '-f', 'ocd2', '-t', 'text'], capture_output=True, text=True, check=True).stdout.split('\n'):
    if '\t' in line:
        key, values = line.split('\t', 1)
        st[key] = values.split(' ')
conversions = [convert(c, names) for c in ('s2t', 's2tw', 's2hk')]
damaged = []
for index, name in enumerate(names):
    forms = [c[index] for c in conversions]
    if any(len(f) != len(name) for f in forms):
        continue
    changed = [ch for i, ch in enumerate(name) if all(f[i] != ch for f in forms)]
    # Only names whose changed glyphs are Traditional too (a Simplified glyph is a catalog's error).
    if changed and all(ch in st.get(ch, [ch]) for ch in changed):
        damaged.append(name)
# A name that holds a shorter listed name adds nothing (利比里亞元 is covered by 利比里亞), except
# where the shorter one has two glyphs, which count only as a whole run (馬里蘭 beside 馬里).
kept = [n for n in damaged if not any(o != n and o in n and len(o) > 2 for o in damaged)]
if not kept:
    sys.exit('no names found: are iso-codes, gettext and opencc installed?')
with open('Dictionaries/MixedScriptNames.txt', 'w') as out:
    for name in sorted(kept):
        out.write('%s\t%s\n' % (name, name))
print('%d names' % len(kept))
