"""`microdrama manage sync_translations`: bring locale/en/django.po up to date with the code."""

from django.core.management.base import BaseCommand

from microdrama.hub.i18n import compile_messages, missing_translations, sync_catalog


class Command(BaseCommand):
    help = "Add new translatable strings to the English catalogue, drop unused ones, list untranslated."

    def handle(self, *args, **options):
        added, removed = sync_catalog("en")
        self.stdout.write(f"added {len(added)}, removed {len(removed)}")
        missing = missing_translations("en")
        for msgid in missing:
            self.stdout.write(f"  untranslated: {msgid}")
        compile_messages()
