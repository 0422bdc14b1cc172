/*
 * The ring the C baselines use, set up like a default Uring ring: one issuer, completion work deferred
 * to the waiting thread (SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG). Uring also sets NO_SQARRAY,
 * which liburing 2.3 (Debian 12) does not know; it saves one store per SQE.
 */
#ifndef URING_BENCH_RING_H
#define URING_BENCH_RING_H

#include <liburing.h>
#include "measure.h"

static void setup_ring(struct io_uring *ring, unsigned entries)
{
    struct io_uring_params params = { 0 };
    params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG;
    int rc = io_uring_queue_init_params(entries, ring, &params);
    if (rc < 0)
        die("io_uring_queue_init_params", -rc);
}

/* Submits what is prepared with one io_uring_enter that waits for `count` completions, then reaps them. */
static long submit_and_reap(struct io_uring *ring, unsigned count)
{
    struct io_uring_cqe *cqes[64];
    long total = 0;
    unsigned reaped = 0;
    int rc = io_uring_submit_and_wait(ring, count);
    if (rc < 0)
        die("io_uring_submit_and_wait", -rc);
    while (reaped < count) {
        unsigned got = io_uring_peek_batch_cqe(ring, cqes, 64);
        if (got == 0) {
            rc = io_uring_submit_and_wait(ring, count - reaped);
            if (rc < 0)
                die("io_uring_submit_and_wait", -rc);
            continue;
        }
        for (unsigned i = 0; i < got; i++) {
            if (cqes[i]->res < 0)
                die("completion", -cqes[i]->res);
            total += cqes[i]->res;
        }
        io_uring_cq_advance(ring, got);
        reaped += got;
    }
    return total;
}

#endif
