/*
 * Random 4 KiB reads from a page-cached 16 MiB file at queue depth 1 and 16: the C side of
 * FileReadBenchmarks (same file size, same offset sequence), with liburing (depth reads, one enter)
 * and with plain pread (one system call per read, as RandomAccess.Read does).
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "ring.h"

#define READ_SIZE 4096
#define FILE_BLOCKS 4096
#define MAX_DEPTH 16

struct read_state {
    struct io_uring ring;
    int fd;
    unsigned depth;
    uint32_t next;
    unsigned char *buffers;
};

/* The same linear congruential sequence as FileReadBenchmarks.NextOffset (32-bit wrap, then 31 bits). */
static off_t next_offset(struct read_state *s)
{
    s->next = (s->next * 1103515245u + 12345u) & 0x7fffffffu;
    return (off_t)(s->next % FILE_BLOCKS) * READ_SIZE;
}

static void uring_reads(void *p)
{
    struct read_state *s = p;
    for (unsigned i = 0; i < s->depth; i++) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);
        io_uring_prep_read(sqe, s->fd, s->buffers + i * READ_SIZE, READ_SIZE, (uint64_t)next_offset(s));
        io_uring_sqe_set_data64(sqe, i);
    }
    if (submit_and_reap(&s->ring, s->depth) != (long)s->depth * READ_SIZE)
        die("short read", 0);
}

static void pread_reads(void *p)
{
    struct read_state *s = p;
    for (unsigned i = 0; i < s->depth; i++) {
        if (pread(s->fd, s->buffers + i * READ_SIZE, READ_SIZE, next_offset(s)) != READ_SIZE)
            die("pread", 0);
    }
}

static void write_file(const char *path)
{
    static unsigned char block[READ_SIZE];
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        die("open for writing", fd);
    srand(42);
    for (int b = 0; b < FILE_BLOCKS; b++) {
        for (int i = 0; i < READ_SIZE; i++)
            block[i] = (unsigned char)rand();
        if (write(fd, block, READ_SIZE) != READ_SIZE)
            die("write", 0);
    }
    close(fd);
}

int main(void)
{
    static const unsigned depths[] = { 1, 16 };
    char path[] = "/tmp/uring-bench-read-c.bin";
    struct read_state s = { 0 };
    write_file(path);
    s.fd = open(path, O_RDONLY);
    if (s.fd < 0)
        die("open", s.fd);
    if (posix_memalign((void **)&s.buffers, 4096, READ_SIZE * MAX_DEPTH) != 0)
        die("posix_memalign", 0);
    memset(s.buffers, 0, READ_SIZE * MAX_DEPTH);
    setup_ring(&s.ring, 64);
    print_header();
    for (unsigned d = 0; d < sizeof depths / sizeof depths[0]; d++) {
        s.depth = depths[d];
        measure("pread x depth", (int)s.depth, pread_reads, &s);
        measure("liburing read x depth, one enter", (int)s.depth, uring_reads, &s);
    }
    io_uring_queue_exit(&s.ring);
    close(s.fd);
    unlink(path);
    free(s.buffers);
    return 0;
}
