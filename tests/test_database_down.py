"""When the database cannot be reached, every page answers 503 with a friendly page in the
user's language (no stack trace), /healthz says so too, and the app recovers by itself when
the database is back (issue 8, point 12)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from smail_app import create_app
from smail_app.assessments.instrument import install_default_instrument
from smail_app.extensions import db
from smail_app.i18n import LANGUAGE_COOKIE
from tests.conftest import PG_URL, _base_config, login
from tests.factories import make_participant, participant_user

FRIENDLY = "SMAIL går inte att nå just nu"


def _assert_unavailable(client, paths: list[str]) -> None:
    for path in paths:
        headers = {"Authorization": "Bearer some-token"} if path.startswith("/api/") else {}
        response = client.get(path, headers=headers)
        body = response.get_data(as_text=True)
        assert response.status_code == 503, (path, body[:300])
        if path.startswith("/api/"):
            assert response.get_json()["error"]["status"] == 503
        elif path != "/healthz":
            assert FRIENDLY in body and "Traceback" not in body and "sqlite" not in body.lower()
        assert response.headers.get("Retry-After") or path == "/healthz"


def test_sqlite_file_gone_and_back(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    app = create_app(_base_config(f"sqlite:///{folder / 'smail.db'}"))
    with app.app_context():
        db.create_all()
        install_default_instrument(db.session.connection(), datetime.now(UTC))
        db.session.commit()
    user = participant_user(app, make_participant(app, with_account=True))
    client = app.test_client()
    login(client, user)
    assert client.get("/me").status_code == 200

    folder.rename(tmp_path / "moved")  # the disk is gone
    with app.app_context():
        db.engine.dispose()
    _assert_unavailable(client, ["/me", "/me/progress", "/healthz", "/api/v1/me"])
    client.set_cookie(LANGUAGE_COOKIE, "en")  # the account's own choice cannot be read now
    english = client.get("/me")
    assert english.status_code == 503 and "cannot be reached" in english.get_data(as_text=True)

    (tmp_path / "moved").rename(folder)  # back, without restarting the app
    assert client.get("/healthz").status_code == 200
    assert client.get("/me").status_code == 200  # still signed in


class _Proxy:
    """A TCP relay to PostgreSQL that the test can cut and restore, as a network failure."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.open = False
        self.close_relays()

    def close_relays(self) -> None:
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self.sockets = []

    def restore(self) -> None:
        self.open = True


@pytest.fixture
def proxied_pg_url() -> Iterator[tuple[str, _Proxy]]:
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (SMAIL_TEST_DATABASE_URL)")
    url = make_url(PG_URL)
    proxy = _Proxy(url.host or "127.0.0.1", url.port or 5432)
    yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
    proxy.listener.close()
    proxy.close_relays()


def test_postgresql_connection_cut_and_back(proxied_pg_url):
    from tests.conftest import _reset_postgres

    url, proxy = proxied_pg_url
    app = create_app(_base_config(url))
    _reset_postgres(app)
    with app.app_context():
        install_default_instrument(db.session.connection(), datetime.now(UTC))
        db.session.commit()
    user = participant_user(app, make_participant(app, with_account=True))
    client = app.test_client()
    login(client, user)
    assert client.get("/me").status_code == 200

    proxy.cut()
    _assert_unavailable(client, ["/me", "/me/progress", "/healthz", "/api/v1/me"])

    proxy.restore()
    assert client.get("/healthz").status_code == 200
    assert client.get("/me").status_code == 200
    with app.app_context():
        db.engine.dispose()
