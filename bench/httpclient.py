"""A small HTTP/1.1 client over ``http.client``: one cookie jar per simulated user,
keep-alive when the server allows it, and the HTML helpers the benchmark needs (CSRF
tokens, form fields, the assets a page loads)."""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pyotp

USER_AGENT = "smail-bench/1"  # Flask-Login's strong session protection hashes it: keep it fixed


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _Verbs:
    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        raise NotImplementedError

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str],
                  headers: dict[str, str] | None = None) -> Response:
        return self.request("POST", path, urlencode(fields).encode(), headers)


@dataclass
class Session(_Verbs):
    """One simulated user against 127.0.0.1 over HTTP, with its own cookie jar."""

    host: str
    port: int
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)
    _conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        all_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if self.cookies:
            all_headers["Cookie"] = self.cookie_header()
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.update(headers or {})
        for attempt in (1, 2):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port,
                                                        timeout=self.timeout)
            started = time.perf_counter()
            try:
                self._conn.request(method, path, body=body, headers=all_headers)
                raw = self._conn.getresponse()
                data = raw.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self.close()  # the server closed a kept-alive connection: reconnect once
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - started
            headers_out = {k.lower(): v for k, v in raw.getheaders()}
            for value in raw.msg.get_all("Set-Cookie") or []:
                self._store_cookie(value)
            if raw.will_close:
                self.close()
            return Response(raw.status, headers_out, data, elapsed)
        raise RuntimeError("unreachable")

    def _store_cookie(self, header: str) -> None:
        pair = header.split(";", 1)[0]
        name, _, value = pair.partition("=")
        name = name.strip()
        expired = re.search(r"(?i)max-age=0|expires=thu, 01 jan 1970", header)
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value.strip()


class InProcessSession(_Verbs):
    """The same verbs through ``app.test_client()`` (its own cookie jar), for counting SQL
    statements inside this process."""

    def __init__(self, app) -> None:
        self.client = app.test_client()

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        all_headers = {"User-Agent": USER_AGENT}
        all_headers.update(headers or {})
        extra = {}
        if body is not None:
            extra = {"data": body, "content_type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        raw = self.client.open(path, method=method, headers=all_headers,
                               environ_base={"REMOTE_ADDR": "127.0.0.1"}, **extra)
        data = raw.get_data()
        elapsed = time.perf_counter() - started
        return Response(raw.status_code, {k.lower(): v for k, v in raw.headers.items()}, data,
                        elapsed)


# --- HTML helpers -------------------------------------------------------------------------


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._current: dict | None = None
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._current = {"action": a.get("action", ""), "method": a.get("method", "get"),
                             "attrs": a, "hidden": {}, "radios": []}
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None:
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                self._current["hidden"][a.get("name", "")] = a.get("value", "")
            elif kind == "radio" and a.get("name"):
                self._current["radios"].append((a["name"], a.get("value", "")))
        elif tag == "link" and a.get("href"):
            rel = a.get("rel", "").lower()
            if "stylesheet" in rel or "icon" in rel or "preload" in rel:
                self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.assets.append(a["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def parse(html: str) -> _FormParser:
    parser = _FormParser()
    parser.feed(html)
    return parser


def csrf_token(html: str) -> str:
    for form in parse(html).forms:
        token = form["hidden"].get("csrf_token")
        if token:
            return token
    raise LookupError("no CSRF token in the page")


def page_assets(html: str) -> list[str]:
    """Same-site assets the page makes a browser download (stylesheets, icon, scripts,
    images), in order, without duplicates."""
    seen: list[str] = []
    for href in parse(html).assets:
        parts = urlsplit(href)
        if parts.netloc and parts.netloc not in ("127.0.0.1", "localhost"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in seen:
            seen.append(path)
    return seen


def autosave_fields(html: str) -> dict[str, str]:
    """What the rating page's script sends when one answer is chosen: the autosave form's
    hidden fields (without ``direction``) and one radio answer."""
    forms = parse(html).forms
    form = next((f for f in forms if "data-autosave" in f["attrs"]), None) or next(
        (f for f in forms if f["radios"]), None)
    if form is None or not form["radios"]:
        raise LookupError("no rating form with answers on the step page")
    fields = {k: v for k, v in form["hidden"].items() if k and k != "direction"}
    name = form["radios"][0][0]
    values = [v for n, v in form["radios"] if n == name]
    fields[name] = "3" if "3" in values else values[len(values) // 2]
    return fields


# --- Signing in through the real form -------------------------------------------------------


class LoginFailed(RuntimeError):
    pass


def _second_factor(session: Session, totp_secret: str):
    """The current code; if this account already used it (the app takes each code once), the
    next one, which the app accepts as a clock a step ahead, as a person would wait for."""
    totp = pyotp.TOTP(totp_secret)
    for code in (totp.now(), totp.at(time.time() + totp.interval)):
        code_page = session.get("/login/code")
        response = session.post_form("/login/code", {"csrf_token": csrf_token(code_page.text),
                                                     "code": code})
        if response.status == 302:
            return response
    return response


def sign_in(session: Session, login: str, password: str, totp_secret: str | None = None) -> None:
    page = session.get("/login")
    response = session.post_form("/login", {"csrf_token": csrf_token(page.text), "login": login,
                                            "password": password, "next": ""})
    if response.status == 302 and "/login/code" in response.location:
        if not totp_secret:
            raise LoginFailed(f"{login}: a second factor is asked for but no secret is known")
        response = _second_factor(session, totp_secret)
    if response.status != 302 or "/login" in urlsplit(response.location).path:
        raise LoginFailed(f"{login}: sign-in answered {response.status} {response.location}")
