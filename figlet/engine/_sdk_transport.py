"""The Engine API through the docker SDK's session: for TLS (DOCKER_TLS_VERIFY /
DOCKER_CERT_PATH), https:// and ssh:// hosts, which the small stdlib client does not speak.

Same interface and failures as `figlet.engine._http.HttpTransport`: `ApiError` / `NotFound`
for an error status, `OSError` when the engine cannot be reached, `TimeoutError` when it was
reached but does not answer in time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from figlet.engine._http import (
    ByteStream,
    JsonStream,
    decode,
    error_for,
    json_lines,
    query,
    socket_timeout,
)


class SdkTransport:
    """Requests sent through a docker SDK `APIClient` (imported by the caller)."""

    def __init__(self, client: Any) -> None:
        import requests.exceptions

        self._client = client
        self._connect_timeouts = (requests.exceptions.ConnectTimeout,)
        self._timeout_errors = (requests.exceptions.Timeout,)
        self._connection_errors = (requests.exceptions.RequestException,)

    @property
    def client(self) -> Any:
        return self._client

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            return self._client.request(method, self._client._url(path), **kwargs)
        except self._connect_timeouts as exc:
            raise ConnectionError(f"connecting timed out: {exc}") from exc
        except self._timeout_errors as exc:
            raise TimeoutError(f"timed out: {exc}") from exc
        except self._connection_errors as exc:
            raise ConnectionError(str(exc)) from exc

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        data: bytes | None = None,
        content_type: str = "application/json",
        timeout: float | None = None,
    ) -> Any:
        headers = {"Content-Type": content_type} if body is not None or data is not None else {}
        response = self._request(
            method,
            query(path, params),
            json=body if data is None else None,
            data=data,
            headers=headers,
            timeout=_timeout(timeout, self._client.timeout),
        )
        if response.status_code >= 400:
            raise error_for(response.status_code, response.content)
        return decode(response.content) if response.status_code != 204 else None

    def fetch(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None
    ) -> tuple[Mapping[str, str], bytes]:
        response = self._request(method, query(path, params), timeout=self._client.timeout)
        if response.status_code >= 400:
            raise error_for(response.status_code, response.content)
        headers = {name.lower(): value for name, value in response.headers.items()}
        return headers, response.content

    def raw(
        self, method: str, path: str, *, body: Any = None, timeout: float | None = None
    ) -> bytes:
        response = self._request(
            method, path, json=body, stream=True, timeout=_timeout(timeout, self._client.timeout)
        )
        try:
            content: bytes = response.raw.read()
        finally:
            response.close()
        if response.status_code >= 400:
            raise error_for(response.status_code, content)
        return content

    def stream(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        timeout: float,
        data: bytes | None = None,
        content_type: str = "application/json",
    ) -> JsonStream:
        headers = {"Content-Type": content_type} if data is not None else {}
        response = self._request(
            method,
            query(path, params),
            data=data,
            headers=headers,
            stream=True,
            timeout=_timeout(timeout, self._client.timeout),
        )
        if response.status_code >= 400:
            content = response.content
            response.close()
            raise error_for(response.status_code, content)
        return _SdkStream(response)

    def byte_stream(
        self, method: str, path: str, *, params: Mapping[str, Any] | None, timeout: float
    ) -> ByteStream:
        response = self._request(method, query(path, params), stream=True, timeout=timeout)
        if response.status_code >= 400:
            content = response.content
            response.close()
            raise error_for(response.status_code, content)
        return _SdkBytes(response)

    def close(self) -> None:
        self._client.close()


def _timeout(timeout: float | None, default: float) -> float | None:
    if timeout is None:
        return default
    return socket_timeout(timeout)


class _SdkStream:
    def __init__(self, response: Any) -> None:
        self._response = response

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return json_lines(self._response.iter_content(chunk_size=None))

    def close(self) -> None:
        self._response.close()


class _SdkBytes:
    def __init__(self, response: Any) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._response.iter_content(chunk_size=None))

    def close(self) -> None:
        self._response.close()
