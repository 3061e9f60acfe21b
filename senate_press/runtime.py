"""How the long-running server processes tune Python for serving pages."""

import gc


def tune_garbage_collector():
    """Fewer, cheaper garbage collections while serving.

    Rendering a page makes tens of thousands of short-lived objects, so Python's
    default threshold (700) runs the collector many times per page and, now and
    then, a full collection over everything Django loaded at start: those are the
    slowest 5% of requests. Objects alive now (the loaded application) are moved
    out of the collector's sight, and young objects are collected less often.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 50)
