package dev.testpulse.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.testpulse.devstack.ServiceProcess;

/**
 * Peak memory of each service across the run: resident set (VmHWM, the kernel's own high-water mark, read from
 * /proc), heap in use and heap committed (the services' {@code jvm_memory_used_bytes} and
 * {@code jvm_memory_committed_bytes} of {@code area="heap"}, sampled twice a second).
 */
final class MemoryWatch implements AutoCloseable {

    private final Map<String, ServiceProcess> watched = new ConcurrentHashMap<>();
    private final Map<String, Long> peakRss = new ConcurrentHashMap<>();
    private final Map<String, Long> peakHeap = new ConcurrentHashMap<>();
    private final Map<String, Long> peakHeapCommitted = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    MemoryWatch() {
        sampler.scheduleWithFixedDelay(this::sampleAll, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Watches a service under {@code role} (e.g. "ingest"); every instance of a role shares its peaks. */
    void watch(String role, ServiceProcess service) {
        watched.put(role + "@" + service.port(), service);
    }

    void forget(ServiceProcess service) {
        sampleAll();
        watched.values().remove(service);
    }

    long peakRssBytes(String role) {
        return peakRss.getOrDefault(role, 0L);
    }

    long peakHeapBytes(String role) {
        return peakHeap.getOrDefault(role, 0L);
    }

    /** What the JVM had taken from the OS for its heap (resident once touched), used or not. */
    long peakHeapCommittedBytes(String role) {
        return peakHeapCommitted.getOrDefault(role, 0L);
    }

    private synchronized void sampleAll() {
        watched.forEach((key, service) -> {
            String role = key.substring(0, key.indexOf('@'));
            if (service.isAlive()) {
                peakRss.merge(role, rss(service.pid()), Math::max);
                long[] heap = heap(service.url());
                peakHeap.merge(role, heap[0], Math::max);
                peakHeapCommitted.merge(role, heap[1], Math::max);
            }
        });
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between the check and the read
        }
        return 0;
    }

    /** @return heap used and heap committed, summed over the heap's pools; zeros when the service does not answer */
    private static long[] heap(String url) {
        try {
            long used = 0;
            long committed = 0;
            for (String line : Http.get(url + "/q/metrics").body().split("\n")) {
                if (!line.contains("area=\"heap\"")) {
                    continue;
                }
                long value = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("jvm_memory_used_bytes{")) {
                    used += value;
                } else if (line.startsWith("jvm_memory_committed_bytes{")) {
                    committed += value;
                }
            }
            return new long[] {used, committed};
        } catch (RuntimeException notAnswering) {
            return new long[2];
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
