// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sysql's system-wide recorder: one fixed-layout record per interesting system call, birth, exec and
 * death, into one ring buffer that io.sysql.capture.ebpf reads from Java.
 *
 * Shape (see DESIGN.md, "eBPF on this kind of machine"):
 * - tp_btf/sys_exit emits a record per call with its arguments read from pt_regs at exit, when user
 *   pages named by the arguments have been faulted in by the call itself;
 * - births come from sched_process_fork, which fires before the child can run, so a child's first
 *   call never precedes its birth in the ring; the clone family's own exits are only kept on failure;
 * - a successful execve is recorded at sched_process_exec (file name from the kernel's copy, argv from
 *   the new image, comm already the new one); a failed one at sys_exit;
 * - sched_process_exit records each thread's death with its exit code and the CPU time it used,
 *   preceded by the exit or exit_group call that caused it (those calls never reach sys_exit);
 * - tp_btf/sys_enter notes the entry time of each call sys_exit will record, in the thread's task storage,
 *   so its record carries its latency. It runs on every call of every process (the tracepoint has no
 *   per-call filter), like sys_exit: bench/NOTES.md has what that costs.
 *
 * Cost per call (paid inside every traced program's system calls): records without a path, data or
 * address are built in place in the ring (no copy), and so are the read/write family's, in a short
 * layout of their own (the commonest records by far; with the default snaplen, 128 bytes of ring
 * instead of up to 240); the others in a per-CPU scratch record, copied in with their exact length.
 * The kernel never wakes the reader: it polls on a timer.
 *
 * Which calls are recorded, and what is read for each, is one table (sysql_settings.actions) that the
 * recorder fills before load from the table of event kinds (io.sysql.capture.event.EventKinds: each row's
 * KernelRead is an ACT_ below), so a new call needs a change here only when new arguments must be read.
 * Everything that creates, duplicates, closes or describes an fd, moves data, changes a process (clone,
 * exec, exit, cwd, ids) is in it; the rest (futex, mmap, clock_gettime, epoll_wait, stat ...) is skipped in
 * the kernel by default because it changes none of the state sysql models and would multiply the cost of
 * tracing busy programs.
 */
#include "kernel_types.h"
#include <linux/bpf.h>
#include <asm/unistd_64.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define NR_SYSCALLS 512
#define NR_UNKNOWN 0xffff
/* One payload area; records carry at most two (a path or data, then a sockaddr or argv). */
#define AREA 4096
#define AREA_MASK (AREA - 1)

#define TS_COMPAT 0x0002
#define PF_KTHREAD 0x00200000
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define AF_INET 2
#define AF_INET6 10
#define CLONE_VM 0x00000100
#define CLONE_VFORK 0x00004000

/* Record kinds. */
enum {
	REC_SYSCALL = 1,   /* a call at its exit */
	REC_FORK = 2,      /* args: child tid, child tgid, clone flags, child vtid, child vpid; nr: the parent's call or NR_UNKNOWN */
	REC_EXEC = 3,      /* a successful execve/execveat: area 1 file name, area 2 argv (NUL-separated) */
	REC_PROCEXIT = 4,  /* a thread died: args[0] = the kernel's exit code (status << 8 | signal) */
	REC_EXIT_CALL = 5, /* exit/exit_group, just before the death it causes: args[0] = status */
	REC_DATA = 6,      /* a read/write-family call in the short layout: struct sysql_data_record */
};

/* What sys_exit reads for a call (sysql_settings.actions[nr]); EventKind.KernelRead lists them in this order. */
enum {
	ACT_SKIP = 0,
	/* records without payload */
	ACT_PLAIN,      /* arguments and result only */
	ACT_CLONE,      /* only failures: births come from sched_process_fork */
	ACT_FD_PAIR0,   /* int[2] at arg 0 into aux (pipe, pipe2) */
	ACT_FD_PAIR3,   /* int[2] at arg 3 into aux (socketpair) */
	ACT_NEW_SOCK,   /* the new fd's socket (socket) */
	ACT_SOCK,       /* the socket of arg 0 (listen, shutdown, getsockname, getpeername) */
	ACT_CRED,       /* the effective uid and gid after the call into aux */
	/* records with a path, data or an address */
	ACT_EXEC,       /* only failures (success is REC_EXEC): path at arg 0 */
	ACT_EXECAT,     /* only failures: path at arg 1 */
	ACT_OPEN,       /* path at arg 0, the new fd's kind (open, creat) */
	ACT_OPENAT,     /* path at arg 1, the new fd's kind */
	ACT_OPENAT2,    /* path at arg 1, struct open_how's flags and mode at arg 2 into aux/args[3] */
	ACT_PATH,       /* path at arg 0 (chdir, memfd_create's name) */
	ACT_SOCK_ADDR,  /* sockaddr at arg 1 of length arg 2, the socket of arg 0 (bind, connect) */
	ACT_ACCEPT,     /* peer sockaddr at arg 1 of length *arg 2, the new fd's socket */
	ACT_DATA,       /* data at arg 1, result bytes */
	ACT_DATA_IOV,   /* data at the first iovec of arg 1 */
	ACT_SENDTO,     /* data at arg 1, sockaddr at arg 4 of length arg 5, the socket of arg 0 */
	ACT_RECVFROM,   /* data at arg 1, sockaddr at arg 4 of length *arg 5, the socket of arg 0 */
	ACT_MSG,        /* msghdr at arg 1: first iovec's data and msg_name, the socket of arg 0 */
	ACT_MMSG,       /* mmsghdr array at arg 1: the first message as ACT_MSG */
};

/*
 * The record. Java reads it by offset (io.sysql.capture.ebpf.RecordLayout): keep both in step; the
 * assertions below pin every offset.
 */
struct sysql_record {
	__u64 ts;        /* bpf_ktime_get_boot_ns */
	__u32 tgid;
	__u32 tid;
	__u16 kind;
	__u16 nr;
	__u16 cpu;
	__u16 fd_mode;   /* i_mode of the fd the call created or acts on, 0 when not looked up */
	__s64 ret;
	__u64 args[6];
	__u64 aux;
	__u16 len1;      /* bytes in area 1, after the header */
	__u16 len2;      /* bytes in area 2, right after area 1 */
	__u16 sk_family; /* the socket's, from the kernel; 0 when not looked up */
	__u16 sk_type;
	__u16 sk_proto;
	__u16 sk_lport;  /* host order */
	__u16 sk_rport;  /* host order */
	__u16 pad;
	__u8 sk_laddr[16];
	__u8 sk_raddr[16];
	char comm[16];
	__u32 vtid;      /* the thread's and process's ids in the task's innermost pid namespace */
	__u32 vpid;
	__u64 latency;   /* ns from the call's entry to its exit; 0 when its entry was not seen */
	__u8 payload[2 * AREA];
};

#define HEADER_SIZE 168
_Static_assert(__builtin_offsetof(struct sysql_record, kind) == 16, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, ret) == 24, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, args) == 32, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, aux) == 80, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, len1) == 88, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, sk_family) == 92, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, sk_laddr) == 104, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, sk_raddr) == 120, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, comm) == 136, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, vtid) == 152, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, latency) == 160, "layout");
_Static_assert(__builtin_offsetof(struct sysql_record, payload) == HEADER_SIZE, "layout");

/*
 * The record of a call that only moves data through an fd (read, write and their vector and positioned
 * forms), the commonest by far on a busy machine: its first fields are those of struct sysql_record,
 * then the fd, the latency and the data: a 48-byte header instead of 168, written in place in the ring.
 */
struct sysql_data_record {
	__u64 ts;
	__u32 tgid;
	__u32 tid;
	__u16 kind;
	__u16 nr;
	__u16 cpu;
	__u16 len;       /* data bytes after the header */
	__s64 ret;
	__s64 fd;
	__u64 latency;
	__u8 data[];
};

#define DATA_HEADER_SIZE 48
_Static_assert(__builtin_offsetof(struct sysql_data_record, kind) == 16, "layout");
_Static_assert(__builtin_offsetof(struct sysql_data_record, len) == 22, "layout");
_Static_assert(__builtin_offsetof(struct sysql_data_record, ret) == 24, "layout");
_Static_assert(__builtin_offsetof(struct sysql_data_record, fd) == 32, "layout");
_Static_assert(__builtin_offsetof(struct sysql_data_record, latency) == 40, "layout");
_Static_assert(sizeof(struct sysql_data_record) == DATA_HEADER_SIZE, "layout");

/*
 * Data records are reserved with room for the whole snaplen (the ring needs a size known at load time),
 * so the short layout is only used while that room is small; a larger snaplen takes the full layout.
 */
#define DATA_IN_PLACE_MAX 256

/* Set by the recorder before load (the object's only .rodata): the verifier then prunes on them. */
struct sysql_settings {
	__u32 self_tgid;     /* the recorder's own process: never recorded */
	__u32 snaplen;       /* data bytes kept per call, at most AREA - 1 */
	__u8 actions[NR_SYSCALLS];
};
_Static_assert(__builtin_offsetof(struct sysql_settings, actions) == 8, "layout");

const volatile struct sysql_settings sysql_settings = {
	.snaplen = 80,
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20); /* the recorder sets the size before load */
} events SEC(".maps");

/* Records that did not fit in the ring, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/*
 * The boot-clock time the current call of a thread entered the kernel, for the calls sys_exit records; 0
 * once its exit took it. Task storage, not a hash by tid: it lives in the task itself (one pointer chase
 * instead of a hash look-up) and goes with it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} entry_ts SEC(".maps");

/*
 * Where a record with a payload is built before it is copied into the ring (too big for the stack). One
 * slot per program that has such records: a program never runs twice at once on one CPU (the kernel skips
 * a recursive run), but two different programs could, if one is preempted.
 */
enum { SLOT_SYS_EXIT, SLOT_EXEC, SLOTS };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SLOTS);
	__type(key, __u32);
	__type(value, struct sysql_record);
} scratch SEC(".maps");

/*
 * v & mask, in a form clang cannot drop: when it proves a bound already holds it removes the mask, then
 * spills the value through a register the verifier knows no bound for.
 */
static __always_inline __u64 masked(__u64 v, __u64 mask)
{
	asm volatile("%[v] &= %[m]" : [v] "+r"(v) : [m] "i"(mask));
	return v;
}

static __always_inline __u32 clamp_area(long n)
{
	if (n <= 0)
		return 0;
	if (n > AREA_MASK)
		return AREA_MASK;
	return masked(n, AREA_MASK);
}

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&drops, &zero);

	if (n)
		*n += 1;
}

/* A task's id in the innermost pid namespace of a struct pid: the number at the pid's own level. */
static __always_inline __u32 ns_nr(struct pid *pid)
{
	unsigned int level = BPF_CORE_READ(pid, level);
	int nr = 0;

	bpf_core_read(&nr, sizeof(nr), &pid->numbers[level].nr);
	return nr;
}

static __always_inline __u32 ns_tid(struct task_struct *task)
{
	return ns_nr(BPF_CORE_READ(task, thread_pid));
}

static __always_inline __u32 ns_tgid(struct task_struct *task)
{
	return ns_nr(BPF_CORE_READ(task, group_leader, thread_pid));
}

/* Every program records the current task's own events (the parent's, for a fork). */
static __always_inline void fill_header(struct sysql_record *r, __u16 kind, __u32 tgid, __u32 tid)
{
	struct task_struct *task = bpf_get_current_task_btf();

	__builtin_memset(r, 0, HEADER_SIZE);
	r->ts = bpf_ktime_get_boot_ns();
	r->tgid = tgid;
	r->tid = tid;
	r->kind = kind;
	r->cpu = bpf_get_smp_processor_id();
	r->vtid = ns_tid(task);
	r->vpid = ns_tgid(task);
}

/* A record without payload, reserved in the ring itself; commit it with submit_fixed. */
static __always_inline struct sysql_record *begin_fixed(__u16 kind, __u32 tgid, __u32 tid)
{
	struct sysql_record *r = bpf_ringbuf_reserve(&events, HEADER_SIZE, 0);

	if (!r) {
		count_drop();
		return 0;
	}
	fill_header(r, kind, tgid, tid);
	return r;
}

static __always_inline void submit_fixed(struct sysql_record *r)
{
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
}

/* A record with a payload, built in the program's scratch slot; copy it into the ring with submit. */
static __always_inline struct sysql_record *begin(__u32 slot, __u16 kind, __u32 tgid, __u32 tid)
{
	struct sysql_record *r = bpf_map_lookup_elem(&scratch, &slot);

	if (!r)
		return 0;
	fill_header(r, kind, tgid, tid);
	return r;
}

static __always_inline void submit(struct sysql_record *r, __u32 len1, __u32 len2)
{
	len1 = masked(len1, AREA_MASK);
	len2 = masked(len2, AREA_MASK);
	r->len1 = len1;
	r->len2 = len2;
	if (bpf_ringbuf_output(&events, r, HEADER_SIZE + len1 + len2, BPF_RB_NO_WAKEUP))
		count_drop();
}

/* A NUL-terminated user string into area 1; returns its length without the NUL. */
static __always_inline __u32 read_user_str(struct sysql_record *r, __u64 addr)
{
	long n = bpf_probe_read_user_str(r->payload, AREA, (const void *)addr);

	return clamp_area(n - 1);
}

/* n bytes of user memory into area 1 (data moved by a call). */
static __always_inline __u32 read_user_data(struct sysql_record *r, __u64 addr, long n)
{
	__u32 len = clamp_area(n);

	if (len > sysql_settings.snaplen)
		len = sysql_settings.snaplen;
	len = masked(len, AREA_MASK);
	if (bpf_probe_read_user(r->payload, len, (const void *)addr))
		return 0;
	return len;
}

/* A user sockaddr into area 2, after len1 bytes of area 1. */
static __always_inline __u32 read_user_sockaddr(struct sysql_record *r, __u32 len1, __u64 addr, long len)
{
	__u32 n = len < 0 ? 0 : (len > 128 ? 128 : len);

	if (!addr || !n)
		return 0;
	n = masked(n, 255);
	if (bpf_probe_read_user(&r->payload[masked(len1, AREA_MASK)], n, (const void *)addr))
		return 0;
	return n;
}

static __always_inline long read_user_int(__u64 addr)
{
	int v = 0;

	if (addr)
		bpf_probe_read_user(&v, sizeof(v), (const void *)addr);
	return v;
}

/*
 * Turns a kernel address into a pointer the verifier lets the program load through directly (read-only,
 * a fault reads as 0): one plain load per field instead of a bpf_probe_read_kernel call each.
 */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

static __always_inline void read_sock(struct sysql_record *r, struct sock *sk)
{
	__u16 family = sk->__sk_common.skc_family;

	r->sk_family = family;
	r->sk_type = sk->sk_type;
	r->sk_proto = sk->sk_protocol;
	r->sk_lport = sk->__sk_common.skc_num;
	r->sk_rport = bpf_ntohs(sk->__sk_common.skc_dport);
	if (family == AF_INET) {
		*(__u32 *)r->sk_laddr = sk->__sk_common.skc_rcv_saddr;
		*(__u32 *)r->sk_raddr = sk->__sk_common.skc_daddr;
	} else if (family == AF_INET6) {
		BPF_CORE_READ_INTO((struct in6_addr *)r->sk_laddr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO((struct in6_addr *)r->sk_raddr, sk, __sk_common.skc_v6_daddr);
	}
}

/* What the kernel knows of one of the current process's fds: its kind, and its socket's endpoints. */
static __always_inline void read_fd(struct sysql_record *r, long fd)
{
	/* Direct loads through the task's BTF pointers (no helper call; a fault reads as 0). */
	struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;
	struct file **fds = fdt->fd;
	struct file *entry = 0;
	struct file *file;

	if (fd < 0 || fd >= fdt->max_fds)
		return;
	/* the table is an array of pointers, which BTF cannot type: the one helper call of the walk */
	bpf_probe_read_kernel(&entry, sizeof(entry), &fds[fd]);
	if (!entry)
		return;
	file = bpf_rdonly_cast(entry, bpf_core_type_id_kernel(struct file));
	r->fd_mode = file->f_inode->i_mode;
	if ((r->fd_mode & S_IFMT) == S_IFSOCK) {
		struct socket *sock = bpf_rdonly_cast(file->private_data, bpf_core_type_id_kernel(struct socket));
		struct sock *sk = sock->sk;

		if (sk)
			read_sock(r, sk);
	}
}

/*
 * Where the data of a vector call starts: the first iovec's base in *addr, and the bytes of the call's
 * result that went there; 0 when the vector cannot be read.
 */
static __always_inline long first_iovec(__u64 iov_addr, long moved, __u64 *addr)
{
	struct user_iovec iov = {};

	if (bpf_probe_read_user(&iov, sizeof(iov), (const void *)iov_addr))
		return 0;
	*addr = iov.base;
	return moved < (long)iov.len ? moved : (long)iov.len;
}

/* The first message of a msghdr: its first iovec's data into area 1, its address into area 2. */
static __always_inline void read_msg(struct sysql_record *r, __u64 addr, long moved, __u32 *len1, __u32 *len2)
{
	struct user_msghdr msg = {};
	struct user_iovec iov = {};

	if (bpf_probe_read_user(&msg, sizeof(msg), (const void *)addr))
		return;
	if (msg.iovlen && !bpf_probe_read_user(&iov, sizeof(iov), (const void *)msg.iov))
		*len1 = read_user_data(r, iov.base, moved < (long)iov.len ? moved : (long)iov.len);
	*len2 = read_user_sockaddr(r, *len1, msg.name, msg.namelen);
}

/* The current call's time in the kernel, up to now; 0 when its entry was not seen (it began before the attach). */
static __always_inline __u64 call_latency(__u64 now)
{
	__u64 *entry = bpf_task_storage_get(&entry_ts, bpf_get_current_task_btf(), 0, 0);
	__u64 latency = 0;

	if (entry && *entry) {
		latency = now - *entry;
		*entry = 0;
	}
	return latency;
}

static __always_inline void fill_call(struct sysql_record *r, struct pt_regs *regs, unsigned long nr, long ret)
{
	r->nr = nr;
	r->ret = ret;
	r->args[0] = regs->di;
	r->args[1] = regs->si;
	r->args[2] = regs->dx;
	r->args[3] = regs->r10;
	r->args[4] = regs->r8;
	r->args[5] = regs->r9;
	r->latency = call_latency(r->ts);
}

/* A call whose record has no payload, built in place in the ring. */
static __always_inline void record_fixed(__u8 act, struct pt_regs *regs, unsigned long nr, long ret, __u64 id)
{
	struct sysql_record *r = begin_fixed(REC_SYSCALL, id >> 32, (__u32)id);

	if (!r)
		return;
	fill_call(r, regs, nr, ret);
	switch (act) {
	case ACT_FD_PAIR0:
	case ACT_FD_PAIR3:
		if (ret == 0)
			bpf_probe_read_user(&r->aux, sizeof(r->aux),
					    (const void *)(act == ACT_FD_PAIR0 ? r->args[0] : r->args[3]));
		break;
	case ACT_NEW_SOCK:
		read_fd(r, ret);
		break;
	case ACT_SOCK:
		read_fd(r, r->args[0]);
		break;
	case ACT_CRED: {
		const struct cred *cred = BPF_CORE_READ(bpf_get_current_task_btf(), cred);

		r->aux = BPF_CORE_READ(cred, euid.val) | ((__u64)BPF_CORE_READ(cred, egid.val) << 32);
		break;
	}
	}
	submit_fixed(r);
}

/* A call whose record carries a path, data or an address, built in scratch and copied. */
static __always_inline void record_payload(__u8 act, struct pt_regs *regs, unsigned long nr, long ret, __u64 id)
{
	struct sysql_record *r = begin(SLOT_SYS_EXIT, REC_SYSCALL, id >> 32, (__u32)id);
	__u32 len1 = 0, len2 = 0;

	if (!r)
		return;
	fill_call(r, regs, nr, ret);
	switch (act) {
	case ACT_EXEC:
	case ACT_OPEN:
	case ACT_PATH:
		len1 = read_user_str(r, r->args[0]);
		if (act == ACT_OPEN)
			read_fd(r, ret);
		break;
	case ACT_EXECAT:
	case ACT_OPENAT:
	case ACT_OPENAT2:
		len1 = read_user_str(r, r->args[1]);
		if (act == ACT_OPENAT2) {
			struct user_open_how how = {};

			bpf_probe_read_user(&how, sizeof(how), (const void *)r->args[2]);
			r->aux = how.flags;
			r->args[3] = how.mode;
		}
		if (act != ACT_EXECAT)
			read_fd(r, ret);
		break;
	case ACT_SOCK_ADDR:
		len2 = read_user_sockaddr(r, 0, r->args[1], r->args[2]);
		read_fd(r, r->args[0]);
		break;
	case ACT_ACCEPT:
		if (ret >= 0)
			len2 = read_user_sockaddr(r, 0, r->args[1], read_user_int(r->args[2]));
		read_fd(r, ret);
		break;
	case ACT_DATA:
		len1 = read_user_data(r, r->args[1], ret);
		break;
	case ACT_DATA_IOV:
		if (ret > 0) {
			__u64 base = 0;
			long n = first_iovec(r->args[1], ret, &base);

			if (n > 0)
				len1 = read_user_data(r, base, n);
		}
		break;
	case ACT_SENDTO:
		len1 = read_user_data(r, r->args[1], ret);
		len2 = read_user_sockaddr(r, len1, r->args[4], r->args[5]);
		read_fd(r, r->args[0]);
		break;
	case ACT_RECVFROM:
		len1 = read_user_data(r, r->args[1], ret);
		if (ret >= 0)
			len2 = read_user_sockaddr(r, len1, r->args[4], read_user_int(r->args[5]));
		read_fd(r, r->args[0]);
		break;
	case ACT_MSG:
	case ACT_MMSG:
		read_fd(r, r->args[0]);
		if (ret < 0)
			break;
		if (act == ACT_MMSG) {
			/* struct mmsghdr: the msghdr, then the bytes that message moved */
			__u32 moved = 0;

			bpf_probe_read_user(&moved, sizeof(moved),
					    (const void *)(r->args[1] + sizeof(struct user_msghdr)));
			r->aux = moved;
			read_msg(r, r->args[1], ret > 0 ? moved : 0, &len1, &len2);
		} else {
			read_msg(r, r->args[1], ret, &len1, &len2);
		}
		break;
	}
	submit(r, len1, len2);
}

/* A data call (ACT_DATA, ACT_DATA_IOV) in the short layout, built in place in the ring. */
static __always_inline void record_data(__u8 act, struct pt_regs *regs, unsigned long nr, long ret, __u64 id)
{
	__u32 snaplen = sysql_settings.snaplen;
	struct sysql_data_record *r = bpf_ringbuf_reserve(&events, DATA_HEADER_SIZE + snaplen, 0);
	__u64 addr = regs->si;
	long n = ret;
	__u32 len = 0;

	if (!r) {
		count_drop();
		return;
	}
	r->ts = bpf_ktime_get_boot_ns();
	r->tgid = id >> 32;
	r->tid = (__u32)id;
	r->kind = REC_DATA;
	r->nr = nr;
	r->cpu = bpf_get_smp_processor_id();
	r->ret = ret;
	r->fd = regs->di;
	r->latency = call_latency(r->ts);
	if (act == ACT_DATA_IOV && ret > 0)
		n = first_iovec(addr, ret, &addr);
	if (n > 0) {
		len = n > snaplen ? snaplen : n;
		len = masked(len, 2 * DATA_IN_PLACE_MAX - 1);
		if (len > snaplen || bpf_probe_read_user(r->data, len, (const void *)addr))
			len = 0;
	}
	r->len = len;
	submit_fixed((struct sysql_record *)r);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sysql_sys_enter, struct pt_regs *regs, long nr)
{
	__u64 *entry;

	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == sysql_settings.self_tgid || nr < 0 || nr >= NR_SYSCALLS
	    || sysql_settings.actions[nr] == ACT_SKIP)
		return 0;
	entry = bpf_task_storage_get(&entry_ts, bpf_get_current_task_btf(), 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (entry)
		*entry = bpf_ktime_get_boot_ns();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sysql_sys_exit, struct pt_regs *regs, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	unsigned long nr = regs->orig_ax;
	__u8 act;

	if ((__u32)(id >> 32) == sysql_settings.self_tgid || nr >= NR_SYSCALLS)
		return 0;
	act = sysql_settings.actions[nr];
	if (act == ACT_SKIP)
		return 0;
	/* A 32-bit call numbers its calls differently; sysql decodes x86_64 calls only. */
	if (bpf_get_current_task_btf()->thread_info.status & TS_COMPAT)
		return 0;
	if ((act == ACT_CLONE || act == ACT_EXEC || act == ACT_EXECAT) && ret >= 0)
		return 0;
	if ((act == ACT_DATA || act == ACT_DATA_IOV) && sysql_settings.snaplen <= DATA_IN_PLACE_MAX)
		record_data(act, regs, nr, ret, id);
	else if (act < ACT_EXEC)
		record_fixed(act, regs, nr, ret, id);
	else
		record_payload(act, regs, nr, ret, id);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(sysql_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 child_tgid = child->tgid;
	struct sysql_record *r;

	/* The recorder's own threads are not recorded, but a process it starts is. */
	if (child_tgid == sysql_settings.self_tgid)
		return 0;
	r = begin_fixed(REC_FORK, parent->tgid, parent->pid);
	if (!r)
		return 0;
	r->args[0] = child->pid;
	r->args[1] = child_tgid;
	r->args[3] = ns_tid(child);
	r->args[4] = ns_tgid(child);
	r->nr = NR_UNKNOWN;
	if (!(parent->flags & PF_KTHREAD)) {
		struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(parent);
		unsigned long nr = regs->orig_ax;

		/* Thread creation inside other calls (io_uring workers) keeps NR_UNKNOWN. */
		if (nr == __NR_clone) {
			r->nr = nr;
			r->args[2] = regs->di;
		} else if (nr == __NR_clone3) {
			r->nr = nr;
			bpf_probe_read_user(&r->args[2], sizeof(__u64), (const void *)regs->di);
		} else if (nr == __NR_fork) {
			r->nr = nr;
		} else if (nr == __NR_vfork) {
			r->nr = nr;
			r->args[2] = CLONE_VM | CLONE_VFORK;
		}
	}
	BPF_CORE_READ_STR_INTO(&r->comm, child, comm);
	submit_fixed(r);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(sysql_exec, struct task_struct *task, int old_pid, struct linux_binprm *bprm)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	struct sysql_record *r;
	struct pt_regs *regs;
	unsigned long start, end;
	__u32 len1, len2;
	long n;

	if (tgid == sysql_settings.self_tgid)
		return 0;
	r = begin(SLOT_EXEC, REC_EXEC, tgid, (__u32)id);
	if (!r)
		return 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	r->nr = regs->orig_ax == __NR_execveat ? __NR_execveat : __NR_execve;
	r->args[0] = old_pid;
	n = bpf_probe_read_kernel_str(r->payload, AREA, BPF_CORE_READ(bprm, filename));
	len1 = clamp_area(n - 1);
	/* argv as the new image sees it: NUL-separated strings the kernel has just copied there */
	start = BPF_CORE_READ(task, mm, arg_start);
	end = BPF_CORE_READ(task, mm, arg_end);
	len2 = clamp_area(end - start);
	if (bpf_probe_read_user(&r->payload[masked(len1, AREA_MASK)], masked(len2, AREA_MASK), (const void *)start))
		len2 = 0;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	submit(r, len1, len2);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sysql_task_exit, struct task_struct *task)
{
	__u32 tgid = task->tgid;
	int code = task->exit_code;
	struct sysql_record *r;

	if (tgid == sysql_settings.self_tgid)
		return 0;
	/*
	 * exit and exit_group never return, and fentry on their wrappers is refused on some kernels (this
	 * one: EPERM), so the call is recorded here, just before the death it causes: the dying thread is
	 * still in the call (its pt_regs hold its number) unless a signal killed it (low bits of the code).
	 */
	if (!(task->flags & PF_KTHREAD) && !(code & 0x7f)) {
		struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
		unsigned long nr = regs->orig_ax;

		if (nr == __NR_exit || nr == __NR_exit_group) {
			r = begin_fixed(REC_EXIT_CALL, tgid, task->pid);
			if (!r)
				return 0;
			r->nr = nr;
			r->args[0] = regs->di;
			submit_fixed(r);
		}
	}
	r = begin_fixed(REC_PROCEXIT, tgid, task->pid);
	if (!r)
		return 0;
	r->args[0] = code;
	/* the thread's CPU time: exact in total, split between user and system by the kernel's tick samples */
	r->args[1] = task->se.sum_exec_runtime;
	r->args[2] = task->utime;
	r->args[3] = task->stime;
	BPF_CORE_READ_STR_INTO(&r->comm, task, comm);
	submit_fixed(r);
	return 0;
}
