"""Every size limit on input, named in one place with the reason for its value.

Anything read from outside — a checklist in the data folder, an answers document, a report
embedded in a PDF, a workbook, an expression written by an office — is held to these limits
before it is used, by the same code wherever it is read (``validate``, ``evaluate``, ``import``,
the app and the office), so that a file one command accepts is never refused by another, and a
hostile file costs seconds and megabytes, never minutes and gigabytes.

The values are about ten times what a real school needs (the built-in checklists and the
sample school are the yardstick), so a genuine file never meets them.

Regular expressions (``regex()`` in rules) run on RE2, Google's linear-time engine (the
``google-re2`` wheel): its running time grows with the text times the pattern, never
exponentially, because it has no backtracking. Measured by ``bench/regex.py`` on this class of
machine: Python's ``re`` needs 0.2–0.3 s for ``(a+)+$`` or ``(a*)*b`` on 21 characters, and
every further character doubles it (33 s at 30 characters was seen; 40 would take hours);
RE2 needs about 0.1 ms on 100,001 characters, about 5× a plain ``str.count`` over the same
text. The price is RE2's syntax: no back-references and no look-around (a checklist using
them is refused when it loads, naming the line), and ``\\d`` means the ASCII digits 0–9 only —
which is what a school code or a licence number wants anyway. Restricting Python's ``re``
syntax instead would have needed a parser of our own to prove each pattern safe, and a time
bound would still have let each rule stall for its whole budget; RE2 gives the guarantee by
construction, and also bounds its memory (``MAX_PATTERN_MEMORY``).
"""

from __future__ import annotations

# --- checklist definitions (YAML) -----------------------------------------------------------
# The largest built-in checklist (safety.yaml) is 66 KB; eight times that is still a small file.
MAX_CHECKLIST_BYTES = 512 * 1024
# All the checklists of a data folder together: they are read by nearly every command, so this
# bounds what the folder can cost each of them. An office distributes one or two checklists of
# the built-ins' size (~70 KB); 2 MB is four files at the limit above. Reading 2 MB of YAML
# costs about 1.5 s the first time (libyaml's parser, our checks and the model), then ~0.1 s
# from the compiled cache (checklists.compiled). Files are read in name order; those past the
# budget are skipped with a notice.
MAX_DATA_FOLDER_CHECKLIST_BYTES = 2 * 1024 * 1024
# And their number: each is cross-checked against all others (ids, finding codes), so thousands
# of tiny files would cost as much as a few large ones. An office distributes a handful.
MAX_DATA_FOLDER_CHECKLISTS = 50
# The format nests checklist → sections → items → columns → rules → texts: about 8 levels.
MAX_YAML_DEPTH = 32
# Every YAML node costs memory and time; safety.yaml, the largest, has about 3,300 nodes.
MAX_YAML_NODES = 100_000
# Anchors and aliases (&a / *a) are never needed by the format and are how a 6 KB file grows to
# gigabytes ("billion laughs"): they are refused outright. The tags allowed are the plain YAML
# core types; ``!!python/...`` and any other tag would ask the reader to build foreign objects.
YAML_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
# An XLSForm workbook (a checklist written in Excel) is a few dozen KB; the largest real ones
# (ODK's big public forms) are a few hundred. Unpacked, its XML is about ten times that.
MAX_CHECKLIST_WORKBOOK_BYTES = 10 * 1024 * 1024
MAX_CHECKLIST_WORKBOOK_UNPACKED = 60 * 1024 * 1024
# Filled rows in one of its sheets: safety.yaml as a workbook is ~400 survey rows. Rows are
# also counted blank ones included, against MAX_SHEET_ROWS (below): reading stops there.
MAX_CHECKLIST_SHEET_FILLED_ROWS = 5_000
# --- answers documents (JSON) ---------------------------------------------------------------
# The sample school is ~20 KB; a table at its row limit (below) is a few MB. The file is read
# whole into memory before anything else, so its size is checked first.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# A document nests document → checklists → checklist → table → row → evidence list → file: 7.
MAX_JSON_DEPTH = 16
# Digits in one number: 64-bit integers have 19; measured values have a few decimals.
MAX_NUMBER_DIGITS = 20
# Whole numbers (enrolment, counts, row numbers): within ±2**53, what a JSON reader anywhere
# (JavaScript, a double) keeps exactly and SQLite's 64-bit INTEGER holds; a school has thousands.
MAX_JSON_INTEGER = 2**53
# Measured values (a count, an area, a ratio): far beyond any school's figure, yet small enough
# that every such value is written back in plain decimal and reads again as the same number.
MAX_JSON_FLOAT = 1e15
# A key is an id (checklist, item, column: a few dozen characters at most).
MAX_KEY_LENGTH = 100
# Rows in one table (and entries in any JSON list), the same for the Excel import. The largest
# real roster is a big school's staff: ~300 guards and staff, or ~150 classrooms; 5,000 is
# over ten times that. The bound is also what a table costs everywhere it goes: the PDF report
# draws every row. Measured on this class of machine (2 cores): 5,000 rows are ~250 pages,
# 4.2 s and 210 MB for export-pdf, 2.0 s and 115 MB for export-xlsx; 20,000 rows took 37 s of
# CPU (3 minutes on a busy machine) and 480 MB before the PDF drew long tables in blocks, 13 s
# after. What is stored must also export and import again within the same limit.
MAX_TABLE_ROWS = 5_000
# A school's name is one line on a certificate; the longest real names are ~30 characters.
MAX_NAME_LENGTH = 100
# The period, district, principal and contact fields: one line each.
MAX_SHORT_TEXT = 200
# One answer, cell, explanation or rectification measure: a few paragraphs. Also the Excel
# import's limit per cell, so a stored text always exports and imports again.
MAX_TEXT_LENGTH = 4_000

# Control characters (other than tab, line feed and carriage return) have no place in a text
# and cannot be stored in an Excel cell: refused in every text of a document (no number needed).

# --- photos (on items and findings; in an exported document, as files beside it) ---------------
# A self-check with a photo or two per finding has a few dozen; a report of 50 photos is ~10 MB.
MAX_PHOTOS_PER_ASSESSMENT = 300
# One item or one finding: a few views of the same thing.
MAX_PHOTOS_PER_PLACE = 12
# One photo's original file: a phone photo is 2–12 MB.
MAX_PHOTO_BYTES = 30 * 1024 * 1024

# --- checklist definitions: numbers -----------------------------------------------------------
# A checklist's version is a small counter; 2**31 - 1 keeps it a signed 32-bit integer everywhere it goes.
MAX_CHECKLIST_VERSION = 2**31 - 1

# --- expressions (rules and skip logic) ------------------------------------------------------
# The longest built-in rule is ~300 characters.
MAX_EXPRESSION_LENGTH = 10_000
# Nesting of parentheses and calls; the parser is recursive, so this also bounds its stack.
MAX_EXPRESSION_DEPTH = 64
# Digits of a number literal in an expression.
MAX_EXPRESSION_NUMBER = 400
# A pattern for a code or a licence number is a few dozen characters.
MAX_PATTERN_LENGTH = 200
# RE2 compiles a pattern into an automaton within this memory (its own default is 8 MB).
MAX_PATTERN_MEMORY = 2 * 1024 * 1024

# --- workbooks (Excel import of a table) -----------------------------------------------------
# A roster at the row limit is a few MB; 100 MB on disk is clearly not a roster.
MAX_WORKBOOK_BYTES = 100 * 1024 * 1024
# Parts inside the zip: a workbook has a few dozen.
MAX_WORKBOOK_PARTS = 2_000
# One part / all parts, uncompressed: what openpyxl may have to hold while reading.
MAX_WORKBOOK_PART_BYTES = 200 * 1024 * 1024
MAX_WORKBOOK_TOTAL_BYTES = 400 * 1024 * 1024
# Real sheets compress about 10:1; 200:1 over 1 MB is a zip bomb.
MAX_WORKBOOK_RATIO = 200
WORKBOOK_RATIO_FLOOR = 1024 * 1024
# Rows scanned (blank ones included) and columns read: a roster has ~10 columns, an XLSForm
# sheet ~30 (a label, hint and message per language). Reading a sheet stops at the first row
# beyond MAX_SHEET_ROWS, whatever size the sheet declares (one cell at XFD1048576 declares
# a million rows of 16,384 columns), so a sheet costs at most this many rows of parsing.
MAX_SHEET_ROWS = 50_000
MAX_SHEET_COLUMNS = 256

# --- the office's folder ---------------------------------------------------------------------
# A signed report is ~50 KB to ~1 MB; 64 MB is clearly something else (and would only cost
# memory in a worker process).
MAX_REPORT_BYTES = 64 * 1024 * 1024

# --- small single files read whole (certificates, keys, passphrases, reasons) ----------------
# A certificate or an identity file (PKCS#12) is a few KB; 1 MB is clearly something else.
MAX_KEY_FILE_BYTES = 1024 * 1024
# A passphrase is one line.
MAX_PASSPHRASE_FILE_BYTES = 64 * 1024
# Reasons for "not applicable" answers: one short text per item of every checklist.
MAX_REASONS_FILE_BYTES = 1024 * 1024
