#!/usr/bin/env python3
"""Regenerates the report's embedded face, NotoSansCJKsc-Regular-subset.otf, from the upstream
Noto Sans CJK SC Regular (the Simplified Chinese face of Debian's fonts-noto-cjk collection, or
the single-face NotoSansCJKsc-Regular.otf of the noto-cjk release).

The subset keeps every character of the blocks below that the face has, plus every character of
the bundled content (catalog, questionnaires, METHOD.md) and of the report's own strings that
the face has, so a report of the bundled questionnaires never misses a glyph. Outlines are kept as they are
(CID-keyed CFF with its subroutines); hints and the OpenType layout tables go, because the
report places glyphs by their advances alone and drops hints when it writes its own subset.
The name table (copyright, licence) is kept whole, as the OFL asks.

Usage: pip install fonttools && python3 server/report/fonts/make-embedded-font.py [SOURCE]
(SOURCE defaults to /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc). The output is
the same bytes for the same source and content (fontTools writes no timestamp we keep: see
`head.modified` below).
"""

import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OUT = HERE / "NotoSansCJKsc-Regular-subset.otf"
DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# The Simplified Chinese face in the Noto Sans CJK collections.
SC_FACE = 2

BLOCKS = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x2000, 0x206F),  # General Punctuation
    (0x2100, 0x218F),  # Letterlike Symbols, Number Forms (Ⅰ Ⅱ …)
    (0x2190, 0x22FF),  # Arrows, Mathematical Operators
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (① …)
    (0x2500, 0x257F),  # Box Drawing
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months (㈠ …)
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]

# Text the report prints: the bundled content and the report's own strings.
TEXT_DIRS = ["questionnaires/catalog", "questionnaires/content", "server/report/src"]
TEXT_FILES = ["questionnaires/METHOD.md"]


def text_characters():
    paths = [ROOT / f for f in TEXT_FILES]
    for d in TEXT_DIRS:
        paths.extend(p for p in sorted((ROOT / d).rglob("*")) if p.is_file())
    chars = set()
    for p in paths:
        chars.update(ord(c) for c in p.read_text(encoding="utf-8"))
    return chars


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    if source.endswith((".ttc", ".otc")):
        font = TTCollection(source).fonts[SC_FACE]
    else:
        font = TTFont(source)
    cmap = font.getBestCmap()
    wanted = set()
    for first, last in BLOCKS:
        wanted.update(range(first, last + 1))
    content = {c for c in text_characters() if c >= 0x20}
    # The report draws sub- and superscript digits as plain ones and refuses any other character
    # the face lacks (the report's tests render the bundled content with this face), so what the
    # source face does not have is only listed.
    lacking = sorted(c for c in content if c not in cmap)
    if lacking:
        print("not in the source face: " + " ".join(f"U+{c:04X}" for c in lacking))
    wanted |= content
    wanted = {c for c in wanted if c in cmap}

    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["BASE", "GDEF", "GPOS", "GSUB", "VORG", "vhea", "vmtx", "DSIG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    # Keep the upstream modification time so that the same source gives the same bytes.
    font.recalcTimestamp = False
    font.save(OUT)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(wanted)} characters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
