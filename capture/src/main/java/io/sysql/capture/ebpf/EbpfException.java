package io.sysql.capture.ebpf;

/** The eBPF recorder could not be set up (load, attach, mapping) or failed while recording. */
public final class EbpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EbpfException(String message) {
        super(message);
    }

    public EbpfException(String message, Throwable cause) {
        super(message, cause);
    }
}
