"""The autouse guard really refuses non-loopback connections."""

import socket

import pytest


def test_guard_refuses_a_public_address():
    with pytest.raises(AssertionError, match="test tried to reach the network"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)


def test_guard_lets_loopback_through():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    client.close()
    server.close()
