from django.db import migrations, models


def _sqlite_index(apps, schema_editor, *, on: bool):
    # SQLite adds these columns by rebuilding the table, which drops the full-text triggers:
    # take the index off first, and put it back (rebuilt from the rows) after.
    from renkei.search import db

    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    if on:
        db.install(connection)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        db.uninstall(connection)


def index_off(apps, schema_editor):
    _sqlite_index(apps, schema_editor, on=False)


def index_on(apps, schema_editor):
    _sqlite_index(apps, schema_editor, on=True)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(index_off, index_on),
        migrations.AddField(
            model_name="searchentry",
            name="happens_on",
            field=models.DateField(blank=True, null=True, verbose_name="date"),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="title_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="entry title (English)"),
        ),
        migrations.RunPython(index_on, index_off),
    ]
