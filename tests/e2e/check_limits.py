#!/usr/bin/env python3
"""Hostile and oversized inputs: each must end in a clear diagnostic or a
correct PDF, never a crash, a hang or a runaway allocation, and a failed
build must leave an existing PDF untouched.

The inputs are generated (some are megabytes) into a temporary directory,
which is then their source tree for the XInclude and entity rules.

Usage: check_limits.py BRIEFPRESS [--no-memory-limit]
(the option is for sanitizer builds, whose shadow memory needs terabytes of
address space)
"""
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata

NS = 'xmlns="http://docbook.org/ns/docbook" version="5.0"'
# Generous bounds: they catch a hang or a blow-up, not a slowdown
# (speed is measured in bench/, not here).
TIME_LIMIT_S = 120
HANG_LIMIT_S = 30  # a small document, even under the sanitizers
MEMORY_LIMIT_BYTES = 3 * 1024**3


def article(body, title="Limits"):
    return f'<article {NS}><title>{title}</title>{body}</article>'


def billion_laughs():
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    return f'<?xml version="1.0"?><!DOCTYPE article [{"".join(ents)}]>' + \
        article('<para>&lol9;</para>')


def quadratic_blowup():
    # One 100 KB entity used 20,000 times: 2 GB of text if expanded.
    return ('<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x "' + 'A' * 100_000 + '">]>' +
            article('<para>' + '&x;' * 20_000 + '</para>'))


def deep_nesting():
    depth = 100_000
    return article('<section><title>Deep</title>' + '<blockquote>' * depth + '<para>x</para>' +
                   '</blockquote>' * depth + '</section>')


def bad_utf8():
    return article('<para>ok \xff\xfe bad</para>').encode('latin-1')


def external_entity():
    return ('<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
            article('<para>&x;</para>'))


def xinclude_outside():
    return article('<para>Before.</para><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                   'href="/etc/hostname" parse="text"/>')


def long_word():
    return article('<para>A word of five megabytes: ' + 'x' * 5_000_000 + '</para>')


def many_rows():
    rows = ''.join(f'<row><entry>r{i}</entry><entry>{i}</entry></row>' for i in range(50_000))
    return article(f'<informaltable><tgroup cols="2"><tbody>{rows}</tbody></tgroup>'
                   '</informaltable>')


def many_notes():
    notes = ''.join(f'<footnote><para>n{i}</para></footnote>' for i in range(20_000))
    return article(f'<para>Many notes here{notes} and text after.</para>')


def cjk_paragraph():
    # 60,000 ideographs without a space: one "word" broken between characters.
    return article('<para xml:lang="zh">' + '\u4e2d\u6587' * 30_000 + '</para>')


# name, generator, expected exit status, code that must be reported (or None),
# minimum page count when the build succeeds
CASES = [
    ('billion-laughs', billion_laughs, 1, 'xml-malformed', 0),
    ('quadratic-blowup', quadratic_blowup, 1, 'entity-expansion', 0),
    ('deep-nesting', deep_nesting, 1, 'nesting-too-deep', 0),
    ('bad-utf8', bad_utf8, 1, 'xml-malformed', 0),
    ('external-entity', external_entity, 1, 'entity-external', 0),
    ('xinclude-outside', xinclude_outside, 1, 'xinclude-refused', 0),
    ('long-word', long_word, 1, 'word-too-long', 0),
    ('many-rows', many_rows, 0, None, 500),
    ('many-notes', many_notes, 0, None, 100),
    ('cjk-paragraph', cjk_paragraph, 0, None, 20),
]

SENTINEL = b'%PDF-1.4 an earlier good PDF that a failed build must not replace\n'


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def run_case(tool, workdir, memory_limit, name, make, want_exit, want_code, min_pages):
    src = os.path.join(workdir, name + '.xml')
    out = os.path.join(workdir, name + '.pdf')
    data = make()
    with open(src, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))
    with open(out, 'wb') as f:
        f.write(SENTINEL)
    env = dict(os.environ, SOURCE_DATE_EPOCH='0')
    try:
        proc = subprocess.run([tool, 'build', src, '-o', out], capture_output=True, text=True,
                              errors='replace', timeout=TIME_LIMIT_S, env=env,
                              preexec_fn=limit_memory if memory_limit else None)
    except subprocess.TimeoutExpired:
        return [f'{name}: no result after {TIME_LIMIT_S} s (a hang?)']
    problems = []
    err = proc.stderr
    if proc.returncode != want_exit:
        problems.append(f'{name}: exit {proc.returncode}, expected {want_exit}\n{err[-2000:]}')
    if want_code and f'[{want_code}]' not in err:
        problems.append(f'{name}: no [{want_code}] diagnostic\n{err[-2000:]}')
    if want_exit != 0:
        with open(out, 'rb') as f:
            if f.read() != SENTINEL:
                problems.append(f'{name}: the earlier PDF was replaced by a failed build')
        first = err.splitlines()[0] if err else ''
        if not first.startswith(src + ':'):
            problems.append(f'{name}: first message does not start with file:line:col: {first!r}')
    else:
        info = subprocess.run(['pdfinfo', out], capture_output=True, text=True)
        pages = [int(line.split()[-1]) for line in info.stdout.splitlines()
                 if line.startswith('Pages:')]
        if info.returncode != 0 or not pages or pages[0] < min_pages:
            problems.append(f'{name}: expected a readable PDF of at least {min_pages} pages, '
                            f'pdfinfo says {info.stdout.strip()!r} {info.stderr.strip()!r}')
    if name == 'external-entity' and 'root:' in err:
        problems.append(f'{name}: the contents of /etc/passwd leaked into the messages')
    return problems


def check_allow_path(tool, workdir):
    """A file outside the document's folder is refused, and read with
    --allow-path naming its folder."""
    doc_dir, lib_dir = os.path.join(workdir, 'doc'), os.path.join(workdir, 'lib')
    os.makedirs(doc_dir)
    os.makedirs(lib_dir)
    with open(os.path.join(lib_dir, 'shared.xml'), 'w') as f:
        f.write('<para xmlns="http://docbook.org/ns/docbook">Shared boilerplate text.</para>')
    src, out = os.path.join(doc_dir, 'doc.xml'), os.path.join(workdir, 'allow.pdf')
    with open(src, 'w') as f:
        f.write(article('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                        'href="../lib/shared.xml"/>'))
    refused = subprocess.run([tool, 'build', src, '-o', out], capture_output=True, text=True)
    allowed = subprocess.run([tool, 'build', src, '-o', out, '--allow-path', lib_dir],
                             capture_output=True, text=True)
    problems = []
    if refused.returncode != 1 or '[xinclude-refused]' not in refused.stderr:
        problems.append(f'allow-path: without the flag, expected xinclude-refused: {refused.stderr}')
    text = subprocess.run(['pdftotext', out, '-'], capture_output=True, text=True).stdout
    if allowed.returncode != 0 or 'Shared boilerplate text.' not in text:
        problems.append(f'allow-path: with the flag, the included text is missing: '
                        f'{allowed.stderr}')
    return problems


def check_interrupted(tool, workdir):
    """A build stopped by SIGTERM or SIGINT at any moment leaves the old PDF
    or a complete new one, and no temporary file beside it."""
    src, out = os.path.join(workdir, 'many-rows.xml'), os.path.join(workdir, 'interrupted.pdf')
    problems = []
    for delay, sig in ((0.05, signal.SIGTERM), (0.3, signal.SIGINT), (1.0, signal.SIGTERM),
                       (2.0, signal.SIGINT)):
        with open(out, 'wb') as f:
            f.write(SENTINEL)
        # SIGINT must not be ignored in the child (as it is for background jobs).
        proc = subprocess.Popen([tool, 'build', src, '-o', out], stderr=subprocess.DEVNULL,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(delay)
        proc.send_signal(sig)
        proc.wait(timeout=TIME_LIMIT_S)
        with open(out, 'rb') as f:
            data = f.read()
        if data != SENTINEL and (not data.startswith(b'%PDF') or b'%%EOF' not in data[-32:]):
            problems.append(f'interrupted after {delay} s: the PDF is neither the old one nor whole')
        stray = [n for n in os.listdir(workdir) if n.startswith('.interrupted.pdf.')]
        if stray:
            problems.append(f'interrupted after {delay} s: temporary files left: {stray}')
    return problems


def check_bad_fonts(tool, workdir):
    """A style sheet naming a font file that is not a font, or is cut short,
    gives bad-font and exit 3 (the environment, not the document), and the
    PDF library never sees the file."""
    here = os.path.dirname(os.path.abspath(__file__))
    brief_css = os.path.join(here, '..', '..', 'styles', 'brief.css')
    doc = os.path.join(here, '..', 'fixtures', 'elements.xml')
    with open(os.path.join(here, '..', '..', 'fonts', 'NotoSerif-Regular.ttf'), 'rb') as f:
        real_font = f.read()
    fonts = {
        'not-a-font': b'This is not a font file at all. ' * 100,
        'truncated': real_font[:2000],
        'bad-directory': real_font[:12] + b'\xff' * 400,
    }
    problems = []
    for name, data in fonts.items():
        font = os.path.join(workdir, name + '.ttf')
        with open(font, 'wb') as f:
            f.write(data)
        css = os.path.join(workdir, name + '.css')
        with open(css, 'w') as f:
            f.write(f'@import url("{os.path.abspath(brief_css)}");\n'
                    f'@font-face {{ font-family: "Bad"; src: url("{name}.ttf"); }}\n'
                    'para { font-family: "Bad"; }\n')
        out = os.path.join(workdir, name + '.pdf')
        with open(out, 'wb') as f:
            f.write(SENTINEL)
        p = subprocess.run([tool, 'build', doc, '-o', out, '--style', css], capture_output=True,
                           text=True, timeout=TIME_LIMIT_S)
        with open(out, 'rb') as f:
            kept = f.read() == SENTINEL
        if p.returncode != 3 or '[bad-font]' not in p.stderr or name + '.ttf' not in p.stderr:
            problems.append(f'font {name}: expected exit 3 with [bad-font] naming the file, '
                            f'got {p.returncode}: {p.stderr[-500:]}')
        if not kept:
            problems.append(f'font {name}: the earlier PDF was replaced')
    problems += check_unreadable_fonts(tool, workdir, brief_css, doc)
    return problems


def check_unreadable_fonts(tool, workdir, brief_css, doc):
    """A font file that is not there gives font-unreadable and exit 3, also
    when no face at all can be read (the default style copied where its
    ../fonts/ is missing): every glyph is then missing and no width is more
    than zero, which once sent the contents' dot leaders into an endless
    loop."""
    with open(brief_css) as f:
        style = f.read().replace('typography-rules:', 'x-unused:')
    cases = {
        'missing': (f'@import url("{os.path.abspath(brief_css)}");\n'
                    '@font-face { font-family: "Gone"; src: url("gone.ttf"); }\n'
                    'para { font-family: "Gone"; }\n', 'gone.ttf'),
        'all-missing': (style, 'NotoSerif-Regular.ttf'),
    }
    problems = []
    for name, (text, named) in cases.items():
        folder = os.path.join(workdir, 'styles-' + name)
        os.makedirs(folder, exist_ok=True)
        css = os.path.join(folder, name + '.css')
        with open(css, 'w') as f:
            f.write(text)
        out = os.path.join(workdir, name + '.pdf')
        with open(out, 'wb') as f:
            f.write(SENTINEL)
        try:
            p = subprocess.run([tool, 'build', doc, '-o', out, '--style', css],
                               capture_output=True, text=True, timeout=HANG_LIMIT_S,
                               preexec_fn=None if '--no-memory-limit' in sys.argv else limit_memory)
        except subprocess.TimeoutExpired:
            problems.append(f'font {name}: no answer within {HANG_LIMIT_S} s')
            continue
        with open(out, 'rb') as f:
            kept = f.read() == SENTINEL
        if p.returncode != 3 or '[font-unreadable]' not in p.stderr or named not in p.stderr:
            problems.append(f'font {name}: expected exit 3 with [font-unreadable] naming '
                            f'{named}, got {p.returncode}: {p.stderr[-500:]}')
        if '[glyph-missing]' in p.stderr:
            problems.append(f'font {name}: missing glyphs reported besides the unreadable font')
        if not kept:
            problems.append(f'font {name}: the earlier PDF was replaced')
    return problems


def check_shaper_loading(tool, workdir):
    """Words the pair model cannot take (Thai, a combining accent) are shaped
    by HarfBuzz, which is loaded only then (not for Latin, Greek or
    Cyrillic in the shipped faces): with it, they are set; with a
    broken libharfbuzz.so.0 first on the library path, the build fails with
    shaper-unavailable (exit 3) and keeps the earlier PDF."""
    src, out = os.path.join(workdir, 'shaping.xml'), os.path.join(workdir, 'shaping.pdf')
    with open(src, 'w', encoding='utf-8') as f:
        f.write(article('<para>Thai \u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22 and an '
                        'accent: e&#x301;tude.</para>'))
    problems = []
    p = subprocess.run([tool, 'build', src, '-o', out], capture_output=True, text=True,
                       timeout=TIME_LIMIT_S)
    text = unicodedata.normalize('NFC', subprocess.run(['pdftotext', out, '-'],
                                                       capture_output=True, text=True).stdout)
    if p.returncode != 0 or '\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22' not in text \
            or '\u00e9tude' not in text:
        problems.append(f'shaping: expected the Thai word and the accent set, got '
                        f'{p.returncode}: {p.stderr[-300:]} {text!r}')
    # Latin text in the shipped faces is measured and kerned without HarfBuzz
    # (base/sfnt.c, text/kerning.c): the library is not even loaded.
    latin = os.path.join(workdir, 'latin.xml')
    with open(latin, 'w', encoding='utf-8') as f:
        f.write(article('<para>AVATAR, Tyrannosaurus and “quoted” office ﬁnance, '
                        'Ελληνικά and Русский.</para>'))
    p = subprocess.run([tool, 'build', latin, '-o', os.path.join(workdir, 'latin.pdf')],
                       capture_output=True, text=True, timeout=TIME_LIMIT_S,
                       env=dict(os.environ, LD_DEBUG='files'))
    if p.returncode != 0 or 'libharfbuzz' in p.stderr:
        problems.append(f'shaping: Latin, Greek and Cyrillic text loaded HarfBuzz or failed '
                        f'({p.returncode})')
    broken = os.path.join(workdir, 'broken-harfbuzz')
    os.makedirs(broken)
    with open(os.path.join(broken, 'empty.c'), 'w') as f:
        f.write('int briefpress_test_nothing;\n')
    subprocess.run([shutil.which('cc') or 'cc', '-shared', '-fPIC', '-o',
                    os.path.join(broken, 'libharfbuzz.so.0'), os.path.join(broken, 'empty.c')],
                   check=True)
    with open(out, 'wb') as f:
        f.write(SENTINEL)
    env = dict(os.environ, LD_LIBRARY_PATH=broken)
    p = subprocess.run([tool, 'build', src, '-o', out], capture_output=True, text=True,
                       timeout=TIME_LIMIT_S, env=env)
    with open(out, 'rb') as f:
        kept = f.read() == SENTINEL
    if p.returncode != 3 or '[shaper-unavailable]' not in p.stderr or not kept:
        problems.append(f'shaping without HarfBuzz: expected exit 3, shaper-unavailable and '
                        f'the earlier PDF kept, got {p.returncode}, kept {kept}: '
                        f'{p.stderr[-300:]}')
    return problems


def main():
    tool = os.path.abspath(sys.argv[1])
    memory_limit = '--no-memory-limit' not in sys.argv[2:]
    workdir = tempfile.mkdtemp(prefix='briefpress-limits-')
    problems = []
    try:
        for case in CASES:
            found = run_case(tool, workdir, memory_limit, *case)
            print(f'{case[0]}: {"ok" if not found else "FAILED"}')
            problems += found
        for name, check in (('allow-path', check_allow_path), ('bad-fonts', check_bad_fonts),
                            ('shaper-loading', check_shaper_loading),
                            ('interrupted', check_interrupted)):
            found = check(tool, workdir)
            print(f'{name}: {"ok" if not found else "FAILED"}')
            problems += found
    finally:
        shutil.rmtree(workdir)
    for p in problems:
        print('FAIL ' + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
