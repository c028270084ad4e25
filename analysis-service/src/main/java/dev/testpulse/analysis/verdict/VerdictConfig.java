package dev.testpulse.analysis.verdict;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** A run's verdict ({@code testpulse.verdict.*} in application.properties). */
@ConfigMapping(prefix = "testpulse.verdict")
public interface VerdictConfig {

    /** How long a request with {@code after} waits for counting to reach that position before it answers 503. */
    @WithDefault("10s")
    Duration afterWait();

    /** The Retry-After of that 503, in seconds. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** How far back the default branch's results and the flaky evidence are read. */
    @WithDefault("14d")
    Duration lookback();

    /** A failure message is cut to this many characters in the answer. */
    @WithDefault("500")
    int messageChars();

    /** The markdown comment stays within this many characters (GitHub's comment limit is 65,536). */
    @WithDefault("60000")
    int markdownChars();
}
