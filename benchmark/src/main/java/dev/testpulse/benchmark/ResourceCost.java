package dev.testpulse.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What applying outcomes costs each resource, so the scale section of docs/benchmarks.md can say which runs out
 * first: CPU seconds of every PostgreSQL process and of the service (from /proc, the kernel's own accounting),
 * WAL bytes written (the LSN moved) and how much the database grew. When PostgreSQL runs with pg_stat_statements preloaded
 * ({@code -Ddevstack.postgres.options="-c shared_preload_libraries=pg_stat_statements"}), the statements that took
 * the most time are written next to the service logs.
 */
final class ResourceCost {

    /** Linux reports process times in clock ticks; USER_HZ is 100 on every architecture Java runs on here. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final String jdbcUrl;

    ResourceCost(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** The counters now; {@code servicePids} are the service processes whose CPU is counted (summed). */
    Snapshot take(long... servicePids) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement statement = connection.createStatement()) {
            long wal;
            long backend;
            long size;
            try (ResultSet rs = statement.executeQuery(
                    "select pg_current_wal_lsn() - '0/0'::pg_lsn, pg_backend_pid(), pg_database_size(current_database())")) {
                rs.next();
                wal = rs.getLong(1);
                backend = rs.getLong(2);
                size = rs.getLong(3);
            }
            long postmaster = parentOf(backend);
            double serviceCpu = 0;
            for (long pid : servicePids) {
                serviceCpu += cpuSeconds(pid, false);
            }
            return new Snapshot(wal, size, postgresCpuSeconds(postmaster), serviceCpu, System.nanoTime());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's counters", e);
        }
    }

    /** Resets pg_stat_statements when it is loaded; @return whether it is */
    boolean resetStatements() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            statement.execute("select pg_stat_statements_reset()");
            return true;
        } catch (SQLException notPreloaded) {
            return false;
        }
    }

    /** Writes the statements that took the most execution time since the reset, with their share, to {@code file}. */
    void writeTopStatements(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add("calls | total ms | share | rows | statement");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        select calls, total_exec_time, total_exec_time / sum(total_exec_time) over (), rows,
                               regexp_replace(query, '\\s+', ' ', 'g')
                        from pg_stat_statements order by total_exec_time desc limit 25""")) {
            while (rs.next()) {
                String query = rs.getString(5);
                lines.add("%d | %.0f | %.1f%% | %d | %s".formatted(rs.getLong(1), rs.getDouble(2), rs.getDouble(3) * 100,
                        rs.getLong(4), query.length() > 200 ? query.substring(0, 200) + "…" : query));
            }
            Files.write(file, lines);
        } catch (SQLException | IOException e) {
            System.out.println("benchmark: no statement statistics written: " + e);
        }
    }

    /** The counters at one moment. */
    record Snapshot(long walBytes, long databaseBytes, double postgresCpu, double serviceCpu, long nanos) {

        /** The same, without {@code seconds} of PostgreSQL CPU that the benchmark's own sessions spent meanwhile. */
        Snapshot withoutPostgresCpu(double seconds) {
            return new Snapshot(walBytes, databaseBytes, postgresCpu - seconds, serviceCpu, nanos);
        }

        /** What happened between {@code earlier} and this, per item of {@code items}. */
        Cost since(Snapshot earlier, long items) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return new Cost((postgresCpu - earlier.postgresCpu) / items * 1e6, (serviceCpu - earlier.serviceCpu) / items * 1e6,
                    (double) (walBytes - earlier.walBytes) / items, (double) (databaseBytes - earlier.databaseBytes) / items,
                    (postgresCpu - earlier.postgresCpu) / seconds,
                    (serviceCpu - earlier.serviceCpu) / seconds);
        }
    }

    /** Per item: CPU µs of PostgreSQL and of the service, WAL bytes, database growth; and the cores each kept busy on average. */
    record Cost(double postgresMicros, double serviceMicros, double walBytes, double storedBytes, double postgresCores,
            double serviceCores) {
    }

    private static double postgresCpuSeconds(long postmaster) {
        double total = cpuSeconds(postmaster, true); // its own, and that of every child it has reaped
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (parentOf(pid) == postmaster) {
                    total += cpuSeconds(pid, false);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return total;
    }

    /** CPU seconds a process has used so far (0 once it is gone). */
    static double processCpuSeconds(long pid) {
        return cpuSeconds(pid, false);
    }

    /** CPU seconds of the children this JVM has waited for (the perf tools' JVMs once they ended). */
    static double reapedChildrenCpuSeconds() {
        String[] fields = statFields(ProcessHandle.current().pid());
        return (Long.parseLong(fields[15]) + Long.parseLong(fields[16])) / TICKS_PER_SECOND; // cutime + cstime, one read
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat), plus cutime + cstime when {@code withReaped}. */
    private static double cpuSeconds(long pid, boolean withReaped) {
        String[] fields = statFields(pid);
        if (fields.length == 0) {
            return 0; // the process ended between the listing and the read
        }
        long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        if (withReaped) {
            ticks += Long.parseLong(fields[15]) + Long.parseLong(fields[16]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static long parentOf(long pid) {
        String[] fields = statFields(pid);
        return fields.length == 0 ? -1 : Long.parseLong(fields[3]);
    }

    /** The fields of /proc/PID/stat, the command name (which may hold spaces) collapsed into one. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            int close = stat.lastIndexOf(')');
            String rest = stat.substring(close + 2);
            String[] after = rest.split(" ");
            String[] fields = new String[after.length + 2];
            fields[0] = String.valueOf(pid);
            fields[1] = stat.substring(stat.indexOf('(') + 1, close);
            System.arraycopy(after, 0, fields, 2, after.length);
            return fields;
        } catch (IOException | RuntimeException gone) {
            return new String[0];
        }
    }
}
