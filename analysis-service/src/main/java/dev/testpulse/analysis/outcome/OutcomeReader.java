package dev.testpulse.analysis.outcome;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads a record value as a v1 outcome, or says why it is not one. Whatever a producer put on the topic, this
 * never throws: an unusable record is a dead letter, not a reason to stop consuming.
 */
@ApplicationScoped
public class OutcomeReader {

    private static final Set<String> STATUSES = Set.of("passed", "failed", "error", "skipped");

    private final ObjectReader reader;

    public OutcomeReader(ObjectMapper mapper) {
        this.reader = mapper.readerFor(Outcome.class);
    }

    public Read read(String value) {
        if (value == null) {
            return Read.invalid("empty record value");
        }
        Outcome outcome;
        try {
            outcome = reader.readValue(value);
        } catch (JsonProcessingException e) {
            return Read.invalid("not a JSON outcome: " + e.getOriginalMessage());
        }
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
        if (!STATUSES.contains(outcome.status())) {
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
