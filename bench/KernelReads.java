/*
 * Prints the probe's table of what it reads at each call's exit (sysql_settings.actions, 512 bytes) as the
 * recorder fills it before load, for bench/ring-reader.c, which loads the object without the JVM:
 *
 *   java -cp capture/target/classes bench/KernelReads.java >actions.bin
 */
public class KernelReads {
    public static void main(String[] args) throws java.io.IOException {
        System.out.write(io.sysql.capture.ebpf.EbpfOptions.defaults().kernelReads());
        System.out.flush();
    }
}
