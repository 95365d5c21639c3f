"""pytest plugin: the `junction` fixture, a Junction reset before each test.

Installed with the package (entry point `pytest11`), so a test only names the fixture:

    def test_lists_the_instance(junction):
        sso = junction.client("sso-admin")
        assert len(sso.list_instances()["Instances"]) == 1
        assert junction.journal.operations() == ["ListInstances"]

One server serves the whole session: the one at JUNCTION_ENDPOINT (or --junction-endpoint) when
set, else the binary (JUNCTION_BIN, --junction-bin, `junction` on the PATH or ./build/junction)
started on a free port with state in memory, and stopped at the end. Before each test the
fixture resets everything (state, journal, fault rules), so each test starts from nothing.
"""

import os
import shlex

import pytest

from junction_testing import Junction, JunctionServer


def pytest_addoption(parser):
    group = parser.getgroup("junction", "Junction (local AWS emulator)")
    group.addoption("--junction-endpoint", default=None,
                    help="use the Junction at this URL instead of starting one "
                         "(default: $JUNCTION_ENDPOINT)")
    group.addoption("--junction-bin", default=None,
                    help="the junction binary to start (default: $JUNCTION_BIN, `junction` on "
                         "the PATH, ./build/junction)")
    group.addoption("--junction-args", default="",
                    help="flags for the started server, e.g. '--sso-delay-ms 200'")


@pytest.fixture(scope="session")
def junction_session(request):
    """The session's Junction (not reset): started here, or the one at JUNCTION_ENDPOINT."""
    endpoint = request.config.getoption("--junction-endpoint") or os.environ.get(
        "JUNCTION_ENDPOINT")
    if endpoint:
        junction = Junction(endpoint)
        junction.wait_until_healthy()
        yield junction
        return
    server = JunctionServer(request.config.getoption("--junction-bin"),
                            shlex.split(request.config.getoption("--junction-args")))
    junction = server.start()
    try:
        yield junction
    finally:
        server.stop()


@pytest.fixture
def junction(junction_session):
    """A Junction with nothing in it: reset (state, journal, fault rules) before the test."""
    junction_session.reset()
    return junction_session
