/*
 * Prints the 64 bytes liburing 2.15's prep helpers write, one line per case: "<case> <128 hex digits>", for the ops
 * whose helpers liburing 2.3 (Debian 12's, liburing_encodings.c) lacks or that file does not cover. Produces
 * liburing-2.15.sqes.txt, which LiburingEncodingTests compares our encoder with byte for byte. Built by hand against
 * liburing's own headers (they are all a prep helper needs: every helper is inline), so the test needs no C toolchain:
 *
 *   git clone -b liburing-2.15 https://github.com/axboe/liburing && (cd liburing && ./configure)
 *   gcc -O0 -Wall -I liburing/src/include -o /tmp/enc liburing_encodings_2_15.c && /tmp/enc > liburing-2.15.sqes.txt
 *
 * (liburing_encodings.c built the same way prints what it printed against 2.3, byte for byte.)
 * Pointers are fixed fake addresses (the helpers only store them); user_data is left 0 (the test masks it). Where our
 * encoder stages a pointer's target (a path, a sockaddr, a msghdr, a timespec...) the test masks that field too.
 */
#define _GNU_SOURCE
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <poll.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/xattr.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <linux/stat.h>
#include <linux/falloc.h>

/* Debian 12's linux/futex.h predates futex2; the values are the uapi reference's. */
#ifndef FUTEX2_SIZE_U32
#define FUTEX2_SIZE_U32 0x02
#define FUTEX2_PRIVATE 128
#endif

#define BUF ((void *)0x10000)
#define TS ((struct __kernel_timespec *)0x20000)
#define MSG ((struct msghdr *)0x30000)
#define PATH ((const char *)0x40000)
#define PATH2 ((const char *)0x42000)
#define NAME ((const char *)0x41000)
#define FDS ((int *)0x60000)
#define IOV ((const struct iovec *)0x70000)
#define EV ((struct epoll_event *)0x80000)
#define FUTEX ((uint32_t *)0x90000)
#define WAITV ((struct futex_waitv *)0xa0000)
#define INFOP ((siginfo_t *)0xb0000)
#define STATXBUF ((struct statx *)0xc0000)
#define ADDR ((const struct sockaddr *)0xd0000)
#define OPTVAL ((void *)0xe0000)
#define VALUE ((char *)0xf0000)
#define MADDR ((void *)0x100000)

#include "encode_case.h"

int main(void)
{
	/* liburing has no helper for NOP's flags; its own tests set nop_flags and the result to inject as here. */
	CASE("nop_inject_result", {
		io_uring_prep_nop(sqe);
		sqe->nop_flags = IORING_NOP_INJECT_RESULT;
		sqe->len = (unsigned)-14; /* -EFAULT */
	});
	/* Reads and writes */
	CASE("readv", io_uring_prep_readv(sqe, 5, IOV, 2, 4096));
	CASE("readv2_hipri", io_uring_prep_readv2(sqe, 5, IOV, 2, 0, RWF_HIPRI));
	CASE("writev_current_position", io_uring_prep_writev(sqe, 6, IOV, 3, (__u64)-1));
	CASE("writev2_dsync", io_uring_prep_writev2(sqe, 6, IOV, 1, 512, RWF_DSYNC));
	CASE("read_fixed", io_uring_prep_read_fixed(sqe, 7, BUF, 4000, 4096, 2));
	CASE("write_fixed", io_uring_prep_write_fixed(sqe, 7, BUF, 512, (__u64)-1, 1));
	CASE("readv_fixed", io_uring_prep_readv_fixed(sqe, 7, IOV, 2, 4096, RWF_HIPRI, 1));
	CASE("writev_fixed", io_uring_prep_writev_fixed(sqe, 7, IOV, 3, 0, RWF_DSYNC, 0));
	CASE("read_multishot", io_uring_prep_read_multishot(sqe, 5, 0, (__u64)-1, 0x77));
	CASE("read_buffer_select", {
		io_uring_prep_read(sqe, 5, NULL, 512, 4096);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 0x77;
	});
	/* Sockets */
	CASE("send", io_uring_prep_send(sqe, 7, BUF, 64, MSG_NOSIGNAL));
	CASE("recv_waitall", io_uring_prep_recv(sqe, 7, BUF, 100, MSG_WAITALL));
	CASE("sendto", io_uring_prep_sendto(sqe, 7, BUF, 64, MSG_DONTWAIT, ADDR, 16));
	CASE("send_zc", io_uring_prep_send_zc(sqe, 7, BUF, 64, 0, 0));
	CASE("send_zc_report_usage", io_uring_prep_send_zc(sqe, 7, BUF, 64, MSG_NOSIGNAL, IORING_SEND_ZC_REPORT_USAGE));
	CASE("sendto_zc", {
		io_uring_prep_send_zc(sqe, 7, BUF, 64, 0, 0);
		io_uring_prep_send_set_addr(sqe, ADDR, 16);
	});
	CASE("sendmsg", io_uring_prep_sendmsg(sqe, 7, MSG, MSG_NOSIGNAL));
	CASE("recvmsg", io_uring_prep_recvmsg(sqe, 7, MSG, MSG_PEEK));
	CASE("sendmsg_zc", io_uring_prep_sendmsg_zc(sqe, 7, MSG, 0));
	CASE("sendmsg_zc_fixed", io_uring_prep_sendmsg_zc_fixed(sqe, 7, MSG, 0, 4));
	CASE("connect", io_uring_prep_connect(sqe, 7, ADDR, 16));
	CASE("bind", io_uring_prep_bind(sqe, 7, (struct sockaddr *)ADDR, 16));
	CASE("listen", io_uring_prep_listen(sqe, 7, 128));
	CASE("socket_siocinq", io_uring_prep_cmd_sock(sqe, SOCKET_URING_OP_SIOCINQ, 7, 0, 0, NULL, 0));
	CASE("socket_siocoutq", io_uring_prep_cmd_sock(sqe, SOCKET_URING_OP_SIOCOUTQ, 7, 0, 0, NULL, 0));
	CASE("getsockopt", io_uring_prep_cmd_sock(sqe, SOCKET_URING_OP_GETSOCKOPT, 7, SOL_SOCKET, SO_RCVBUF, OPTVAL, 4));
	CASE("setsockopt", io_uring_prep_cmd_sock(sqe, SOCKET_URING_OP_SETSOCKOPT, 7, SOL_SOCKET, SO_SNDBUF, OPTVAL, 4));
	/* Our SockAddr keeps its length word right after its 128 bytes of storage. */
	CASE("getpeername", io_uring_prep_cmd_getsockname(sqe, 7, (struct sockaddr *)ADDR, (socklen_t *)((char *)ADDR + 128), 1));
	CASE("recv_multishot_poll_first", {
		io_uring_prep_recv_multishot(sqe, 11, NULL, 0, MSG_DONTWAIT);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 3;
		sqe->ioprio |= IORING_RECVSEND_POLL_FIRST;
	});
	CASE("recv_buffer_select", {
		io_uring_prep_recv(sqe, 11, NULL, 512, MSG_WAITALL);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 5;
	});
	CASE("recv_bundle", {
		io_uring_prep_recv(sqe, 11, NULL, 0, 0);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 5;
		sqe->ioprio |= IORING_RECVSEND_BUNDLE;
	});
	CASE("recv_bundle_multishot", {
		io_uring_prep_recv_multishot(sqe, 11, NULL, 0, 0);
		sqe->flags |= IOSQE_BUFFER_SELECT;
		sqe->buf_group = 5;
		sqe->ioprio |= IORING_RECVSEND_BUNDLE;
	});
	/* Files */
	CASE("close", io_uring_prep_close(sqe, 9));
	CASE("fsync", io_uring_prep_fsync(sqe, 9, 0));
	CASE("statx", io_uring_prep_statx(sqe, AT_FDCWD, PATH, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, STATXBUF));
	CASE("fallocate", io_uring_prep_fallocate(sqe, 9, FALLOC_FL_KEEP_SIZE, 4096, 8192));
	CASE("ftruncate", io_uring_prep_ftruncate(sqe, 9, 12345));
	CASE("sync_file_range", io_uring_prep_sync_file_range(sqe, 9, 8192, 4096, SYNC_FILE_RANGE_WRITE));
	CASE("fadvise64", io_uring_prep_fadvise64(sqe, 9, 4096, 8192, POSIX_FADV_SEQUENTIAL));
	CASE("madvise64", io_uring_prep_madvise64(sqe, MADDR, 8192, MADV_DONTNEED));
	CASE("unlinkat", io_uring_prep_unlinkat(sqe, AT_FDCWD, PATH, AT_REMOVEDIR));
	CASE("renameat", io_uring_prep_renameat(sqe, 3, PATH, 4, PATH2, RENAME_NOREPLACE));
	CASE("mkdirat", io_uring_prep_mkdirat(sqe, AT_FDCWD, PATH, 0755));
	CASE("symlinkat", io_uring_prep_symlinkat(sqe, PATH, 5, PATH2));
	CASE("linkat", io_uring_prep_linkat(sqe, 3, PATH, 4, PATH2, AT_SYMLINK_FOLLOW));
	CASE("getxattr", io_uring_prep_getxattr(sqe, NAME, VALUE, PATH, 64));
	CASE("setxattr", io_uring_prep_setxattr(sqe, NAME, VALUE, PATH, XATTR_CREATE, 64));
	CASE("fgetxattr", io_uring_prep_fgetxattr(sqe, 9, NAME, VALUE, 64));
	CASE("fsetxattr", io_uring_prep_fsetxattr(sqe, 9, NAME, VALUE, XATTR_REPLACE, 64));
	CASE("splice", io_uring_prep_splice(sqe, 3, -1, 4, 100, 1000, SPLICE_F_MOVE));
	CASE("splice_fixed_input", io_uring_prep_splice(sqe, 2, 4096, 4, -1, 1000, SPLICE_F_FD_IN_FIXED | SPLICE_F_MORE));
	CASE("tee", io_uring_prep_tee(sqe, 3, 4, 1000, SPLICE_F_NONBLOCK));
	CASE("pipe_helper", io_uring_prep_pipe(sqe, FDS, O_CLOEXEC));
	CASE("pipe_direct_helper", io_uring_prep_pipe_direct(sqe, FDS, 0, 6));
	CASE("block_discard", io_uring_prep_cmd_discard(sqe, 9, 4096, 8192));
	/* Poll, timeouts, cancellation */
	CASE("poll_add", io_uring_prep_poll_add(sqe, 8, POLLIN | POLLOUT));
	CASE("poll_multishot_level", {
		io_uring_prep_poll_multishot(sqe, 8, POLLIN | POLLRDHUP);
		sqe->len |= IORING_POLL_ADD_LEVEL;
	});
	CASE("poll_remove", io_uring_prep_poll_remove(sqe, 0x55));
	CASE("poll_update", io_uring_prep_poll_update(sqe, 0x55, 0x66, POLLOUT, IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA));
	CASE("timeout", io_uring_prep_timeout(sqe, TS, 3, IORING_TIMEOUT_BOOTTIME));
	CASE("timeout_remove", io_uring_prep_timeout_remove(sqe, 0x44, 0));
	CASE("link_timeout", io_uring_prep_link_timeout(sqe, TS, 0));
	CASE("cancel", io_uring_prep_cancel64(sqe, 0x33, 0));
	CASE("cancel_all", io_uring_prep_cancel64(sqe, 0x33, IORING_ASYNC_CANCEL_ALL));
	CASE("cancel_everything", io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY));
	CASE("cancel_fd_all", io_uring_prep_cancel_fd(sqe, 12, IORING_ASYNC_CANCEL_ALL));
	/* epoll, registered files and buffers, futexes, waitid, rings */
	CASE("epoll_ctl", io_uring_prep_epoll_ctl(sqe, 5, 6, EPOLL_CTL_ADD, EV));
	CASE("epoll_wait", io_uring_prep_epoll_wait(sqe, 5, EV, 16, 0));
	CASE("files_update", io_uring_prep_files_update(sqe, FDS, 4, 2));
	CASE("files_update_alloc", io_uring_prep_files_update(sqe, FDS, 4, IORING_FILE_INDEX_ALLOC));
	CASE("provide_buffers", io_uring_prep_provide_buffers(sqe, BUF, 256, 8, 0x77, 3));
	CASE("remove_buffers", io_uring_prep_remove_buffers(sqe, 8, 0x77));
	CASE("fixed_fd_install", io_uring_prep_fixed_fd_install(sqe, 3, 0));
	CASE("fixed_fd_install_no_cloexec", io_uring_prep_fixed_fd_install(sqe, 3, IORING_FIXED_FD_NO_CLOEXEC));
	CASE("futex_wake", io_uring_prep_futex_wake(sqe, FUTEX, 1, FUTEX_BITSET_MATCH_ANY, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0));
	CASE("futex_wait", io_uring_prep_futex_wait(sqe, FUTEX, 5, 0xff, FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0));
	CASE("futex_waitv", io_uring_prep_futex_waitv(sqe, WAITV, 2, 0));
	CASE("waitid", io_uring_prep_waitid(sqe, P_PID, 1234, INFOP, WEXITED, 0));
	CASE("msg_ring_cqe_flags", io_uring_prep_msg_ring_cqe_flags(sqe, 13, 42, 0x1234, 0, IORING_CQE_F_MORE));
	CASE("uring_cmd", io_uring_prep_uring_cmd(sqe, 0x1234, 9));
	return 0;
}
