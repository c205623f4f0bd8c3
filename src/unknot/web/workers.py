"""Several worker processes, each accepting on a listening socket of its own.

uvicorn's own supervisor hands every worker the same listening socket. Under a burst of
new connections the first worker to wake accepts the whole queue in one go (asyncio's
accept loop takes up to a backlog's worth at a time), so two workers served about as much
as one: all 16 connections opened at once landed in one process. Here the supervisor binds
one ``SO_REUSEPORT`` socket per worker on the same address, and the kernel spreads new
connections over them; a worker that dies is replaced on the socket it had, so nothing
is lost, only queued until the new one is up.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

from unknot.errors import ConfigError
from unknot.i18n import _

log = logging.getLogger("uvicorn.error")


def run_workers(app: str, workers: int, **options: Any) -> None:
    """Serve the import string ``app`` (a factory) with ``workers`` processes until stopped."""
    from uvicorn import Config
    from uvicorn.supervisors.multiprocess import Multiprocess, Process

    config = Config(app, factory=True, workers=workers, **options)

    class OwnSocketWorkers(Multiprocess):
        """uvicorn's supervisor, but worker ``i`` always serves ``sockets[i]``."""

        def init_processes(self) -> None:
            for sock in self.sockets:
                self.processes.append(self._start(sock))

        def _start(self, sock: socket.socket) -> Process:
            process = Process(self.config, [sock])
            process.start()
            return process

        def keep_subprocess_alive(self) -> None:
            from uvicorn.config import STARTUP_FAILURE

            for index, process in enumerate(self.processes):
                if self.should_exit.is_set():
                    return
                if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                    continue
                process.kill()
                process.join()
                if process.exitcode == STARTUP_FAILURE:  # it would fail again the same way
                    log.error("Worker %s could not start; stopping.", process.pid)
                    self.should_exit.set()
                    return
                log.info("Worker %s stopped; starting another in its place.", process.pid)
                self.processes[index] = self._start(self.sockets[index])

        def restart_all(self) -> None:  # SIGHUP: one by one, each on its own socket
            for index, old in enumerate(self.processes):
                if self.should_exit.is_set():
                    return
                new = self._start(self.sockets[index])
                timeout = self.config.timeout_worker_healthcheck
                if not new.wait_until_ready(timeout, self.should_exit):
                    new.kill()
                    new.join()
                    log.error("A new worker was not ready in time; keeping the old ones.")
                    return
                old.terminate()
                old.join()
                self.processes[index] = new

        def handle_ttin(self) -> None:
            log.warning("The number of workers is fixed by --workers; restart to change it.")

        handle_ttou = handle_ttin

    sockets = listening(config.host, config.port, workers, config.backlog)
    try:
        OwnSocketWorkers(config, sockets=sockets).run()
    except KeyboardInterrupt:
        pass
    finally:
        for sock in sockets:
            sock.close()


def listening(host: str, port: int, count: int, backlog: int = 2048) -> list[socket.socket]:
    """``count`` listening sockets sharing ``host``:``port``, or a ConfigError if another
    program holds that port (it is tried alone first, so we never join someone else's
    ``SO_REUSEPORT`` group)."""
    family, kind, proto, _name, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    probe = socket.socket(family, kind, proto)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(address)
    except OSError as exc:
        raise _cannot_serve(host, port, exc) from None
    finally:
        probe.close()
    made: list[socket.socket] = []
    try:
        for _i in range(count):
            sock = socket.socket(family, kind, proto)
            made.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind(address)
            sock.listen(backlog)
            sock.set_inheritable(True)
    except OSError as exc:
        for sock in made:
            sock.close()
        raise _cannot_serve(host, port, exc) from None
    return made


def _cannot_serve(host: str, port: int, exc: OSError) -> ConfigError:
    return ConfigError(
        _("Cannot serve on {host}:{port}: {reason}.").format(
            host=host, port=port, reason=exc.strerror or exc
        ),
        hint=_("Another program may be using that port: choose another with --port."),
    )
