package dev.testpulse.analysis.structure;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One owner per table, read from the sources: every table the migrations create is mapped to the one package whose
 * classes may write it (insert, update, delete, COPY, merge) and the packages that may read it, and the SQL text of
 * the main sources keeps to that map. A package's sub-packages count as the package ({@code alerts.rules} is
 * {@code alerts}). A new table, or a new reader, is a line here: a decision, not an accident.
 */
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/testpulse/analysis");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Table → the package that writes it, then the other packages that read it. */
    static final Map<String, Ownership> TABLES = Map.ofEntries(
            owned("alert_events", "alerts", "webhooks"),
            owned("alert_inbox", "inbox"),
            owned("alert_rules", "alerts"),
            owned("alert_series", "alerts"),
            owned("silences", "alerts"),
            owned("baselines", "goals"),
            owned("baseline_tests", "goals"),
            owned("targets", "goals"),
            owned("consumer_offsets", "consume"),
            owned("dead_letters", "consume"),
            owned("outcome_seen", "consume"),
            owned("failure_signatures", "failures", "insights"),
            owned("outcome", "raw", "alerts", "history", "insights", "quarantine", "verdict", "windows"),
            owned("outcome_default", "raw", "retention"),
            owned("minute_counts", "windows"),
            owned("hour_counts", "windows"),
            owned("run_counts", "windows"),
            owned("tests", "windows", "owners"),
            owned("runs", "runs", "alerts"),
            owned("run_parts", "runs"),
            owned("project_owners", "owners"),
            owned("project_settings", "insights"),
            owned("test_commit", "insights"),
            owned("quarantine_versions", "quarantine"),
            owned("test_states", "quarantine"),
            owned("webhook_targets", "webhooks"),
            owned("webhook_deliveries", "webhooks"));

    /**
     * Reads that break the rule and are allowed for a while, each by name (none now: the alerts split reads run_counts
     * through windows/ and targets through goals/).
     */
    static final Map<String, Set<String>> READS_FOR_NOW = Map.of();

    private static final Pattern CREATE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern DROP = Pattern.compile("(?i)drop\\s+table\\s+(?:if\\s+exists\\s+)?(\\w+)");
    private static final Pattern WRITE = Pattern.compile(
            "\\b(?:insert\\s+into|update|delete\\s+from|copy|merge\\s+into|truncate(?:\\s+table)?)\\s+(\\w+)");
    private static final Pattern READ = Pattern.compile("\\b(?:from|join)\\s+(\\w+)");
    /** {@code CopyRows.copyInto(connection, "table (columns)")} writes by COPY with the table in the argument. */
    private static final Pattern COPY_INTO = Pattern.compile("copyInto\\(\\s*\\w+\\s*,\\s*\"(?:\"\")?\\s*(\\w+)");
    private static final Pattern JDBC = Pattern.compile("\\bjava\\.sql\\.Connection\\b|\\bjavax\\.sql\\.DataSource\\b|\\.getConnection\\(|\\.prepareStatement\\(|\\.createStatement\\(");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    private static Set<String> tables;
    private static final List<Access> ACCESSES = new ArrayList<>();

    @BeforeAll
    static void readSources() throws IOException {
        tables = tablesOf(readAll(MIGRATIONS, ".sql"));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).sorted().forEach(file -> {
                Path relative = SOURCES.relativize(file);
                String pkg = relative.getParent() == null ? "" : relative.getParent().toString().replace('/', '.');
                ACCESSES.addAll(accesses(pkg, relative.toString(), read(file), tables));
            });
        }
    }

    @Test
    void everyTableHasOneOwner() {
        assertThat(tables).as("tables the migrations create").hasSizeGreaterThan(20);
        assertThat(unmapped(tables, TABLES)).as("tables with no owner in TABLES").isEmpty();
        assertThat(new TreeSet<>(TABLES.keySet())).as("owners of tables the migrations do not create").isSubsetOf(tables);
    }

    @Test
    void everyPackageKeepsToTheTablesItMayTouch() {
        assertThat(ACCESSES).as("accesses found").hasSizeGreaterThan(40);
        assertThat(breaches(ACCESSES, TABLES, READS_FOR_NOW)).isEmpty();
    }

    /** Resources call stores: no SQL text in {@code api}, and no JDBC connection either (a store opens its own). */
    @Test
    void theApiRunsNoSql() throws IOException {
        assertThat(ACCESSES).filteredOn(access -> inPackage(access.pkg(), "api")).isEmpty();
        try (Stream<Path> files = Files.list(SOURCES.resolve("api"))) {
            assertThat(files.filter(file -> JDBC.matcher(read(file)).find()).map(Path::getFileName).map(Path::toString))
                    .as("api classes using JDBC").isEmpty();
        }
    }

    @Test
    void theScanFindsWritesAndReadsInSqlTextOnly() {
        String source = """
                // a comment that deletes from runs is no SQL
                class X {
                    String a = \"""
                            insert into runs (id) select id from tests t join alert_rules r on true\""";
                    String b = "update targets set x = 1 where not exists (select 1 from outcome)";
                    void c() { rows.copyInto(connection, "baselines (id)"); }
                    String d = "a log line naming runs and tests";
                }
                """;
        assertThat(accesses("alerts.rules", "X.java", source, Set.of("runs", "tests", "alert_rules", "targets", "outcome", "baselines")))
                .extracting(Access::table, Access::write).containsExactlyInAnyOrder(
                        tuple("runs", true), tuple("tests", false),
                        tuple("alert_rules", false), tuple("targets", true),
                        tuple("outcome", false), tuple("baselines", true));
    }

    @Test
    void aBreachIsFound() {
        Map<String, Ownership> map = Map.ofEntries(owned("runs", "runs", "alerts"), owned("tests", "windows"));
        List<Access> accesses = List.of(
                new Access("runs", "runs/RunStore.java", "runs", true),
                new Access("alerts.evaluation", "alerts/evaluation/Scope.java", "runs", false),
                new Access("api", "api/RunsResource.java", "runs", false),
                new Access("alerts", "alerts/Cleaner.java", "runs", true),
                new Access("owners", "owners/OwnersStore.java", "tests", false));
        assertThat(breaches(accesses, map, Map.of("tests", Set.of("owners")))).containsExactly(
                "api/RunsResource.java reads runs (owner runs, readers [alerts])",
                "alerts/Cleaner.java writes runs (owner runs)");
        assertThat(breaches(accesses, map, Map.of())).hasSize(3);
    }

    @Test
    void anUnmappedTableIsFound() {
        Set<String> created = tablesOf("create table runs (id text); create table if not exists verdicts (id text);"
                + " create table gone (id text); drop table gone;");
        assertThat(created).containsExactlyInAnyOrder("runs", "verdicts");
        assertThat(unmapped(created, Map.ofEntries(owned("runs", "runs")))).containsExactly("verdicts");
    }

    /** One table's owner (the only writer) and its other readers. */
    record Ownership(String writer, Set<String> readers) {
    }

    /** A table named in a SQL text of a class: written or read. */
    record Access(String pkg, String file, String table, boolean write) {
    }

    static Map.Entry<String, Ownership> owned(String table, String writer, String... readers) {
        return entry(table, new Ownership(writer, Set.of(readers)));
    }

    static Set<String> tablesOf(String migrations) {
        Set<String> created = new TreeSet<>();
        CREATE.matcher(migrations).results().forEach(match -> created.add(match.group(1).toLowerCase()));
        DROP.matcher(migrations).results().forEach(match -> created.remove(match.group(1).toLowerCase()));
        return created;
    }

    static Set<String> unmapped(Set<String> created, Map<String, Ownership> map) {
        return created.stream().filter(table -> !map.containsKey(table)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The known tables a source's string literals write and read (comments and plain Java are not SQL). */
    static List<Access> accesses(String pkg, String file, String source, Set<String> known) {
        String code = COMMENT.matcher(source).replaceAll("");
        StringBuilder sql = new StringBuilder();
        TEXT_BLOCK.matcher(code).results().forEach(match -> sql.append(match.group(1)).append('\n'));
        STRING.matcher(TEXT_BLOCK.matcher(code).replaceAll("")).results().forEach(match -> sql.append(match.group(1)).append('\n'));
        String text = sql.toString().toLowerCase();
        List<Access> found = new ArrayList<>();
        Stream.of(WRITE.matcher(text), COPY_INTO.matcher(code)).flatMap(Matcher::results)
                .filter(match -> known.contains(match.group(1))).forEach(match -> found.add(new Access(pkg, file, match.group(1), true)));
        READ.matcher(text).results().filter(match -> known.contains(match.group(1)))
                .forEach(match -> found.add(new Access(pkg, file, match.group(1), false)));
        return found.stream().distinct().toList();
    }

    static List<String> breaches(List<Access> accesses, Map<String, Ownership> map, Map<String, Set<String>> readsForNow) {
        List<String> found = new ArrayList<>();
        for (Access access : accesses) {
            Ownership ownership = map.get(access.table());
            if (ownership == null || inPackage(access.pkg(), ownership.writer())) {
                continue; // an unmapped table fails everyTableHasOneOwner
            }
            if (access.write()) {
                found.add("%s writes %s (owner %s)".formatted(access.file(), access.table(), ownership.writer()));
            } else if (Stream.concat(ownership.readers().stream(), readsForNow.getOrDefault(access.table(), Set.of()).stream())
                    .noneMatch(reader -> inPackage(access.pkg(), reader))) {
                found.add("%s reads %s (owner %s, readers %s)".formatted(access.file(), access.table(), ownership.writer(),
                        new TreeSet<>(ownership.readers())));
            }
        }
        return found.stream().distinct().toList();
    }

    static boolean inPackage(String pkg, String owner) {
        return pkg.equals(owner) || pkg.startsWith(owner + ".");
    }

    private static String readAll(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().map(TableOwnershipTest::read)
                    .collect(Collectors.joining("\n"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
