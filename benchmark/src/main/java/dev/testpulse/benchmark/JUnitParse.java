package dev.testpulse.benchmark;

import java.io.ByteArrayInputStream;
import java.util.concurrent.atomic.AtomicLong;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import dev.testpulse.ingest.junit.JUnitReportParser;
import dev.testpulse.ingest.xml.SecureXml;
import dev.testpulse.ingest.report.ReportParseException;

/**
 * ingest-service's JUnit parser against a bare StAX pass (same JDK factory, same settings, every event visited) over
 * the same bytes, in this JVM: the parser's own cost, without HTTP or Kafka. Best of a few rounds after a warm-up.
 */
final class JUnitParse {

    private static final int WARM_UP = 3;
    private static final int ROUNDS = 5;

    private final byte[] report;

    JUnitParse(byte[] report) {
        this.report = report;
    }

    double parserMegabytesPerSecond() {
        JUnitReportParser parser = new JUnitReportParser();
        return best(() -> {
            AtomicLong tests = new AtomicLong();
            parser.parse(new ByteArrayInputStream(report), "bench.xml", test -> tests.incrementAndGet());
            return tests.get();
        });
    }

    double staxMegabytesPerSecond() {
        XMLInputFactory factory = SecureXml.newInputFactory();
        return best(() -> {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(report));
            long events = 0;
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    events += reader.getAttributeCount();
                }
            }
            reader.close();
            return events;
        });
    }

    private double best(Pass pass) {
        double bestSeconds = Double.MAX_VALUE;
        try {
            for (int i = 0; i < WARM_UP; i++) {
                pass.run(); // until the JIT compiled the hot paths
            }
            for (int i = 0; i < ROUNDS; i++) {
                long started = System.nanoTime();
                pass.run();
                bestSeconds = Math.min(bestSeconds, (System.nanoTime() - started) / 1e9);
            }
        } catch (XMLStreamException | ReportParseException e) {
            throw new IllegalStateException("the generated report is well-formed JUnit XML", e);
        }
        return report.length / 1024.0 / 1024.0 / bestSeconds;
    }

    private interface Pass {
        long run() throws XMLStreamException, ReportParseException;
    }
}
