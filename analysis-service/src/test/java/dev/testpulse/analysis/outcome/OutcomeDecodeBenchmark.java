package dev.testpulse.analysis.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * On demand, not in the suite: nanoseconds per record of the databind reading (the oracle) and of the streaming
 * OutcomeReader, on 100,000 records shaped as ingest publishes them (benchmark's Workload.wire: 5 % failed with a
 * failure, 2 % skipped, a job, ISO instants with milliseconds). Prints the figures; asserts nothing about time.
 * <pre>./mvnw -o -q -pl analysis-service -am verify -Dtest=OutcomeDecodeBenchmark -Dbench.decode=true
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(named = "bench.decode", matches = "true")
class OutcomeDecodeBenchmark {

    private static final int RECORDS = 100_000;
    private static final int ROUNDS = 7;

    @Test
    void printsNanosecondsPerRecordOfBothReaders() {
        ObjectMapper mapper = DatabindOutcomeReader.serviceMapper();
        OutcomeReader streaming = new OutcomeReader(mapper);
        DatabindOutcomeReader databind = new DatabindOutcomeReader(mapper);
        List<String> records = records();
        for (int round = 1; round <= ROUNDS; round++) {
            long databindNanos = time(records, value -> databind.read(value, streaming));
            long streamingNanos = time(records, streaming::read);
            System.out.printf("round %d: databind %,d ns/record, streaming %,d ns/record%n", round,
                    databindNanos / RECORDS, streamingNanos / RECORDS);
        }
    }

    private static long time(List<String> records, java.util.function.Function<String, OutcomeReader.Read> reader) {
        long start = System.nanoTime();
        int valid = 0;
        for (String value : records) {
            if (reader.apply(value).valid()) {
                valid++;
            }
        }
        long nanos = System.nanoTime() - start;
        assertThat(valid).isEqualTo(RECORDS);
        return nanos;
    }

    private static List<String> records() {
        List<String> records = new ArrayList<>(RECORDS);
        Instant started = Instant.parse("2026-12-06T07:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            int test = i % 2_000;
            int run = i / 2_000;
            String suite = "suite" + test % 10;
            int roll = Math.floorMod(((test * 7919) ^ (run * 104729)) * 31, 100);
            String status = roll < 5 ? "failed" : roll < 7 ? "skipped" : "passed";
            String failure = !status.equals("failed") ? "" : """
                    "failure":{"type":"java.lang.AssertionError","message":"expected 200 but was 503","trace":\
                    "java.lang.AssertionError: expected 200 but was 503\\n\\tat com.acme.%s.Feature.handles(Feature.java:%d)"},\
                    """.formatted(suite, 40 + test % 60);
            records.add(("""
                    {"schema":"testpulse.outcome/v1","id":"5e1f%x-%d-jdk17-%s-%d","project":"bench-p%d","pipeline":"ci",\
                    "suite":"%s","status":"%s","duration_ms":%d,%s"run":{"id":"build-%d","attempt":1,"job":"jdk17",\
                    "commit":"9fceb02d0ae598e95dc970b74767f19372d61af8","branch":"main","started_at":"%s"},\
                    "test":{"class":"com.acme.%s.Feature%dTest","name":"handlesCase%dWithinTheBudget","tags":[]},\
                    "retry":0,"observed_at":"%s"}""").formatted(run, run, suite, test, test % 5, suite, status,
                    5 + (test * 37) % 900, failure, run, started.plusSeconds(3_600L * run), suite, test / 20, test,
                    started.plusSeconds(3_600L * run).plusMillis(test * 50L)));
        }
        return records;
    }
}
