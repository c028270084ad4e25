package dev.testpulse.ingest.xml;

import dev.testpulse.ingest.report.ReportParseException;
import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Walks a StAX reader element by element while enforcing the safety rules on every event:
 * no DOCTYPE, bounded nesting. Everything above it navigates with "next child" and "skip". Both XML parsers (JUnit,
 * TRX) walk their documents with it, handed out by {@link SecureXml}, so both formats obey the same rules.
 */
public final class XmlCursor {

    /** Longest attribute value (a name, a message, a time) a report may hold: far above any real test name. */
    public static final int MAX_ATTRIBUTE_CHARS = 64 * 1024;

    private final XMLStreamReader reader;
    private final String fileName;
    private String overlong;
    private final int maxDepth;
    private int depth;

    XmlCursor(XMLStreamReader reader, String fileName, int maxDepth) {
        this.reader = reader;
        this.fileName = fileName;
        this.maxDepth = maxDepth;
    }

    /** Moves to the root element; false for a document without one. */
    public boolean toRootElement() throws XMLStreamException, ReportParseException {
        while (reader.hasNext()) {
            if (next() == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
        }
        return false;
    }

    /** After the root element, reads to the end so that trailing garbage is still reported as malformed. */
    public void toEndOfDocument() throws XMLStreamException, ReportParseException {
        while (reader.hasNext()) {
            next();
        }
    }

    /**
     * From a start tag or a previous child, moves to the next child start tag (true)
     * or to the end tag of the current element (false).
     */
    public boolean nextChild() throws XMLStreamException, ReportParseException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
    }

    /** From a start tag, moves to its matching end tag without keeping anything in between. */
    public void skipElement() throws XMLStreamException, ReportParseException {
        int level = 1;
        while (level > 0) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                level++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                level--;
            }
        }
    }

    /** From a start tag, moves to its end tag collecting its text; child elements are skipped. */
    public void readText(BoundedText into) throws XMLStreamException, ReportParseException {
        readText(into, null, Set.of());
    }

    /**
     * From a start tag, moves to its end tag collecting its own text into {@code own} and the text of the
     * named child elements into {@code nested} (Surefire puts rerun traces in a {@code <stackTrace>} child,
     * surrounded by indentation that is not part of the trace). Other children are skipped.
     */
    public void readText(BoundedText own, BoundedText nested, Set<String> textChildren)
            throws XMLStreamException, ReportParseException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                own.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                if (textChildren.contains(localName())) {
                    readText(nested);
                } else {
                    skipElement();
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
        }
    }

    public String localName() {
        return reader.getLocalName();
    }

    /**
     * Attribute of the current start tag, or null when absent. A value past {@value #MAX_ATTRIBUTE_CHARS} characters
     * is cut there before anyone copies it, and the next step of the cursor rejects the report.
     */
    public String attribute(String name) {
        return bounded(name, reader.getAttributeValue(null, name));
    }

    /**
     * The named attributes of the current start tag, as {@link #attribute} gives each (null when absent, namespaces
     * ignored, the first of duplicates), in one pass over the tag's attributes: each {@link #attribute} call scans
     * them all again, and a test case asks for seven.
     */
    public String[] attributes(String... names) {
        String[] values = new String[names.length];
        int count = reader.getAttributeCount();
        for (int i = 0; i < count; i++) {
            String local = reader.getAttributeLocalName(i);
            for (int n = 0; n < names.length; n++) {
                if (values[n] == null && names[n].equals(local)) {
                    values[n] = bounded(names[n], reader.getAttributeValue(i));
                    break;
                }
            }
        }
        return values;
    }

    private String bounded(String name, String value) {
        if (value != null && value.length() > MAX_ATTRIBUTE_CHARS) {
            overlong = name;
            return value.substring(0, MAX_ATTRIBUTE_CHARS);
        }
        return value;
    }

    public int line() {
        Location location = reader.getLocation();
        return location == null ? -1 : location.getLineNumber();
    }

    public ReportParseException error(String reason) {
        Location location = reader.getLocation();
        int line = location == null ? -1 : location.getLineNumber();
        int column = location == null ? -1 : location.getColumnNumber();
        return new ReportParseException(reason, fileName, line, column, null);
    }

    /**
     * A StAX parse error as our exception, at the position StAX names. The JDK prefixes the reason with
     * "ParseError at [row,col]:[..]\nMessage: "; the position is reported apart, so only the reason is kept.
     */
    static ReportParseException malformed(XMLStreamException e, String fileName) {
        Location location = e.getLocation();
        int line = location == null ? -1 : location.getLineNumber();
        int column = location == null ? -1 : location.getColumnNumber();
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("Message: ");
        String reason = start >= 0 ? message.substring(start + "Message: ".length()).strip() : message.strip();
        return new ReportParseException("malformed XML: " + reason, fileName, line, column, e);
    }

    private int next() throws XMLStreamException, ReportParseException {
        if (!reader.hasNext()) {
            throw error("unexpected end of document");
        }
        if (overlong != null) {
            throw error("attribute '" + overlong + "' is longer than " + MAX_ATTRIBUTE_CHARS + " characters");
        }
        int event = reader.next();
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> {
                if (++depth > maxDepth) {
                    throw error("elements nested deeper than " + maxDepth + " levels");
                }
            }
            case XMLStreamConstants.END_ELEMENT -> depth--;
            // A DTD is the only way to declare entities; refusing it outright closes every entity attack.
            case XMLStreamConstants.DTD -> throw error("DOCTYPE is not allowed");
            default -> {
                // text, comments and processing instructions need no checks
            }
        }
        return event;
    }
}
