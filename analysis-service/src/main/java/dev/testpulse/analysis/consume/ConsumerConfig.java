package dev.testpulse.analysis.consume;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outcome consumer applies its batches ({@code testpulse.analysis.consumer.*} in application.properties). */
@ConfigMapping(prefix = "testpulse.analysis.consumer")
public interface ConsumerConfig {

    /**
     * How many partitions of one consumed batch are applied at once, each on a connection and in a transaction of its
     * own. Every one holds a pooled connection while it runs, so this stays well below
     * {@code quarkus.datasource.jdbc.max-size}. 1 applies the whole batch in one transaction, as before partitions
     * were applied apart: one alert evaluation per batch instead of one per partition, while evaluation still runs in
     * the counting transaction.
     */
    @WithDefault("4")
    int partitionParallelism();
}
