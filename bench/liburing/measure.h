/*
 * A small timing harness shaped like BenchmarkDotNet's default job: a pilot stage picks how many
 * invocations make one iteration of about ITERATION_NS, then WARMUP_ITERATIONS are run and dropped, then
 * MEASURED_ITERATIONS are timed. Each iteration gives ns per invocation; the report is the mean, the
 * standard deviation and the median over those iterations (BenchmarkDotNet's Mean / StdDev / Median).
 */
#ifndef URING_BENCH_MEASURE_H
#define URING_BENCH_MEASURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ITERATION_NS 250000000.0
#define WARMUP_ITERATIONS 5
#define MEASURED_ITERATIONS 20

typedef void (*invoke_fn)(void *state);

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double run_iteration(invoke_fn fn, void *state, long invocations)
{
    double start = now_ns();
    for (long i = 0; i < invocations; i++)
        fn(state);
    return (now_ns() - start) / (double)invocations;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print_header(void)
{
    printf("| Benchmark | Param | Mean | StdDev | Median | Invocations/iteration |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
}

/* Measures fn (one invocation = one batch, as one BenchmarkDotNet operation) and prints one table row. */
static void measure(const char *name, int param, invoke_fn fn, void *state)
{
    long invocations = 1;
    for (;;) {
        double start = now_ns();
        for (long i = 0; i < invocations; i++)
            fn(state);
        double elapsed = now_ns() - start;
        if (elapsed >= ITERATION_NS / 4) {
            invocations = (long)((double)invocations * ITERATION_NS / elapsed) + 1;
            break;
        }
        invocations *= 2;
    }

    for (int i = 0; i < WARMUP_ITERATIONS; i++)
        run_iteration(fn, state, invocations);

    double samples[MEASURED_ITERATIONS], sorted[MEASURED_ITERATIONS], sum = 0, squares = 0;
    for (int i = 0; i < MEASURED_ITERATIONS; i++) {
        samples[i] = run_iteration(fn, state, invocations);
        sum += samples[i];
    }

    double mean = sum / MEASURED_ITERATIONS;
    for (int i = 0; i < MEASURED_ITERATIONS; i++) {
        squares += (samples[i] - mean) * (samples[i] - mean);
        sorted[i] = samples[i];
    }

    qsort(sorted, MEASURED_ITERATIONS, sizeof(double), compare_doubles);
    double median = (sorted[MEASURED_ITERATIONS / 2 - 1] + sorted[MEASURED_ITERATIONS / 2]) / 2;
    double stddev = sqrt(squares / (MEASURED_ITERATIONS - 1));
    printf("| %s | %d | %.1f ns | %.1f ns | %.1f ns | %ld |\n", name, param, mean, stddev, median, invocations);
    fflush(stdout);
}

static void die(const char *what, int error)
{
    fprintf(stderr, "%s: error %d\n", what, error);
    exit(1);
}

#endif
