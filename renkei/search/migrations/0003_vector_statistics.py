from django.db import migrations


def keep_more_lexemes(apps, schema_editor):
    # PostgreSQL only: the statistics the planner reads to tell a rare word from a common one
    # (renkei/search/db.py). ANALYZE (autovacuum's, or the next one) gathers them.
    from renkei.search import db

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {db.TABLE} ALTER COLUMN search_vector SET STATISTICS {db.VECTOR_STATISTICS}")
            cursor.execute(f"ANALYZE {db.TABLE}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_entry_title_en_and_date")]

    operations = [migrations.RunPython(keep_more_lexemes, migrations.RunPython.noop)]
