"""Drafts: a half-written post kept for its author alone, resumed from the board and published."""

import pytest

from renkei.board.models import Category, Post, PostDraft

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"
NEW = BOARD + "new/"


def _category(world):
    return world.network.board_categories.get(kind=Category.Kind.PROPOSAL)


def _save(client, world, **extra):
    data = {"category": _category(world).pk, "title": "書きかけの提案", "body": "防災の連携について", "save_draft": "1"}
    data.update(extra)
    return client.post(NEW, data)


def test_it_keeps_a_half_written_post_as_a_draft(client, world):
    client.force_login(world.alice)
    response = _save(client, world, title="")
    assert response.status_code == 302
    assert response.url == BOARD
    draft = PostDraft.objects.get()
    assert (draft.author, draft.network, draft.body) == (world.alice, world.network, "防災の連携について")
    assert not Post.objects.exists()


def test_it_lists_the_drafts_on_the_board_for_their_author_only(client, world):
    client.force_login(world.alice)
    _save(client, world)
    draft = PostDraft.objects.get()
    page = client.get(BOARD).content.decode()
    assert "Your drafts" in page
    assert f"new/?draft={draft.pk}" in page
    for someone in (world.bob, world.secretariat, world.charlie):
        client.force_login(someone)
        page = client.get(BOARD).content.decode()
        assert "書きかけの提案" not in page
        assert "Your drafts" not in page
    client.logout()
    assert "書きかけの提案" not in client.get(BOARD).content.decode()


def test_it_refuses_someone_elses_draft(client, world):
    client.force_login(world.alice)
    _save(client, world)
    draft = PostDraft.objects.get()
    client.force_login(world.bob)
    assert client.get(f"{NEW}?draft={draft.pk}").status_code == 404
    data = {"category": _category(world).pk, "title": "横取り", "body": "本文", "visibility": "members"}
    assert client.post(NEW, {**data, "draft": draft.pk}).status_code == 404
    assert client.post(NEW, {**data, "draft": draft.pk, "save_draft": "1"}).status_code == 404
    draft.refresh_from_db()
    assert draft.title == "書きかけの提案"
    assert not Post.objects.exists()


def test_it_resumes_a_draft_and_publishing_it_removes_it(client, world):
    client.force_login(world.alice)
    _save(client, world)
    draft = PostDraft.objects.get()
    form = client.get(f"{NEW}?draft={draft.pk}").content.decode()
    assert "書きかけの提案" in form
    assert "防災の連携について" in form
    assert f'name="draft" value="{draft.pk}"' in form
    data = {"category": _category(world).pk, "title": "書き上げた提案", "body": "防災の連携", "visibility": "members"}
    response = client.post(NEW, {**data, "draft": draft.pk})
    post = Post.objects.get()
    assert response.url == f"{BOARD}{post.pk}/"
    assert (post.title, post.author) == ("書き上げた提案", world.alice)
    assert not PostDraft.objects.exists()


def test_saving_again_updates_the_same_draft(client, world):
    client.force_login(world.alice)
    _save(client, world)
    draft = PostDraft.objects.get()
    _save(client, world, draft=draft.pk, title="直した題名")
    draft.refresh_from_db()
    assert PostDraft.objects.count() == 1
    assert draft.title == "直した題名"


def test_those_who_may_not_post_keep_no_draft(client, world):
    client.force_login(world.charlie)
    assert _save(client, world).status_code == 403
    assert not PostDraft.objects.exists()


def test_its_author_deletes_a_draft_from_the_board_and_no_one_else_can(client, world):
    client.force_login(world.alice)
    _save(client, world)
    draft = PostDraft.objects.get()
    assert "Delete the draft" in client.get(BOARD).content.decode()
    client.force_login(world.bob)
    assert client.post(NEW, {"draft": draft.pk, "discard_draft": "1"}).status_code == 404
    assert PostDraft.objects.filter(pk=draft.pk).exists()
    client.force_login(world.alice)
    response = client.post(NEW, {"draft": draft.pk, "discard_draft": "1"})
    assert response.status_code == 302 and response.url == BOARD
    assert not PostDraft.objects.exists() and not Post.objects.exists()
    page = client.get(BOARD).content.decode()
    assert "The draft is deleted." in page and "書きかけの提案" not in page
