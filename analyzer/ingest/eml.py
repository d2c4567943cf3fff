"""Saved e-mail files (.eml, RFC 5322 with MIME): the message, and any forwarded ones, as a thread.

The text handed on is what a user would paste: a "From: / Sent: / To: / Cc: / Subject:" block and
the plain-text body of each message, newest first, so `mail.py` reads it like a pasted thread.
HTML-only bodies are reduced to their text. Evidence offsets index this text.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
from email.message import EmailMessage, Message
from html.parser import HTMLParser

_HEADER_START = re.compile(rb"^(?:[A-Za-z][A-Za-z0-9-]{1,40}:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){3,}")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table"}


def is_eml(data: bytes, filename: str | None) -> bool:
    """A saved mail: named .eml, or text that opens with a header block naming a MIME version."""
    if filename is not None and filename.lower().endswith(".eml"):
        return True
    head = data[:8192]
    return bool(_HEADER_START.match(head)) and b"\nmime-version:" in b"\n" + head.lower()


class _Text(HTMLParser):
    """The visible text of an HTML body, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    text = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    text = _html_text(content) if part.get_content_type() == "text/html" else content
    return text.replace("\r\n", "\n").strip()


def _block(message: EmailMessage) -> str:
    fields = [("From", "from"), ("Sent", "date"), ("To", "to"), ("Cc", "cc"), ("Subject", "subject")]
    lines = [f"{label}: {' '.join(str(message[name]).split())}" for label, name in fields if message[name]]
    return "\n".join(lines) + "\n\n" + _body(message)


def _messages(message: Message) -> list[EmailMessage]:
    """The message, then each forwarded one attached to it (message/rfc822 parts), depth first."""
    found = [message] if isinstance(message, EmailMessage) else []
    for part in message.walk() if message.is_multipart() else []:
        if part.get_content_type() == "message/rfc822":
            for inner in part.get_payload():
                if isinstance(inner, Message):
                    found.extend(_messages(inner))
    return found


def eml_text(data: bytes) -> str:
    """The thread text of a saved mail: a header block and the body of each message in it."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    return "\n\n".join(_block(m) for m in _messages(message)).strip() + "\n"
