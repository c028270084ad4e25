package dev.testpulse.ingest.trx;

import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.TallyingSink;
import dev.testpulse.ingest.xml.XmlCursor;
import javax.xml.stream.XMLStreamException;

/**
 * The second pass over a TRX document: walks {@code TestRun/Results} and hands every execution to the sink as soon
 * as its {@code UnitTestResult} ends, with the class and tags the first pass found in {@link TrxDefinitions}.
 */
final class TrxDocument {

    private final XmlCursor cursor;
    private final TallyingSink sink;
    private final TrxResultReader results;
    private final TrxNames names = new TrxNames();

    TrxDocument(XmlCursor cursor, ReportLimits limits, TrxDefinitions definitions, TallyingSink sink) {
        this.cursor = cursor;
        this.sink = sink;
        this.results = new TrxResultReader(cursor, limits, definitions, sink, names);
    }

    /** Moves to the root element and checks it is {@code <TestRun>}. */
    static void toTestRun(XmlCursor cursor) throws XMLStreamException, ReportParseException {
        if (!cursor.toRootElement()) {
            throw cursor.error("document has no root element");
        }
        if (!"TestRun".equals(cursor.localName())) {
            throw cursor.error("root element <" + cursor.localName() + "> is not <TestRun>: not a TRX report");
        }
    }

    void read() throws XMLStreamException, ReportParseException {
        toTestRun(cursor);
        while (cursor.nextChild()) {
            if ("Results".equals(cursor.localName())) {
                readResults();
            } else {
                cursor.skipElement();
            }
        }
        cursor.toEndOfDocument();
        if (names.overflowed()) {
            sink.warn("more than " + TrxDefinitions.MAX_TRACKED
                    + " test names: later results sharing a name count as tries of one test");
        }
    }

    private void readResults() throws XMLStreamException, ReportParseException {
        while (cursor.nextChild()) {
            if ("UnitTestResult".equals(cursor.localName())) {
                results.read();
            } else {
                sink.warn("<" + cursor.localName() + "> results are not read, only <UnitTestResult>");
                cursor.skipElement();
            }
        }
    }
}
