/*
 * A lean load client for bench/async-echo.sh: the protocol and the measurements of the C# load client
 * (samples/Uring.Samples.AsyncEcho, `client` command) at a fraction of its CPU per request.
 *
 * Why: on the 2-core benchmark machine the client and the server share the cores and both run flat out, so
 * requests/s is about 2 cores / (client CPU + server CPU per request). A client that costs more per request than the
 * servers it measures hides most of the difference between them (wrk is C for the same reason).
 *
 * What it does, exactly as the C# client: N connections to 127.0.0.1:PORT (TCP_NODELAY), one SIZE-byte checksummed
 * message in flight per connection ([sequence: 8][connection: 4][xorshift64* bytes][FNV-1a 64: 8], the layout of
 * samples/Uring.Samples.EchoServer/Payload.cs), every echo compared byte for byte and its checksum checked
 * (mismatches counted). Once all connections are up: WARMUP seconds, then the measured window of SECONDS. At a fixed
 * RATE (requests/s in all) each connection sends on its own schedule (RATE / N per second, the first send staggered by
 * index / N of an interval) and latency counts from the scheduled send time, so a server that falls behind shows it;
 * at rate 0 each connection sends its next message as soon as the echo arrived. With --requests-per-connection R a
 * connection makes R requests, shuts its sending side down, waits for the server's end of stream and connects anew;
 * the first request's latency then counts from before the connect. Server CPU is utime + stime of /proc/PID/stat
 * over the window (clock ticks, as the C# client reads it); the client's own CPU is getrusage(RUSAGE_SELF) over the
 * same window. Latency percentiles come from a log-linear histogram per thread (samples/Shared/LatencyHistogram.cs's
 * buckets), merged at the end: nothing is allocated per request.
 *
 * How it stays cheap: T threads (default: one per core), connection i on thread i % T (as the C# client spreads them
 * over its loops), nothing allocated after setup, no thread spinning: a thread with nothing to do sleeps until the next
 * scheduled send (fixed rate) or a completion. Two ways to do the I/O (--io):
 * - uring (the default, measured cheaper): one ring per thread (SINGLE_ISSUER | DEFER_TASKRUN) and one multishot
 *   receive per connection into the thread's provided-buffer ring, armed once per connection, so a request costs one
 *   send SQE (MSG_WAITALL, no CQE when it succeeds), one receive CQE and a share of one io_uring_enter that submits
 *   and reaps a batch for all the thread's connections.
 * - epoll: edge-triggered epoll over non-blocking sockets (registered once for EPOLLIN | EPOLLOUT, so no epoll_ctl
 *   per request): per request one send(2), one recv(2) and a share of one epoll_pwait2 that returns up to 256 ready
 *   connections.
 * Either way most of the client's CPU is the kernel's TCP send path, which on loopback also delivers the segment into
 * the server's socket (a profile at 64 connections: 68% under io_send, 4% in this program).
 *
 * Usage: echo_load --port P [--server-pid PID] [--connections N] [--seconds S] [--warmup S] [--size B]
 *                  [--rate R] [--threads T] [--requests-per-connection R] [--io uring|epoll] [--csv]
 * --csv prints the C# client's line: connections,rate,requests_per_s,p50_us,p99_us,server_cpu_us_per_request,
 * client_cpu_us_per_request,requests,mismatches. Exit status 0 when every echo matched and requests were measured.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MINIMUM_SIZE (8 + 4 + 8)
#define MAX_EVENTS 256

enum phase { WARMUP, MEASURING, STOPPING };
enum state { CONNECTING, WAITING, SENDING, RECEIVING, CLOSING, DONE };

struct options {
	int port, server_pid, connections, size, threads, requests_per_connection, csv, uring;
	double seconds, warmup, rate;
};

static struct options opt = { .connections = 64, .size = 64, .seconds = 5, .warmup = 1, .uring = 1 };
static _Atomic int phase = WARMUP;
static _Atomic int connected;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- latency histogram: the buckets of samples/Shared/LatencyHistogram.cs (exact below 128 ns, then 64 per power of two) */

#define SUB_BUCKET_BITS 6
#define SUB_BUCKETS (1 << SUB_BUCKET_BITS)
#define EXACT_LIMIT (2 * SUB_BUCKETS)
#define MAX_EXPONENT 40
#define BUCKETS (EXACT_LIMIT + (MAX_EXPONENT - SUB_BUCKET_BITS) * SUB_BUCKETS)

struct histogram {
	int64_t counts[BUCKETS];
	int64_t count, max;
};

static void histogram_record(struct histogram *h, int64_t ns)
{
	if (ns < 0)
		ns = 0;
	int index;
	if (ns < EXACT_LIMIT) {
		index = (int)ns;
	} else {
		int msb = 63 - __builtin_clzll((uint64_t)ns);
		int shift = (msb < MAX_EXPONENT - 1 ? msb : MAX_EXPONENT - 1) - SUB_BUCKET_BITS;
		int64_t top = ns >> shift;
		if (top > EXACT_LIMIT - 1)
			top = EXACT_LIMIT - 1;
		index = EXACT_LIMIT + (shift - 1) * SUB_BUCKETS + (int)(top - SUB_BUCKETS);
	}
	h->counts[index]++;
	h->count++;
	if (ns > h->max)
		h->max = ns;
}

static void histogram_add(struct histogram *into, const struct histogram *from)
{
	for (int i = 0; i < BUCKETS; i++)
		into->counts[i] += from->counts[i];
	into->count += from->count;
	if (from->max > into->max)
		into->max = from->max;
}

/* The latency below which `percentile` percent of the recorded ones fall (a bucket's middle), in microseconds. */
static double histogram_percentile_us(const struct histogram *h, double percentile)
{
	if (h->count == 0)
		return 0;
	double wanted = (double)h->count * percentile / 100.0;
	int64_t rank = (int64_t)wanted;
	if ((double)rank < wanted)
		rank++;
	if (rank < 1)
		rank = 1;
	int64_t seen = 0;
	for (int i = 0; i < BUCKETS; i++) {
		seen += h->counts[i];
		if (seen < rank)
			continue;
		double low, width;
		if (i < EXACT_LIMIT) {
			low = i;
			width = 1;
		} else {
			int shift = (i - EXACT_LIMIT) / SUB_BUCKETS + 1;
			int64_t top = SUB_BUCKETS + (i - EXACT_LIMIT) % SUB_BUCKETS;
			low = (double)(top << shift);
			width = (double)(1LL << shift);
		}
		double middle = low + width / 2.0;
		return (middle < (double)h->max ? middle : (double)h->max) / 1000.0;
	}
	return (double)h->max / 1000.0;
}

/* ---- payload: samples/Uring.Samples.EchoServer/Payload.cs, byte for byte */

static uint64_t checksum(const unsigned char *data, int length)
{
	uint64_t hash = 14695981039346656037ULL;
	for (int i = 0; i < length; i++)
		hash = (hash ^ data[i]) * 1099511628211ULL;
	return hash;
}

static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); } /* x86-64 and arm64: little-endian, as the C# side writes */
static uint64_t get64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static void payload_fill(unsigned char *message, int size, int64_t sequence, int32_t connection)
{
	put64(message, (uint64_t)sequence);
	memcpy(message + 8, &connection, 4);
	uint64_t state = (uint64_t)sequence * 0x9E3779B97F4A7C15ULL ^ (uint64_t)(int64_t)connection;
	for (int i = 12; i < size - 8; i++) {
		state ^= state >> 12;
		state ^= state << 25;
		state ^= state >> 27;
		message[i] = (unsigned char)((state * 0x2545F4914F6CDD1DULL) >> 56);
	}
	put64(message + size - 8, checksum(message, size - 8));
}

static int payload_verify(const unsigned char *reply, const unsigned char *request, int size, int64_t sequence, int32_t connection)
{
	int32_t c;
	memcpy(&c, reply + 8, 4);
	return memcmp(reply, request, (size_t)size) == 0 && get64(reply) == (uint64_t)sequence && c == connection
	       && get64(reply + size - 8) == checksum(reply, size - 8);
}

/* ---- connections and threads */

struct conn {
	int fd, index, slot, state, made, sent, received, ever_connected;
	int64_t sequence;
	double next;             /* fixed rate: the next scheduled send (ns, fractional so the rate does not drift) */
	int64_t intended;        /* when the request in flight (or waiting) was due: latency counts from here */
	int64_t connect_started;
	unsigned char *request, *reply;
};

struct worker {
	pthread_t thread;
	int epfd, count, open, heap_len;
	struct conn *conns;
	struct conn **heap; /* connections waiting for their scheduled send, earliest first */
	struct histogram latencies;
	int64_t measured, total, mismatches, bytes;
	/* --io uring: the thread's ring and its provided-buffer ring for the multishot receives */
	struct io_uring ring;
	struct io_uring_buf_ring *buffer_ring;
	unsigned char *buffers;
	int buffer_mask;
};

/* --io uring: user_data is the connection's slot in its thread and the operation. */
enum op { OP_CONNECT, OP_RECV, OP_SEND, OP_SHUTDOWN, OP_CLOSE };
#define BUFFER_GROUP 0

static struct sockaddr_in server;
static double interval_ns; /* fixed rate: each connection's interval; 0 at the maximum rate */

static void fail(const char *what, int error)
{
	fprintf(stderr, "echo_load: %s: %s\n", what, strerror(error));
	exit(2);
}

static void heap_swap(struct worker *w, int a, int b)
{
	struct conn *t = w->heap[a];
	w->heap[a] = w->heap[b];
	w->heap[b] = t;
}

static void heap_push(struct worker *w, struct conn *c)
{
	int i = w->heap_len++;
	w->heap[i] = c;
	while (i > 0 && w->heap[(i - 1) / 2]->intended > w->heap[i]->intended) {
		heap_swap(w, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static struct conn *heap_pop(struct worker *w)
{
	struct conn *top = w->heap[0];
	w->heap[0] = w->heap[--w->heap_len];
	for (int i = 0;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < w->heap_len && w->heap[l]->intended < w->heap[m]->intended)
			m = l;
		if (r < w->heap_len && w->heap[r]->intended < w->heap[m]->intended)
			m = r;
		if (m == i)
			break;
		heap_swap(w, i, m);
		i = m;
	}
	return top;
}

static void schedule_next(struct worker *w, struct conn *c);

/* --io uring: the next SQE, submitting what is queued first when the SQ is full. */
static struct io_uring_sqe *next_sqe(struct worker *w, struct conn *c, enum op op)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&w->ring);
	if (!sqe) {
		int ret = io_uring_submit(&w->ring);
		if (ret < 0)
			fail("io_uring_submit", -ret);
		sqe = io_uring_get_sqe(&w->ring);
		if (!sqe)
			fail("io_uring_get_sqe", EBUSY);
	}
	io_uring_sqe_set_data64(sqe, (uint64_t)c->slot << 3 | op);
	return sqe;
}

/* --io uring: one multishot receive per connection, into the thread's provided buffers: it stays armed from one echo
   to the next, so a request costs no receive submission and no poll arming. */
static void arm_receive(struct worker *w, struct conn *c)
{
	struct io_uring_sqe *sqe = next_sqe(w, c, OP_RECV);
	io_uring_prep_recv_multishot(sqe, c->fd, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BUFFER_GROUP;
}

static void start_connect(struct worker *w, struct conn *c)
{
	c->connect_started = now_ns();
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		fail("socket", errno);
	int one = 1;
	if (setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
		fail("TCP_NODELAY", errno);
	c->state = CONNECTING;
	if (opt.uring) {
		io_uring_prep_connect(next_sqe(w, c, OP_CONNECT), c->fd, (struct sockaddr *)&server, sizeof server);
		return;
	}
	/* Edge-triggered, both directions, once for the connection's life: no epoll_ctl per request. EPOLLOUT reports the
	   connect's end, and after that only a send that found the buffer full (never, at one message in flight). */
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c };
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		fail("epoll_ctl", errno);
	if (connect(c->fd, (struct sockaddr *)&server, sizeof server) < 0 && errno != EINPROGRESS)
		fail("connect", errno);
}

static void on_connected(struct worker *w, struct conn *c, int error)
{
	if (!opt.uring) {
		socklen_t length = sizeof error;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
			error = errno;
	}
	if (error)
		fail("connect", error);
	if (opt.uring)
		arm_receive(w, c);
	if (!c->ever_connected) {
		c->ever_connected = 1; /* the warm-up starts once every slot connected once */
		atomic_fetch_add(&connected, 1);
	}
	c->made = 0;
	schedule_next(w, c);
}

static void try_send(struct worker *w, struct conn *c)
{
	if (opt.uring) {
		/* MSG_WAITALL: the kernel sends it all or fails, so a successful send needs no CQE (a short one cannot pass as
		   success). The request buffer stays untouched until its echo arrived, which is after the send read it. */
		struct io_uring_sqe *sqe = next_sqe(w, c, OP_SEND);
		io_uring_prep_send(sqe, c->fd, c->request, (size_t)opt.size, MSG_WAITALL | MSG_NOSIGNAL);
		sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
		c->state = RECEIVING;
		return;
	}
	while (c->sent < opt.size) {
		ssize_t n = send(c->fd, c->request + c->sent, (size_t)(opt.size - c->sent), MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN)
				return; /* EPOLLOUT (edge) tells when there is room again */
			fail("send", errno);
		}
		c->sent += (int)n;
	}
	c->state = RECEIVING; /* the echo cannot be there yet: wait for EPOLLIN instead of trying a recv that would fail */
}

static void start_request(struct worker *w, struct conn *c)
{
	if (opt.requests_per_connection > 0 && c->made == 0 && c->connect_started < c->intended)
		c->intended = c->connect_started; /* a new connection's first request waited for the connect too */
	payload_fill(c->request, opt.size, ++c->sequence, c->index);
	c->sent = 0;
	c->received = 0;
	c->state = SENDING;
	try_send(w, c);
}

static void try_close_read(struct worker *w, struct conn *c);

/* After the server's end of stream and the close: the slot is done, or connects anew (--requests-per-connection). */
static void closed(struct worker *w, struct conn *c)
{
	c->fd = -1;
	if (atomic_load_explicit(&phase, memory_order_relaxed) == STOPPING) {
		c->state = DONE;
		w->open--;
	} else {
		start_connect(w, c);
	}
}

static void begin_close(struct worker *w, struct conn *c)
{
	/* An orderly end: the server sees end-of-stream, echoes nothing more and closes its side. */
	c->received = 0;
	if (opt.uring) {
		/* The multishot receive, still armed, reports the server's end of stream. */
		struct io_uring_sqe *sqe = next_sqe(w, c, OP_SHUTDOWN);
		io_uring_prep_shutdown(sqe, c->fd, SHUT_WR);
		sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
		c->state = CLOSING;
		return;
	}
	if (shutdown(c->fd, SHUT_WR) < 0)
		fail("shutdown", errno);
	c->state = CLOSING;
	try_close_read(w, c);
}

static void try_close_read(struct worker *w, struct conn *c)
{
	for (;;) {
		ssize_t n = recv(c->fd, c->reply, (size_t)opt.size, 0);
		if (n > 0) {
			if (!c->received++)
				w->mismatches++; /* data after the last echo: counted once per connection, as the C# client does */
			continue;
		}
		if (n < 0) {
			if (errno == EAGAIN)
				return;
			fail("recv at close", errno);
		}
		close(c->fd); /* also leaves the epoll set: the fd was never duplicated */
		closed(w, c);
		return;
	}
}

/* After a connect or an echo: the next request now, at its scheduled time, or the close. */
static void schedule_next(struct worker *w, struct conn *c)
{
	if (atomic_load_explicit(&phase, memory_order_relaxed) == STOPPING
	    || (opt.requests_per_connection > 0 && c->made >= opt.requests_per_connection)) {
		begin_close(w, c);
		return;
	}
	if (interval_ns > 0) {
		c->intended = (int64_t)c->next;
		c->next += interval_ns;
		if (c->intended > now_ns()) {
			c->state = WAITING;
			heap_push(w, c);
			return;
		}
	} else {
		c->intended = now_ns();
	}
	start_request(w, c);
}

static void complete(struct worker *w, struct conn *c)
{
	int64_t done = now_ns();
	if (!payload_verify(c->reply, c->request, opt.size, c->sequence, c->index))
		w->mismatches++;
	w->total++;
	w->bytes += 2LL * opt.size;
	if (atomic_load_explicit(&phase, memory_order_relaxed) == MEASURING) {
		w->measured++;
		histogram_record(&w->latencies, done - c->intended);
	}
	c->made++;
	schedule_next(w, c);
}

static void try_receive(struct worker *w, struct conn *c)
{
	for (;;) {
		size_t wanted = (size_t)(opt.size - c->received);
		ssize_t n = recv(c->fd, c->reply + c->received, wanted, 0);
		if (n < 0) {
			if (errno == EAGAIN)
				return;
			fail("recv", errno);
		}
		if (n == 0) {
			fprintf(stderr, "echo_load: connection %d: the server closed the connection mid-echo\n", c->index);
			exit(2);
		}
		c->received += (int)n;
		if (c->received == opt.size) {
			complete(w, c);
			return;
		}
		if ((size_t)n < wanted)
			return; /* the socket is drained: the rest raises a new edge when it arrives */
	}
}

static void on_event(struct worker *w, struct conn *c, uint32_t events)
{
	switch (c->state) {
	case CONNECTING:
		if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			on_connected(w, c, 0);
		break;
	case SENDING:
		try_send(w, c);
		if (c->state == RECEIVING && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
			try_receive(w, c);
		break;
	case RECEIVING:
		if (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP))
			try_receive(w, c);
		break;
	case CLOSING:
		try_close_read(w, c);
		break;
	default: /* WAITING, DONE: an edge with nothing to do */
		break;
	}
}

/* --io uring: one completion. Sends, shutdowns and closes post one only when they failed. */
static void on_completion(struct worker *w, const struct io_uring_cqe *cqe)
{
	struct conn *c = &w->conns[cqe->user_data >> 3];
	enum op op = (enum op)(cqe->user_data & 7);
	int res = cqe->res;
	switch (op) {
	case OP_CONNECT:
		on_connected(w, c, res < 0 ? -res : 0);
		return;
	case OP_SEND:
		fail("send", -res);
		return;
	case OP_SHUTDOWN:
		fail("shutdown", -res);
		return;
	case OP_CLOSE:
		fail("close", -res);
		return;
	case OP_RECV:
		break;
	}
	if (res > 0) {
		unsigned short id = (unsigned short)(cqe->flags >> IORING_CQE_BUFFER_SHIFT);
		unsigned char *buffer = w->buffers + (size_t)id * (size_t)opt.size;
		if (c->state == RECEIVING) {
			int wanted = opt.size - c->received, used = res < wanted ? res : wanted;
			memcpy(c->reply + c->received, buffer, (size_t)used);
			c->received += used;
			if (res > used)
				w->mismatches++; /* more than was sent: the message still completes, so the run goes on */
		} else if (!(c->state == CLOSING && c->received++)) {
			w->mismatches++; /* data with no request in flight, or after the last echo (counted once per connection) */
		}
		io_uring_buf_ring_add(w->buffer_ring, buffer, (unsigned)opt.size, id, w->buffer_mask, 0);
		io_uring_buf_ring_advance(w->buffer_ring, 1);
		int more = cqe->flags & IORING_CQE_F_MORE;
		if (c->state == RECEIVING && c->received == opt.size)
			complete(w, c); /* may shut down, then the still-armed receive reports the end of stream */
		if (!more)
			arm_receive(w, c);
		return;
	}
	if (res == 0) {
		if (c->state != CLOSING) {
			fprintf(stderr, "echo_load: connection %d: the server closed the connection mid-echo\n", c->index);
			exit(2);
		}
		struct io_uring_sqe *sqe = next_sqe(w, c, OP_CLOSE);
		io_uring_prep_close(sqe, c->fd);
		sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
		closed(w, c);
		return;
	}
	if (res == -ENOBUFS) {
		arm_receive(w, c); /* the buffers came back while this batch was handled */
		return;
	}
	fail("recv", -res);
}

static void uring_setup(struct worker *w)
{
	/* SINGLE_ISSUER | DEFER_TASKRUN: completions are produced only when this thread waits for them, in one batch. */
	unsigned entries = 64;
	while (entries < 2u * (unsigned)w->count && entries < 4096)
		entries *= 2;
	struct io_uring_params params = {
		.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE,
		.cq_entries = 4 * entries,
	};
	int ret = io_uring_queue_init_params(entries, &w->ring, &params);
	if (ret < 0)
		fail("io_uring_queue_init_params", -ret);
	/* One buffer of SIZE bytes per connection is all a message in flight needs; twice that leaves slack. */
	unsigned count = 8;
	while (count < 2u * (unsigned)w->count && count < 32768)
		count *= 2;
	size_t ring_bytes = count * sizeof(struct io_uring_buf);
	w->buffer_ring = mmap(NULL, ring_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	w->buffers = malloc((size_t)count * (size_t)opt.size);
	if (w->buffer_ring == MAP_FAILED || !w->buffers)
		fail("buffers", ENOMEM);
	struct io_uring_buf_reg reg = { .ring_addr = (uint64_t)(uintptr_t)w->buffer_ring, .ring_entries = count, .bgid = BUFFER_GROUP };
	ret = io_uring_register_buf_ring(&w->ring, &reg, 0);
	if (ret < 0)
		fail("io_uring_register_buf_ring", -ret);
	io_uring_buf_ring_init(w->buffer_ring);
	w->buffer_mask = io_uring_buf_ring_mask(count);
	for (unsigned i = 0; i < count; i++)
		io_uring_buf_ring_add(w->buffer_ring, w->buffers + (size_t)i * (size_t)opt.size, (unsigned)opt.size, (unsigned short)i, w->buffer_mask, (int)i);
	io_uring_buf_ring_advance(w->buffer_ring, (int)count);
}

/* Waits until an event or `timeout` ns passed, and handles what arrived. */
static void wait_and_handle(struct worker *w, int64_t timeout)
{
	if (opt.uring) {
		struct __kernel_timespec ts = { .tv_sec = timeout / 1000000000, .tv_nsec = timeout % 1000000000 };
		struct io_uring_cqe *cqe;
		int ret = io_uring_submit_and_wait_timeout(&w->ring, &cqe, 1, &ts, NULL);
		if (ret < 0 && ret != -ETIME && ret != -EINTR)
			fail("io_uring_submit_and_wait_timeout", -ret);
		unsigned head, seen = 0;
		io_uring_for_each_cqe(&w->ring, head, cqe) {
			on_completion(w, cqe);
			seen++;
		}
		io_uring_cq_advance(&w->ring, seen);
		return;
	}
	struct epoll_event events[MAX_EVENTS];
	struct timespec ts = { .tv_sec = timeout / 1000000000, .tv_nsec = timeout % 1000000000 };
	int n = epoll_pwait2(w->epfd, events, MAX_EVENTS, &ts, NULL);
	if (n < 0 && errno != EINTR)
		fail("epoll_pwait2", errno);
	for (int i = 0; i < n; i++)
		on_event(w, events[i].data.ptr, events[i].events);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	/* Scheduled sends wake on time: the default 50 µs of timer slack would add to every fixed-rate latency. */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
	if (opt.uring)
		uring_setup(w);
	int64_t start = now_ns();
	for (int i = 0; i < w->count; i++) {
		struct conn *c = &w->conns[i];
		c->next = (double)start + interval_ns * c->index / opt.connections; /* staggered: no bursts */
		start_connect(w, c);
	}
	int stop_seen = 0;
	while (w->open > 0) {
		/* Bounded wait: the thread notices the end of the window even with nothing in flight. */
		int64_t timeout = 100000000;
		if (w->heap_len > 0) {
			int64_t due = w->heap[0]->intended - now_ns();
			timeout = due < 0 ? 0 : (due < timeout ? due : timeout);
		}
		wait_and_handle(w, timeout);
		if (w->heap_len > 0) {
			int64_t now = now_ns();
			while (w->heap_len > 0 && w->heap[0]->intended <= now)
				start_request(w, heap_pop(w));
		}
		if (!stop_seen && atomic_load_explicit(&phase, memory_order_relaxed) == STOPPING) {
			stop_seen = 1;
			while (w->heap_len > 0)
				begin_close(w, heap_pop(w));
		}
	}
	return NULL;
}

/* ---- CPU time */

static double process_cpu_seconds(int pid)
{
	char path[64], buffer[4096];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		fail(path, errno);
	size_t length = fread(buffer, 1, sizeof buffer - 1, f);
	fclose(f);
	buffer[length] = 0;
	/* The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one. */
	char *p = strrchr(buffer, ')');
	if (!p)
		fail("parse stat", EINVAL);
	p += 2;
	for (int field = 3; field < 14; field++) {
		p = strchr(p, ' ');
		if (!p)
			fail("parse stat", EINVAL);
		p++;
	}
	unsigned long long utime, stime;
	if (sscanf(p, "%llu %llu", &utime, &stime) != 2)
		fail("parse stat", EINVAL);
	return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_seconds(void)
{
	struct rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void sleep_seconds(double seconds)
{
	struct timespec ts = { .tv_sec = (time_t)seconds, .tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9) };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
	}
}

/* ---- command line */

static void usage(void)
{
	fprintf(stderr, "usage: echo_load --port P [--server-pid PID] [--connections N] [--seconds S] [--warmup S] [--size B] "
			"[--rate R (requests/s in all; 0: as fast as it goes)] [--threads T (0: one per core)] "
			"[--requests-per-connection N (0: keep each connection open)] [--io uring|epoll] [--csv]\n");
	exit(64);
}

static void parse(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *name = argv[i];
		if (!strcmp(name, "--csv")) {
			opt.csv = 1;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		const char *value = argv[++i];
		char *end;
		double v = strtod(value, &end);
		if ((*end || end == value) && strcmp(name, "--io"))
			usage();
		if (!strcmp(name, "--port")) opt.port = (int)v;
		else if (!strcmp(name, "--server-pid")) opt.server_pid = (int)v;
		else if (!strcmp(name, "--connections")) opt.connections = (int)v;
		else if (!strcmp(name, "--seconds")) opt.seconds = v;
		else if (!strcmp(name, "--warmup")) opt.warmup = v;
		else if (!strcmp(name, "--size")) opt.size = (int)v;
		else if (!strcmp(name, "--rate")) opt.rate = v;
		else if (!strcmp(name, "--threads")) opt.threads = (int)v;
		else if (!strcmp(name, "--requests-per-connection")) opt.requests_per_connection = (int)v;
		else if (!strcmp(name, "--io")) opt.uring = !strcmp(value, "uring") ? 1 : !strcmp(value, "epoll") ? 0 : -1;
		else usage();
	}
	if (opt.port <= 0 || opt.port > 65535 || opt.connections < 1 || opt.seconds <= 0 || opt.warmup < 0
	    || opt.size < MINIMUM_SIZE || opt.rate < 0 || opt.threads < 0 || opt.requests_per_connection < 0 || opt.uring < 0)
		usage();
}

int main(int argc, char **argv)
{
	parse(argc, argv);
	int threads = opt.threads ? opt.threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads > opt.connections)
		threads = opt.connections;
	interval_ns = opt.rate > 0 ? 1e9 * opt.connections / opt.rate : 0;
	server = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	/* Setup allocates everything once: connection slots, their buffers, each thread's heap. */
	struct worker *workers = calloc((size_t)threads, sizeof *workers);
	unsigned char *buffers = calloc((size_t)opt.connections, 2 * (size_t)opt.size);
	if (!workers || !buffers)
		fail("calloc", ENOMEM);
	for (int t = 0; t < threads; t++) {
		struct worker *w = &workers[t];
		w->count = opt.connections / threads + (t < opt.connections % threads);
		w->open = w->count;
		w->conns = calloc((size_t)w->count, sizeof *w->conns);
		w->heap = calloc((size_t)w->count, sizeof *w->heap);
		w->epfd = opt.uring ? 0 : epoll_create1(EPOLL_CLOEXEC);
		if (!w->conns || !w->heap || w->epfd < 0)
			fail("setup", errno ? errno : ENOMEM);
		for (int i = 0; i < w->count; i++) {
			struct conn *c = &w->conns[i];
			c->index = t + i * threads; /* connection i on thread i % T */
			c->request = buffers + 2 * (size_t)opt.size * (size_t)c->index;
			c->reply = c->request + opt.size;
			c->slot = i;
			c->fd = -1;
		}
	}
	for (int t = 0; t < threads; t++)
		if ((errno = pthread_create(&workers[t].thread, NULL, worker_run, &workers[t])))
			fail("pthread_create", errno);

	while (atomic_load(&connected) < opt.connections)
		sleep_seconds(0.001);
	sleep_seconds(opt.warmup);

	double server_before = opt.server_pid > 0 ? process_cpu_seconds(opt.server_pid) : 0;
	double client_before = self_cpu_seconds();
	int64_t started = now_ns();
	atomic_store(&phase, MEASURING);
	sleep_seconds(opt.seconds);
	atomic_store(&phase, STOPPING);
	double elapsed = (double)(now_ns() - started) / 1e9;
	double server_cpu = opt.server_pid > 0 ? process_cpu_seconds(opt.server_pid) - server_before : 0;
	double client_cpu = self_cpu_seconds() - client_before;

	static struct histogram latencies;
	int64_t measured = 0, total = 0, mismatches = 0, bytes = 0;
	for (int t = 0; t < threads; t++) {
		pthread_join(workers[t].thread, NULL);
		histogram_add(&latencies, &workers[t].latencies);
		measured += workers[t].measured;
		total += workers[t].total;
		mismatches += workers[t].mismatches;
		bytes += workers[t].bytes;
	}

	double rps = (double)measured / elapsed;
	double server_per_request = measured > 0 ? server_cpu * 1e6 / (double)measured : 0;
	double client_per_request = measured > 0 ? client_cpu * 1e6 / (double)measured : 0;
	double p50 = histogram_percentile_us(&latencies, 50), p99 = histogram_percentile_us(&latencies, 99);
	if (opt.csv) {
		char server_field[32];
		if (opt.server_pid > 0)
			snprintf(server_field, sizeof server_field, "%.2f", server_per_request);
		else
			snprintf(server_field, sizeof server_field, "NaN");
		printf("%d,%.15g,%.0f,%.1f,%.1f,%s,%.2f,%lld,%lld\n", opt.connections, opt.rate, rps, p50, p99, server_field,
		       client_per_request, (long long)measured, (long long)mismatches);
	} else {
		printf("client (C, %d threads, %s): %d connection%s, %d-byte checksummed messages, one in flight per connection, ",
		       threads, opt.uring ? "io_uring" : "epoll", opt.connections, opt.connections == 1 ? "" : "s", opt.size);
		if (opt.rate > 0)
			printf("at %.0f requests/s\n", opt.rate);
		else
			printf("as fast as the server answers\n");
		printf("  %lld requests in %.2f s = %.0f requests/s\n", (long long)measured, elapsed, rps);
		printf("  latency: p50 %.1f µs, p99 %.1f µs, max %.1f µs%s\n", p50, p99, (double)latencies.max / 1000.0,
		       opt.rate > 0 ? " (from each request's scheduled send time)" : "");
		if (opt.server_pid > 0)
			printf("  server CPU: %.2f s = %.2f µs per request (utime + stime of the server process)\n", server_cpu, server_per_request);
		printf("  client CPU: %.2f s = %.2f µs per request\n", client_cpu, client_per_request);
		printf("  verified: %lld of %lld echoes matched byte for byte (sequence, connection, FNV-1a checksum); %lld bytes moved\n",
		       (long long)(total - mismatches), (long long)total, (long long)bytes);
	}
	if (mismatches != 0 || measured == 0) {
		fprintf(stderr, "FAILED: %lld mismatched echoes, %lld measured requests\n", (long long)mismatches, (long long)measured);
		return 1;
	}
	return 0;
}
