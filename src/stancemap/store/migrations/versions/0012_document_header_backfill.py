"""Documents stored before revision 0011 get the byline, section and word count that their own
stored text prints in its news-archive header (issue 19; no schema change, mirrors
stancemap.store.schema at revision 0011).

Revision 0011 added ``documents.author``, ``section`` and ``length`` and left them NULL on
older rows. An article that the Nexis or Factiva readers took out of an export keeps its
header above the body in the stored text (``text[:body_start]``), and a rerun of ``stancemap
run`` on the same export stores nothing (the text is unchanged), so the fields would stay
empty for good. This migration reads them from that header, as the readers do:

- Nexis Uni and LexisNexis Academic: the ``Byline:``, ``Section:``, ``Length:`` lines (also
  ``Author:``, ``Autor:``, ``Rubrik:``, ``Länge:``, ``Longueur:``; any case);
- Factiva article format: the ``By ...`` line just above the ``877 words`` line, and the
  section lines above the headline (an HTML export's section is not in the stored text);
- Factiva with indexing: the values of the ``BY``, ``SE`` and ``WC`` fields.

Only a document that an archive reader made (its origin ends in ``:<line>``, its body starts
after a header) and whose three fields are all NULL is filled; nothing is overwritten, no
other column changes, and a header the rules do not recognise leaves the row as it is. The
values are cleaned as :mod:`stancemap.ingest.header` cleans them (spaces collapsed, a leading
"By" dropped, the first number of a length). Every filled document is logged (INFO, logger
``stancemap.store.migrations``) and a WARNING says how many were filled, so the change is
never silent. The parsing is a frozen copy of the readers' rules as of this revision: this
file imports no stancemap code.

Downgrade changes nothing: the values stay in the 0011 columns (downgrading 0011 drops them).

Revision ID: 0012
Revises: 0011 (document header)
Create Date: 2026-12-04
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

# revision identifiers, used by Alembic.
revision: str = '0012'
down_revision: str | Sequence[str] | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger('stancemap.store.migrations')

#: Rows read per query.
_CHUNK = 500
#: Characters of a document's start read as its header (an archive header is far shorter).
_HEAD_LIMIT = 20_000
#: Word counts larger than this are not an article's (``stancemap.ingest.header.MAX_WORDS``).
_MAX_WORDS = 10**9

_documents = sa.table('documents', sa.column('id', sa.Integer), sa.column('doc_id', sa.String),
                      sa.column('origin', sa.String), sa.column('text', sa.Text),
                      sa.column('body_start', sa.Integer), sa.column('author', sa.Text),
                      sa.column('section', sa.Text), sa.column('length', sa.Integer))

# ---------------------------------------------------------------- frozen header rules

#: An archive reader's origin: ``<file>:<line>`` (stancemap.ingest.archive.entry_article).
_ARCHIVE_ORIGIN = re.compile(r':\d+$')
_NEXIS_KEY = re.compile(r'^\s*(byline|author|autor|section|rubrik|length|länge|longueur)\s*:[\s\u00a0]*(.*?)\s*$',
                        re.IGNORECASE)
_NEXIS_FIELD = {'byline': 'author', 'author': 'author', 'autor': 'author', 'section': 'section',
                'rubrik': 'section', 'length': 'length', 'länge': 'length', 'longueur': 'length'}
_TAG = re.compile(r'^\s*(HD|BY|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CT|RF|CO|IN|NS|RE|IPD|IPC|PUB|AN|SE|CR)\s*$')
_TAG_FIELD = {'BY': 'author', 'SE': 'section', 'WC': 'length'}
_WORDS = re.compile(r'^\s*[\d.,\u00a0 ]+\s+(?:words|word|Wörter|mots|palabras|parole|woorden|palavras|слов)\s*$',
                    re.IGNORECASE)
_BY = re.compile(r'^\s*(?:By|Von|Par|Por)\s+(.+?)\s*$')
_LEADING_BY = re.compile(r'^by\s+', re.IGNORECASE)
_NUMBER = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?!\d)|\d+")


def _clean(value: str | None) -> str | None:
    text = ' '.join((value or '').split())
    return text or None


def _byline(value: str | None) -> str | None:
    text = _clean(value)
    return _clean(_LEADING_BY.sub('', text + ' ')) if text else None


def _word_count(value: str | None) -> int | None:
    match = _NUMBER.search(value or '')
    if match is None:
        return None
    number = int(re.sub(r'\D', '', match.group(0)))
    return number if 0 <= number <= _MAX_WORDS else None


def _tagged(lines: list[str]) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    field: str | None = None
    for line in lines:
        match = _TAG.match(line)
        if match:
            field = _TAG_FIELD.get(match.group(1))
            continue
        if field is not None:
            found.setdefault(field, []).append(line)
    return {name: ' '.join(values) for name, values in found.items()}


def _nexis(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        match = _NEXIS_KEY.match(line)
        if match:
            found.setdefault(_NEXIS_FIELD[match.group(1).lower()], match.group(2))
    return found


def _factiva(lines: list[str]) -> dict[str, str]:
    words = next((i for i, line in enumerate(lines[:30]) if _WORDS.match(line)), None)
    if words is None or words == 0:
        return {}
    before = lines[:words]
    found = {'length': lines[words]}
    by = _BY.match(before[-1]) if len(before) > 1 else None  # a headline comes first: "By the numbers" is one
    if by is not None:
        found['author'] = by.group(1)
        sections = before[:-2]  # above the headline, which is above the byline
    elif len(before) > 1 and (';' in before[0] or len(before[0].strip()) <= 25):
        sections = before[:1]
    else:
        sections = []
    if sections:
        found['section'] = ' '.join(sections)
    return found


def header_fields(head: str) -> dict[str, str | int | None]:
    """``{author, section, length}`` from an archive header (all ``None`` when it is not one).

    >>> header_fields('T\\nSection:\\u00a0World\\nLength: 1,204 words\\nByline: By Jo Writer\\nBody\\n')
    {'author': 'Jo Writer', 'section': 'World', 'length': 1204}
    >>> header_fields('date 2024-05-28 ')
    {'author': None, 'section': None, 'length': None}
    """
    lines = [line for line in head.splitlines() if line.strip()]
    if not lines:
        raw: dict[str, str] = {}
    elif _TAG.match(lines[0]) and lines[0].strip() == 'HD':
        raw = _tagged(lines)
    else:
        raw = _nexis(lines) or _factiva(lines)
    return {'author': _byline(raw.get('author')), 'section': _clean(raw.get('section')),
            'length': _word_count(raw.get('length'))}


# ---------------------------------------------------------------- migration


def _candidates(connection: Connection, after: int) -> list[sa.Row]:
    d = _documents.c
    query = (
        sa.select(d.id, d.doc_id, d.origin, d.body_start, sa.func.substr(d.text, 1, _HEAD_LIMIT).label('head'))
        .where(d.id > after, d.body_start > 0, d.author.is_(None), d.section.is_(None), d.length.is_(None))
        .order_by(d.id)
        .limit(_CHUNK)
    )
    return list(connection.execute(query))


def backfill(connection: Connection) -> tuple[int, int]:
    """Fill the header fields of the documents this revision is for: ``(filled, looked at)``."""
    d = _documents.c
    update = (
        sa.update(_documents)
        .where(d.id == sa.bindparam('row_id'), d.author.is_(None), d.section.is_(None), d.length.is_(None))
        .values(author=sa.bindparam('new_author'), section=sa.bindparam('new_section'),
                length=sa.bindparam('new_length'))
    )
    filled = seen = 0
    after = 0
    while rows := _candidates(connection, after):
        after = int(rows[-1].id)
        changes = []
        for row in rows:
            if not _ARCHIVE_ORIGIN.search(row.origin or ''):
                continue
            seen += 1
            found = header_fields(str(row.head or '')[: int(row.body_start)])
            if all(value is None for value in found.values()):
                continue
            log.info('document %s (%s): header fields filled from its stored text: author=%r, section=%r, '
                     'length=%r', row.doc_id, row.origin, found['author'], found['section'], found['length'])
            changes.append({'row_id': row.id, 'new_author': found['author'], 'new_section': found['section'],
                            'new_length': found['length']})
        if changes:
            connection.execute(update, changes)
            filled += len(changes)
    return filled, seen


def upgrade() -> None:
    """Fill NULL author/section/length of archive articles from their stored header."""
    filled, _ = backfill(op.get_bind())
    if filled:
        log.warning('revision 0012: filled the byline, section or word count of %d news-archive articles '
                    'stored before revision 0011 from the header lines in their stored text (Nexis '
                    'Byline:/Section:/Length:, Factiva By .../N words/BY SE WC); no other value changed. '
                    'Articles from saved pages or WARC files keep them empty (their page is not stored).',
                    filled)


def downgrade() -> None:
    """Nothing to undo: the filled values stay in the columns of revision 0011."""
