"""Files that come with an article: who uploads, what is kept, who downloads, and how it is served."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from heartline.core.contracts import Caller
from heartline.library import services
from heartline.library.models import Article, Attachment
from tests.library.conftest import practice

pytestmark = pytest.mark.django_db

CHECKLIST = b"- [ ] verify identity\n- [ ] confirm the mailing address\n"


@pytest.fixture
def tool(publish: Callable[..., Article]) -> Article:
    return publish(practice(kind="tool", tool_type="checklist", body="- [ ] verify identity"))


@pytest.fixture
def as_trainer(client: Client, trainer: Caller) -> Client:
    client.force_login(get_user_model().objects.get(pk=trainer.user_id))
    return client


def upload(client: Client, article: Article, name: str, data: bytes, title: str = "Checklist") -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(f"/library/write/{article.pk}/upload", {"title": title, "file": SimpleUploadedFile(name, data)})


def test_the_owner_uploads_and_any_reader_downloads_it_as_a_file(
    as_trainer: Client, tool: Article, client_as: Callable[[str], Client]
) -> None:
    upload(as_trainer, tool, "checklist.md", CHECKLIST)
    item = Attachment.objects.get(article=tool)
    response = client_as("agent").get(f"/library/attachments/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{item.file.name.rsplit("/", 1)[1]}"'
    assert item.file.name.rsplit("/", 1)[1].startswith("checklist")
    assert b"".join(response.streaming_content) == CHECKLIST  # type: ignore[attr-defined]


def test_a_drafts_files_are_not_downloaded_by_readers(trainer: Caller, client_as: Callable[[str], Client]) -> None:
    draft = services.create_article(trainer, practice(kind="tool", tool_type="checklist", body="- [ ] x"))
    item = services.add_attachment(trainer, draft, "Checklist", CHECKLIST, "checklist.md")
    assert client_as("agent").get(f"/library/attachments/{item.pk}/").status_code == 404


def test_a_reviewer_downloads_a_drafts_file(trainer: Caller, client_as: Callable[[str], Client]) -> None:
    draft = services.create_article(trainer, practice(kind="tool", tool_type="checklist", body="- [ ] x"))
    item = services.add_attachment(trainer, draft, "Checklist", CHECKLIST, "checklist.md")
    assert client_as("manager").get(f"/library/attachments/{item.pk}/").status_code == 200


def test_an_agent_may_not_upload_to_an_article(client_as: Callable[[str], Client], tool: Article) -> None:
    upload(client_as("agent"), tool, "checklist.md", CHECKLIST)
    assert Attachment.objects.filter(article=tool).count() == 0


def test_a_page_or_script_is_refused_with_the_reason(as_trainer: Client, tool: Article) -> None:
    upload(as_trainer, tool, "checklist.html", b"<script>alert(1)</script>")
    page = as_trainer.get(f"/library/write/{tool.pk}/").content.decode()
    assert Attachment.objects.filter(article=tool).count() == 0
    assert "file: &#x27;checklist.html&#x27; is not a kind of file the library keeps" in page


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    as_trainer: Client, tool: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 10)
    upload(as_trainer, tool, "checklist.md", CHECKLIST)
    page = as_trainer.get(f"/library/write/{tool.pk}/").content.decode()
    assert Attachment.objects.filter(article=tool).count() == 0
    assert f"file: {len(CHECKLIST)} bytes; at most 10" in page


def test_a_path_in_the_file_name_is_dropped(trainer: Caller, tool: Article) -> None:
    stored = services.add_attachment(trainer, tool, "Checklist", CHECKLIST, "../../../etc/checklist.md").file.name
    # The storage may add a suffix when the name is taken (tests share one HEARTLINE_HOME).
    assert (stored.rsplit("/", 1)[0], stored.rsplit("/", 1)[1][:9], stored[-3:]) == (
        f"{tool.group.key}/en",
        "checklist",
        ".md",
    )


def test_an_empty_file_is_refused(trainer: Caller, tool: Article) -> None:
    with pytest.raises(services.LibraryError, match=r"file: checklist\.md is empty"):
        services.add_attachment(trainer, tool, "Checklist", b"", "checklist.md")


def test_a_missing_file_on_disk_is_not_found(
    trainer: Caller, tool: Article, client_as: Callable[[str], Client]
) -> None:
    item = services.add_attachment(trainer, tool, "Checklist", CHECKLIST, "checklist.md")
    item.file.storage.delete(item.file.name)
    assert client_as("agent").get(f"/library/attachments/{item.pk}/").status_code == 404
