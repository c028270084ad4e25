package dev.testpulse.ingest.report;

/**
 * A report could not be read: malformed, unsafe or not the expected format.
 * Carries the position of the problem so the uploader can be told where to look.
 */
public class ReportParseException extends Exception {

    private final String reason;
    private final int line;
    private final int column;
    private final String fileName;

    /**
     * @param reason   what is wrong, without position
     * @param fileName name of the report as uploaded, or null
     * @param line     1-based line of the problem, -1 when unknown
     * @param column   1-based column of the problem, -1 when unknown
     * @param cause    underlying parser error, or null
     */
    public ReportParseException(String reason, String fileName, int line, int column, Throwable cause) {
        super(describe(reason, fileName, line, column), cause);
        this.reason = reason;
        this.fileName = fileName;
        this.line = line;
        this.column = column;
    }

    public ReportParseException(String reason, String fileName) {
        this(reason, fileName, -1, -1, null);
    }

    /** What is wrong, without the position prefix of {@link #getMessage()}. */
    public String getReason() {
        return reason;
    }

    public int getLine() {
        return line;
    }

    public int getColumn() {
        return column;
    }

    /** Name of the report as uploaded, or null when the caller did not give one. */
    public String getFileName() {
        return fileName;
    }

    private static String describe(String reason, String fileName, int line, int column) {
        StringBuilder where = new StringBuilder(fileName == null ? "report" : fileName);
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) {
                where.append(':').append(column);
            }
        }
        return where + ": " + reason;
    }
}
