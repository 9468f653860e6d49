package io.sysql.capture.ebpf;


import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped BPF object (built from {@code capture/src/main/bpf/sysql.bpf.c}) through its life in
 * libbpf: opened from memory, configured, loaded, its programs attached, then detached and closed.
 */
final class BpfObject implements AutoCloseable {
    static final String RESOURCE = "sysql.bpf.o";
    private static final String EVENTS_MAP = "events";
    private static final String DROPS_MAP = "drops";

    private final LibBpf bpf = LibBpf.Holder.INSTANCE;
    /** libbpf reads the ELF image from here until the object is loaded. */
    private final Memory image;
    private final Pointer obj;
    private final List<Pointer> links = new ArrayList<>();
    private final int cpus;
    private Memory dropValues;

    private BpfObject(Memory image, Pointer obj) {
        this.image = image;
        this.obj = obj;
        this.cpus = bpf.libbpf_num_possible_cpus();
    }

    static byte[] readResource() {
        try (InputStream in = BpfObject.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new EbpfException("resource " + RESOURCE + " is missing: run capture/src/main/bpf/build.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new EbpfException("cannot read resource " + RESOURCE, e);
        }
    }

    static BpfObject open(byte[] elf) {
        Memory image = new Memory(elf.length);
        image.write(0, elf, 0, elf.length);
        Pointer obj = LibBpf.Holder.INSTANCE.bpf_object__open_mem(image, elf.length, null);
        if (obj == null) {
            throw new EbpfException("libbpf cannot open the BPF object: " + errnoText(Native.getLastError()));
        }
        return new BpfObject(image, obj);
    }

    /** Sets what the programs read as constants; must precede {@link #load()}. */
    void configure(int selfTgid, EbpfOptions options) {
        Pointer settings = settings();
        settings.setInt(RecordLayout.SET_SELF_TGID, selfTgid);
        settings.setInt(RecordLayout.SET_SNAPLEN, options.snaplen());
        settings.write(RecordLayout.SET_ACTIONS, options.kernelReads(), 0, RecordLayout.SET_NR_SYSCALLS);
        check(bpf.bpf_map__set_max_entries(map(EVENTS_MAP), options.ringBufferBytes()), "sizing the ring buffer");
    }

    /** The object's only .rodata variable, struct sysql_settings, as libbpf will load it. */
    private Pointer settings() {
        for (Pointer m = bpf.bpf_object__next_map(obj, null); m != null; m = bpf.bpf_object__next_map(obj, m)) {
            if (bpf.bpf_map__name(m).endsWith(".rodata")) {
                LongByReference size = new LongByReference();
                Pointer value = bpf.bpf_map__initial_value(m, size);
                if (value == null || size.getValue() != RecordLayout.SETTINGS_SIZE) {
                    throw new EbpfException("the BPF object's settings are not the " + RecordLayout.SETTINGS_SIZE
                            + " bytes this recorder expects (" + size.getValue() + "): object and Java out of step");
                }
                return value;
            }
        }
        throw new EbpfException("the BPF object has no .rodata settings");
    }

    void load() {
        check(bpf.bpf_object__load(obj), "loading the BPF programs (verifier output above)");
    }

    void attachAll() {
        for (Pointer p = bpf.bpf_object__next_program(obj, null); p != null;
                p = bpf.bpf_object__next_program(obj, p)) {
            Pointer link = bpf.bpf_program__attach(p);
            if (link == null) {
                int errno = Native.getLastError();
                detach();
                throw new EbpfException("attaching " + bpf.bpf_program__name(p) + ": " + errnoText(errno));
            }
            links.add(link);
        }
    }

    int ringBufferFd() {
        return bpf.bpf_map__fd(map(EVENTS_MAP));
    }

    /** Records the kernel could not put in the ring since load, summed over CPUs. */
    long drops() {
        if (dropValues == null) {
            dropValues = new Memory(8L * cpus);
        }
        Memory key = new Memory(4);
        key.setInt(0, 0);
        check(bpf.bpf_map_lookup_elem(bpf.bpf_map__fd(map(DROPS_MAP)), key, dropValues), "reading drops");
        long sum = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            sum += dropValues.getLong(8L * cpu);
        }
        return sum;
    }

    void detach() {
        for (Pointer link : links) {
            bpf.bpf_link__destroy(link);
        }
        links.clear();
    }

    @Override
    public void close() {
        detach();
        bpf.bpf_object__close(obj);
        image.close();
    }

    private Pointer map(String name) {
        Pointer m = bpf.bpf_object__find_map_by_name(obj, name);
        if (m == null) {
            throw new EbpfException("the BPF object has no map " + name);
        }
        return m;
    }

    private static void check(int rc, String what) {
        if (rc < 0) {
            throw new EbpfException(what + ": " + errnoText(-rc));
        }
    }

    private static String errnoText(int errno) {
        return LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")";
    }
}
