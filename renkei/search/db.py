"""The database side of search: the full-text index and the query that reads it.

SQLite: ``search_fts``, an FTS5 table whose content is ``search_searchentry.tokens`` (external
content, rowid = SearchEntry.id), kept in step by triggers on ``search_searchentry`` — so that
bulk and cascading deletes leave no stale index rows. Its unicode61 tokenizer treats every
character but spaces and controls as part of a token and removes no diacritics, so it indexes
our pre-made tokens exactly as ``tokenise`` wrote them. Django rebuilds a SQLite table (and
loses its triggers) when a migration alters some columns: any later migration that alters
SearchEntry must call ``install(schema_editor.connection)`` again; ``search_rebuild`` does too.

PostgreSQL: ``search_vector``, a generated column ``to_tsvector('simple', tokens)`` with a GIN
index. The 'simple' configuration only lower-cases, so lexemes are our tokens and positions
are theirs. (tsvector positions stop at 16,383: a phrase past that many tokens of one entry is
not found.)

A query is a phrase of tokens per term, terms ANDed: FTS5 ``"観光 光地" AND "dmo"``,
PostgreSQL ``('観光' <-> '光地') & ('dmo')``; a term ending in one CJK character ends with a
prefix (``"光" *`` / ``'光':*``).
"""

from django.db.backends.base.base import BaseDatabaseWrapper

from renkei.lib.japanese import is_prefix_term

TABLE = "search_searchentry"

_SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        tokens, content='{TABLE}', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Co Cn'"
    )""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE OF tokens ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
]
_SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
_POSTGRES_INSTALL = [
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED""",
    f"CREATE INDEX IF NOT EXISTS search_entry_vector_idx ON {TABLE} USING gin (search_vector)",
]
_POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS search_entry_vector_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _execute(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the full-text index for this database, if missing (safe to run again)."""
    if connection.vendor == "sqlite":
        _execute(connection, _SQLITE_INSTALL)
    elif connection.vendor == "postgresql":
        _execute(connection, _POSTGRES_INSTALL)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        _execute(connection, _SQLITE_UNINSTALL)
    elif connection.vendor == "postgresql":
        _execute(connection, _POSTGRES_UNINSTALL)


def reindex(connection: BaseDatabaseWrapper) -> None:
    """Make the index match the table again (SQLite; PostgreSQL's generated column always does)."""
    if connection.vendor == "sqlite":
        install(connection)
        _execute(connection, ["INSERT INTO search_fts(search_fts) VALUES ('rebuild')"])


def fts5_query(terms: list[list[str]]) -> str:
    """The FTS5 MATCH expression: each term a phrase of its tokens, terms ANDed.

    Tokens hold only letters, digits and marks, never a double quote.

    >>> fts5_query([["観光", "光地"], ["dmo"], ["光"]])
    '"観光 光地" AND "dmo" AND "光" *'
    """
    return " AND ".join(f'"{" ".join(tokens)}"' + (" *" if is_prefix_term(tokens) else "") for tokens in terms)


def tsquery(terms: list[list[str]]) -> str:
    """The PostgreSQL to_tsquery('simple', …) text: each term a <-> phrase, terms ANDed.

    >>> tsquery([["観光", "光地"], ["dmo"], ["光"]])
    "('観光' <-> '光地') & ('dmo') & ('光':*)"
    """

    def lexeme(token: str) -> str:
        return "'" + token.replace("'", "''") + "'"

    parts = []
    for tokens in terms:
        lexemes = [lexeme(token) for token in tokens]
        if is_prefix_term(tokens):
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def ranked_ids(
    connection: BaseDatabaseWrapper, terms: list[list[str]], within: tuple[str, tuple], limit: int
) -> list[tuple[int, float]]:
    """(entry id, rank) of the best ``limit`` entries matching every term, among ``within``.

    ``within`` is the SQL and parameters of a query selecting entry ids. Higher rank is
    better; ties go to the most recently updated entry.
    """
    within_sql, within_params = within
    if connection.vendor == "postgresql":
        sql = f"""
            SELECT e.id, ts_rank_cd(e.search_vector, q, 1) AS rank
            FROM {TABLE} e, to_tsquery('simple', %s) q
            WHERE e.search_vector @@ q AND e.id IN ({within_sql})
            ORDER BY rank DESC, e.updated_at DESC, e.id DESC
            LIMIT %s"""
        params = [tsquery(terms), *within_params, limit]
    else:
        sql = f"""
            SELECT search_fts.rowid, -bm25(search_fts) AS rank
            FROM search_fts JOIN {TABLE} e ON e.id = search_fts.rowid
            WHERE search_fts MATCH %s AND search_fts.rowid IN ({within_sql})
            ORDER BY rank DESC, e.updated_at DESC, e.id DESC
            LIMIT %s"""
        params = [fts5_query(terms), *within_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
