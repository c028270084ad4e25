package dev.testpulse.analysis.support;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

/**
 * Alerts are evaluated after counting, from the alert inbox (V20): a test that checks what evaluation did (or did not
 * do) after its outcomes were counted first waits for the project's inbox rows to be taken.
 */
public final class AlertInbox {

    private AlertInbox() {
    }

    /** How many inbox rows of the project are pending. */
    public static int pending(DataSource dataSource, String project) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from alert_inbox where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Waits until everything counted of the project so far was evaluated. */
    public static void awaitEvaluated(DataSource dataSource, String project) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(dataSource, project) == 0);
    }
}
