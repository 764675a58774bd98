"""Private files (certificates, their ZIP exports, workshop packs): stored under unguessable
names in the "private" storage, which has no public URL, and served only by views that have
checked permission, through `private_file_response`. The storage is the local disk
(`PrivateFileStorage`) or, with S3 media, a bucket whose objects are read through signed URLs."""

import secrets
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.http import content_disposition_header


class PrivateFileStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT, so no public URL reaches them)."""

    def __init__(self, location=None, **kwargs):
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them with private_file_response().")


class _PrivateStorage(LazyObject):
    """storages["private"], looked up on first use and again after STORAGES changes (as
    Django's default_storage), so FileFields follow the settings a test overrides."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


setting_changed.connect(_forget_private_storage)


def private_storage() -> Storage:
    """The storage of private files (a callable, so FileFields and migrations name no backend)."""
    return _private


def _signs_urls(storage: Storage) -> bool:
    """Whether the storage's url() is a short-lived signed URL (django-storages' S3 with
    querystring_auth, as settings.media_storages configures the private bucket)."""
    return getattr(storage, "querystring_auth", False) is True


def private_name(folder: str, filename: str) -> str:
    """`folder/<128 random bits>/filename`: a name nobody can guess from what they know."""
    return f"{folder}/{secrets.token_hex(16)}/{PurePosixPath(filename).name}"


def private_file_exists(file: FieldFile) -> bool:
    return bool(file) and file.storage.exists(file.name)


def private_file_response(
    file: FieldFile, *, filename: str, content_type: str
) -> FileResponse | HttpResponse:
    """The file as a download, for a request already allowed to have it.

    On S3, a redirect to a URL signed for PRIVATE_FILES_URL_EXPIRY seconds that names the
    download; with PRIVATE_FILES_ACCEL_REDIRECT set (production behind nginx), an empty response
    whose X-Accel-Redirect header has the proxy send the file from its internal location;
    otherwise the file streamed by Django. Callers check `private_file_exists` first; off S3 a
    missing file raises FileNotFoundError."""
    if _signs_urls(file.storage):
        url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": content_type,
            },
            expire=settings.PRIVATE_FILES_URL_EXPIRY,
        )
        response = HttpResponseRedirect(url)
        # The signed URL is this request's, for a few seconds: no shared cache may keep it.
        response["Cache-Control"] = "private, no-store"
        return response
    prefix = settings.PRIVATE_FILES_ACCEL_REDIRECT
    if not prefix:
        return FileResponse(
            file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
    if not file.storage.exists(file.name):
        raise FileNotFoundError(file.name)
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(file.name)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def private_files_move(model, *, field: str, folder: str, reverse: bool = False) -> int:
    """Move the files of `model.field` from the public (default) storage into the private one
    under unguessable names, or back with `reverse`. For data migrations: rows whose file is
    missing are left as they are; the old copies are deleted once the transaction commits."""
    public, private = storages["default"], storages["private"]
    source, target = (private, public) if reverse else (public, private)
    moved = 0
    for pk, name in model.objects.exclude(**{field: ""}).values_list("pk", field).iterator():
        if not source.exists(name):
            continue
        new_name = (
            str(PurePosixPath(folder) / PurePosixPath(name).name)
            if reverse
            else private_name(folder, name)
        )
        with source.open(name, "rb") as handle:
            new_name = target.save(new_name, handle)
        model.objects.filter(pk=pk).update(**{field: new_name})
        transaction.on_commit(lambda name=name: source.delete(name))
        moved += 1
    return moved
