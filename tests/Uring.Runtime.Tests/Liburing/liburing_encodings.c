/*
 * Prints the 64 bytes liburing's prep helpers write for a few ops, one line per case: "<case> <128 hex digits>".
 * Built and run by hand against Debian 12's liburing-dev (2.3) to produce liburing-2.3.sqes.txt, which
 * LiburingEncodingTests compares our encoder with byte for byte (the test needs no C toolchain):
 *
 *   gcc -O0 -Wall -o /tmp/liburing_encodings liburing_encodings.c && /tmp/liburing_encodings > liburing-2.3.sqes.txt
 *
 * Pointers are fixed fake addresses (the helpers only store them). user_data is left 0: our tests cover its
 * encoding elsewhere, and the comparison masks it. Constants newer than liburing 2.3 (IORING_RECVSEND_BUNDLE,
 * IORING_LINK_TIMEOUT_UPDATE's companion) are spelled as the uapi reference gives them.
 */
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <poll.h>
#include <fcntl.h>

#define BUF ((void *)0x10000)
#define TS ((struct __kernel_timespec *)0x20000)
#define MSG ((struct msghdr *)0x30000)
#define PATH ((const char *)0x40000)
#define HOW ((struct open_how *)0x50000)
#define FDS ((int *)0x60000)
/*
 * liburing 2.3's *_direct helpers store file_index + 1, so "let the kernel pick" (IORING_FILE_INDEX_ALLOC) is
 * passed as ALLOC - 1, as its own *_direct_alloc helpers do. IORING_OP_PIPE (6.16) and msg_ring's fd passing
 * have no 2.3 helper: they are built from io_uring_prep_rw and __io_uring_set_target_fixed_file the way later
 * liburing versions build them, with the uapi values (IORING_OP_PIPE = 62, IORING_MSG_SEND_FD = 1; pipe_flags
 * and msg_ring_flags share the +28 union with open_flags).
 */
#define ALLOC_SLOT (IORING_FILE_INDEX_ALLOC - 1)

#include "encode_case.h"

int main(void)
{
	CASE("nop", io_uring_prep_nop(sqe));
	CASE("read", io_uring_prep_read(sqe, 5, BUF, 100, 4096));
	CASE("write", io_uring_prep_write(sqe, 6, BUF, 10, 0));
	CASE("send_zc_poll_first", io_uring_prep_send_zc(sqe, 5, BUF, 64, MSG_DONTWAIT, IORING_RECVSEND_POLL_FIRST));
	CASE("send_zc_fixed_poll_first", io_uring_prep_send_zc_fixed(sqe, 5, BUF, 64, 0, (1U << 3) /* IORING_SEND_ZC_REPORT_USAGE (6.2) */ | IORING_RECVSEND_POLL_FIRST, 3));
	CASE("recvmsg_multishot", {
		io_uring_prep_recvmsg_multishot(sqe, 9, MSG, MSG_PEEK);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 0x77;
	});
	CASE("send_bundle", {
		io_uring_prep_send(sqe, 7, NULL, 300, MSG_MORE);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 0x102;
		sqe->ioprio |= 1U << 4; /* IORING_RECVSEND_BUNDLE (6.10) */
	});
	/*
	 * IORING_OP_RECV_ZC (58, 6.15) has no liburing helper; liburing's test suite (test/zcrx.c) builds it as here:
	 * io_uring_prep_rw, then IORING_RECV_MULTISHOT in ioprio and the queue id in zcrx_ifq_idx, which shares +44
	 * with file_index (the name liburing 2.3 has).
	 */
	CASE("recv_zc", {
		io_uring_prep_rw(58, sqe, 12, NULL, 0, 0);
		sqe->ioprio |= IORING_RECV_MULTISHOT;
		sqe->file_index = 7;
	});
	CASE("recv_zc_limit_poll_first", {
		io_uring_prep_rw(58, sqe, 12, NULL, 4096, 0);
		sqe->ioprio |= IORING_RECV_MULTISHOT | IORING_RECVSEND_POLL_FIRST;
		sqe->file_index = 0x10001;
	});
	CASE("recv_multishot", {
		io_uring_prep_recv_multishot(sqe, 11, NULL, 0, 0);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 3;
	});
	CASE("link_timeout_update", io_uring_prep_timeout_update(sqe, TS, 0x99, IORING_LINK_TIMEOUT_UPDATE));
	CASE("timeout_update", io_uring_prep_timeout_update(sqe, TS, 0x98, 0));
	CASE("cancel_any", io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ANY));
	CASE("cancel_fd", io_uring_prep_cancel_fd(sqe, 12, 0));
	CASE("poll_add_level", {
		io_uring_prep_poll_add(sqe, 8, POLLIN);
		sqe->len |= 1U << 3; /* IORING_POLL_ADD_LEVEL */
	});
	CASE("poll_multishot", io_uring_prep_poll_multishot(sqe, 8, POLLIN));
	CASE("socket", io_uring_prep_socket(sqe, AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP, 0));
	CASE("socket_direct", io_uring_prep_socket_direct(sqe, AF_INET, SOCK_STREAM, IPPROTO_TCP, 7, 0));
	CASE("socket_direct_alloc", io_uring_prep_socket_direct_alloc(sqe, AF_INET, SOCK_STREAM, 6, 0));
	CASE("accept", io_uring_prep_accept(sqe, 6, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
	CASE("accept_direct", io_uring_prep_accept_direct(sqe, 6, NULL, NULL, SOCK_NONBLOCK, 9));
	CASE("accept_direct_alloc", io_uring_prep_accept_direct(sqe, 6, NULL, NULL, SOCK_NONBLOCK, ALLOC_SLOT));
	CASE("multishot_accept", io_uring_prep_multishot_accept(sqe, 6, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
	CASE("multishot_accept_direct", io_uring_prep_multishot_accept_direct(sqe, 6, NULL, NULL, SOCK_NONBLOCK));
	CASE("openat", io_uring_prep_openat(sqe, AT_FDCWD, PATH, O_RDONLY | O_CLOEXEC, 0));
	CASE("openat_direct", io_uring_prep_openat_direct(sqe, AT_FDCWD, PATH, O_RDWR | O_CREAT, 0600, 4));
	CASE("openat_direct_alloc", io_uring_prep_openat_direct(sqe, 7, PATH, O_RDONLY, 0, ALLOC_SLOT));
	CASE("openat2", io_uring_prep_openat2(sqe, 9, PATH, HOW));
	CASE("openat2_direct", io_uring_prep_openat2_direct(sqe, AT_FDCWD, PATH, HOW, 0));
	CASE("openat2_direct_alloc", io_uring_prep_openat2_direct(sqe, AT_FDCWD, PATH, HOW, ALLOC_SLOT));
	CASE("pipe", {
		io_uring_prep_rw(62 /* IORING_OP_PIPE */, sqe, 0, FDS, 0, 0);
		sqe->open_flags = O_NONBLOCK | O_CLOEXEC; /* pipe_flags */
	});
	CASE("pipe_direct", {
		io_uring_prep_rw(62 /* IORING_OP_PIPE */, sqe, 0, FDS, 0, 0);
		__io_uring_set_target_fixed_file(sqe, 6);
	});
	CASE("pipe_direct_alloc", {
		io_uring_prep_rw(62 /* IORING_OP_PIPE */, sqe, 0, FDS, 0, 0);
		sqe->open_flags = O_NONBLOCK; /* pipe_flags */
		__io_uring_set_target_fixed_file(sqe, ALLOC_SLOT);
	});
	CASE("msg_ring_fd", {
		io_uring_prep_rw(IORING_OP_MSG_RING, sqe, 13, (void *) IORING_MSG_SEND_FD, 0, 0x99);
		sqe->addr3 = 4;
		__io_uring_set_target_fixed_file(sqe, 2);
	});
	CASE("msg_ring_fd_alloc", {
		io_uring_prep_rw(IORING_OP_MSG_RING, sqe, 13, (void *) IORING_MSG_SEND_FD, 0, 0x98);
		sqe->addr3 = 5;
		sqe->msg_ring_flags = IORING_MSG_RING_CQE_SKIP;
		__io_uring_set_target_fixed_file(sqe, ALLOC_SLOT);
	});
	CASE("shutdown", io_uring_prep_shutdown(sqe, 4, SHUT_WR));
	CASE("fsync_datasync", io_uring_prep_fsync(sqe, 9, IORING_FSYNC_DATASYNC));
	CASE("close_direct", io_uring_prep_close_direct(sqe, 7));
	CASE("msg_ring", io_uring_prep_msg_ring(sqe, 13, 42, 0x1234, 0));
	return 0;
}
