"""Cancellable `$/progress` for the server's long jobs (the workspace scan, the start-up index), for
clients that accept progress tokens; a silent stand-in for the others."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from lsprotocol import types

if TYPE_CHECKING:
    from .server import BacklintServer

log = logging.getLogger(__name__)


class WorkProgress:
    def __init__(self, server: BacklintServer, kind: str):
        self._progress = server.work_done_progress
        self.token = f"backlint-{kind}-{uuid.uuid4()}"
        self.reporting = server.client.work_done_progress

    async def begin(self, title: str) -> None:
        if not self.reporting:
            return
        try:
            await self._progress.create_async(self.token)
        except Exception as error:
            log.warning("the client refused a progress token: %s", error)
            self.reporting = False
            return
        self._progress.begin(self.token, types.WorkDoneProgressBegin(title=title, cancellable=True, percentage=0))

    def cancelled(self) -> bool:
        """The user pressed cancel on it."""
        state = self._progress.tokens.get(self.token) if self.reporting else None
        return state is not None and state.cancelled()

    def report(self, done: int, total: int) -> None:
        if self.reporting:
            percentage = int(100 * done / max(1, total))
            self._progress.report(
                self.token, types.WorkDoneProgressReport(message=f"{done}/{total} files", percentage=percentage)
            )

    def end(self, message: str) -> None:
        if self.reporting:
            self._progress.end(self.token, types.WorkDoneProgressEnd(message=message))
            self._progress.tokens.pop(self.token, None)
