package dev.testpulse.analysis.api;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.testpulse.analysis.owners.OwnerMatch;
import dev.testpulse.analysis.owners.OwnerRule;
import dev.testpulse.analysis.owners.Owners;
import dev.testpulse.analysis.owners.OwnersFile;
import dev.testpulse.analysis.owners.OwnersRequest;
import dev.testpulse.analysis.owners.OwnersStore;
import dev.testpulse.analysis.owners.OwnersView;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;

/**
 * {@code /api/v1/projects/{project}/owners}: the project's test ownership rules, set whole as a CODEOWNERS file
 * (text/plain) or as JSON. Writes need the admin token or the project's own (AuthFilter checks {@code {project}}),
 * reads are like the project's other reads.
 */
@Path("/api/v1/projects/{project}/owners")
public class OwnersResource {

    private final OwnersStore owners;

    public OwnersResource(OwnersStore owners) {
        this.owners = owners;
    }

    @PUT
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the project's owners with a CODEOWNERS file (last matching rule wins)")
    public OwnersView putFile(@PathParam("project") String project, String text) throws SQLException {
        String source = text == null ? "" : text;
        if (source.getBytes(StandardCharsets.UTF_8).length > OwnersFile.MAX_BYTES) {
            throw OwnersFile.tooLarge();
        }
        return owners.put(project, OwnersFile.parse(source), source);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the project's owners with rules in JSON, in file order (last matching rule wins)")
    public OwnersView putJson(@PathParam("project") String project, OwnersRequest request) throws SQLException {
        List<OwnerRule> rules = OwnersFile.rules(request == null ? null : request.rules());
        return owners.put(project, rules, OwnersFile.render(rules));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The project's owners, rule by rule")
    public OwnersView get(@PathParam("project") String project) throws SQLException {
        OwnersStore.Stored stored = existing(project);
        return new OwnersView(project, OwnersFile.parse(stored.source()), stored.updatedAt());
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The project's owners as the CODEOWNERS text in force")
    public String getFile(@PathParam("project") String project) throws SQLException {
        return existing(project).source();
    }

    @GET
    @Path("/match")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who owns a test with this suite, class and (optional) file")
    public OwnerMatch match(@PathParam("project") String project, @QueryParam("suite") String suite,
            @QueryParam("class") String className, @QueryParam("file") String file) throws SQLException {
        Owners rules = owners.owners(project);
        Optional<List<String>> found = rules.of(suite, className, file);
        return new OwnerMatch(found.isPresent(), found.orElse(List.of()));
    }

    @DELETE
    @Operation(summary = "Remove the project's owners")
    public Response delete(@PathParam("project") String project) throws SQLException {
        if (!owners.delete(project)) {
            throw notFound(project);
        }
        return Response.noContent().build();
    }

    private OwnersStore.Stored existing(String project) throws SQLException {
        return owners.find(project).orElseThrow(() -> notFound(project));
    }

    private static ProblemException notFound(String project) {
        return new ProblemException(Problem.notFound("project '" + project + "' has no owners set"));
    }
}
