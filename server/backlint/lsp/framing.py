"""Reading LSP frames from stdin so that one broken frame costs only itself.

pygls reads header lines and takes a `Content-Length` only when it fills a whole line. A frame with
an unusable header (or a length shorter than its body) leaves body bytes without a line break in
the stream; they glue onto the next frame's header line, that frame is lost too, its body glues
onto the next one, and the server goes deaf for good. Here a header line carrying
`Content-Length:` after garbage is cut back to the header, so the reader is in step again.
"""

from __future__ import annotations

import logging
import re
from typing import BinaryIO

log = logging.getLogger(__name__)

_HEADER = re.compile(rb"Content-Length:[ \t]*(\d+)\r?\n\Z", re.IGNORECASE)


class ResyncingReader:
    """A binary stdin whose `readline` drops junk glued in front of a header line."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream

    def readline(self) -> bytes:
        line = self._stream.readline()
        found = _HEADER.search(line)
        if found is None:
            return line
        header = b"Content-Length: " + found.group(1) + b"\r\n"
        if found.start() > 0:
            log.warning("skipped %d bytes of a broken message before the next header", found.start())
        return header

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)
