package dev.testpulse.reporter.junit;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one line a part of the run logs at its end, through java.util.logging (logger {@value TestpulseReporter#LOGGER})
 * so a build's logging setup can route or silence it like any other library's: INFO when everything arrived, WARNING
 * otherwise, naming the spool file and the command that uploads it.
 */
final class SummaryLine {

    private static final Logger LOG = Logger.getLogger(TestpulseReporter.LOGGER);

    private SummaryLine() {
    }

    static void log(ReporterConfig config, String part, RunSummary summary, String noticeProblem, Spool spool, boolean noticeSpooled) {
        RunContext run = config.run();
        StringBuilder line = new StringBuilder("testpulse: ").append(summary.sent()).append(summary.sent() == 1 ? " outcome" : " outcomes")
                .append(" sent to ").append(config.url()).append(", ").append(summary.dropped()).append(" dropped");
        if (summary.rejected() > 0) {
            line.append(", ").append(summary.rejected()).append(" rejected");
        }
        if (summary.spooled() > 0) {
            line.append(", ").append(summary.spooled()).append(" not sent yet");
        }
        if (summary.problem() != null) {
            line.append(" (").append(summary.problem()).append(')');
        }
        boolean incomplete = summary.dropped() > 0 || summary.rejected() > 0 || summary.spooled() > 0;
        if (summary.spooled() > 0 || noticeSpooled) {
            line.append(" — kept in ").append(summary.spooled() > 0 ? spool.outcomesFile() : spool.noticeFile())
                    .append(summary.spooled() > 0 && noticeSpooled ? " and " + spool.noticeFile().getFileName() : "")
                    .append(", upload later with: ").append(spool.uploadCommand(summary.spooled() > 0, noticeSpooled));
        } else if (incomplete) {
            line.append(" — results in testpulse are incomplete");
        }
        line.append("; run ").append(run).append(", part ").append(part);
        if (run.generatedId()) {
            line.append(" (no CI run id found: generated for this JVM; set TESTPULSE_RUN to share one)");
        }
        if (noticeProblem != null) {
            line.append("; ").append(noticeProblem);
        }
        LOG.log(incomplete || noticeProblem != null ? Level.WARNING : Level.INFO, line.toString());
    }
}
