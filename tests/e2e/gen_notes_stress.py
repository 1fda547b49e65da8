#!/usr/bin/env python3
"""Writes a DocBook 5 document with many footnotes, made to stress the page
builder: several notes on one line, notes longer than half a page, notes in
tables, list items and section titles, and cross-references with pages.

usage: gen_notes_stress.py OUT.xml [N_SECTIONS]

Every note's text starts "Note N opens" and ends "note N closes." so a
checker can find where each note starts and ends in the PDF.
"""
import sys

out = sys.argv[1]
sections = int(sys.argv[2]) if len(sys.argv) > 2 else 16
WORDS = ("the committee observed that elections in the region were neither free nor fair "
         "and that independent observers had been denied access to polling stations while "
         "media coverage remained under close control of the authorities").split()


def filler(seed, n):
    return " ".join(WORDS[(seed * 7 + i) % len(WORDS)] for i in range(n))


count = 0


def note(length):
    global count
    count += 1
    n = count
    body = filler(n, length)
    return (f"<footnote><para>Note {n} opens: {body} note {n} closes.</para></footnote>")


parts = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<article xmlns="http://docbook.org/ns/docbook" version="5.0" xml:lang="en">',
         "<info><title>Footnote Stress</title>"
         "<author><orgname>briefpress tests</orgname></author></info>"]
for s in range(1, sections + 1):
    title_note = note(8) if s % 5 == 0 else ""
    parts.append(f'<section xml:id="s{s}"><title>Section {s}{title_note}</title>')
    for p in range(4):
        seed = s * 10 + p
        sentences = []
        for k in range(5):
            sentence = filler(seed + k, 14).capitalize() + "."
            if k == 1:
                sentence += note(10)
            if k == 2 and p % 2 == 0:
                # several notes on one line
                sentence = sentence[:-1] + note(6) + " and more" + note(7) + "." + note(9)
            if k == 3 and (s + p) % 6 == 0:
                sentence += note(420)  # longer than half a page
            sentences.append(sentence)
        if p == 3:
            sentences.append(f'See <xref linkend="s{(s % sections) + 1}" xrefstyle="select: label page"/>.')
        parts.append("<para>" + " ".join(sentences) + "</para>")
    if s % 3 == 0:
        parts.append("<itemizedlist>" + "".join(
            f"<listitem><para>Item {i} of section {s}.{note(12)}</para></listitem>"
            for i in range(3)) + "</itemizedlist>")
    if s % 4 == 0:
        rows = "".join(f"<row><entry>Row {r}{note(9)}</entry><entry>{filler(r, 6)}</entry></row>"
                       for r in range(4))
        parts.append(f'<table xml:id="t{s}"><title>Table of section {s}</title>'
                     f'<tgroup cols="2"><tbody>{rows}</tbody></tgroup></table>')
    parts.append("</section>")
parts.append("</article>")
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(parts) + "\n")
print(f"{out}: {sections} sections, {count} notes")
