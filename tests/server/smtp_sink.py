"""An SMTP server on 127.0.0.1 for tests: plain, STARTTLS or TLS from the first byte, with a
certificate made here, recording the envelope (MAIL FROM, RCPT TO) apart from the message."""

from __future__ import annotations

import datetime
import ipaddress
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1; returns (certificate, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "sink.pem", directory / "sink.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    data: str
    tls: bool


@dataclass
class Sink:
    mode: str  # "plain", "starttls" or "implicit"
    context: ssl.SSLContext | None = None
    received: list[Received] = field(default_factory=list)
    server: Any = None

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_sink(mode: str, cert: tuple[Path, Path] | None = None) -> Sink:
    context = None
    if cert is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*cert)
    sink = Sink(mode, context)

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            conn = self.connection
            tls = False
            if sink.mode == "implicit":
                assert sink.context is not None
                conn = sink.context.wrap_socket(conn, server_side=True)
                tls = True
            reader, writer = conn.makefile("rb"), conn.makefile("wb")

            def say(text: str) -> None:
                writer.write(text.encode() + b"\r\n")
                writer.flush()

            say("220 sink ready")
            mail_from, rcpt = "", []
            while line := reader.readline():
                verb = line.decode().strip()
                upper = verb.upper()
                if upper.startswith("EHLO"):
                    say("250-sink" if sink.mode == "starttls" and not tls else "250 sink")
                    if sink.mode == "starttls" and not tls:
                        say("250 STARTTLS")
                elif upper.startswith("STARTTLS"):
                    assert sink.context is not None
                    say("220 go ahead")
                    conn = sink.context.wrap_socket(conn, server_side=True)
                    reader, writer = conn.makefile("rb"), conn.makefile("wb")
                    tls = True
                elif upper.startswith("MAIL FROM:"):
                    mail_from = verb[10:].strip()
                    say("250 ok")
                elif upper.startswith("RCPT TO:"):
                    rcpt.append(verb[8:].strip())
                    say("250 ok")
                elif upper.startswith("DATA"):
                    say("354 go on")
                    data = []
                    while (part := reader.readline()) not in (b".\r\n", b""):
                        data.append(part.decode())
                    sink.received.append(Received(mail_from, rcpt, "".join(data), tls))
                    mail_from, rcpt = "", []
                    say("250 queued")
                elif upper.startswith("QUIT"):
                    say("221 bye")
                    return
                else:
                    say("250 ok")

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    sink.server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=sink.server.serve_forever, daemon=True).start()
    return sink
