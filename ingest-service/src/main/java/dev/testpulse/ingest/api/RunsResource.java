package dev.testpulse.ingest.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import dev.testpulse.ingest.auth.AdminTokensResource;
import dev.testpulse.ingest.auth.Caller;
import dev.testpulse.ingest.outcome.TextRepair;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.Problem.Violation;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;
import dev.testpulse.ingest.publish.RunEventPublisher;

/**
 * {@code POST /api/v1/runs/started} and {@code /finished}: a reporter that streams a run's outcomes says a part of the
 * run (one test JVM's launcher session, {@code part}) started and finished, so analysis keeps the run running while any
 * part is open and finishes it once after the last; a finished notice without a part ends the run (its job) at once.
 */
@Path("/api/v1/runs")
@SecurityRequirement(name = AdminTokensResource.BEARER)
public class RunsResource {

    private final RunEventPublisher publisher;
    private final Caller caller;

    public RunsResource(RunEventPublisher publisher, Caller caller) {
        this.publisher = publisher;
        this.caller = caller;
    }

    /**
     * The run as the outcomes named it; {@code project} defaults to the token's, {@code pipeline} to "default";
     * {@code part} the reporter's id of its test JVM, {@code outcomes} how many that part (or the run) reported.
     */
    public record FinishedRun(String project, String pipeline, Run run, String part, Long outcomes) {
        public record Run(String id, Integer attempt, String job) {
        }
    }

    @POST
    @Path("started")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Say a part of a run (one test JVM) started", description = "Answers 202 once Kafka has it; "
            + "the run is running until every part it started has finished.")
    @APIResponse(responseCode = "202", description = "Stored in Kafka; analysis holds the run open for this part")
    @APIResponse(responseCode = "403", description = "The token is for another project")
    @APIResponse(responseCode = "422", description = "No run id, no part, or a field out of bounds")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after Retry-After seconds")
    public Response started(FinishedRun request) {
        return notice("started", request);
    }

    @POST
    @Path("finished")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Say a run (or the job of it this reporter ran) finished", description = "Answers 202 once Kafka has it.")
    @APIResponse(responseCode = "202", description = "Stored in Kafka; analysis marks the run finished")
    @APIResponse(responseCode = "403", description = "The token is for another project")
    @APIResponse(responseCode = "422", description = "No run id, or a field out of bounds")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after Retry-After seconds")
    public Response finished(FinishedRun request) {
        return notice("finished", request);
    }

    // Long: Repair, check every field, publish, answer: the repaired names are the ones checked, published
    // and answered, so the steps share them in one method.
    private Response notice(String state, FinishedRun request) {
        if (request == null) {
            throw new ProblemException(Problem.of(ProblemType.INVALID_OUTCOMES, "a " + state + " run needs a body")
                    .withErrors(List.of(new Violation("", "is required: {\"run\":{\"id\":\"…\"}}"))));
        }
        String project = request.project() == null ? caller.project() : request.project();
        FinishedRun.Run run = request.run();
        // repaired as outcomes are, so that the names match the runs their outcomes made
        String pipeline = request.pipeline() == null || request.pipeline().isBlank() ? OutcomeValidator.DEFAULT_PIPELINE
                : TextRepair.name(request.pipeline());
        String runId = run == null || run.id() == null ? null : TextRepair.name(run.id());
        String job = run == null || run.job() == null || run.job().isBlank() ? null : TextRepair.name(run.job());
        FieldChecks checks = new FieldChecks("", new ArrayList<>());
        checks.matches("/project", project, OutcomeValidator.PROJECT, "a project key: letters, digits, '.', '_', '-', at most 128");
        checks.optional("/pipeline", pipeline, 200);
        checks.required("/run/id", runId, 200);
        checks.atLeast("/run/attempt", run == null ? null : run.attempt(), 1);
        checks.optional("/run/job", job, 200);
        String part = request.part() == null || request.part().isBlank() ? null : TextRepair.name(request.part());
        if ("started".equals(state)) {
            checks.required("/part", part, 200);
        } else {
            checks.optional("/part", part, 200);
        }
        checks.atLeast("/outcomes", request.outcomes(), 0);
        if (!checks.violations().isEmpty()) {
            throw new ProblemException(Problem.of(ProblemType.INVALID_OUTCOMES, "the " + state + " run is invalid")
                    .withErrors(checks.violations()));
        }
        caller.requireProject(project);
        int attempt = Objects.requireNonNullElse(run.attempt(), 1);
        try {
            publisher.publish(new RunEventPublisher.RunNotice(state, project, pipeline, runId, attempt, job, part, request.outcomes()));
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(ProblemType.KAFKA_UNAVAILABLE, "the " + state + " run could not be stored: " + e.getMessage()),
                    Map.of("Retry-After", 5), e);
        }
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("run", pipeline + "#" + runId + "." + attempt + (job == null ? "" : "/" + job));
        if (part != null) {
            answer.put("part", part);
        }
        answer.put("state", state);
        return Response.accepted(answer).build();
    }
}
