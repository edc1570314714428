from django.core.management import call_command
from django.core.management.base import BaseCommand

from renkei.networks.models import Network
from renkei.registry.models import LocalGovernment
from renkei.web.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_SIGN_INS, load_demo


class Command(BaseCommand):
    help = "Load the registry and the demo content from the seeds, once; print the demo sign-ins."

    def handle(self, *args, **options):
        if LocalGovernment.objects.count() < 1788:
            call_command("registry_load", stdout=self.stdout)
        if not Network.objects.filter(slug="nihon-shucho-rengo").exists():
            load_demo()
            self.stdout.write("Loaded demo content from the seeds.")
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins (password: {DEMO_PASSWORD}):"))
        for local, who in DEMO_SIGN_INS:
            self.stdout.write(f"  {local + '@' + DEMO_DOMAIN:<34} {who}")
