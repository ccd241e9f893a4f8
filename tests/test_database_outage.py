"""What counts as the database being down is read from the driver's error codes, not its words:
a failing query is a bug and stays visible, a lost connection is an outage and gets the 503."""

import pytest
from django.db import DatabaseError, OperationalError, connection, transaction

from config.middleware import is_an_outage

pytestmark = pytest.mark.django_db


def raised(sql):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return error
    raise AssertionError(f"{sql} did not fail")


def test_a_query_on_a_missing_table_is_a_bug_not_an_outage():
    assert not is_an_outage(raised("SELECT * FROM no_such_table_here"))


def test_an_operational_error_of_a_query_is_not_an_outage():
    if connection.vendor == "postgresql":
        # A statement cancelled by its timeout: an OperationalError, SQLSTATE 57014.
        error = raised("SET LOCAL statement_timeout = 1; SELECT pg_sleep(0.5)")
    else:
        # A query SQLite cannot run: an OperationalError, SQLITE_ERROR.
        error = raised("SELECT no_such_function_here(1)")
    assert isinstance(error, OperationalError)
    assert not is_an_outage(error)


def test_a_connection_that_cannot_be_made_is_an_outage(settings):
    from django.db import connections
    from django.db.utils import ConnectionHandler

    broken = dict(connections.databases["default"])
    if broken["ENGINE"].endswith("postgresql"):
        broken.update(HOST="127.0.0.1", PORT=1)
    else:
        broken["NAME"] = "/nonexistent-folder/db.sqlite3"
    handler = ConnectionHandler({"default": broken})
    try:
        handler["default"].ensure_connection()
    except OperationalError as error:
        assert is_an_outage(error)
    else:
        raise AssertionError("the connection was made")
    finally:
        handler.close_all()
