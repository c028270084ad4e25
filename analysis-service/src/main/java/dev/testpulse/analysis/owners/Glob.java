package dev.testpulse.analysis.owners;

import java.util.ArrayList;
import java.util.List;

/**
 * A CODEOWNERS (gitignore-style) pattern as a nondeterministic automaton, matched without regular expressions: the
 * set of live states advances one character at a time, so matching costs (pattern length × path length) whatever the
 * pattern, where a backtracking regex of {@code [^/]*} runs is polynomial of the star count's degree.
 */
final class Glob {

    private enum Kind {
        /** one given character */
        LITERAL,
        /** {@code ?}: one character but '/' */
        ONE,
        /** {@code *}: any run of characters but '/' */
        STAR,
        /** {@code **} or the end of a directory match: any run of characters */
        ANY,
        /** {@code **}{@code /} or an unanchored start: nothing, or any run ending in '/' */
        DIRS,
        /** after the pattern: nothing, or '/' and anything (the next token is ANY, skipped with this one) */
        SUBTREE
    }

    private record Token(Kind kind, char c) {
    }

    private final Token[] tokens;

    private Glob(List<Token> tokens) {
        this.tokens = tokens.toArray(Token[]::new);
    }

    static Glob compile(String pattern) {
        String body = pattern;
        boolean directory = body.endsWith("/");
        if (directory) {
            body = body.substring(0, body.length() - 1);
        }
        // gitignore: a '/' at the start or in the middle anchors the pattern at the root
        boolean anchored = body.startsWith("/") || body.indexOf('/', 1) > 0 && !body.startsWith("**/");
        if (body.startsWith("/")) {
            body = body.substring(1);
        }
        List<Token> tokens = new ArrayList<>();
        if (!anchored) {
            tokens.add(new Token(Kind.DIRS, '\0'));
        }
        addBody(tokens, body);
        addEnding(tokens, body, directory);
        return new Glob(tokens);
    }

    private static void addBody(List<Token> tokens, String body) {
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (body.startsWith("**/", i)) {
                tokens.add(new Token(Kind.DIRS, '\0'));
                i += 3;
            } else if (body.startsWith("**", i)) {
                tokens.add(new Token(Kind.ANY, '\0'));
                i += 2;
            } else {
                tokens.add(new Token(c == '*' ? Kind.STAR : c == '?' ? Kind.ONE : Kind.LITERAL, c));
                i++;
            }
        }
    }

    private static void addEnding(List<Token> tokens, String body, boolean directory) {
        if (directory) {
            // a trailing '/' matches only a directory: something must follow
            tokens.add(new Token(Kind.LITERAL, '/'));
            tokens.add(new Token(Kind.ANY, '\0'));
        } else if (!body.endsWith("*") || body.endsWith("**")) {
            // a pattern that names a directory owns everything below it; one ending in a single '*' does not
            // (GitHub: docs/* owns docs/a.md but not docs/b/c.md)
            tokens.add(new Token(Kind.SUBTREE, '\0'));
            tokens.add(new Token(Kind.ANY, '\0'));
        }
    }

    boolean matches(String path) {
        boolean[] live = new boolean[tokens.length + 1];
        live[0] = true;
        close(live);
        for (int p = 0; p < path.length(); p++) {
            live = step(live, path.charAt(p));
            if (live == null) {
                return false;
            }
        }
        return live[tokens.length];
    }

    /** The states live after reading {@code c}, or null when none is. */
    private boolean[] step(boolean[] live, char c) {
        boolean[] next = new boolean[tokens.length + 1];
        boolean any = false;
        for (int i = 0; i < tokens.length; i++) {
            if (!live[i]) {
                continue;
            }
            Token t = tokens[i];
            switch (t.kind()) {
                case LITERAL -> next[i + 1] |= c == t.c();
                case ONE -> next[i + 1] |= c != '/';
                case STAR -> next[i] |= c != '/';
                case ANY -> next[i] = true;
                case DIRS -> {
                    next[i] = true;
                    next[i + 1] |= c == '/';
                }
                case SUBTREE -> next[i + 1] |= c == '/';
            }
        }
        for (boolean b : next) {
            any |= b;
        }
        if (!any) {
            return null;
        }
        close(next);
        return next;
    }

    /** Follows the moves that consume nothing; they only go forward, so one pass reaches them all. */
    private void close(boolean[] live) {
        for (int i = 0; i < tokens.length; i++) {
            if (!live[i]) {
                continue;
            }
            switch (tokens[i].kind()) {
                case STAR, ANY, DIRS -> live[i + 1] = true;
                case SUBTREE -> live[i + 2] = true;
                default -> {
                }
            }
        }
    }
}
