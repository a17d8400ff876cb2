"""pytest plugin: a WARNING or ERROR in the Odoo log fails the run.

Every record of level WARNING or above that reaches the root logger while a
test runs is attached to that test's report, which turns it into a failure
(setup, call or teardown phase alike). Records logged outside any test
(collection, registry loading) fail the session. Records captured by
``assertLogs`` do not propagate and are therefore not counted, so tests that
expect a warning keep asserting it explicitly.
"""

import logging

import pytest


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record):
        self.records.append(self.format(record))

    def take(self):
        records, self.records = self.records, []
        return records


_collector = _Collector()


def pytest_configure(config):
    logging.getLogger().addHandler(_collector)
    config._odoo_log_outside_tests = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    problems = _collector.take()
    if problems and report.outcome != "skipped":
        text = "\n".join(problems)
        summary = f"Odoo logged {len(problems)} warning(s)/error(s) during {call.when}"
        report.outcome = "failed"
        report.longrepr = (
            f"{report.longrepr}\n\n" if report.longrepr else ""
        ) + f"{summary}:\n{text}"


def pytest_collection_finish(session):
    session.config._odoo_log_outside_tests.extend(_collector.take())


def pytest_sessionfinish(session, exitstatus):
    leftover = session.config._odoo_log_outside_tests + _collector.take()
    if leftover:
        session.config._odoo_log_outside_tests = leftover
        if session.exitstatus == 0:
            session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    leftover = terminalreporter.config._odoo_log_outside_tests
    if leftover:
        terminalreporter.section(
            "Odoo log warnings/errors outside tests", sep="=", red=True
        )
        for line in leftover:
            terminalreporter.line(line, red=True)
