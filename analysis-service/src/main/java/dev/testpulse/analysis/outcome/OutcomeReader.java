package dev.testpulse.analysis.outcome;

import java.io.IOException;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a record value as a v1 outcome, or says why it is not one. Whatever a producer put on the topic, this
 * never throws: an unusable record is a dead letter, not a reason to stop consuming.
 *
 * <p>The value is read with a streaming parser straight into the records ({@link OutcomeParser}), not bound by
 * databind: binding was the largest JVM cost per outcome left in analysis (docs/benchmarks.md). What is accepted and
 * how it reads is databind's reading under the service's ObjectMapper, field for field (OutcomeReaderEquivalenceTest
 * compares both); the parser comes from that mapper's factory, so the same limits (JsonLimits) hold.
 */
@ApplicationScoped
public class OutcomeReader {

    private static final Set<String> STATUSES = Set.of("passed", "failed", "error", "skipped");

    private final JsonFactory json;

    public OutcomeReader(ObjectMapper mapper) {
        this.json = mapper.getFactory();
    }

    public Read read(String value) {
        if (value == null) {
            return Read.invalid("empty record value");
        }
        Outcome outcome;
        try (JsonParser parser = json.createParser(value)) {
            outcome = OutcomeParser.outcome(parser);
        } catch (JsonProcessingException e) {
            return Read.invalid("not a JSON outcome: " + e.getOriginalMessage());
        } catch (MalformedOutcome e) {
            return Read.invalid("not a JSON outcome: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Not expected from a parser over a String; a record must still end as a dead letter, never stop the loop.
            return Read.invalid("not a JSON outcome: " + e);
        }
        return validated(outcome);
    }

    /** The outcome if it is a valid v1 outcome, else the problem with it. */
    Read validated(Outcome outcome) {
        String problem = problemWith(outcome);
        return problem == null ? new Read(outcome, null) : Read.invalid(problem);
    }

    private static String problemWith(Outcome outcome) {
        if (outcome == null) {
            return "JSON null instead of an outcome";
        }
        if (!Outcome.SCHEMA.equals(outcome.schema())) {
            return "schema must be " + Outcome.SCHEMA + ", was " + outcome.schema();
        }
        if (blank(outcome.id()) || blank(outcome.project()) || blank(outcome.suite()) || outcome.run() == null
                || outcome.test() == null || blank(outcome.test().name()) || outcome.observedAt() == null) {
            return "missing one of id, project, suite, run, test.name, observed_at";
        }
        // Set.of refuses to look up null: a record without a status must be a problem, not an exception.
        if (outcome.status() == null || !STATUSES.contains(outcome.status())) {
            return "unknown status " + outcome.status();
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** An outcome, or the reason the record holds none. */
    public record Read(Outcome outcome, String problem) {
        static Read invalid(String problem) {
            return new Read(null, problem);
        }

        public boolean valid() {
            return outcome != null;
        }
    }
}
