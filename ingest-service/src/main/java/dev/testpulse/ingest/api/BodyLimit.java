package dev.testpulse.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.testpulse.ingest.IngestConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;

/**
 * The one request size limit ({@code testpulse.ingest.max-body-size}), answered as problem+json: up front from
 * Content-Length, and while spooling a body that did not declare its length.
 */
@ApplicationScoped
public class BodyLimit {

    /** Parts of one multipart upload; a CI job's reports of one run fit many times over. */
    public static final int MAX_PARTS = 500;

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
                    .description("Declared size of upload request bodies").tag("path", pathTag(path))
                    .register(registry).record(bytes);
        }
        if (bytes > maxBytes) {
            throw tooLarge(bytes + " bytes declared");
        }
    }

    /** One of the few upload paths we serve, never the raw request path (which would grow the meter without end). */
    static String pathTag(String path) {
        return switch (path) {
            case "/api/v1/outcomes", "/api/v1/reports/junit", "/api/v1/reports/ctrf", "/api/v1/reports/trx" -> path;
            default -> "other";
        };
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

    /**
     * A multipart upload as a whole: at most {@value #MAX_PARTS} parts and {@code max-body-size} bytes in all, however
     * the body was sent (chunked bodies declare no length, so the parts are counted once they arrived).
     */
    public void requireWithin(List<FileUpload> parts) {
        if (parts.size() > MAX_PARTS) {
            throw new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "a multipart upload may hold at most " + MAX_PARTS + " parts, it held " + parts.size() + "; split the upload"));
        }
        long total = parts.stream().mapToLong(FileUpload::size).sum();
        if (total > maxBytes) {
            throw tooLarge(total + " bytes in " + parts.size() + " parts");
        }
    }

    private ProblemException tooLarge(String what) {
        return new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "the body may hold at most " + maxBytes + " bytes (" + what + "); split the upload"));
    }
}
