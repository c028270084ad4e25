package dev.testpulse.analysis.problem;

import java.sql.SQLException;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.testpulse.analysis.storage.SqlFaults;
import dev.testpulse.shared.http.LogSafe;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemMapper;

/** A database that cannot be reached is a 503 to retry shortly; any other SQL failure is a 500 like every failure. */
public class DatabaseProblemMapper {

    private static final Logger LOG = Logger.getLogger(DatabaseProblemMapper.class);

    @ServerExceptionMapper
    public Response database(SQLException e, UriInfo uri) {
        if (!SqlFaults.meansUnavailable(e)) {
            return ProblemMapper.internalError(e, uri);
        }
        LOG.warnf("database unavailable on %s: %s", LogSafe.path(uri), e.getMessage());
        return ProblemMapper.render(Problem.of("unavailable", "Service Unavailable", 503, "The database is unavailable; try again shortly."), uri)
                .header("Retry-After", "5").build();
    }
}
