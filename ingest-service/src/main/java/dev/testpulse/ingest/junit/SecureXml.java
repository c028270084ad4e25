package dev.testpulse.ingest.junit;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/**
 * Builds the StAX factory for untrusted reports: always the JDK implementation, with DTDs and
 * external entities off so that entity expansion and XXE cannot happen even before we reject the DOCTYPE.
 */
public final class SecureXml {

    /** JDK-specific: hand out big CDATA sections (stack traces, logs) in chunks instead of one string. */
    private static final String CDATA_CHUNK_SIZE = "jdk.xml.cdataChunkSize";

    private SecureXml() {
    }

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
