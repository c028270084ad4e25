package dev.testpulse.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the binaries installed on this machine, in a temporary data directory on a free
 * loopback port. PostgreSQL refuses to run as root, so as root every server command runs as the {@code postgres}
 * user.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final Path binDir;
    private final Path baseDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path binDir, Path baseDir, int port, boolean asPostgresUser) {
        this.binDir = binDir;
        this.baseDir = baseDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Initialises a fresh cluster and starts it; returns once it accepts connections. */
    public static PostgresServer start() {
        Path binDir = PostgresBinaries.locate();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path baseDir = TempDirs.create("testpulse-pg-");
        PostgresServer server = new PostgresServer(binDir, baseDir, FreePorts.next(), root);
        try {
            server.initialise();
            server.startServer();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** A JDBC URL for a database on this server; the server trusts local connections, so any password works. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database owned by {@link #USER}. */
    public void createDatabase(String name) {
        run(List.of(bin("createdb"), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, name), "createdb " + name);
    }

    /** Stops the server at once (like a crash, but the data directory survives until {@link #close()}). */
    public void stop() {
        if (isRunning()) {
            run(List.of(bin("pg_ctl"), "-D", dataDir().toString(), "-m", "immediate", "-w", "stop"), "pg_ctl stop");
        }
    }

    public boolean isRunning() {
        return Files.exists(dataDir().resolve("postmaster.pid"));
    }

    /** Starts a stopped server again on the same port and data. */
    public void restart() {
        if (!isRunning()) {
            startServer();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteQuietly(baseDir);
        }
    }

    private Path dataDir() {
        return baseDir.resolve("data");
    }

    private void initialise() {
        Path sockets = baseDir.resolve("sockets");
        try {
            Files.createDirectories(sockets);
            if (asPostgresUser) {
                chownToPostgres(baseDir, sockets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of(bin("initdb"), "-D", dataDir().toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", "-N"), "initdb");
    }

    private void startServer() {
        String options = "-p " + port + " -k " + baseDir.resolve("sockets")
                + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200"
                // for profiling, e.g. -Ddevstack.postgres.options="-c log_min_duration_statement=0" (docs/benchmarks.md)
                + " " + System.getProperty("devstack.postgres.options", "");
        run(List.of(bin("pg_ctl"), "-D", dataDir().toString(), "-l", baseDir.resolve("postgres.log").toString(),
                "-o", options, "-w", "-t", "60", "start"), "pg_ctl start");
    }

    private static void chownToPostgres(Path... paths) throws IOException {
        UserPrincipal owner;
        try {
            owner = paths[0].getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("running as root, PostgreSQL needs a 'postgres' user to run as; "
                    + "create one (useradd --system postgres) or run the build as a non-root user", e);
        }
        for (Path path : paths) {
            Files.setOwner(path, owner);
        }
    }

    private String bin(String tool) {
        return binDir.resolve(tool).toString();
    }

    private void run(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        Path log = baseDir.resolve("commands.log");
        try {
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within 120 s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + process.exitValue() + ":\n"
                        + tail(log) + tail(baseDir.resolve("postgres.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        }
    }

    private static String tail(Path file) {
        if (!Files.exists(file)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(file)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size())) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
