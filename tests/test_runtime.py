"""How server processes tune Python (senate_press/runtime.py)."""

import resource
from wsgiref.util import setup_testing_defaults

import pytest

from senate_press.runtime import with_roomy_stack


def depth(levels):
    return 0 if levels == 0 else depth(levels - 1) + 1


def calls_at_every_depth():
    """What rendering a template does: calls in loops at every depth, so across a chunk's edge."""
    return sum(depth(levels) for _again in range(50) for levels in range(300))


def minor_faults_of(function):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    function()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_a_roomy_call_gives_its_result_and_raises_its_errors():
    assert with_roomy_stack(divmod)(7, 2) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        with_roomy_stack(divmod)(7, 0)


def test_calls_at_every_depth_do_not_map_memory_again_and_again():
    """Each chunk of frames mapped anew is faulted in anew."""
    roomy = with_roomy_stack(calls_at_every_depth)
    roomy()  # the pages its chunk uses, faulted in once
    assert minor_faults_of(calls_at_every_depth) > 1000, "this Python keeps its chunks: with_roomy_stack can go"
    assert minor_faults_of(roomy) < 100


@pytest.mark.django_db(transaction=True)  # a real request closes the connection it began with
def test_the_servers_application_answers_with_its_frames_in_one_chunk():
    from senate_press.wsgi import application

    environ = {"PATH_INFO": "/robots.txt", "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    statuses = []
    body = b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    assert statuses == ["200 OK"] and b"Sitemap:" in body
    assert application.__wrapped__.__class__.__name__ == "WSGIHandler"
