package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.testpulse.analysis.auth.Caller;
import dev.testpulse.analysis.consume.DeadLetterStore;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;

/**
 * The admin's view of dead letters that did not reach {@code testpulse.outcomes.dlq}: those set aside after the broker
 * refused them again and again, or those still waiting for a try. Published ones are on the topic, not here. Admin
 * token only, also when reads are open: a dead letter's reason may quote any project's record.
 */
@Path("/api/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    static final int MAX_LIMIT = 1000;

    private final DeadLetterStore store;
    private final Caller caller;

    public DeadLettersResource(DeadLetterStore store, Caller caller) {
        this.store = store;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Dead letters not published, newest first: set_aside (the broker refused them; see last_error) "
            + "or waiting (for their next try); origin, category, reason, sizes, tries, never the record's bytes")
    @APIResponse(responseCode = "400", description = "A bad state or limit")
    @APIResponse(responseCode = "401", description = "No admin token")
    @APIResponse(responseCode = "403", description = "A project token")
    public List<DeadLetterStore.Unpublished> deadLetters(
            @Parameter(description = "set_aside (default) or waiting") @QueryParam("state") @DefaultValue("set_aside") String state,
            @Parameter(description = "1-" + MAX_LIMIT + ", default 100") @QueryParam("limit") @DefaultValue("100") int limit)
            throws SQLException {
        caller.requireAdmin();
        if (!state.equals("set_aside") && !state.equals("waiting")) {
            throw new ProblemException(Problem.badParameter("state", "state must be set_aside or waiting, was '" + state + "'"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(Problem.badParameter("limit", "limit must be 1-" + MAX_LIMIT));
        }
        return store.unpublished(state.equals("set_aside"), limit);
    }
}
