package dev.testpulse.ingest.ctrf;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.testpulse.ingest.report.ReportParseException;
import java.io.IOException;

/**
 * Thin layer over Jackson's streaming parser for reading CTRF leniently: values of an unexpected type
 * are skipped as absent rather than failing the report, and errors carry the current position.
 */
final class JsonCursor {

    private final JsonParser parser;
    private final String fileName;

    JsonCursor(JsonParser parser, String fileName) {
        this.parser = parser;
        this.fileName = fileName;
    }

    JsonToken next() throws IOException {
        return parser.nextToken();
    }

    /**
     * From an object start or a previous field value, moves to the next field's value and returns the
     * field name, or null at the end of the object.
     */
    String nextField() throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = parser.currentName();
        parser.nextToken();
        return name;
    }

    JsonToken token() {
        return parser.currentToken();
    }

    /** Skips the current value, however deeply nested; a no-op on scalars. */
    void skipValue() throws IOException {
        parser.skipChildren();
    }

    /** The current value as text when it is a scalar; null for null, objects and arrays (which are skipped). */
    String text() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null || token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return parser.getText();
    }

    /** The current value as a number (strings holding a number accepted), or null. */
    Double number() throws IOException {
        JsonToken token = parser.currentToken();
        if (token != null && token.isNumeric()) {
            return parser.getDoubleValue();
        }
        String text = text();
        if (text == null) {
            return null;
        }
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The current value as a boolean: true or "true" only. */
    boolean isTrue() throws IOException {
        return "true".equalsIgnoreCase(text());
    }

    JsonLocation location() {
        return parser.currentTokenLocation();
    }

    ReportParseException error(String reason) {
        return error(reason, location());
    }

    ReportParseException error(String reason, JsonLocation location) {
        int line = location == null ? -1 : location.getLineNr();
        int column = location == null ? -1 : location.getColumnNr();
        return new ReportParseException(reason, fileName, line, column, null);
    }
}
