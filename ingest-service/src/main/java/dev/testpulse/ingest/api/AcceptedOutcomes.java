package dev.testpulse.ingest.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import dev.testpulse.shared.stream.StreamPosition;

/**
 * The 202 answer: how many outcomes Kafka now holds, per status, for which runs, and anything worth a look.
 * {@code position} is where they lie on the topic (also the {@code Testpulse-Position} header): a verdict request that
 * passes it as {@code after} sees them counted.
 */
public record AcceptedOutcomes(int accepted, Map<String, Integer> statuses, List<String> runs, List<String> warnings,
        String position) {

    /** The position header's description in the OpenAPI document. */
    static final String POSITION_DOC = "where the upload's outcomes lie on the topic (as the body's position): pass it to a run's "
            + "verdict as after= to read them counted";

    /** The 202 with the position in its header as well, where a shell line reads it with one {@code curl -D}. */
    public Response response() {
        return Response.accepted(this).header(StreamPosition.HEADER, position).build();
    }
}
