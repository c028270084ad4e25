package dev.testpulse.ingest.junit;

import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.outcome.Utf8;
import dev.testpulse.ingest.xml.BoundedText;
import dev.testpulse.ingest.xml.XmlCursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;

/**
 * Reads a testcase-level {@code <properties>} block: properties named {@code tag}/{@code tags}
 * become tags, the others key/value properties. Both are capped because they are kept per test.
 */
final class TestProperties {

    static final int MAX_ENTRIES = 64;
    static final int MAX_VALUE_BYTES = 1024;

    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private int dropped;

    List<String> tags() {
        return tags;
    }

    Map<String, String> properties() {
        return properties;
    }

    /** From the {@code <properties>} start tag to its end tag. */
    void read(XmlCursor cursor) throws XMLStreamException, ReportParseException {
        while (cursor.nextChild()) {
            if ("property".equals(cursor.localName())) {
                readProperty(cursor);
            } else {
                cursor.skipElement();
            }
        }
    }

    /** Reports, once per test case, that entries were dropped for exceeding the cap. */
    void warnIfDropped(String testName, Consumer<String> warn) {
        if (dropped > 0) {
            warn.accept("testcase '" + testName + "': " + dropped + " properties beyond " + MAX_ENTRIES + " ignored");
        }
    }

    private void readProperty(XmlCursor cursor) throws XMLStreamException, ReportParseException {
        String name = cursor.attribute("name");
        String value = cursor.attribute("value");
        if (value == null) {
            // Xray-style properties carry their value as element text.
            BoundedText text = new BoundedText(MAX_VALUE_BYTES);
            cursor.readText(text);
            value = text.trimmed();
        } else {
            cursor.skipElement();
        }
        if (name == null || name.isBlank() || value == null) {
            return;
        }
        if (name.equals("tag")) {
            addTag(value);
        } else if (name.equals("tags")) {
            for (String tag : value.split(",")) {
                addTag(tag);
            }
        } else if (properties.size() < MAX_ENTRIES || properties.containsKey(name)) {
            properties.put(name, Utf8.truncate(value, MAX_VALUE_BYTES));
        } else {
            dropped++;
        }
    }

    private void addTag(String tag) {
        String trimmed = tag.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        if (tags.size() < MAX_ENTRIES) {
            tags.add(Utf8.truncate(trimmed, MAX_VALUE_BYTES));
        } else {
            dropped++;
        }
    }
}
