package dev.testpulse.analysis.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Partitions of one project are applied concurrently and share its signature rows: a batch that sees a known signature
 * while another transaction holds that row goes on without waiting for it, and still recognises the new ones.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class SignatureLockTest {

    @Inject
    FailureSignatureStore store;

    @Inject
    DataSource dataSource;

    private final String project = "siglock-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aKnownSignatureHeldByAnotherTransactionDoesNotMakeTheBatchWait() throws Exception {
        Outcome known = failing("known", "Timeout after 5 s", Instant.now().minusSeconds(60));
        assertThat(remember(List.of(known))).hasSize(1);

        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from failure_signatures where project = ? for update")) {
                lock.setString(1, project);
                lock.executeQuery().close();
            }
            Outcome again = failing("known", "Timeout after 5 s", Instant.now());
            Outcome fresh = failing("fresh", "NullPointerException in Cart", Instant.now());
            Set<NewSignature> found = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> remember(List.of(again, fresh)),
                    "the batch waited for the row another transaction holds");
            assertThat(found).extracting(NewSignature::signature)
                    .containsExactly(store.sign(List.of(fresh)).get(fresh.id()).id());
            holder.rollback();
        }
        assertThat(count()).isEqualTo(2);
    }

    private Set<NewSignature> remember(List<Outcome> outcomes) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Map<String, FailureSignature> signatures = store.sign(outcomes);
            Set<NewSignature> found = store.remember(connection, outcomes, signatures);
            connection.commit();
            return found;
        }
    }

    private long count() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from failure_signatures where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Outcome failing(String test, String message, Instant at) {
        return new Outcome(Outcome.SCHEMA, UUID.randomUUID().toString(), project, "ci",
                new Outcome.Run("r1", 1, null, "c1", "main", at), "suite", new Outcome.Test("T", test, null, List.of()),
                "failed", 5, new Outcome.Failure("AssertionError", message, null), 0, at, null);
    }
}
