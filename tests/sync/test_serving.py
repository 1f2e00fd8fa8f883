"""Serving with several worker processes (issue 17): the listening socket they share, and the settings."""

from __future__ import annotations

import asyncio
import socket

import pytest
import uvicorn

from sync.server.asgi import TcpConfig


async def _nodelay_of_accepted(listener: socket.socket) -> int:
    accepted = asyncio.get_running_loop().create_future()

    class Report(asyncio.Protocol):
        def connection_made(self, transport):
            sock = transport.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Report, sock=listener)
    _reader, writer = await asyncio.open_connection(*listener.getsockname()[:2])
    try:
        return await asyncio.wait_for(accepted, 30)
    finally:
        writer.close()
        server.close()


@pytest.mark.parametrize("config_class, nodelay", [(uvicorn.Config, 0), (TcpConfig, 1)])
def test_the_workers_socket_answers_without_nagle(config_class, nodelay):
    """uvicorn's own socket for several workers leaves Nagle's algorithm on for every connection (issue #3149: each
    answer on a kept-alive connection then waits ~40 ms for the client's delayed ACK); ours turns it off. The
    first case shows the upstream behaviour we work around: should uvicorn fix it, drop TcpConfig."""
    listener = config_class("sync.server.asgi:app_from_environment", host="127.0.0.1", port=0).bind_socket()
    with listener:
        assert bool(asyncio.run(_nodelay_of_accepted(listener))) == bool(nodelay)
