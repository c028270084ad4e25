package dev.testpulse.analysis;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The business settings of analysis-service ({@code testpulse.analysis.*} in application.properties). */
@ConfigMapping(prefix = "testpulse.analysis")
public interface AnalysisConfig {

    /** How long raw outcomes (and the ids that make re-sent outcomes count once) are kept; older ones are dead letters. */
    @WithDefault("30d")
    Duration retention();

    /** Published alert events and resolved alert series are kept this long. */
    @WithDefault("30d")
    Duration alertRetention();

    /** How long hour buckets (7-day windows, trends) are kept: aggregates outlive the raw rows. */
    @WithDefault("400d")
    Duration aggregateRetention();

    /** N of the default "last N runs" window. */
    @WithDefault("20")
    int defaultRuns();

    /** The largest N a client may ask for in {@code runs:N}. */
    @WithDefault("500")
    int maxRuns();

    /** How often the outbox relay looks for unsent alert events (a Quarkus scheduler interval, 1s or more). */
    @WithDefault("1s")
    String outboxPoll();

    /**
     * Whether a transaction that wrote alert events wakes the relay at once (the default); false leaves publishing to
     * the poll alone (slower, fewer publishing passes; the crash test uses it to hold an event in the outbox).
     */
    @WithDefault("true")
    boolean outboxWake();

    /**
     * How often the alert inbox evaluation looks for pending rows it was not told of: rows another instance's batches
     * wrote, or left by a crash. Rows this instance's batches write are evaluated as soon as they commit.
     */
    @WithDefault("1s")
    Duration inboxPoll();

    /**
     * Whether a batch that wrote inbox rows wakes the evaluation at once (the default); false leaves it to the poll
     * alone (the crash test uses it to hold counted outcomes in the inbox).
     */
    @WithDefault("true")
    boolean inboxWake();

    /** How often the alert clock steps time-based transitions (a Quarkus scheduler interval, 1s or more). */
    @WithDefault("5s")
    String alertTick();

    /** Rules publish to testpulse.alerts or to a topic under this prefix; any other topic is refused (422). */
    @WithDefault("testpulse.alerts.")
    String alertTopicPrefix();

    /**
     * A run no outcome of which came for this long is finished (its reporter never said so: a killed job, file uploads);
     * one whose latest outcome happened longer ago than this is finished as soon as it is counted.
     */
    @WithDefault("30m")
    Duration runIdleTimeout();

    /** How often idle runs are looked for (a Quarkus scheduler interval). */
    @WithDefault("30s")
    String runIdleCheck();

    /**
     * How many tries a dead letter the broker refuses (too large for a request with its headers) gets before it is
     * set aside, so it never holds back the ones behind it; a broker away or slow delays a letter but never sets it
     * aside.
     */
    @WithDefault("5")
    int deadLetterAttempts();

    /**
     * A run whose reporters name their parts (test JVMs) is finished once every part it heard of ended and no new
     * part started for this long: the pause between one JVM's end and the next one's start (Surefire's next fork, the
     * next module of the build) is shorter than this.
     */
    @WithDefault("15s")
    Duration runSettle();

    /** How often settled runs are looked for (a Quarkus scheduler interval). */
    @WithDefault("2s")
    String runSettleCheck();
}
