package dev.testpulse.ingest.trx;

import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.outcome.Utf8;
import dev.testpulse.ingest.xml.XmlCursor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamException;

/**
 * What TRX says about a test apart from its result: the class from {@code TestDefinitions/UnitTest/TestMethod}, the
 * categories, and the names of custom test lists. VSTest writes these after {@code Results}, so they are read in a
 * first pass over the document; memory grows with the number of distinct tests, not the document size, and is capped.
 */
final class TrxDefinitions {

    /** Beyond this many tests, later definitions are not kept and their results go without class or tags. */
    static final int MAX_TRACKED = 1_000_000;
    static final int MAX_TAGS = 64;
    static final int MAX_TAG_BYTES = 1024;

    /** The lists every run has; only lists a user made say something about a test. */
    private static final Set<String> BUILT_IN_LISTS = Set.of("Results Not in a List", "All Loaded Results");

    /** The class and categories of one test definition. */
    record Definition(String className, List<String> categories) {
    }

    private final Map<String, Definition> tests = new HashMap<>();
    private final Map<String, String> lists = new HashMap<>();
    private boolean overflowed;

    /** Reads a whole document, from before its root element to its end, and checks it is a TRX TestRun. */
    static TrxDefinitions read(XmlCursor cursor) throws XMLStreamException, ReportParseException {
        TrxDefinitions definitions = new TrxDefinitions();
        TrxDocument.toTestRun(cursor);
        while (cursor.nextChild()) {
            switch (cursor.localName()) {
                case "TestDefinitions" -> definitions.readDefinitions(cursor);
                case "TestLists" -> definitions.readLists(cursor);
                default -> cursor.skipElement(); // Results (second pass), Times, TestSettings, ResultSummary...
            }
        }
        cursor.toEndOfDocument();
        return definitions;
    }

    Definition test(String testId) {
        return testId == null ? null : tests.get(testId);
    }

    /** The name of a user-made test list, or null for the built-in ones and unknown ids. */
    String list(String testListId) {
        return testListId == null ? null : lists.get(testListId);
    }

    boolean overflowed() {
        return overflowed;
    }

    private void readDefinitions(XmlCursor cursor) throws XMLStreamException, ReportParseException {
        while (cursor.nextChild()) {
            if ("UnitTest".equals(cursor.localName())) {
                readUnitTest(cursor);
            } else {
                cursor.skipElement(); // OrderedTest, GenericTest, ...
            }
        }
    }

    private void readUnitTest(XmlCursor cursor) throws XMLStreamException, ReportParseException {
        String id = cursor.attribute("id");
        String className = null;
        List<String> categories = new ArrayList<>();
        while (cursor.nextChild()) {
            switch (cursor.localName()) {
                case "TestMethod" -> {
                    className = cursor.attribute("className");
                    cursor.skipElement();
                }
                case "TestCategory" -> readCategories(cursor, categories);
                default -> cursor.skipElement(); // Execution, Properties, Owners, ...
            }
        }
        if (id == null) {
            return;
        }
        if (tests.size() >= MAX_TRACKED && !tests.containsKey(id)) {
            overflowed = true;
            return;
        }
        tests.put(id, new Definition(blankToNull(className), List.copyOf(categories)));
    }

    private static void readCategories(XmlCursor cursor, List<String> categories)
            throws XMLStreamException, ReportParseException {
        while (cursor.nextChild()) {
            String category = "TestCategoryItem".equals(cursor.localName()) ? cursor.attribute("TestCategory") : null;
            cursor.skipElement();
            if (category != null && !category.isBlank() && categories.size() < MAX_TAGS) {
                categories.add(Utf8.truncate(category.strip(), MAX_TAG_BYTES));
            }
        }
    }

    private void readLists(XmlCursor cursor) throws XMLStreamException, ReportParseException {
        while (cursor.nextChild()) {
            String name = "TestList".equals(cursor.localName()) ? cursor.attribute("name") : null;
            String id = cursor.attribute("id");
            cursor.skipElement();
            if (name != null && id != null && !name.isBlank() && !BUILT_IN_LISTS.contains(name) && lists.size() < MAX_TAGS) {
                lists.put(id, Utf8.truncate(name.strip(), MAX_TAG_BYTES));
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
