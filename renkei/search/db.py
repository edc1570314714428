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
VECTOR_STATISTICS = 2000

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
    # The planner chooses between the GIN index (a rare word) and walking the newest entries (a
    # common one) by its statistics of the commonest lexemes. At the default target it knows too
    # few: a word in 86 of a million entries was guessed at 2,922 and every entry was read, in
    # 9.5 s instead of 21 ms. More kept lexemes give the rarer words their true rarity.
    f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STATISTICS {VECTOR_STATISTICS}",
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


# Search ranks the newest matches, this many (or as many as the page asked for needs): a
# word found in 100,000 entries is ranked in a millisecond or two rather than by reading
# every entry that holds it, and a word found in fewer is ranked over all its matches.
RANK_WINDOW = 200
# The alias of the matching entry in the queries below; ``within`` SQL may refer to it.
MATCH = "search_match"
# BM25's usual constants: how soon more occurrences stop counting, how much length weighs.
BM25_K1 = 1.2
BM25_B = 0.75


def ranked_ids(
    connection: BaseDatabaseWrapper,
    terms: list[list[str]],
    within: tuple[str, tuple],
    limit: int,
    offset: int = 0,
    window: int = RANK_WINDOW,
) -> list[tuple[int, float]]:
    """(entry id, rank) of the best ``limit`` entries matching every term, among ``within``, after the first ``offset``.

    ``within`` is the SQL and parameters of a condition on the candidate entry, aliased
    ``search_match`` (``MATCH``; see ``selectors._within``). Higher rank is better; ties go to
    the most recently updated entry. Only the newest ``window`` matches (by id: when they
    entered the index) are ranked, or ``offset + limit`` if more, each by ``rank`` on its
    tokens: the same on both databases, and cheap, where FTS5's bm25() and PostgreSQL's
    ts_rank_cd() would first read every entry holding a common word.
    """
    within_sql, within_params = within
    window = max(window, offset + limit)
    if connection.vendor == "postgresql":
        # Newest first, the planner walks the primary key and stops at ``window`` matches for a
        # common word, or reads the GIN index for a rare one.
        sql = f"""
            SELECT {MATCH}.id, {MATCH}.tokens, {MATCH}.updated_at
            FROM {TABLE} {MATCH}
            WHERE {MATCH}.search_vector @@ to_tsquery('simple', %s) AND ({within_sql})
            ORDER BY {MATCH}.id DESC
            LIMIT %s"""
        params = [tsquery(terms), *within_params, window]
    else:
        # FTS5 walks its doclists newest first (ORDER BY rowid DESC) and stops at the window.
        sql = f"""
            SELECT {MATCH}.id, {MATCH}.tokens, {MATCH}.updated_at
            FROM search_fts JOIN {TABLE} {MATCH} ON {MATCH}.id = search_fts.rowid
            WHERE search_fts MATCH %s AND ({within_sql})
            ORDER BY search_fts.rowid DESC
            LIMIT %s"""
        params = [fts5_query(terms), *within_params, window]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        candidates = cursor.fetchall()
    if not candidates:
        return []
    average = sum(_length(tokens) for _, tokens, _ in candidates) / len(candidates)
    ranked = sorted(
        ((rank(tokens, terms, average), updated_at, id_) for id_, tokens, updated_at in candidates), reverse=True
    )
    return [(id_, score) for score, _updated_at, id_ in ranked[offset : offset + limit]]


def _length(tokens: str) -> int:
    return tokens.count(" ") + 1 if tokens else 0


def rank(tokens: str, terms: list[list[str]], average_length: float) -> float:
    """How well an entry's ``tokens`` match ``terms``: BM25 over the occurrences of each term's phrase.

    Without BM25's rarity weight, since every candidate holds every term: more occurrences
    rank higher, in a shorter entry higher still.

    >>> rank("防災 災 防災 災", [["防災"]], 4) > rank("防災 災 訓練 練", [["防災"]], 4)
    True
    >>> rank("観光 光地 地域 域", [["観光", "光地"]], 4)
    1.0
    """
    text = f" {tokens} "
    length = _length(tokens)
    score = 0.0
    for term in terms:
        # A phrase is its tokens in a row; a term ending in a single CJK character matches
        # any token starting with that character.
        occurrences = text.count(" " + " ".join(term) + ("" if is_prefix_term(term) else " "))
        norm = 1 - BM25_B + BM25_B * length / max(average_length, 1)
        score += occurrences * (BM25_K1 + 1) / (occurrences + BM25_K1 * norm)
    return score


def count_ids(connection: BaseDatabaseWrapper, terms: list[list[str]], within: tuple[str, tuple], cap: int) -> int:
    """How many entries among ``within`` match every term, counting no further than ``cap``.

    The cap keeps a count of a very common word as cheap as a page of its results.
    ``within`` as for ``ranked_ids``.
    """
    within_sql, within_params = within
    if connection.vendor == "postgresql":
        sql = f"""
            SELECT count(*) FROM (
                SELECT {MATCH}.id FROM {TABLE} {MATCH}
                WHERE {MATCH}.search_vector @@ to_tsquery('simple', %s) AND ({within_sql})
                ORDER BY {MATCH}.id DESC
                LIMIT %s) found"""
        params = [tsquery(terms), *within_params, cap]
    else:
        sql = f"""
            SELECT count(*) FROM (
                SELECT search_fts.rowid FROM search_fts JOIN {TABLE} {MATCH} ON {MATCH}.id = search_fts.rowid
                WHERE search_fts MATCH %s AND ({within_sql})
                ORDER BY search_fts.rowid DESC
                LIMIT %s)"""
        params = [fts5_query(terms), *within_params, cap]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])
