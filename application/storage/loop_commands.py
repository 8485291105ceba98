"""On a SQLite file, commands run on the event loop itself, holding the store's write lock.

In a worker thread, a command gives up the GIL at every SQLite call, the event
loop (busy with other requests) takes it, and the command waits for it back: a
convoy of context switches per command under load, which costs a process far more
CPU per command than running the command on the loop.

Writes to one SQLite file are one at a time anyway, so a command waits for the
write lock first, without blocking the loop: taken at once when free, else
waited for in a thread of the loop's default executor while the loop serves
other requests. Holding it, the command runs to the end on the loop, its commit
included; the lock is the same one the views' catch-up and other processes take, so nothing
else writes meanwhile and the command never blocks the loop on a lock. On
PostgreSQL every call is a network round trip: commands stay in worker threads.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from eventsourcing.application import Application

from application.storage.sqlite import ProcessWriteLock, WriteLockedSQLiteDatastore

Result = TypeVar("Result")


class LoopCommands:
    def __init__(self, write_lock: ProcessWriteLock) -> None:
        self._write_lock = write_lock
        # Commands of this loop take turns: one a turn of the loop, and one at a time
        # waiting for the write lock, so one thread at most is spent waiting for it (the
        # loop's default executor: never a thread that queries need).
        self._turn = asyncio.Lock()

    @classmethod
    def for_application(cls, application: Application[Any]) -> LoopCommands | None:
        """For an event store in a SQLite file; None where commands belong in worker threads."""
        datastore = getattr(application.recorder, "datastore", None)
        if isinstance(datastore, WriteLockedSQLiteDatastore) and datastore.write_lock is not None:
            return cls(datastore.write_lock)
        return None

    async def run(self, command: Callable[[], Result]) -> Result:
        await self._turn.acquire()
        try:
            loop_thread = threading.get_ident()
            if not self._write_lock.acquire(loop_thread, blocking=False):
                await self._wait_for_lock(loop_thread)
            try:
                return command()
            finally:
                self._write_lock.release()
        finally:
            # The next command waits for the loop's next turn, after it has looked at its
            # sockets. Released at once, every request ready at the start of a turn ran its
            # command in that turn, and a connection opened meanwhile waited for all of them.
            asyncio.get_running_loop().call_soon(self._turn.release)

    async def _wait_for_lock(self, loop_thread: int) -> None:
        waiting = asyncio.get_running_loop().run_in_executor(None, self._write_lock.acquire, loop_thread)
        try:
            # Shielded: cancelling the request must not drop the thread's answer, which is
            # the lock itself, taken for this loop.
            await asyncio.shield(waiting)
        except asyncio.CancelledError:
            # The client went away while the thread still waits: whenever it gets the lock,
            # give it straight back, or every later write would hang.
            waiting.add_done_callback(self._give_back)
            raise

    def _give_back(self, waiting: asyncio.Future[bool]) -> None:
        if not waiting.cancelled() and waiting.exception() is None:
            self._write_lock.release()
