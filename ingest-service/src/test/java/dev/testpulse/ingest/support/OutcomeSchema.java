package dev.testpulse.ingest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The checked-in {@code testpulse.outcome/v1} JSON Schema (docs/schemas), the contract both services test against. */
public final class OutcomeSchema {

    public static final Path SCHEMAS = Path.of("..", "docs", "schemas");
    private static final JsonSchema SCHEMA = load();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OutcomeSchema() {
    }

    /** The violations of a record value against the schema; empty when it conforms. */
    public static Set<ValidationMessage> violations(String json) {
        try {
            return SCHEMA.validate(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load() {
        try (InputStream in = Files.newInputStream(SCHEMAS.resolve("outcome-v1.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
