package dev.testpulse.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.testpulse.ingest.IngestConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import dev.testpulse.ingest.problem.Problem;
import dev.testpulse.ingest.problem.ProblemException;
import dev.testpulse.ingest.problem.ProblemType;

/**
 * The one request size limit ({@code testpulse.ingest.max-body-size}), answered as problem+json: up front from
 * Content-Length, and while spooling a body that did not declare its length.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final MeterRegistry registry;

    public BodyLimit(IngestConfig config, MeterRegistry registry) {
        this.maxBytes = config.maxBodySize().asLongValue();
        this.registry = registry;
    }

    @ServerRequestFilter(preMatching = true)
    public void rejectDeclaredOversize(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null || length.isEmpty() || !length.chars().allMatch(Character::isDigit)) {
            return;
        }
        long bytes = Long.parseLong(length);
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/api/")) {
            DistributionSummary.builder("testpulse.ingest.request.size").baseUnit("bytes")
                    .description("Declared size of upload request bodies").tag("path", path.startsWith("/api/v1/reports/")
                            ? path : path.startsWith("/api/v1/outcomes") ? "/api/v1/outcomes" : "other")
                    .register(registry).record(bytes);
        }
        if (bytes > maxBytes) {
            throw tooLarge(bytes + " bytes declared");
        }
    }

    /** Copies a request body to a temporary file, refusing it past the limit. The caller deletes the file. */
    public Path spool(InputStream body, String prefix) throws IOException {
        Path file = Files.createTempFile(prefix, ".upload");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                total += read;
                if (total > maxBytes) {
                    throw tooLarge("more than that sent");
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    private ProblemException tooLarge(String what) {
        return new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "the body may hold at most " + maxBytes + " bytes (" + what + "); split the upload"));
    }
}
