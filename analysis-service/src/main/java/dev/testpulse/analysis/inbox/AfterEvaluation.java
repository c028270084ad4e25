package dev.testpulse.analysis.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Work that follows counting like alert evaluation, for the outcomes of a project's pending inbox rows and in the same
 * transaction, under the same project lock (e.g. the automatic quarantine). Declared here so that alerts, which runs
 * the evaluation, depends on no feature that implements it.
 */
public interface AfterEvaluation {

    /** @return how many outbox events it wrote */
    int evaluate(Connection connection, Pending pending, Instant now) throws SQLException;
}
