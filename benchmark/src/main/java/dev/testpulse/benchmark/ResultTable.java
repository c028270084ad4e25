package dev.testpulse.benchmark;

import java.util.ArrayList;
import java.util.List;

/** The one table a run prints: each figure next to the ceiling (or target) it is measured against, and their ratio. */
final class ResultTable {

    private record Row(String figure, String value, String ceiling, String ratio) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** A figure against a ceiling in the same unit; the ratio is figure / ceiling. */
    void add(String figure, double value, String unit, String ceilingName, double ceiling) {
        rows.add(new Row(figure, format(value) + " " + unit, ceilingName + " " + format(ceiling) + " " + unit,
                ceiling > 0 ? "%.2f×".formatted(value / ceiling) : "—"));
    }

    /** A figure with no ceiling, only context. */
    void note(String figure, String value, String context) {
        rows.add(new Row(figure, value, context, "—"));
    }

    /** The table as Markdown, so a run pastes straight into docs/benchmarks.md. */
    String markdown() {
        StringBuilder out = new StringBuilder("| figure | measured | ceiling / target | ratio |\n|---|---:|---|---:|\n");
        rows.forEach(row -> out.append("| ").append(row.figure()).append(" | ").append(row.value()).append(" | ")
                .append(row.ceiling()).append(" | ").append(row.ratio()).append(" |\n"));
        return out.toString();
    }

    static String format(double value) {
        return value >= 100 ? "%,.0f".formatted(value) : "%.2f".formatted(value);
    }
}
