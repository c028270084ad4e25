package dev.testpulse.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.testpulse.ingest.outcome.IdNumbering;
import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.Problem.Violation;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;

/**
 * Reads a request body of outcomes one element at a time (a JSON array, a single JSON object, or NDJSON), so a large
 * body is never held as a tree, and validates every element. Either all of them are valid or none is returned.
 * Two outcomes without {@code id} that would derive the same id are both kept: the later one is numbered as the next
 * retry of that test ({@link IdNumbering}), and the 202 says so.
 */
@ApplicationScoped
public class OutcomeBatchReader {

    /** The most one outcome (one NDJSON line, one array element) may take: far above any real one, bounded all the same. */
    static final int MAX_OUTCOME_BYTES = 1024 * 1024;

    private final ObjectReader reader;
    private final ObjectMapper mapper;
    private final OutcomeValidator validator;

    public OutcomeBatchReader(ObjectMapper mapper, OutcomeValidator validator) {
        this.mapper = mapper;
        this.reader = mapper.readerFor(IncomingOutcome.class);
        this.validator = validator;
    }

    /**
     * @param ndjson true for {@code application/x-ndjson}: pointers then name the line ({@code /line/3}), not the index
     * @return the outcomes, and what the 202 should say about them
     * @throws ProblemException 422 naming every invalid field when any outcome is invalid
     */
    // Long: One streaming loop over the parser's tokens: every step needs the loop's state (token, index,
    // array or NDJSON), which split methods would pass around.
    public Batch read(InputStream body, boolean ndjson) throws IOException {
        Instant receivedAt = Instant.now();
        List<Outcome> outcomes = new ArrayList<>();
        Violations violations = new Violations();
        IdNumbering numbering = new IdNumbering();
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Batch(outcomes, List.of());
            }
            boolean array = !ndjson && first == JsonToken.START_ARRAY;
            JsonToken token = array ? parser.nextToken() : first;
            int index = 0;
            while (token != null && token != JsonToken.END_ARRAY) {
                String at = ndjson ? "/line/" + parser.currentLocation().getLineNr() : array ? "/" + index : "";
                long startedAt = parser.currentTokenLocation().getByteOffset();
                if (token != JsonToken.START_OBJECT) {
                    violations.add(List.of(new Violation(at, "must be an outcome object, was " + token.asString())));
                    parser.skipChildren();
                } else {
                    OutcomeValidator.Result result = validator.validate(reader.readValue(parser), at, receivedAt, numbering);
                    if (result.valid()) {
                        outcomes.add(result.outcome());
                    }
                    violations.add(result.violations());
                }
                if (parser.currentLocation().getByteOffset() - startedAt > MAX_OUTCOME_BYTES) {
                    throw new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "one outcome (an NDJSON line) may hold at most "
                            + MAX_OUTCOME_BYTES + " bytes; " + (at.isEmpty() ? "the body" : at) + " holds more"));
                }
                index++;
                token = parser.nextToken();
                if (!array && !ndjson && token != null) {
                    throw malformed("a JSON body holds one array or one object of outcomes; use application/x-ndjson for a stream", parser);
                }
            }
            if (array && parser.nextToken() != null) {
                throw malformed("unexpected content after the array of outcomes", parser);
            }
        }
        violations.throwIfAny();
        return new Batch(outcomes, numbering.warning() == null ? List.of() : List.of(numbering.warning()));
    }

    /** The valid outcomes of a request, in request order, and warnings for its 202. */
    public record Batch(List<Outcome> outcomes, List<String> warnings) {
    }

    private static ProblemException malformed(String detail, JsonParser parser) {
        var location = parser.currentLocation();
        return new ProblemException(Problem.of(ProblemType.MALFORMED_BODY, detail)
                .at(location.getLineNr(), location.getColumnNr()));
    }
}
