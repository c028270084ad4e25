package dev.testpulse.analysis.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Retention on the real database: partitions ahead exist, partitions past the horizon are dropped whole, ids pruned. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class RetentionTest {

    @Inject
    Retention retention;

    @Inject
    DataSource dataSource;

    @Test
    void keepsDailyPartitionsFromTheHorizonToAWeekAheadAndDropsOlderOnes() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate old = today.minusDays(45);
        execute("create table if not exists outcome_p" + day(old) + " partition of outcome for values from ('"
                + old + "T00:00:00Z') to ('" + old.plusDays(1) + "T00:00:00Z')");
        execute("insert into outcome_seen (id, project, seen_at) values ('retention-old', 'r', now() - interval '45 days'), "
                + "('retention-new', 'r', now()) on conflict do nothing");

        retention.maintain();

        List<String> partitions = partitions();
        assertThat(partitions).contains("outcome_p" + day(today), "outcome_p" + day(today.plusDays(Retention.DAYS_AHEAD)),
                "outcome_p" + day(today.minusDays(29)));
        assertThat(partitions).doesNotContain("outcome_p" + day(old));
        assertThat(ids()).contains("retention-new").doesNotContain("retention-old");
    }

    @Test
    void deletesTheKeptFlakySignalOfCommitsLastSeenBeforeTheFirstRawDayKept() throws Exception {
        LocalDate firstKept = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        execute("""
                insert into test_commit (project, branch, test_name, suite, class_name, commit_key, last_seen_at, last_passed_at,
                                         last_failed_at, last_marked_at)
                values ('tc-retention', 'main', 'gone', 's', '', 'c1', '%1$sT00:00:00Z'::timestamptz - interval '1 second',
                        '%1$sT00:00:00Z'::timestamptz - interval '1 second', '%1$sT00:00:00Z'::timestamptz - interval '3 days', null),
                       ('tc-retention', 'main', 'kept', 's', '', 'c1', '%1$sT00:00:00Z', '%1$sT00:00:00Z'::timestamptz - interval '3 days',
                        '%1$sT00:00:00Z', null),
                       ('tc-retention', 'main', 'new', 's', '', 'c2', now(), now(), null, null)
                on conflict do nothing""".formatted(firstKept));

        retention.maintain();

        assertThat(strings("select test_name from test_commit where project = 'tc-retention' order by 1")).containsExactly("kept", "new");
    }

    @Test
    void runsTwiceWithoutHarm() throws Exception {
        retention.maintain();
        int before = partitions().size();
        retention.maintain();
        assertThat(partitions()).hasSize(before);
    }

    private static String day(LocalDate date) {
        return DateTimeFormatter.BASIC_ISO_DATE.format(date);
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> partitions() throws Exception {
        return strings("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                join pg_class p on p.oid = i.inhparent where p.relname = 'outcome'""");
    }

    private List<String> ids() throws Exception {
        return strings("select id from outcome_seen where project = 'r'");
    }

    private List<String> strings(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
