/*
 * What both encoding programs share: CASE(name, prep) prepares a zeroed SQE with liburing's helpers and prints
 * "<name> <128 hex digits>", the line format LiburingEncodingTests reads.
 */
#ifndef URING_ENCODE_CASE_H
#define URING_ENCODE_CASE_H

#include <stdio.h>
#include <string.h>

static void print(const char *name, const struct io_uring_sqe *sqe)
{
	const unsigned char *b = (const unsigned char *)sqe;
	printf("%s ", name);
	for (int i = 0; i < 64; i++)
		printf("%02x", b[i]);
	printf("\n");
}

#define CASE(name, prep)                    \
	do {                                    \
		struct io_uring_sqe s;              \
		memset(&s, 0, sizeof(s));           \
		struct io_uring_sqe *sqe = &s;      \
		prep;                               \
		print(name, sqe);                   \
	} while (0)

#endif
