"""An S3-compatible bucket for the static copy (django-storages): each file is stored with
the type and cache lifetime a web server would give it (see ``files.content_type`` and
``files.cache_control``), so that the bucket, or a CDN in front of it, serves the copy as
nginx does."""

from storages.backends.s3 import S3Storage

from .files import cache_control, content_type


class StaticCopyStorage(S3Storage):
    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters.setdefault("ContentType", content_type(name))
        parameters.setdefault("CacheControl", cache_control(name))
        return parameters
