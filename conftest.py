import pytest


def _reload_registry(sender, using, **kwargs):
    from renkei.registry.loading import load_registry
    from renkei.registry.models import LocalGovernment

    if not LocalGovernment.objects.using(using).exists():
        load_registry()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the whole registry of Japan, loaded once per test process."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from renkei.registry.loading import load_registry

    with django_db_blocker.unblock():
        load_registry()
    # Transactional and live-server tests end with a flush that empties every table and then
    # sends post_migrate: put the registry back (0.2 s), so the tests that follow in this
    # process, whatever their kind, still find it.
    post_migrate.connect(_reload_registry, sender=apps.get_app_config("registry"), dispatch_uid="renkei-registry")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages cached by one test never answer another."""
    from django.core.cache import caches

    from renkei.lib.caching import forget_kept

    for alias in ("default", "fragments"):
        caches[alias].clear()
    forget_kept()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Japanese, the site's default, whatever language an earlier request left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _japanese_reads_well():
    """Every Japanese page and email a test renders follows docs/glossary.md: no ISO date,
    no half-width colon beside Japanese words, no banned term."""
    from django.core import mail

    from renkei.lib.wording import faults, is_japanese
    from renkei.web.wording import FOUND

    FOUND.clear()
    yield
    found = list(FOUND)
    for message in getattr(mail, "outbox", []):
        for text in (message.subject, message.body):
            if is_japanese(text):
                found.extend(f"email “{message.subject}”: {fault}" for fault in faults(text))
    if found:
        pytest.fail("Japanese that breaks docs/glossary.md:\n" + "\n".join(dict.fromkeys(found)), pytrace=False)


@pytest.fixture
def make_post(world):
    """Alice's post in the world's network, saved as it is: no fan-out runs until a test asks for it.

    Shared by the board's and the notifications' tests, each of which defines ``world``.
    """
    from renkei.board.models import Post

    def make(**fields) -> Post:
        return Post.objects.create(
            network=world.network,
            category=world.network.board_categories.first(),
            author=world.alice,
            author_organisation=world.alice_org,
            **{"title": "t", "body": "b", **fields},
        )

    return make


@pytest.fixture
def admin_client(client, db):
    """A site admin's client: a superuser signed in with the second factor the admin asks for.

    Replaces pytest-django's fixture of the same name, whose user has a username and no second factor.
    """
    from django.contrib.auth import get_user_model

    from renkei.testing import login_with_second_factor

    login_with_second_factor(client, get_user_model().objects.create_superuser("root@example.jp", "x"))
    return client
