package io.sysql.capture.ebpf;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/**
 * The part of libbpf 1.x the recorder uses, loaded by its soname so that only the runtime package
 * ({@code libbpf1}) is needed. Functions returning a pointer return null on failure with errno set
 * ({@link Native#getLastError()}); functions returning int return a negative errno.
 */
interface LibBpf extends Library {
    String SONAME = "libbpf.so.1";

    /** Loaded on first use; throws {@link UnsatisfiedLinkError} when libbpf is missing. */
    final class Holder {
        static final LibBpf INSTANCE = Native.load(SONAME, LibBpf.class);

        private Holder() {
        }
    }

    Pointer bpf_object__open_mem(Pointer objBuf, long objBufSize, Pointer opts);

    int bpf_object__load(Pointer obj);

    void bpf_object__close(Pointer obj);

    Pointer bpf_object__find_map_by_name(Pointer obj, String name);

    Pointer bpf_object__next_map(Pointer obj, Pointer prev);

    Pointer bpf_object__next_program(Pointer obj, Pointer prev);

    String bpf_map__name(Pointer map);

    int bpf_map__fd(Pointer map);

    int bpf_map__set_max_entries(Pointer map, int maxEntries);

    Pointer bpf_map__initial_value(Pointer map, LongByReference size);

    String bpf_program__name(Pointer prog);

    Pointer bpf_program__attach(Pointer prog);

    int bpf_link__destroy(Pointer link);

    int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

    int libbpf_num_possible_cpus();
}
