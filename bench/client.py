"""A browser's part over real HTTP: cookies, the CSRF token from the form, the login with the
second factor, and timed requests over a kept connection (standard library only, so the
benchmark's own process stays small)."""

import hmac
import html
import http.client
import re
import struct
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

# What the reverse proxy of docs/deploy.md sends: the request came in over HTTPS.
HOST = "localhost"
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}
ORIGIN = f"https://{HOST}"
QUERY_HEADER = "X-Bench-Queries"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoginFailed(RuntimeError):
    pass


@dataclass
class Answer:
    status: int
    body: bytes
    milliseconds: float
    queries: int | None
    location: str | None


class Browser:
    """One user's browser: its own cookies (so its own session) and its own connection."""

    def __init__(self, port: int, timeout: float = 60):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def close(self) -> None:
        self.connection.close()

    def request(self, method: str, url: str, form: dict | None = None) -> Answer:
        headers = dict(PROXY_HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = ORIGIN
            headers["Referer"] = ORIGIN + url
        start = time.perf_counter()
        try:
            self.connection.request(method, url, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            # The server closed the kept connection (gunicorn's sync workers close after every
            # answer): open a new one as a browser does, and count the time of both tries.
            self.connection.close()
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout
            )
            self.connection.request(method, url, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        milliseconds = (time.perf_counter() - start) * 1000
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        queries = response.getheader(QUERY_HEADER)
        return Answer(
            response.status,
            content,
            milliseconds,
            int(queries) if queries is not None else None,
            response.getheader("Location"),
        )

    def get(self, url: str) -> Answer:
        return self.request("GET", url)

    def follow(self, answer: Answer, limit: int = 5) -> Answer:
        while answer.status in (301, 302, 303) and answer.location and limit:
            location = urllib.parse.urlsplit(answer.location)
            answer = self.get(location.path + (f"?{location.query}" if location.query else ""))
            limit -= 1
        return answer

    def submit(self, url: str, fields: dict) -> Answer:
        """Fetch the form at `url`, take its CSRF token and post `fields` with it."""
        page = self.follow(self.get(url))
        token = CSRF_FIELD.search(page.body.decode())
        if page.status != 200 or token is None:
            raise LoginFailed(f"{url}: no form with a CSRF token (status {page.status})")
        return self.request(
            "POST", url, {"csrfmiddlewaretoken": html.unescape(token.group(1)), **fields}
        )

    def log_in(self, username: str, password: str, code=None) -> None:
        """The login form, then for staff the code form; `code` is a callable giving the
        authenticator app's current code."""
        answer = self.submit("/konto/login/", {"username": username, "password": password})
        if answer.status != 302:
            raise LoginFailed(f"{username}: the login form answered {answer.status}")
        answer = self.follow(answer)
        if "/konto/zwei-faktor/" in (answer.location or "") or b'name="token"' in answer.body:
            if code is None:
                raise LoginFailed(f"{username}: a second factor is asked for")
            answer = self.submit("/konto/zwei-faktor/", {"token": code()})
            if answer.status != 302:
                raise LoginFailed(f"{username}: the code form answered {answer.status}")
            answer = self.follow(answer)
        if answer.status != 200 or b"/konto/login/" in (answer.location or "").encode():
            raise LoginFailed(f"{username}: not logged in (status {answer.status})")


def totp_code(key_hex: str, step: int = 30, t0: int = 0, digits: int = 6, drift: int = 0):
    """A callable giving the current code of a TOTP device (RFC 6238 with SHA-1, as
    django-otp's TOTPDevice and authenticator apps compute it)."""

    def code() -> str:
        counter = int((time.time() - t0) // step) + drift
        digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), "sha1").digest()
        offset = digest[-1] & 0x0F
        value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
        return f"{value % 10**digits:0{digits}d}"

    return code
