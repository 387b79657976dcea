"""An upload handler that stops reading a file as soon as it passes the size limit, so a huge
upload is refused without being written to disk, and the view can say why."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

TOO_LARGE = "_eenloket_upload_too_large"


class LimitedUploadHandler(FileUploadHandler):
    """Count the bytes of each file; past EENLOKET_DOCUMENT_MAX_BYTES, mark the request and stop.

    Put it first in ``request.upload_handlers`` before the request body is read (the view is
    csrf_exempt and checks CSRF itself afterwards, as Django's documentation describes).
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def new_file(self, *args, **kwargs):
        self.received = 0
        return super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.EENLOKET_DOCUMENT_MAX_BYTES:
            setattr(self.request, TOO_LARGE, True)
            # Read and drop the rest of the body, so the browser gets our answer.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def install(request) -> None:
    """Put the limited handler in front of Django's own (before the body is read)."""
    request.upload_handlers.insert(0, LimitedUploadHandler(request))


def too_large(request) -> bool:
    return getattr(request, TOO_LARGE, False)
