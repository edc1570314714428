"""Boards' pamphlet category reads 配架依頼 (pamphlets are placed on racks), as docs/glossary.md says."""

from django.db import migrations

OLD, NEW = "パンフレット配布依頼", "パンフレット配架依頼"


def rename(apps, schema_editor, old=OLD, new=NEW):
    Category = apps.get_model("board", "Category")
    Category.objects.filter(name_ja=old).update(name_ja=new)
    Category.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [("board", "0003_public_post_indexes")]

    operations = [migrations.RunPython(rename, rename_back)]
