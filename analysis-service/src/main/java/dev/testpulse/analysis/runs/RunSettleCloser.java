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
 * Finishes runs whose reporters name their parts once the last part ended and {@code testpulse.analysis.run-settle}
 * passed without a new one: a build of several test JVMs is one run that finishes once, after its last JVM. Any
 * instance may run it; the update takes only running runs, so a run finishes once whoever does.
 */
@ApplicationScoped
public class RunSettleCloser {

    private static final Logger LOG = Logger.getLogger(RunSettleCloser.class);

    private final DataSource dataSource;
    private final RunStore runs;
    private final SchemaMigration schema;
    private final Duration settle;

    public RunSettleCloser(DataSource dataSource, RunStore runs, SchemaMigration schema, AnalysisConfig config) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.schema = schema;
        this.settle = config.runSettle();
    }

    @Scheduled(every = "${testpulse.analysis.run-settle-check:2s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        if (!schema.isMigrated()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            int finished = runs.finishSettled(connection, settle);
            if (finished > 0) {
                LOG.debugf("%d run(s) finished %s after their last part", finished, settle);
            }
        } catch (SQLException e) {
            LOG.warnf("settled runs not finished this time: %s", e.toString());
        }
    }
}
