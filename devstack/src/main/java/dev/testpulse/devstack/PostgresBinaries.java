package dev.testpulse.devstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the PostgreSQL server binaries (initdb, pg_ctl) on this machine. */
final class PostgresBinaries {

    /** Overrides the search, e.g. {@code TESTPULSE_PG_BIN=/opt/pg16/bin}. */
    static final String ENV_OVERRIDE = "TESTPULSE_PG_BIN";

    private PostgresBinaries() {
    }

    static Path locate() {
        return find().map(PostgresBinaries::realDirectory).orElseThrow(PostgresBinaries::notFound);
    }

    private static Optional<Path> find() {
        return Optional.ofNullable(System.getenv(ENV_OVERRIDE)).map(Path::of).filter(PostgresBinaries::hasServer)
                .or(PostgresBinaries::onPath)
                .or(PostgresBinaries::debianLayout);
    }

    /** A PATH entry may hold symlinks to initdb and pg_ctl only: the other tools sit next to their target. */
    private static Path realDirectory(Path dir) {
        try {
            return dir.resolve("initdb").toRealPath().getParent();
        } catch (java.io.IOException e) {
            return dir;
        }
    }

    private static IllegalStateException notFound() {
        return new IllegalStateException("""
                        No PostgreSQL server binaries (initdb, pg_ctl) found: not in $%s, not on PATH, \
                        not in /usr/lib/postgresql/*/bin.
                        Install them, e.g. 'apt-get install postgresql' (Debian/Ubuntu), \
                        'dnf install postgresql-server' (Fedora/RHEL) or 'brew install postgresql@15' (macOS), \
                        or point %s at a directory that holds initdb and pg_ctl.""".formatted(ENV_OVERRIDE, ENV_OVERRIDE));
    }

    private static Optional<Path> onPath() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of)
                .filter(PostgresBinaries::hasServer).findFirst();
    }

    /** Debian and Ubuntu keep server binaries off PATH, one directory per major version: take the newest. */
    private static Optional<Path> debianLayout() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin")).filter(PostgresBinaries::hasServer)
                    .max(Comparator.comparing(PostgresBinaries::majorVersion));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean hasServer(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }
}
