"""One notion of "the same name" (issue 20): aliases.normalised and actors.name_key become the
name key of this revision, so that two spellings of one actor are also one alias ("U.S. Court
of Appeals" and "US Court of Appeals"). No schema change (mirrors stancemap.store.schema at
revision 0009).

Until 0008 an alias was keyed by Unicode NFKC, case folding and collapsed whitespace, while
actors were keyed by ``name_key`` (also accents and punctuation aside). This migration
recomputes ``aliases.normalised`` with :func:`name_key` (a frozen copy of
``stancemap.actors.normalise.name_key`` as of revision 0009; this file imports no stancemap
code) and ``actors.name_key`` with it too (it now also drops the modifier-letter apostrophe
and the left single quotation mark, as it did the straight and curly apostrophes).

Aliases that now share a key are merged, oldest first (lowest id, the order they were
stored in): the oldest keeps the key.

- Another alias of the *same* actor with that key is a duplicate spelling and is deleted.
- An alias of a *different* actor with that key is deleted too, and a warning names it, its
  actor and the actor that keeps the key (logger ``stancemap.store.migrations``). It is not
  written to ``actor_edits``: that log is replayed over the starter registry on every run, and
  an ``alias-remove`` there would also take a registry alias from the actor. Nothing else is
  lost: aliases are look-up entries only (statements and mentions point at actors), and an
  alias a person gave (``stancemap actors alias``) stays in ``actor_edits`` and keeps acting
  through the replayed registry.
- An alias whose key is empty (only punctuation) or longer than the column (500) can no longer
  be looked up; it is deleted with a warning.

Downgrade puts back the 0008 keys (NFKC alias key, the 0005 actor key); deleted aliases are
not restored.

Revision ID: 0009
Revises: 0008 (review action index)
Create Date: 2026-12-04
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: str | Sequence[str] | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger('stancemap.store.migrations')

#: Length of ``aliases.normalised`` and ``actors.name_key``.
_KEY_LIMIT = 500

#: Rows per SQL statement.
_CHUNK = 500

_actors = sa.table('actors', sa.column('id', sa.Integer), sa.column('name', sa.String),
                   sa.column('name_key', sa.String))
_aliases = sa.table('aliases', sa.column('id', sa.Integer), sa.column('actor_id', sa.Integer),
                    sa.column('alias', sa.String), sa.column('normalised', sa.String))


# ---------------------------------------------------------------- frozen keys

_SPECIAL = {'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D', 'ß': 'ss', 'ı': 'i'}
_NON_WORD = re.compile(r'[^\w]+|_')
_DROP = re.compile(r"[.'\u2019\u02bc\u2018`]")
_DROP_0005 = re.compile(r"[.'\u2019`]")


def _strip_accents(text: str) -> str:
    text = ''.join(_SPECIAL.get(ch, ch) for ch in text)
    return ''.join(ch for ch in unicodedata.normalize('NFKD', text) if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """The name key as at revision 0009: case, accents, full stops and apostrophes aside.

    >>> name_key('U.S. Court of Appeals') == name_key('US Court of Appeals') == 'us court of appeals'
    True
    >>> name_key('O\u2018Neill'), name_key('The Hague')
    ('oneill', 'the hague')
    """
    text = _DROP.sub('', _strip_accents(name).casefold())
    return ' '.join(_NON_WORD.sub(' ', text).split())


def name_key_0005(name: str) -> str:
    """``actors.name_key`` as at revisions 0005 to 0008 (for downgrade)."""
    text = _DROP_0005.sub('', _strip_accents(name).casefold())
    return ' '.join(_NON_WORD.sub(' ', text).split())


def alias_key_0008(name: str) -> str:
    """``aliases.normalised`` as at revisions 0001 to 0008 (for downgrade).

    >>> alias_key_0008('  U.S.   Court ')
    'u.s. court'
    """
    return ' '.join(unicodedata.normalize('NFKC', name).casefold().split())


# ---------------------------------------------------------------- rekeying


def _rekey_actors(connection: Connection, key: Callable[[str], str]) -> None:
    rows = [{'aid': int(row.id), 'key': key(row.name)[:_KEY_LIMIT]}
            for row in connection.execute(sa.select(_actors.c.id, _actors.c.name, _actors.c.name_key))
            if row.name_key != key(row.name)[:_KEY_LIMIT]]
    for start in range(0, len(rows), _CHUNK):
        connection.execute(sa.update(_actors).where(_actors.c.id == sa.bindparam('aid'))
                           .values(name_key=sa.bindparam('key')), rows[start : start + _CHUNK])


def _rekey_aliases(connection: Connection, key: Callable[[str], str]) -> None:
    """Set every alias's ``normalised`` to ``key(alias)``, merging aliases that share a key (oldest wins)."""
    owners = dict(connection.execute(sa.select(_actors.c.id, _actors.c.name)).all())
    kept: dict[str, tuple[int, int, str]] = {}  # key -> (alias id, actor id, alias)
    dropped: list[int] = []
    changed: list[dict[str, object]] = []
    for row in connection.execute(sa.select(_aliases).order_by(_aliases.c.id)):
        new = key(row.alias)
        first = kept.get(new)
        if not new or len(new) > _KEY_LIMIT:
            dropped.append(int(row.id))
            log.warning('alias %r of actor %r: its name key is %s; deleted (it could not be looked up)',
                        row.alias, owners.get(row.actor_id), 'empty' if not new else 'too long')
        elif first is None:
            kept[new] = (int(row.id), int(row.actor_id), row.alias)
            if row.normalised != new:
                changed.append({'aid': int(row.id), 'key': new})
        else:
            dropped.append(int(row.id))
            if first[1] == row.actor_id:
                log.info('alias %r of actor %r: the same name as its alias %r; deleted',
                         row.alias, owners.get(row.actor_id), first[2])
            else:
                log.warning('alias %r of actor %r: the same name as alias %r of actor %r, which keeps it; '
                            'deleted (give it back with `stancemap actors alias` if it was right)',
                            row.alias, owners.get(row.actor_id), first[2], owners.get(first[1]))
    for start in range(0, len(dropped), _CHUNK):
        connection.execute(sa.delete(_aliases).where(_aliases.c.id.in_(dropped[start : start + _CHUNK])))
    # two passes keep the unique index on ``normalised`` satisfied at every row: first a placeholder
    # no key can equal (keys are casefolded, the placeholder is upper case), then the key
    placeholders = [{'aid': r['aid'], 'key': f"REKEY {r['aid']}"} for r in changed]
    for rows in (placeholders, changed):
        for start in range(0, len(rows), _CHUNK):
            connection.execute(sa.update(_aliases).where(_aliases.c.id == sa.bindparam('aid'))
                               .values(normalised=sa.bindparam('key')), rows[start : start + _CHUNK])


def upgrade() -> None:
    """Rekey actors and aliases with this revision's name key (no schema change)."""
    connection = op.get_bind()
    _rekey_actors(connection, name_key)
    _rekey_aliases(connection, name_key)


def downgrade() -> None:
    """Put back the 0008 keys (deleted aliases are not restored)."""
    connection = op.get_bind()
    _rekey_actors(connection, name_key_0005)
    _rekey_aliases(connection, alias_key_0008)
