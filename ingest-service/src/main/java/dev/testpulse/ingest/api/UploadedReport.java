package dev.testpulse.ingest.api;

import java.nio.file.Path;

/** One report file of an upload, spooled to disk so it can be read twice: to validate, then to publish. */
public record UploadedReport(String fileName, Path path) {
}
