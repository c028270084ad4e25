package dev.testpulse.analysis.outcome;

import static dev.testpulse.analysis.outcome.JsonValues.bool;
import static dev.testpulse.analysis.outcome.JsonValues.instant;
import static dev.testpulse.analysis.outcome.JsonValues.intValue;
import static dev.testpulse.analysis.outcome.JsonValues.longValue;
import static dev.testpulse.analysis.outcome.JsonValues.text;
import static dev.testpulse.analysis.outcome.JsonValues.texts;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads an {@link Outcome} (and its run, test and failure) field by field from a streaming parser, as databind bound
 * the record before, so that every record value reads as it did:
 * <ul>
 * <li>unknown fields are skipped at every level (their content must still be well-formed JSON); until every
 *     known field of the object was given, databind buffered them, so their strings are held to the length limit
 *     until then;</li>
 * <li>a missing field is null (0 for a number);</li>
 * <li>a field given twice: the later value wins, except that once every field of that object has been given, one
 *     more known field is refused (databind builds a record as soon as it has all its fields and has no setter for
 *     one that comes after);</li>
 * <li>an object field that is JSON null is null; anything else but an object is refused;</li>
 * <li>nothing after the outcome's closing brace is read (databind does not either).</li>
 * </ul>
 * Hostile values end as the same problem or outcome as before: nesting deeper than 64, a string over 1 MiB, a number
 * over 100 digits or a name over 1,000 characters is refused by the limits of the factory the mapper was built with
 * (JsonLimits); an unescaped control character is refused by the parser; a lone surrogate (only a JSON escape of
 * half a pair can make one: the Kafka deserializer decodes bytes to valid UTF-16) is kept as the char it is, as
 * databind kept it; duplicate keys are read as above, since the parser does not detect duplicates (nor did databind's).
 */
final class OutcomeParser {

    private static final int OUTCOME_FIELDS = 14;
    private static final int RUN_FIELDS = 7;
    private static final int TEST_FIELDS = 4;
    private static final int FAILURE_FIELDS = 3;

    private OutcomeParser() {
    }

    /** The outcome the parser's next value is, null for JSON null; the parser stands on its last token after. */
    // Long: one switch over the outcome's fourteen fields, a line each, and the locals they fill
    static Outcome outcome(JsonParser p) throws IOException {
        JsonToken token = p.nextToken();
        if (token == null) {
            throw new MalformedOutcome("no content");
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw JsonValues.refused("the record", "an object", token);
        }
        String schema = null, id = null, project = null, pipeline = null, suite = null, status = null;
        Outcome.Run run = null;
        Outcome.Test test = null;
        Outcome.Failure failure = null;
        long durationMs = 0;
        int retry = 0;
        Instant observedAt = null;
        Boolean flaky = null, muted = null;
        Fields seen = new Fields(OUTCOME_FIELDS);
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "schema" -> schema = text(p, seen.given(0, "schema"));
                case "id" -> id = text(p, seen.given(1, "id"));
                case "project" -> project = text(p, seen.given(2, "project"));
                case "pipeline" -> pipeline = text(p, seen.given(3, "pipeline"));
                case "run" -> run = run(p, seen.given(4, "run"));
                case "suite" -> suite = text(p, seen.given(5, "suite"));
                case "test" -> test = test(p, seen.given(6, "test"));
                case "status" -> status = text(p, seen.given(7, "status"));
                case "duration_ms" -> durationMs = longValue(p, seen.given(8, "duration_ms"));
                case "failure" -> failure = failure(p, seen.given(9, "failure"));
                case "retry" -> retry = intValue(p, seen.given(10, "retry"));
                case "observed_at" -> observedAt = instant(p, seen.given(11, "observed_at"));
                case "flaky" -> flaky = bool(p, seen.given(12, "flaky"));
                case "muted" -> muted = bool(p, seen.given(13, "muted"));
                default -> seen.unknown(p);
            }
        }
        return new Outcome(schema, id, project, pipeline, run, suite, test, status, durationMs, failure, retry, observedAt,
                flaky, muted);
    }

    private static Outcome.Run run(JsonParser p, String field) throws IOException {
        if (!startsObject(p, field)) {
            return null;
        }
        String id = null, job = null, commit = null, branch = null, url = null;
        int attempt = 0;
        Instant startedAt = null;
        Fields seen = new Fields(RUN_FIELDS);
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "id" -> id = text(p, seen.given(0, "run.id"));
                case "attempt" -> attempt = intValue(p, seen.given(1, "run.attempt"));
                case "job" -> job = text(p, seen.given(2, "run.job"));
                case "commit" -> commit = text(p, seen.given(3, "run.commit"));
                case "branch" -> branch = text(p, seen.given(4, "run.branch"));
                case "started_at" -> startedAt = instant(p, seen.given(5, "run.started_at"));
                case "url" -> url = text(p, seen.given(6, "run.url"));
                default -> seen.unknown(p);
            }
        }
        return new Outcome.Run(id, attempt, job, commit, branch, startedAt, url);
    }

    private static Outcome.Test test(JsonParser p, String field) throws IOException {
        if (!startsObject(p, field)) {
            return null;
        }
        String className = null, name = null, file = null;
        List<String> tags = null;
        Fields seen = new Fields(TEST_FIELDS);
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            p.nextToken();
            switch (key) {
                case "class" -> className = text(p, seen.given(0, "test.class"));
                case "name" -> name = text(p, seen.given(1, "test.name"));
                case "file" -> file = text(p, seen.given(2, "test.file"));
                case "tags" -> tags = texts(p, seen.given(3, "test.tags"));
                default -> seen.unknown(p);
            }
        }
        return new Outcome.Test(className, name, file, tags);
    }

    private static Outcome.Failure failure(JsonParser p, String field) throws IOException {
        if (!startsObject(p, field)) {
            return null;
        }
        String type = null, message = null, trace = null;
        Fields seen = new Fields(FAILURE_FIELDS);
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "type" -> type = text(p, seen.given(0, "failure.type"));
                case "message" -> message = text(p, seen.given(1, "failure.message"));
                case "trace" -> trace = text(p, seen.given(2, "failure.trace"));
                default -> seen.unknown(p);
            }
        }
        return new Outcome.Failure(type, message, trace);
    }

    /** True on an object's start, false on JSON null; anything else is refused. */
    private static boolean startsObject(JsonParser p, String field) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        throw JsonValues.refused(field, "an object", token);
    }

    /** The known fields of one object given so far (see the class comment for why all of them given matters). */
    private static final class Fields {

        private final int all;
        private int given;

        Fields(int count) {
            this.all = (1 << count) - 1;
        }

        /** The field's path, after refusing the field when every field of its object was given already. */
        String given(int index, String path) {
            if (given == all) {
                throw new MalformedOutcome(path + " is given again after every field of its object was");
            }
            given |= 1 << index;
            return path;
        }

        /**
         * Skips an unknown field's value. Before the object has all its fields, databind copied such a value into a
         * buffer, reading every string in it (and so holding each to the factory's length limit); after, it skipped.
         */
        void unknown(JsonParser p) throws IOException {
            if (given == all || !p.currentToken().isStructStart()) {
                if (given != all && p.currentToken() == JsonToken.VALUE_STRING) {
                    p.getText();
                }
                p.skipChildren();
                return;
            }
            int depth = 0;
            do {
                JsonToken token = p.currentToken();
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING) {
                    p.getText();
                }
            } while (depth > 0 && p.nextToken() != null);
        }
    }
}
