package dev.testpulse.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import dev.testpulse.ingest.auth.AdminTokensResource;
import dev.testpulse.ingest.auth.Caller;
import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.ingest.publish.OutcomePublisher;
import dev.testpulse.shared.stream.StreamPosition;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code POST /api/v1/outcomes}: test outcomes as JSON (array or object) or NDJSON, published all or nothing. */
@Path("/api/v1/outcomes")
@SecurityRequirement(name = AdminTokensResource.BEARER)
public class OutcomesResource {

    public static final String NDJSON = "application/x-ndjson";

    /** What a body sent without Content-Length (chunked) is charged against the report budget. */
    static final long UNDECLARED_LENGTH = 1024 * 1024;

    private final OutcomeBatchReader reader;
    private final OutcomePublisher publisher;
    private final ReportBudget budget;
    private final MeterRegistry registry;
    private final Caller caller;

    public OutcomesResource(OutcomeBatchReader reader, OutcomePublisher publisher, ReportBudget budget, MeterRegistry registry,
            Caller caller) {
        this.reader = reader;
        this.publisher = publisher;
        this.budget = budget;
        this.registry = registry;
        this.caller = caller;
    }

    // Blocking by design: the request holds its thread until Kafka acknowledged, and Quarkus runs it on a worker.
    @POST
    @Consumes({MediaType.APPLICATION_JSON, NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept test outcomes", description = "Answers 202 only once Kafka acknowledged every outcome.")
    @APIResponse(responseCode = "202", description = "All outcomes are stored in Kafka",
            headers = @Header(name = StreamPosition.HEADER, description = AcceptedOutcomes.POSITION_DOC))
    @APIResponse(responseCode = "400", description = "The body is not valid JSON / NDJSON")
    @APIResponse(responseCode = "401", description = "No valid project token")
    @APIResponse(responseCode = "403", description = "An outcome names a project the token is not for; nothing was published")
    @APIResponse(responseCode = "422", description = "Some outcomes are invalid; nothing was published")
    @APIResponse(responseCode = "503", description = "Kafka unavailable, or too many uploads in flight; retry after Retry-After seconds")
    public Response post(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength) throws IOException {
        boolean ndjson = contentType != null && contentType.isCompatible(MediaType.valueOf(NDJSON));
        String format = ndjson ? "ndjson" : "json";
        OutcomeBatchReader.Batch batch;
        List<Outcome> outcomes;
        StreamPosition position;
        // Admitted before reading: every outcome of the body is held in memory until Kafka acknowledged them all.
        try (ReportBudget.Permit admitted = budget.admit(contentLength != null ? contentLength : UNDECLARED_LENGTH)) {
            batch = reader.read(body, ndjson);
            outcomes = batch.outcomes();
            outcomes.forEach(outcome -> caller.requireProject(outcome.project()));
            position = publisher.publish(outcomes);
        } catch (RuntimeException | IOException e) {
            registry.counter("testpulse.ingest.requests.rejected", "format", format, "reason", RejectionReason.of(e)).increment();
            throw e;
        }
        registry.counter("testpulse.ingest.outcomes.accepted", "format", format).increment(outcomes.size());
        OutcomeTally tally = new OutcomeTally();
        outcomes.forEach(tally::add);
        batch.warnings().forEach(tally::warn);
        return tally.accepted(position).response();
    }
}
