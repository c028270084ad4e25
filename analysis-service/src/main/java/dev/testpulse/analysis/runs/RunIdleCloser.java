package dev.testpulse.analysis.runs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.schema.SchemaMigration;
import io.quarkus.scheduler.Scheduled;

/**
 * Ends runs whose reporter never said so: an upload of report files, a killed job, a reporter that could not reach
 * ingest at the end. Any instance may run it; the update is the same whoever does.
 */
@ApplicationScoped
public class RunIdleCloser {

    private static final Logger LOG = Logger.getLogger(RunIdleCloser.class);

    private final DataSource dataSource;
    private final RunStore runs;
    private final SchemaMigration schema;
    private final Duration idle;

    public RunIdleCloser(DataSource dataSource, RunStore runs, SchemaMigration schema, AnalysisConfig config) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.schema = schema;
        this.idle = config.runIdleTimeout();
    }

    @Scheduled(every = "${testpulse.analysis.run-idle-check:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        if (!schema.isMigrated()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            int finished = runs.finishIdle(connection, idle);
            if (finished > 0) {
                LOG.debugf("%d run(s) finished after %s without outcomes", finished, idle);
            }
        } catch (SQLException e) {
            LOG.warnf("idle runs not finished this time: %s", e.toString());
        }
    }
}
