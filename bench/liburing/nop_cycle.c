/* NOP prep + submit + reap at batch 1 and 32: the C side of NopCycleBenchmarks. */
#include "ring.h"

struct nop_state {
    struct io_uring ring;
    unsigned batch;
};

static void nop_cycle(void *p)
{
    struct nop_state *s = p;
    for (unsigned i = 0; i < s->batch; i++) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, i);
    }
    submit_and_reap(&s->ring, s->batch);
}

int main(void)
{
    static const unsigned batches[] = { 1, 32 };
    struct nop_state s;
    setup_ring(&s.ring, 64);
    print_header();
    for (unsigned b = 0; b < sizeof batches / sizeof batches[0]; b++) {
        s.batch = batches[b];
        measure("liburing NOP prep + submit_and_wait + reap", (int)s.batch, nop_cycle, &s);
    }
    io_uring_queue_exit(&s.ring);
    return 0;
}
