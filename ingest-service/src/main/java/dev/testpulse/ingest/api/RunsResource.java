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
import dev.testpulse.ingest.problem.Problem;
import dev.testpulse.ingest.problem.Problem.Violation;
import dev.testpulse.ingest.problem.ProblemException;
import dev.testpulse.ingest.problem.ProblemType;
import dev.testpulse.ingest.publish.RunEventPublisher;

/**
 * {@code POST /api/v1/runs/finished}: a reporter that streamed a run's outcomes says the run (its job, when it named
 * one) is over, so analysis shows it finished at once rather than after the idle timeout.
 */
@Path("/api/v1/runs/finished")
@SecurityRequirement(name = AdminTokensResource.BEARER)
public class RunsResource {

    private final RunEventPublisher publisher;
    private final Caller caller;

    public RunsResource(RunEventPublisher publisher, Caller caller) {
        this.publisher = publisher;
        this.caller = caller;
    }

    /** The run as the outcomes named it; {@code project} defaults to the token's, {@code pipeline} to "default". */
    public record FinishedRun(String project, String pipeline, Run run, Long outcomes) {
        public record Run(String id, Integer attempt, String job) {
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Say a run (or the job of it this reporter ran) finished", description = "Answers 202 once Kafka has it.")
    @APIResponse(responseCode = "202", description = "Stored in Kafka; analysis marks the run finished")
    @APIResponse(responseCode = "403", description = "The token is for another project")
    @APIResponse(responseCode = "422", description = "No run id, or a field out of bounds")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after Retry-After seconds")
    public Response finished(FinishedRun request) {
        if (request == null) {
            throw new ProblemException(Problem.of(ProblemType.INVALID_OUTCOMES, "a finished run needs a body")
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
        checks.atLeast("/outcomes", request.outcomes(), 0);
        if (!checks.violations().isEmpty()) {
            throw new ProblemException(Problem.of(ProblemType.INVALID_OUTCOMES, "the finished run is invalid")
                    .withErrors(checks.violations()));
        }
        caller.requireProject(project);
        int attempt = Objects.requireNonNullElse(run.attempt(), 1);
        try {
            publisher.finished(new RunEventPublisher.FinishedRun(project, pipeline, runId, attempt, job, request.outcomes()));
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(ProblemType.KAFKA_UNAVAILABLE, "the finished run could not be stored: " + e.getMessage()),
                    Map.of("Retry-After", 5), e);
        }
        return Response.accepted(Map.of("run", pipeline + "#" + runId + "." + attempt + (job == null ? "" : "/" + job),
                "state", "finished")).build();
    }
}
