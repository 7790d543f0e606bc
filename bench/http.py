"""A minimal asyncio HTTP/1.1 client for loopback: POST with Content-Length and GET,
keep-alive while the server allows it (gunicorn's sync workers close after each answer,
tornado keeps the connection), nothing else. Cheap enough that the driver is not the
bottleneck."""

import asyncio

JSON = "application/json"


class HttpError(Exception):
    """The server closed the connection or answered something this client cannot read."""


class HttpConnection:
    """One connection to ``127.0.0.1:port``, opened again whenever the server closed it."""

    def __init__(self, port: int, timeout: float = 10.0):
        self.port = port
        self.timeout = timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(
        self, path: str, body: bytes, headers: dict[str, str], content_type: str = JSON
    ) -> tuple[int, dict, bytes]:
        """POST ``body``; the status, the response headers (lower-case names) and body."""
        headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **headers}
        return await self.request("POST", path, body, headers)

    async def get(self, path: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        """GET ``path``; the status, the response headers (lower-case names) and body."""
        return await self.request("GET", path, b"", headers)

    async def request(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict, bytes]:
        reused = self.writer is not None
        try:
            return await asyncio.wait_for(self._send(method, path, body, headers), self.timeout)
        except (ConnectionError, asyncio.IncompleteReadError, HttpError):
            self.close()
            if not reused:
                raise
        # A kept-alive connection the server had closed meanwhile: once more, on a new one.
        return await asyncio.wait_for(self._send(method, path, body, headers), self.timeout)

    async def _send(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n{extra}\r\n"
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise HttpError("connection closed before an answer")
        status = int(status_line.split(b" ", 2)[1])
        answer_headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer_headers[name.strip().lower()] = value.strip()
        if "chunked" in answer_headers.get("transfer-encoding", ""):
            raise HttpError("chunked answers are not supported")
        length = answer_headers.get("content-length")
        if length is not None:
            answer = await self.reader.readexactly(int(length))
        else:
            answer = await self.reader.read()
        if length is None or answer_headers.get("connection", "").lower() == "close":
            self.close()
        return status, answer_headers, answer

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None
