package dev.testpulse.analysis.dashboard;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Test only, until the verdict API (issue 28) is merged: the verdict of run {@value #RUN} exactly as the agreed
 * contract shapes it, one failure of each class, listed out of order so the page has to put new ones first; of run
 * {@value #RUNNING}, still running with nothing failed so far (its reads counted); any other run is a 404 problem as
 * the real API answers for a run it does not know. Built only under {@link Profile}, so it
 * never meets the real resource at the same path; once that is merged, delete this file and point RunViewBrowserTest
 * at the real endpoint.
 */
@Path("/api/v1/projects/{project}/runs/{run}/verdict")
@Produces(MediaType.APPLICATION_JSON)
@IfBuildProperty(name = ContractVerdictResource.ENABLED, stringValue = "true")
public class ContractVerdictResource {

    static final String ENABLED = "testpulse.test.contract-verdict";
    static final String RUN = "verdict-1";
    static final String RUNNING = "verdict-running";
    /** How often the verdict of {@value #RUNNING} was read: a page follows a running run's verdict. */
    static final AtomicInteger RUNNING_READS = new AtomicInteger();

    /** Reads behind tokens (as {@code TokenReads}) with this resource built in. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("testpulse.auth.read", "token", ENABLED, "true");
        }
    }

    @GET
    public String verdict(@PathParam("project") String project, @PathParam("run") String run, @QueryParam("pipeline") String pipeline,
            @QueryParam("attempt") Integer attempt, @QueryParam("job") String job) {
        if (RUNNING.equals(run)) {
            RUNNING_READS.incrementAndGet();
            return """
                    {"project":"%s","pipeline":"%s","run_id":"%s","attempt":%d,"job":null,"state":"running","default_branch":"main",
                     "gate":{"passed":true,"fail_on":["new"],"failing":0},
                     "counts":{"new":0,"failing_on_default_branch":0,"known_flaky":0,"quarantined":0,"infra":0},
                     "rate":{"run":{"passed":3,"total":3,"rate":1.0,"low":0.4385,"high":1.0},"default_branch":null},
                     "failures":[]}""".formatted(project, pipeline, run, attempt == null ? 1 : attempt);
        }
        if (!RUN.equals(run)) {
            throw new ProblemException(Problem.notFound("no run '" + run + "' in project '" + project + "'"));
        }
        return """
                {"project":"%s","pipeline":"%s","run_id":"%s","attempt":%d,"job":null,"state":"finished","default_branch":"main",
                 "gate":{"passed":false,"fail_on":["new"],"failing":1},
                 "counts":{"new":1,"failing_on_default_branch":1,"known_flaky":1,"quarantined":1,"infra":1},
                 "rate":{"run":{"passed":5,"total":10,"rate":0.5,"low":0.2366,"high":0.7634},
                         "default_branch":{"passed":90,"total":100,"rate":0.9,"low":0.8256,"high":0.9448}},
                 "failures":[
                  {"suite":"api","class":"T","name":"flaky","verdict":"known_flaky","message":"timed out after 5 s","history":null,
                   "evidence":{"same_commit":"c1"}},
                  {"suite":"api","class":"T","name":"broken","verdict":"new","message":"expected 200 but was 503","history":null,
                   "evidence":{}},
                  {"suite":"api","class":"T","name":"infra","verdict":"infra","message":"connection refused","history":null,
                   "evidence":{"incident":"db down"}},
                  {"suite":"api","class":"T","name":"muted","verdict":"quarantined","message":"muted failure","history":null,
                   "evidence":{"reason":"hangs"}},
                  {"suite":"api","class":"T","name":"mainfail","verdict":"failing_on_default_branch","message":"fails on main too",
                   "history":null,"evidence":{"since":"2026-12-01T00:00:00Z"}}]}"""
                .formatted(project, pipeline, run, attempt == null ? 1 : attempt);
    }
}
