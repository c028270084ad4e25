package dev.testpulse.ingest.junit;

import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.report.TallyingSink;
import dev.testpulse.ingest.xml.XmlCursor;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;

/**
 * Walks the suite structure of one JUnit XML document and turns each {@code <testcase>} into
 * {@link ReportedTest}s, one per execution, handed to the sink as soon as the test case ends.
 */
final class JUnitDocument {

    private final XmlCursor cursor;
    private final TallyingSink sink;
    private final TestCaseReader testCases;
    private final RetryTracker retries = new RetryTracker();

    JUnitDocument(XmlCursor cursor, ReportLimits limits, TallyingSink sink) {
        this.cursor = cursor;
        this.sink = sink;
        this.testCases = new TestCaseReader(cursor, limits, sink::warn);
    }

    void read() throws XMLStreamException, ReportParseException {
        if (!cursor.toRootElement()) {
            throw cursor.error("document has no root element");
        }
        SuiteFrame root = SuiteFrame.root();
        switch (cursor.localName()) {
            case "testsuites" -> readChildren(root);
            case "testsuite" -> readSuite(root);
            default -> throw cursor.error(
                    "root element <" + cursor.localName() + "> is neither <testsuites> nor <testsuite>");
        }
        cursor.toEndOfDocument();
        if (retries.overflowed()) {
            sink.warn("more than " + RetryTracker.MAX_TRACKED
                    + " distinct tests: later repetitions not numbered as retries");
        }
    }

    private void readChildren(SuiteFrame frame) throws XMLStreamException, ReportParseException {
        while (cursor.nextChild()) {
            switch (cursor.localName()) {
                case "testsuite" -> readSuite(frame);
                case "testsuites" -> readChildren(frame); // some aggregators nest whole reports
                case "testcase" -> readTestCase(frame);
                default -> cursor.skipElement(); // properties, system-out, system-err
            }
        }
    }

    private void readSuite(SuiteFrame parent) throws XMLStreamException, ReportParseException {
        SuiteFrame frame = parent.child(cursor, sink::warn);
        readChildren(frame);
        frame.close(parent, sink::warn);
    }

    private void readTestCase(SuiteFrame frame) throws XMLStreamException, ReportParseException {
        TestCase testCase = testCases.read();
        frame.count(testCase.main().status());
        List<Attempt> executions = new ArrayList<>(testCase.flakyTries());
        executions.add(testCase.main());
        executions.addAll(testCase.reruns());

        String suite = frame.suiteOf(testCase.className());
        int firstRetry = retries.reserve(
                suite, frame.hostname(), testCase.className(), testCase.name(), executions.size());
        for (int i = 0; i < executions.size(); i++) {
            sink.accept(toReported(testCase, executions.get(i), suite, frame, firstRetry + i));
        }
    }

    private static ReportedTest toReported(
            TestCase testCase, Attempt attempt, String suite, SuiteFrame frame, int retry) {
        return new ReportedTest(
                suite,
                testCase.className(),
                testCase.name(),
                testCase.file() != null ? testCase.file() : frame.file(),
                testCase.line(),
                attempt.status(),
                attempt.durationMs() == null ? 0 : attempt.durationMs(),
                attempt.failure(),
                retry,
                testCase.flaky(),
                attempt.timestamp() != null ? attempt.timestamp() : frame.timestamp(),
                frame.hostname(),
                testCase.tags(),
                testCase.properties());
    }
}
