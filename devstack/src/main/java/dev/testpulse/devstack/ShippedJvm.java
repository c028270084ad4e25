package dev.testpulse.devstack;

import java.util.List;

/**
 * How a service's image runs its JVM (the options its Dockerfile.jvm appends), so that the local run and the
 * benchmark start the services as they ship; {@code DeployFilesTest} fails when an image and this disagree.
 *
 * @param maxHeap the image's {@code -Xmx}, e.g. "256m"
 * @param options the image's other JVM options
 */
public record ShippedJvm(String maxHeap, List<String> options) {

    public static final ShippedJvm INGEST = new ShippedJvm("256m", List.of());

    /**
     * Measured on 2026-12-06 (docs/benchmarks.md "Memory"): with G1 and -Xmx320m analysis' peak RSS was 546–557 MB,
     * above the 512 MB target; G1's own structures were 51 MB of it. The serial collector is what the JVM's
     * ergonomics pick anyway inside the pod's 1 GiB limit (below 1,792 MB), and trimming hands glibc's freed native
     * memory (the JIT's arenas of the first minutes) back: with a 256 MB heap peak RSS was 460 MB at no cost in CPU
     * per outcome.
     */
    public static final ShippedJvm ANALYSIS = new ShippedJvm("256m",
            List.of("-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=5000"));

    /** The same options with another heap, to try one. */
    public ShippedJvm withMaxHeap(String heap) {
        return new ShippedJvm(heap, options);
    }
}
