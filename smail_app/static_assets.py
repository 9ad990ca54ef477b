"""Static files under content-hashed names, cached for a year and never revalidated.

``url_for('static', filename='css/smail.css')`` gives ``/static/css/smail.3f2a9c1e0b.css``:
the name changes whenever the file does, so browsers may keep a file for a year
(``immutable``) and still never use a stale one. The unhashed name keeps working with a
short cache, for anything that links to it directly. They are compressed (brotli or gzip,
as the browser accepts) by Flask-Compress.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from flask import Flask, abort, send_from_directory
from flask.typing import ResponseReturnValue
from flask_compress import Compress

ONE_YEAR = 365 * 24 * 3600
UNHASHED_MAX_AGE = 300
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def build_manifest(static_dir: Path) -> dict[str, str]:
    """Every static file's name → its hashed name (computed once, at start-up)."""
    manifest = {}
    for path in sorted(static_dir.rglob("*")):
        if path.is_file() and path.suffix:
            name = path.relative_to(static_dir).as_posix()
            manifest[name] = f"{name.removesuffix(path.suffix)}.{_digest(path)}{path.suffix}"
    return manifest


def register(app: Flask) -> None:
    static_dir = Path(app.static_folder or "")
    manifest = build_manifest(static_dir)
    hashed_names = {hashed: name for name, hashed in manifest.items()}

    @app.url_defaults
    def hashed_static_name(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    def static(filename: str) -> ResponseReturnValue:
        original = hashed_names.get(filename)
        if original is None and _HASHED.match(filename) and filename not in manifest:
            abort(404)  # an old version's name: not served as if it were the new one
        response = send_from_directory(static_dir, original or filename,
                                       max_age=ONE_YEAR if original else UNHASHED_MAX_AGE)
        response.cache_control.immutable = original is not None
        # Read into memory (the files are small), so Flask-Compress may gzip it: streamed
        # responses get only the algorithms that stream.
        response.direct_passthrough = False
        body = response.get_data()
        response.close()  # the file
        response.set_data(body)
        return response

    # Only static files are compressed: compressing pages that carry a CSRF token next to
    # text the user sent would open them to BREACH-style guessing.
    app.config.setdefault("COMPRESS_REGISTER", False)
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/css", "text/javascript", "application/javascript", "image/svg+xml"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.view_functions["static"] = Compress(app).compressed()(static)
