package dev.testpulse.analysis.structure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The methods and constructors of one Java source with their length in lines, read well enough for a structure
 * test: comments, strings, character literals and text blocks are blanked first (their braces count for nothing),
 * then every brace is classified by what precedes it. A body opened directly in a type body after a parameter list
 * (or a record's compact constructor) is a method; lambdas, anonymous classes and nested blocks belong to the method
 * around them.
 */
final class JavaMethods {

    /** A method from its declaration's line to its closing brace; {@code justified} when a comment says why it is long. */
    record Method(String name, int firstLine, int lastLine, boolean justified) {
        int lines() {
            return lastLine - firstLine + 1;
        }
    }

    /** The comment that lets a method be long: {@code // Long: why} right above it or in its Javadoc. */
    static final Pattern JUSTIFICATION = Pattern.compile("^\\s*(//|\\*|/\\*\\*)\\s*Long:\\s*\\S");
    private static final Pattern ANNOTATION = Pattern.compile("@\\w+(\\.\\w+)*(\\s*\\([^()]*(\\([^()]*\\)[^()]*)*\\))?");
    private static final Pattern TYPE_HEADER = Pattern.compile("(^|\\s)(class|interface|enum)\\s+\\w+");
    private static final Pattern RECORD_HEADER = Pattern.compile("(^|\\s)record\\s+\\w+\\s*(<[^>]*>)?\\s*\\(");
    private static final Pattern METHOD_HEADER = Pattern.compile("(\\)\\s*(throws\\s+[\\w.,\\s]+)?|^[\\w\\s]*\\b[A-Z]\\w*)$");

    private enum Brace { TYPE, METHOD, BLOCK }

    private JavaMethods() {
    }

    static List<Method> of(String source) {
        String code = blank(source);
        String[] original = source.split("\n", -1);
        List<Method> methods = new ArrayList<>();
        Deque<Brace> open = new ArrayDeque<>();
        Deque<int[]> starts = new ArrayDeque<>();
        int headerFrom = 0;
        int line = 1;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '{') {
                String header = code.substring(headerFrom, i).strip();
                Brace kind = classify(header, open.peek());
                open.push(kind);
                if (kind == Brace.METHOD) {
                    int first = declarationLine(code, headerFrom, i, line);
                    starts.push(new int[] {first, headerFrom, i});
                }
                headerFrom = i + 1;
            } else if (c == '}') {
                Brace closed = open.poll();
                if (closed == Brace.METHOD && !starts.isEmpty()) {
                    int[] start = starts.pop();
                    methods.add(new Method(name(code, start[1], start[2]), start[0], line, justified(original, start[0])));
                }
                headerFrom = i + 1;
            } else if (c == ';') {
                headerFrom = i + 1;
            }
        }
        return methods;
    }

    private static Brace classify(String header, Brace enclosing) {
        String bare = ANNOTATION.matcher(header).replaceAll(" ").strip();
        if (TYPE_HEADER.matcher(bare).find() || RECORD_HEADER.matcher(bare).find()) {
            return Brace.TYPE;
        }
        boolean member = enclosing == Brace.TYPE && !bare.isEmpty() && !bare.contains("=") && !bare.startsWith("new ");
        return member && METHOD_HEADER.matcher(bare).find() ? Brace.METHOD : Brace.BLOCK;
    }

    /** The line of the declaration's name (annotations and Javadoc above it do not count). */
    private static int declarationLine(String code, int headerFrom, int brace, int braceLine) {
        int at = parameterListStart(code, headerFrom, brace);
        int lines = 0;
        for (int i = at; i < brace; i++) {
            if (code.charAt(i) == '\n') {
                lines++;
            }
        }
        return braceLine - lines;
    }

    /** The opening parenthesis of the parameter list before {@code brace}, or the brace itself (compact constructor). */
    private static int parameterListStart(String code, int headerFrom, int brace) {
        int close = code.lastIndexOf(')', brace);
        if (close < headerFrom) {
            return brace;
        }
        int depth = 0;
        for (int i = close; i >= headerFrom; i--) {
            char c = code.charAt(i);
            depth += c == ')' ? 1 : c == '(' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return brace;
    }

    private static String name(String code, int headerFrom, int brace) {
        int end = parameterListStart(code, headerFrom, brace);
        int to = end;
        while (to > 0 && Character.isWhitespace(code.charAt(to - 1))) {
            to--;
        }
        int from = to;
        while (from > 0 && Character.isJavaIdentifierPart(code.charAt(from - 1))) {
            from--;
        }
        return code.substring(from, to);
    }

    private static boolean justified(String[] lines, int firstLine) {
        for (int i = firstLine - 2; i >= 0 && i >= firstLine - 12; i--) {
            String text = lines[i].strip();
            if (JUSTIFICATION.matcher(lines[i]).find()) {
                return true;
            }
            boolean commentOrAnnotation = text.startsWith("//") || text.startsWith("*") || text.startsWith("/*") || text.startsWith("@");
            if (!commentOrAnnotation) {
                return false;
            }
        }
        return false;
    }

    /** The source with comments, strings, characters and text blocks replaced by spaces, newlines kept. */
    static String blank(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            int end = skipped(source, i);
            if (end == i) {
                out.append(source.charAt(i));
                i++;
            } else {
                for (int k = i; k < end; k++) {
                    out.append(source.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            }
        }
        return out.toString();
    }

    /** Where a comment or literal starting at {@code i} ends, or {@code i} when none starts there. */
    private static int skipped(String s, int i) {
        if (s.startsWith("//", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (s.startsWith("\"\"\"", i)) {
            int k = i + 3;
            while (k < s.length() && !s.startsWith("\"\"\"", k)) {
                k += s.charAt(k) == '\\' ? 2 : 1;
            }
            return Math.min(s.length(), k + 3);
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            int k = i + 1;
            while (k < s.length() && s.charAt(k) != c && s.charAt(k) != '\n') {
                k += s.charAt(k) == '\\' ? 2 : 1;
            }
            return Math.min(s.length(), k + 1);
        }
        return i;
    }
}
