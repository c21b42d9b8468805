#!/usr/bin/env python3
"""copy-check.py BROCHURE [PO...]: lists every run of 9 or more words that a
lesson string shares with the brochure (lessons are written in our own words
from its facts, never its sentences). Reads the Swedish translations
(default: locale/*.po) and the English lesson sources (lessons/*.lesson).
The brochure is not in the repository: give its text file. Exit status 1
when a run is found."""
import glob, os, re, sys

N = int(os.environ.get("COPY_CHECK_WORDS", "9"))

def words(text):
    return re.findall(r"[a-zåäöéü0-9]+", text.lower())

def shingles(ws):
    return {tuple(ws[i:i + N]) for i in range(len(ws) - N + 1)}

def po_strings(path):
    """(msgctxt, msgstr) of every translated entry."""
    out, ctx, field, buf = [], "", None, {}
    def flush():
        if buf.get("msgstr"):
            out.append((buf.get("msgctxt", ""), buf["msgstr"]))
        buf.clear()
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r'(msgctxt|msgid|msgstr) "(.*)"$', line)
        if m:
            if m.group(1) == "msgctxt" or (m.group(1) == "msgid" and "msgid" in buf):
                flush()
            field = m.group(1)
            buf[field] = m.group(2)
        elif line.startswith('"') and field:
            buf[field] += line[1:-1]
        elif not line.strip():
            flush()
            field = None
    flush()
    return [(c, s.replace("\\n", " ").replace('\\"', '"')) for c, s in out]

def lesson_strings(path):
    out, key, val, lineno = [], None, "", 0
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.startswith((" ", "\t")) and key:
            val += " " + line.strip()
            continue
        if key:
            out.append(("%s:%d" % (os.path.basename(path), lineno), val))
        key = None
        m = re.match(r"([a-z]+): ?(.*)", line)
        if m and not line.startswith("#"):
            key, val, lineno = m.group(1), m.group(2), n
    if key:
        out.append(("%s:%d" % (os.path.basename(path), lineno), val))
    return out

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    brochure = shingles(words(open(sys.argv[1], encoding="utf-8").read()))
    pos = sys.argv[2:] or sorted(glob.glob(os.path.join(root, "locale", "*.po")))
    strings = []
    for po in pos:
        strings += [(os.path.basename(po) + " " + c, s) for c, s in po_strings(po)]
    for lesson in sorted(glob.glob(os.path.join(root, "lessons", "*.lesson"))):
        strings += lesson_strings(lesson)
    found = 0
    for where, s in strings:
        ws = words(s)
        hits = [i for i in range(len(ws) - N + 1) if tuple(ws[i:i + N]) in brochure]
        if hits:
            found += 1
            print("%s: %d words in a row from the brochure: %s" %
                  (where, N, " ".join(ws[hits[0]:hits[0] + N])))
    print("%d strings checked, %d with a run of %d words from the brochure" %
          (len(strings), found, N), file=sys.stderr)
    sys.exit(1 if found else 0)

main()
