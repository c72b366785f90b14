"""The web app and program-server fixtures, shared with tests/web and tests/server."""

from tests.server.conftest import make_server, server
from tests.web.conftest import client

__all__ = ["client", "make_server", "server"]
