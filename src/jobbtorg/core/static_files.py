"""The storage of the static files in production: hashed names and gzip copies (WhiteNoise)."""

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise also writes brotli copies whenever the brotli package can be imported; the
    benchmark's load generator (locust) brings it into the development environment, where
    compressing every file at brotli's highest quality made collectstatic take minutes. Gzip
    only, wherever it runs: the same files in development, CI and production (which does not
    install brotli)."""

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return super().create_compressor(use_brotli=False, **kwargs)
