package dev.testpulse.ingest.xml;

import dev.testpulse.ingest.report.ReportParseException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads untrusted XML reports: one StAX factory, always the JDK implementation, with DTDs and external entities off so
 * that entity expansion and XXE cannot happen even before the {@link XmlCursor} rejects the DOCTYPE; each pass over a
 * document gets a fresh reader behind a cursor, closed whatever happens. Both XML parsers (JUnit, TRX) read through it.
 *
 * <p>Thread-safe: one instance serves many parses concurrently.
 */
public final class SecureXml {

    /** JDK-specific: hand out big CDATA sections (stack traces, logs) in chunks instead of one string. */
    private static final String CDATA_CHUNK_SIZE = "jdk.xml.cdataChunkSize";

    private final XMLInputFactory factory = newInputFactory();
    private final int maxDepth;

    /** @param maxDepth deepest element nesting a document may have */
    public SecureXml(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** One pass over a document, element by element. */
    public interface Pass<T> {
        T over(XmlCursor cursor) throws XMLStreamException, ReportParseException;
    }

    /**
     * Runs {@code pass} over the document in {@code in} (read, not closed); a StAX error becomes a
     * {@link ReportParseException} at the position StAX names.
     *
     * @param fileName name of the uploaded file, used only in error messages; may be null
     */
    public <T> T read(InputStream in, String fileName, Pass<T> pass) throws ReportParseException {
        XMLStreamReader reader = null;
        try {
            reader = createReader(in);
            return pass.over(new XmlCursor(reader, fileName, maxDepth));
        } catch (XMLStreamException e) {
            throw XmlCursor.malformed(e, fileName);
        } finally {
            closeQuietly(reader);
        }
    }

    private XMLStreamReader createReader(InputStream in) throws XMLStreamException {
        // The JDK factory is not documented as thread-safe; creating a reader is cheap, so serialise it.
        synchronized (factory) {
            return factory.createXMLStreamReader(in);
        }
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // Nothing left to report: the outcome of the parse is already decided.
        }
    }

    /** The hardened factory alone, for a reader that needs no cursor (the benchmark's raw StAX baseline). */
    public static XMLInputFactory newInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed: " + systemId);
        });
        factory.setProperty(CDATA_CHUNK_SIZE, 8192);
        return factory;
    }
}
