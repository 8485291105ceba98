"""Identity providers on loopback for the tests: the ``oidc-provider-mock`` package, and a
bare discovery document and key set whose keys the test chooses.

The mock provider runs the real authorization code flow and signs ID tokens (RS256) with a
key it publishes; the bare provider signs whatever claims a test needs (expired, not yet
valid, another key id, ES256), with keys it rotates when told.
"""

from __future__ import annotations

import json
import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import flask
import httpx
import jwt
import werkzeug.serving
from cryptography.hazmat.primitives.asymmetric import ec, rsa

with warnings.catch_warnings():
    # The mock imports a module of Authlib's that Authlib marks as deprecated.
    warnings.simplefilter("ignore")
    import oidc_provider_mock
    from authlib import jose

# One log line per request to the mock provider says nothing a failing test needs.
logging.getLogger("werkzeug").setLevel(logging.WARNING)

CALLBACK = "http://testserver/sign-in/oidc/callback"


@dataclass
class MockProvider:
    """``oidc-provider-mock`` serving on a loopback port."""

    app: flask.Flask
    issuer: str

    def id_token(self, subject: str, client_id: str = "refocus", nonce: str = "n") -> str:
        """Sign in ``subject`` through the provider's form and exchange the code for its ID token."""
        metadata = httpx.get(f"{self.issuer}/.well-known/openid-configuration").json()
        authorized = httpx.post(
            metadata["authorization_endpoint"],
            params={
                "client_id": client_id,
                "redirect_uri": CALLBACK,
                "response_type": "code",
                "scope": "openid",
                "state": "state",
                "nonce": nonce,
            },
            data={"sub": subject},
        )
        code = parse_qs(urlparse(authorized.headers["location"]).query)["code"][0]
        tokens = httpx.post(
            metadata["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": CALLBACK,
                "client_id": client_id,
                "client_secret": "secret",
            },
        ).json()
        token: str = tokens["id_token"]
        return token

    def rotate_key(self) -> None:
        """The provider signs with a new key from now on, and publishes only that one."""
        with self.app.test_request_context():
            self.app.preprocess_request()
            flask.g.oidc_provider_mock_storage.jwk = jose.RSAKey.generate_key(is_private=True)


@contextmanager
def mock_provider(users: dict[str, dict[str, Any]], *, end_session: bool = True) -> Iterator[MockProvider]:
    """The mock provider, knowing ``users`` (subject: claims), on a free loopback port; with
    ``end_session`` off its discovery document names no sign-out, as some providers' do not."""
    app = oidc_provider_mock.app(
        user_claims=[oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in users.items()]
    )
    if not end_session:

        @app.after_request
        def without_end_session(response: flask.Response) -> flask.Response:
            if flask.request.path.endswith("/openid-configuration"):
                document = response.get_json()
                document.pop("end_session_endpoint", None)
                response.set_data(json.dumps(document))
            return response

    server = werkzeug.serving.make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield MockProvider(app, f"http://localhost:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class SigningKey:
    kid: str
    algorithm: str
    private: Any

    @classmethod
    def new(cls, kid: str, algorithm: str = "RS256") -> SigningKey:
        if algorithm == "ES256":
            return cls(kid, algorithm, ec.generate_private_key(ec.SECP256R1()))
        return cls(kid, algorithm, rsa.generate_private_key(public_exponent=65537, key_size=2048))

    def public_jwk(self) -> dict[str, Any]:
        kind = jwt.algorithms.ECAlgorithm if self.algorithm == "ES256" else jwt.algorithms.RSAAlgorithm
        data: dict[str, Any] = json.loads(kind.to_jwk(self.private.public_key()))
        return {**data, "kid": self.kid, "use": "sig", "alg": self.algorithm}


@dataclass
class KeyedProvider:
    """A discovery document and key set on loopback, and tokens signed with its keys."""

    issuer: str
    keys: list[SigningKey]
    #: How many times the key set was fetched.
    key_fetches: list[str] = field(default_factory=list)

    def sign(self, claims: dict[str, Any], key: SigningKey | None = None, **headers: Any) -> str:
        key = key or self.keys[0]
        return jwt.encode(
            {"iss": self.issuer, **claims},
            key.private,
            algorithm=key.algorithm,
            headers={"kid": key.kid, **headers},
        )


@contextmanager
def keyed_provider(*keys: SigningKey) -> Iterator[KeyedProvider]:
    provider = KeyedProvider("", list(keys) or [SigningKey.new("first")])

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/.well-known/openid-configuration":
                body = {"issuer": provider.issuer, "jwks_uri": f"{provider.issuer}/jwks"}
            elif self.path == "/jwks":
                provider.key_fetches.append(self.path)
                body = {"keys": [key.public_jwk() for key in provider.keys]}
            else:
                self.send_error(404)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
