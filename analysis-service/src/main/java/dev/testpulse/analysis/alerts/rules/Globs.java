package dev.testpulse.analysis.alerts.rules;

/**
 * Shell-style globs for suite and test names: {@code *} any run of characters, {@code ?} one character. Matched
 * without regular expressions: the glob is cut at its stars and each piece is found at its leftmost place after the
 * previous one, which is always right for globs and never backtracks, so a hostile glob like {@code *a*a*a…*b} costs
 * at most (glob length × name length) character comparisons, never exponential time.
 */
public final class Globs {

    /** The longest glob a rule or silence may hold (longer ones are refused with 422). */
    static final int MAX_LENGTH = 200;

    private Globs() {
    }

    /** A null glob matches everything. */
    public static boolean matches(String glob, String value) {
        if (glob == null) {
            return true;
        }
        String name = value == null ? "" : value;
        int star = glob.indexOf('*');
        if (star < 0) {
            return glob.length() == name.length() && piece(glob, 0, glob.length(), name, 0);
        }
        int lastStar = glob.lastIndexOf('*');
        int suffixLength = glob.length() - lastStar - 1;
        if (star + suffixLength > name.length() || !piece(glob, 0, star, name, 0)
                || !piece(glob, lastStar + 1, glob.length(), name, name.length() - suffixLength)) {
            return false;
        }
        return middle(glob, star, lastStar, name, name.length() - suffixLength);
    }

    /** Whether the pieces between the first star and the last are found in order in name[first star, limit). */
    private static boolean middle(String glob, int star, int lastStar, String name, int limit) {
        int from = star;
        int start = star + 1;
        while (start < lastStar) {
            int end = glob.indexOf('*', start);
            if (end > start) {
                int at = find(glob, start, end, name, from, limit);
                if (at < 0) {
                    return false;
                }
                from = at + (end - start);
            }
            start = end + 1;
        }
        return true;
    }

    /**
     * The same glob as a PostgreSQL {@code LIKE} pattern with escape character {@code \\} (null for null: no filter),
     * for queries that must match in the database what {@link #matches} matches in Java. PostgreSQL's LIKE also never
     * backtracks exponentially on repeated {@code %}.
     */
    public static String like(String glob) {
        if (glob == null) {
            return null;
        }
        StringBuilder pattern = new StringBuilder(glob.length() + 8);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> pattern.append('%');
                case '?' -> pattern.append('_');
                case '%', '_', '\\' -> pattern.append('\\').append(c);
                default -> pattern.append(c);
            }
        }
        return pattern.toString();
    }

    /** Whether glob[start, end) (no stars) matches the name at {@code at}. */
    private static boolean piece(String glob, int start, int end, String name, int at) {
        for (int i = start; i < end; i++) {
            char c = glob.charAt(i);
            if (c != '?' && c != name.charAt(at + i - start)) {
                return false;
            }
        }
        return true;
    }

    /** The leftmost place in name[from, limit) where glob[start, end) matches, or -1. */
    private static int find(String glob, int start, int end, String name, int from, int limit) {
        for (int at = from; at + (end - start) <= limit; at++) {
            if (piece(glob, start, end, name, at)) {
                return at;
            }
        }
        return -1;
    }
}
