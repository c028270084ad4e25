package dev.testpulse.analysis.outcome;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.NumberInput;

/**
 * Reads the value the parser stands on as the type of a field, accepting and refusing exactly what databind did for
 * that type under the service's ObjectMapper (Quarkus' defaults: coercion of scalars on, nulls for primitives read as
 * 0, no single value as an array, no empty string as a null object). The equivalence test checks each rule against
 * databind itself. A refusal is a {@link MalformedOutcome} naming the field.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** A string: JSON null is null; a number or boolean is its text as written; an array or object is refused. */
    static String text(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                || token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return p.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw refused(field, "a string", token);
    }

    /** A list of strings: null is null; each element as {@link #text}; anything but an array is refused. */
    static List<String> texts(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw refused(field, "an array of strings", token);
        }
        List<String> values = new ArrayList<>();
        for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
            if (element == JsonToken.START_ARRAY || element == JsonToken.START_OBJECT) {
                throw refused(field + "[" + values.size() + "]", "a string", element);
            }
            values.add(element == JsonToken.VALUE_NULL ? null : p.getText());
        }
        return values;
    }

    /**
     * An int: null, "", blank and "null" are 0; a decimal is cut to its integer part; a string is read (trimmed) as a
     * number; out of range, a boolean, an array or an object is refused.
     */
    static int intValue(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return intFromText(p.getText().trim(), field);
        }
        return (int) number(p, field, true);
    }

    /** A long, read as {@link #intValue} reads an int. */
    static long longValue(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            String text = p.getText().trim();
            return zeroText(text) ? 0 : parsed(text, field);
        }
        return number(p, field, false);
    }

    /** A JSON number (a decimal cut to its integer part) as an int or a long, null as 0; anything else refused. */
    private static long number(JsonParser p, String field, boolean asInt) throws IOException {
        JsonToken token = p.currentToken();
        try {
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return asInt ? p.getIntValue() : p.getLongValue();
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                return asInt ? p.getValueAsInt() : p.getValueAsLong();
            }
        } catch (InputCoercionException e) {
            throw new MalformedOutcome(field + " is out of range of " + (asInt ? "an int: " : "a long: ") + p.getText());
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw refused(field, "an integer", token);
    }

    /** databind's int from a trimmed string: a long's digits, then checked to fit an int. */
    private static int intFromText(String text, String field) {
        if (zeroText(text)) {
            return 0;
        }
        long value = parsed(text, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new MalformedOutcome(field + " is out of range of an int: " + text);
        }
        return (int) value;
    }

    /** An empty, blank (once trimmed) or "null" string is a primitive's null: 0. */
    private static boolean zeroText(String trimmed) {
        return trimmed.isEmpty() || trimmed.equals("null");
    }

    /** Jackson's own number reading of a string (as databind's): a sign, then digits in any script. */
    private static long parsed(String text, String field) {
        try {
            return NumberInput.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedOutcome(field + " must be an integer, was \"" + text + "\"");
        }
    }

    /**
     * A boolean that may be absent: null, "", blank and "null" are null; an integer is true unless 0; the strings
     * true/True/TRUE and false/False/FALSE (trimmed) are themselves; anything else is refused.
     */
    static Boolean bool(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() != 0 : !"0".equals(p.getText());
        }
        if (token != JsonToken.VALUE_STRING) {
            throw refused(field, "true or false", token);
        }
        String text = p.getText().trim();
        switch (text) {
            case "true", "True", "TRUE":
                return Boolean.TRUE;
            case "false", "False", "FALSE":
                return Boolean.FALSE;
            case "", "null":
                return null;
            default:
                throw new MalformedOutcome(field + " must be true or false, was \"" + text + "\"");
        }
    }

    /**
     * An instant: an ISO-8601 string (see {@link IsoInstants}), or a number of epoch seconds; null, "" and blank are
     * null; anything else is refused.
     */
    static Instant instant(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        try {
            if (token == JsonToken.VALUE_STRING) {
                return IsoInstants.fromText(p.getText());
            }
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return IsoInstants.fromEpochSeconds(p.getLongValue());
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                return IsoInstants.fromEpochSeconds(p.getDecimalValue());
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new MalformedOutcome(field + " is not an ISO-8601 instant: " + p.getText());
        } catch (InputCoercionException e) {
            throw new MalformedOutcome(field + " is out of range of epoch seconds: " + p.getText());
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw refused(field, "an ISO-8601 instant", token);
    }

    static MalformedOutcome refused(String field, String expected, JsonToken found) {
        return new MalformedOutcome(field + " must be " + expected + ", was " + describe(found));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(token);
        };
    }
}
