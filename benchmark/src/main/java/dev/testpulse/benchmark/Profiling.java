package dev.testpulse.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.testpulse.devstack.ServiceProcess;

/**
 * With {@code -Dbench.jfr=<dir>}, a Java Flight Recording (profile settings) of every service process, started through
 * {@code jcmd} once the service is ready and written when it stops. Read it with
 * {@code jfr print --events jdk.ExecutionSample <file>}; docs/benchmarks.md says what the profiles showed.
 */
final class Profiling {

    private Profiling() {
    }

    static void record(ServiceProcess service, String name) {
        String dir = System.getProperty("bench.jfr", "");
        if (dir.isBlank()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
            Path file = Path.of(dir).toAbsolutePath().resolve(name + "-" + service.pid() + ".jfr");
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(service.pid()), "JFR.start", "name=bench", "settings=profile", "filename=" + file)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("benchmark: no JFR recording of " + name + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
