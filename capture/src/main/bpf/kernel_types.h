/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The few kernel types sysql.bpf.c reads, declared with only the fields it uses.
 *
 * Why not the full vmlinux.h that `bpftool btf dump file /sys/kernel/btf/vmlinux format c` prints:
 * clang copies the complete definition of every struct a program touches into the object's BTF, so an
 * object built against a generated header depends on the build machine's kernel, and `build.sh --check`
 * could not compare the shipped object with a CI build on another kernel. With preserve_access_index
 * every field access below is a CO-RE relocation that libbpf resolves against the running kernel's BTF
 * at load time, by name, so these partial definitions are as portable as the full header (field names
 * and types were taken from bpftool's dump of a 6.18 kernel).
 */
#ifndef SYSQL_KERNEL_TYPES_H
#define SYSQL_KERNEL_TYPES_H

#include <linux/types.h>

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct pt_regs {
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long dx;
	unsigned long si;
	unsigned long di;
	unsigned long orig_ax;
};

struct thread_info {
	__u32 status;
};

typedef struct {
	__u32 val;
} kuid_t;

typedef struct {
	__u32 val;
} kgid_t;

struct cred {
	kuid_t euid;
	kgid_t egid;
};

struct mm_struct {
	unsigned long arg_start;
	unsigned long arg_end;
};

struct inode {
	unsigned short i_mode;
};

struct file {
	struct inode *f_inode;
	void *private_data;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
};

struct files_struct {
	struct fdtable *fdt;
};

struct upid {
	int nr;
	struct pid_namespace *ns;
};

struct pid {
	unsigned int level;
	struct upid numbers[1];
};

struct sched_entity {
	__u64 sum_exec_runtime;
};

struct task_struct {
	struct thread_info thread_info;
	struct sched_entity se;
	__u64 utime;
	__u64 stime;
	unsigned int flags;
	int exit_code;
	int pid;
	int tgid;
	struct task_struct *group_leader;
	struct pid *thread_pid;
	const struct cred *cred;
	struct mm_struct *mm;
	struct files_struct *files;
	char comm[16];
};

struct linux_binprm {
	const char *filename;
};

struct in6_addr {
	__u8 u6_addr8[16];
};

struct sock_common {
	__u32 skc_daddr;
	__u32 skc_rcv_saddr;
	__u16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
};

struct sock {
	struct sock_common __sk_common;
	__u16 sk_type;
	__u16 sk_protocol;
};

struct socket {
	struct sock *sk;
};

#pragma clang attribute pop

/* User-space ABI structs (x86_64): fixed layouts, read with bpf_probe_read_user, no relocation needed. */
struct user_iovec {
	__u64 base;
	__u64 len;
};

struct user_msghdr {
	__u64 name;
	__s32 namelen;
	__u32 pad;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__u32 flags;
};

struct user_open_how {
	__u64 flags;
	__u64 mode;
	__u64 resolve;
};

#endif
