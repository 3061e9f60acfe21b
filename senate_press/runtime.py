"""How the long-running server processes tune Python for serving pages."""

import functools
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


# A frame of this many slots (8 bytes each) begins a chunk of 1 MB: half for the frames under it.
ROOMY_FRAME_SLOTS = 70_000


def with_roomy_stack(function):
    """`function`, each call of it made so that the Python frames under it share one chunk of memory.

    CPython 3.11 keeps a thread's Python frames in chunks of 16 kB and gives a chunk back to the
    system as soon as the call that began it returns (python/cpython#142183, fixed in later
    versions): code that calls in a loop at a chunk's edge, as template rendering does at every
    depth, has the kernel map a chunk, fault it in and unmap it each time, hundreds of times a page.
    A frame too large for what is left of its chunk begins one of its own, as large as it needs, and
    the frames under it follow it there: each call goes through such a frame, so one chunk is mapped
    per call, not one per crossing.
    """

    @functools.wraps(function)
    def with_frames_in_one_chunk(*args, **kwargs):
        return through_a_large_frame(function, args, kwargs)

    return with_frames_in_one_chunk


def through_a_large_frame(function, args, kwargs):
    return function(*args, **kwargs)


through_a_large_frame.__code__ = through_a_large_frame.__code__.replace(co_stacksize=ROOMY_FRAME_SLOTS)
