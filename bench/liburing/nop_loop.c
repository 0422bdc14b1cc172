/*
 * The C side of bench/nop-vs-liburing.sh: liburing's NOP prep + submit_and_wait + reap loop, shaped exactly like
 * bench/Uring.Bench.NopLoop (same ring flags, same op counts, same warm-up and samples), so the script can run
 * the two interleaved and compare medians.
 *
 * Usage: nop_loop OPS BATCH [SAMPLES [WARMUP_MS [parts]]]
 *   OPS       NOPs per timed sample (rounded down to whole batches)
 *   BATCH     NOPs prepared per submit_and_wait
 *   SAMPLES   timed samples (default 7); the line printed is their median
 *   WARMUP_MS untimed run first (default 300)
 * Prints one line: "c BATCH NS_PER_OP MIN_NS MAX_NS" (median, fastest and slowest sample). With "parts", each cycle
 * is timed in three parts instead: prep, io_uring_submit (one non-blocking enter, in which the NOPs complete) and the
 * reap (peek_batch_cqe + cq_advance), as Uring.Bench.NopLoop's parts mode does.
 *
 * The ring: SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG | NO_SQARRAY, and its fd registered
 * (io_uring_register_ring_fd), as a default Uring ring. liburing 2.3 (Debian 12) predates NO_SQARRAY: its
 * io_uring_queue_init_params writes the identity SQ index array at sq_off.array, which is 0 (the ring header)
 * without one. So the ring is created with io_uring_setup(2) here and mapped with io_uring_queue_mmap, which only
 * maps; liburing 2.3 never touches the index array after setup, so every call on the hot path is liburing's own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Setup flags from the kernel ABI (shared/reference/uapi-io_uring.md); liburing 2.3's header lacks NO_SQARRAY. */
#define SETUP_SINGLE_ISSUER 0x1000u
#define SETUP_DEFER_TASKRUN 0x2000u
#define SETUP_TASKRUN_FLAG 0x200u
#define SETUP_NO_SQARRAY 0x10000u

#define ENTRIES 256
#define MAX_SAMPLES 64

static void die(const char *what, int error)
{
    fprintf(stderr, "%s: error %d (%s)\n", what, error, strerror(error));
    exit(1);
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void setup_ring(struct io_uring *ring)
{
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN | SETUP_TASKRUN_FLAG | SETUP_NO_SQARRAY;
    int fd = (int)syscall(__NR_io_uring_setup, ENTRIES, &p);
    if (fd < 0)
        die("io_uring_setup", errno);
    int rc = io_uring_queue_mmap(fd, &p, ring);
    if (rc < 0)
        die("io_uring_queue_mmap", -rc);
    ring->features = p.features;
    rc = io_uring_register_ring_fd(ring);
    if (rc != 1)
        die("io_uring_register_ring_fd", rc < 0 ? -rc : 0);
}

/* One cycle: prep `batch` NOPs, one enter that submits them and waits for all, then reap in batches of 64. */
static long cycle(struct io_uring *ring, unsigned batch)
{
    struct io_uring_cqe *cqes[64];
    long total = 0;
    unsigned reaped = 0;
    for (unsigned i = 0; i < batch; i++) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, i);
    }

    int rc = io_uring_submit_and_wait(ring, batch);
    if (rc < 0)
        die("io_uring_submit_and_wait", -rc);
    while (reaped < batch) {
        unsigned got = io_uring_peek_batch_cqe(ring, cqes, 64);
        if (got == 0) {
            rc = io_uring_submit_and_wait(ring, batch - reaped);
            if (rc < 0)
                die("io_uring_submit_and_wait", -rc);
            continue;
        }

        for (unsigned i = 0; i < got; i++) {
            if (cqes[i]->res < 0)
                die("completion", -cqes[i]->res);
            total += cqes[i]->res + 1;
        }

        io_uring_cq_advance(ring, got);
        reaped += got;
    }

    return total;
}

static double median_of(double *values, int n);

static void run_parts(struct io_uring *ring, unsigned batch, long cycles, int samples)
{
    struct io_uring_cqe *cqes[64];
    double prep[MAX_SAMPLES], submit[MAX_SAMPLES], reap[MAX_SAMPLES];
    for (int s = -1; s < samples; s++) {
        double t_prep = 0, t_submit = 0, t_reap = 0;
        for (long c = 0; c < cycles; c++) {
            double t0 = now_ns();
            for (unsigned i = 0; i < batch; i++) {
                struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
                io_uring_prep_nop(sqe);
                io_uring_sqe_set_data64(sqe, i);
            }
            double t1 = now_ns();
            int rc = io_uring_submit(ring);
            if (rc < 0)
                die("io_uring_submit", -rc);
            double t2 = now_ns();
            unsigned reaped = 0;
            while (reaped < batch) {
                unsigned got = io_uring_peek_batch_cqe(ring, cqes, 64);
                for (unsigned i = 0; i < got; i++)
                    if (cqes[i]->res < 0)
                        die("completion", -cqes[i]->res);
                io_uring_cq_advance(ring, got);
                reaped += got;
            }
            double t3 = now_ns();
            t_prep += t1 - t0;
            t_submit += t2 - t1;
            t_reap += t3 - t2;
        }
        /* Round -1 is the warm-up. */
        if (s >= 0) {
            prep[s] = t_prep / (double)(cycles * batch);
            submit[s] = t_submit / (double)(cycles * batch);
            reap[s] = t_reap / (double)(cycles * batch);
        }
    }
    printf("c-parts %u prep %.2f submit %.2f reap %.2f\n", batch, median_of(prep, samples), median_of(submit, samples),
           median_of(reap, samples));
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *values, int n)
{
    qsort(values, (size_t)n, sizeof values[0], compare_doubles);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s OPS BATCH [SAMPLES [WARMUP_MS]]\n", argv[0]);
        return 2;
    }

    long ops = atol(argv[1]);
    unsigned batch = (unsigned)atoi(argv[2]);
    int samples = argc > 3 ? atoi(argv[3]) : 7;
    double warmup_ns = (argc > 4 ? atof(argv[4]) : 300) * 1e6;
    if (batch == 0 || batch > ENTRIES || ops < (long)batch || samples < 1 || samples > MAX_SAMPLES) {
        fprintf(stderr, "need 1 <= BATCH <= %d, OPS >= BATCH, 1 <= SAMPLES <= %d\n", ENTRIES, MAX_SAMPLES);
        return 2;
    }

    struct io_uring ring;
    setup_ring(&ring);
    long cycles = ops / batch;
    if (argc > 5 && strcmp(argv[5], "parts") == 0) {
        run_parts(&ring, batch, cycles, samples);
        io_uring_queue_exit(&ring);
        return 0;
    }

    long check = 0;
    double start = now_ns();
    while (now_ns() - start < warmup_ns)
        for (int i = 0; i < 1000; i++)
            check += cycle(&ring, batch);

    double ns[MAX_SAMPLES];
    for (int s = 0; s < samples; s++) {
        long sum = 0;
        double t0 = now_ns();
        for (long c = 0; c < cycles; c++)
            sum += cycle(&ring, batch);
        ns[s] = (now_ns() - t0) / (double)(cycles * batch);
        if (sum != cycles * batch)
            die("completion count", 0);
    }

    double median = median_of(ns, samples);
    printf("c %u %.2f %.2f %.2f\n", batch, median, ns[0], ns[samples - 1]);
    io_uring_queue_exit(&ring);
    return check < 0;
}
