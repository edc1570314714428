from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from renkei.search.services import search_rebuild


class Command(BaseCommand):
    help = "Build the search index again from every searchable model."

    def handle(self, *args, **options):
        count = search_rebuild()
        self.stdout.write(_("Search entries indexed: %(count)d") % {"count": count})
