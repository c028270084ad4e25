package dev.testpulse.analysis.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.verdict.FailOn;
import dev.testpulse.analysis.verdict.ReadYourWrites;
import dev.testpulse.analysis.verdict.Verdict;
import dev.testpulse.analysis.verdict.VerdictConfig;
import dev.testpulse.analysis.verdict.VerdictMarkdown;
import dev.testpulse.analysis.verdict.VerdictRequest;
import dev.testpulse.analysis.verdict.Verdicts;
import dev.testpulse.shared.stream.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * A run's verdict: whether its failures are new. Answered on the event loop: a request that waits for its upload to be
 * counted ({@code after}) holds no worker thread and no connection while it waits.
 *
 * <p>A failed gate is 200 with {@code gate.passed} false unless the caller asks {@code gate=strict}: then it is 422
 * with the same body. 422 because the request was understood and the answer is about the run's content (not a fault
 * to retry: curl's {@code --retry} does not retry 422, while it does 503), and because it is distinct from every other
 * answer here (400 bad parameter, 401/403 token, 404 unknown run, 409 ambiguous run, 503 not counted yet), so a CI line
 * with {@code curl --fail-with-body} fails the job and prints the verdict. A plain read (the dashboard) stays 200.
 */
@Path("/api/v1/projects/{project}/runs/{run}/verdict")
@Produces({MediaType.APPLICATION_JSON, VerdictResource.MARKDOWN})
public class VerdictResource {

    static final String MARKDOWN = "text/markdown";
    /** The status of a failed gate under {@code gate=strict}. */
    static final int GATE_FAILED = 422;

    private final Verdicts verdicts;
    private final ReadYourWrites readYourWrites;
    private final VerdictConfig config;

    public VerdictResource(Verdicts verdicts, ReadYourWrites readYourWrites, VerdictConfig config) {
        this.verdicts = verdicts;
        this.readYourWrites = readYourWrites;
        this.config = config;
    }

    @GET
    @Operation(summary = "The run's verdict: each failing test classified (new, failing_on_default_branch, known_flaky, "
            + "quarantined, infra) with its evidence, the gate on the classes in fail_on, the run's rate against the default branch's",
            description = "Precedence when several classes apply: quarantined (ran muted) > infra > known_flaky > "
                    + "failing_on_default_branch > new. With after=<position of an upload's 202> the answer includes that "
                    + "upload's outcomes: it waits (bounded) until they are counted.")
    @APIResponse(responseCode = "200", description = "The verdict (also when the gate failed, unless gate=strict)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Verdict.class)),
                    @Content(mediaType = MARKDOWN, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "A bad attempt, fail_on, after, format or gate")
    @APIResponse(responseCode = "404", description = "No such run (attempt, job) in the project")
    @APIResponse(responseCode = "409", description = "The run id is in several pipelines: name one with pipeline")
    @APIResponse(responseCode = "422", description = "gate=strict and the gate failed: the same body as the 200")
    @APIResponse(responseCode = "503", description = "The outcomes up to after are not counted yet (Retry-After)")
    public Uni<Response> verdict(@PathParam("project") String project, @PathParam("run") String runId,
            @Parameter(description = "the run's pipeline; needed only when the run id is in several") @QueryParam("pipeline") String pipeline,
            @Parameter(description = "the attempt (1 or more); default the latest") @QueryParam("attempt") String attempt,
            @Parameter(description = "one job of the run; default all jobs together") @QueryParam("job") String job,
            @Parameter(description = "comma list of classes that fail the gate; default new") @QueryParam("fail_on") String failOn,
            @Parameter(description = "the position of an upload's 202 (body position or Testpulse-Position header): answer "
                    + "only once that upload is counted") @QueryParam("after") String after,
            @Parameter(description = "json (default) or markdown (a PR/MR comment)") @QueryParam("format") String format,
            @Parameter(description = "report (default: 200 either way) or strict (a failed gate answers 422)") @QueryParam("gate") String gate,
            @Context UriInfo uri) {
        VerdictRequest request = new VerdictRequest(project, blankToNull(pipeline), runId, attempt(attempt), blankToNull(job),
                FailOn.parse(failOn));
        StreamPosition position = after == null ? StreamPosition.NONE : ReadYourWrites.parse(after);
        boolean markdown = choice("format", format, "json", "markdown");
        boolean strict = choice("gate", gate, "report", "strict");
        String root = uri.getBaseUri().toString().replaceAll("/+$", "");
        return readYourWrites.await(project, position).chain(() -> verdicts.later(request)).map(verdict -> {
            Response.ResponseBuilder response = Response.status(strict && !verdict.gate().passed() ? GATE_FAILED : 200);
            return markdown ? response.type(MARKDOWN + "; charset=utf-8").entity(VerdictMarkdown.render(verdict, root, config.markdownChars())).build()
                    : response.type(MediaType.APPLICATION_JSON).entity(verdict).build();
        });
    }

    private static Integer attempt(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int attempt = Integer.parseInt(text.trim());
            if (attempt >= 1) {
                return attempt;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.badParameter("attempt", "attempt must be a whole number from 1, was '"
                + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "'"));
    }

    /** Whether {@code text} is the second of the two values (the first when absent). */
    private static boolean choice(String parameter, String text, String first, String second) {
        if (text == null || text.equals(first)) {
            return false;
        }
        if (text.equals(second)) {
            return true;
        }
        throw new ProblemException(Problem.badParameter(parameter, parameter + " must be " + first + " or " + second));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
