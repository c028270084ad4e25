package dev.testpulse.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.testpulse.ingest.auth.AdminTokensResource;
import dev.testpulse.ingest.auth.Caller;
import dev.testpulse.ingest.ctrf.CtrfReportParser;
import dev.testpulse.ingest.junit.JUnitReportParser;
import dev.testpulse.ingest.report.ReportParser;
import dev.testpulse.ingest.trx.TrxReportParser;
import dev.testpulse.shared.stream.StreamPosition;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Test reports as CI tools write them: JUnit XML, CTRF JSON and VSTest TRX, one as the body or many as
 * multipart/form-data.
 * The run they belong to comes from query parameters or {@code X-Testpulse-*} headers ({@link RunContext}).
 */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = AdminTokensResource.BEARER)
public class ReportsResource {

    private static final String RAW_BODY = "body";

    private final ReportIngestion ingestion;
    private final ReportBudget budget;
    private final BodyLimit bodyLimit;
    private final Caller caller;
    private final MeterRegistry registry;
    private final ReportParser junit = new JUnitReportParser();
    private final ReportParser ctrf = new CtrfReportParser();
    private final ReportParser trx = new TrxReportParser();

    public ReportsResource(ReportIngestion ingestion, ReportBudget budget, BodyLimit bodyLimit, Caller caller,
            MeterRegistry registry) {
        this.ingestion = ingestion;
        this.budget = budget;
        this.bodyLimit = bodyLimit;
        this.caller = caller;
        this.registry = registry;
    }

    @POST
    @Path("/junit")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @Operation(summary = "Accept one JUnit XML report as the body")
    @APIResponse(responseCode = "202", description = "Every test of the report is stored in Kafka",
            headers = @Header(name = StreamPosition.HEADER, description = AcceptedOutcomes.POSITION_DOC))
    @APIResponse(responseCode = "400", description = "Malformed XML (file, line and column named); nothing published")
    @APIResponse(responseCode = "503", description = "Kafka unavailable, or too many uploads in flight; retry after Retry-After seconds")
    public Response junitBody(InputStream body, @Context UriInfo uri, @Context HttpHeaders headers) throws IOException {
        return acceptBody(junit, "junit", body, uri, headers);
    }

    @POST
    @Path("/junit")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Accept many JUnit XML reports as multipart/form-data, all or nothing")
    public Response junitFiles(@RestForm(FileUpload.ALL) List<FileUpload> files, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        return acceptFiles(junit, "junit", files, uri, headers);
    }

    @POST
    @Path("/ctrf")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept one CTRF (Common Test Report Format) JSON report as the body")
    public Response ctrfBody(InputStream body, @Context UriInfo uri, @Context HttpHeaders headers) throws IOException {
        return acceptBody(ctrf, "ctrf", body, uri, headers);
    }

    @POST
    @Path("/ctrf")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Accept many CTRF JSON reports as multipart/form-data, all or nothing")
    public Response ctrfFiles(@RestForm(FileUpload.ALL) List<FileUpload> files, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        return acceptFiles(ctrf, "ctrf", files, uri, headers);
    }

    @POST
    @Path("/trx")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @Operation(summary = "Accept one VSTest TRX report (dotnet test --logger trx) as the body")
    @APIResponse(responseCode = "202", description = "Every test of the report is stored in Kafka",
            headers = @Header(name = StreamPosition.HEADER, description = AcceptedOutcomes.POSITION_DOC))
    @APIResponse(responseCode = "400", description = "Malformed or not TRX (file, line and column named); nothing published")
    public Response trxBody(InputStream body, @Context UriInfo uri, @Context HttpHeaders headers) throws IOException {
        return acceptBody(trx, "trx", body, uri, headers);
    }

    @POST
    @Path("/trx")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Accept many VSTest TRX reports as multipart/form-data, all or nothing")
    public Response trxFiles(@RestForm(FileUpload.ALL) List<FileUpload> files, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        return acceptFiles(trx, "trx", files, uri, headers);
    }

    private Response acceptBody(ReportParser parser, String format, InputStream body, UriInfo uri, HttpHeaders headers)
            throws IOException {
        java.nio.file.Path spooled = bodyLimit.spool(body, "testpulse-" + format + "-");
        try {
            return accept(parser, format, List.of(new UploadedReport(RAW_BODY, spooled)), uri, headers);
        } finally {
            Files.deleteIfExists(spooled);
        }
    }

    private Response acceptFiles(ReportParser parser, String format, List<FileUpload> files, UriInfo uri, HttpHeaders headers) {
        bodyLimit.requireWithin(files);
        List<UploadedReport> reports = files.stream()
                .map(file -> new UploadedReport(file.fileName() != null ? file.fileName() : file.name(), file.uploadedFile()))
                .toList();
        return accept(parser, format, reports, uri, headers);
    }

    private Response accept(ReportParser parser, String format, List<UploadedReport> reports, UriInfo uri, HttpHeaders headers) {
        RunContext context = RunContext.from(uri, headers).withDefaultProject(caller.project());
        caller.requireProject(context.project());
        // The files are on disk: what a waiting upload holds is a worker thread, not heap.
        try (ReportBudget.Permit admitted = budget.admit(ReportIngestion.size(reports))) {
            AcceptedOutcomes accepted = ingestion.ingest(parser, reports, context);
            registry.counter("testpulse.ingest.outcomes.accepted", "format", format).increment(accepted.accepted());
            return accepted.response();
        } catch (RuntimeException e) {
            registry.counter("testpulse.ingest.requests.rejected", "format", format, "reason", RejectionReason.of(e)).increment();
            throw e;
        }
    }
}
