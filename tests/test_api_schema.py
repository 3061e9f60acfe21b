"""Schemathesis sends the API generated requests, valid and invalid, and checks every answer
against openapi.json: documented status codes and bodies, JSON errors, 405 for other methods,
never a server error.

The schema is read from the file /api/openapi.json serves (test_api checks they are the
same): schemathesis's fixture-based loading does not work with this pytest.
"""

import hypothesis
import pytest
import schemathesis

from releases.api import OPENAPI_FILE

from .factories import add_participant, add_quote, make_person, make_release

schema = schemathesis.openapi.from_path(OPENAPI_FILE)


@pytest.fixture
def archive(transactional_db):
    """A published, corrected release with a participant and a quote, committed for the live server to read."""
    release = make_release(title="Budget", languages=("kk", "ru"), correction_ru="Исправлена дата.")
    person = make_person()
    add_participant(release, person)
    add_quote(release, person)


@schema.parametrize()
@hypothesis.settings(
    max_examples=20,  # per operation, on top of the boundary cases: enough to find a 500, quick enough for every run
    deadline=None,
    # The archive is read only, so sharing it across examples is what we want.
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
def test_every_answer_matches_the_openapi_description(case, archive, live_server):
    case.call_and_validate(base_url=live_server.url)
