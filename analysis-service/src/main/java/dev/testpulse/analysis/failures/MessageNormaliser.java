package dev.testpulse.analysis.failures;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a failure message to the part that names its cause, so that two failures with the same cause but different
 * run details (ids, ports, temp dirs, times) normalise to the same text.
 *
 * <p>Only the first non-blank line is kept (ANSI colour codes removed first). Run-specific details become placeholders:
 * <ul>
 *   <li>{@code <str>} a quoted value: {@code '…'}, {@code "…"}, {@code `…`}, {@code «…»}, {@code “…”}, {@code ‘…’},
 *       and JUnit/Hamcrest angle values such as {@code expected: <42>} (but {@code <null>}, {@code <true>} and
 *       {@code <false>} are kept: they usually are the cause). A quoted <em>identifier</em> is kept with its quotes,
 *       because it names the cause (Python's {@code KeyError: 'user_id'}, JS's {@code reading 'id'}, a bean, a column,
 *       a host): no digits, at most 64 characters, and shaped like a name — starting lower-case or with {@code _}/{@code $}
 *       ({@code user_id}, {@code orderService}, {@code api.github.com}), {@code UPPER_CASE} ({@code ENOENT}), or
 *       PascalCase with a second part ({@code OrderService}). A capitalised plain word ({@code "Hello"}) is taken for
 *       data, and so is an assigned one ({@code host='localhost'});</li>
 *   <li>{@code ?<query>} a URL's query string and fragment (scheme, host and path shape are kept; credentials dropped);</li>
 *   <li>{@code <path>} a temporary path: {@code /tmp/…}, {@code /var/tmp/…}, {@code /var/folders/…},
 *       {@code C:\Users\…\AppData\Local\Temp\…}, {@code C:\Windows\Temp\…}, {@code %TEMP%…} and the GitHub Actions
 *       runner's {@code _temp} ({@code /home/runner/work/_temp/…}, {@code D:\a\_temp\…});</li>
 *   <li>{@code <uuid>} a UUID;</li>
 *   <li>{@code <time>} a date, timestamp, clock time or duration ({@code 2026-11-24T10:15:30Z}, {@code 10:15:30.123},
 *       {@code 30000 ms}, {@code 1.5s}, {@code 1m30s}, {@code PT30S}, {@code 9 minutes});</li>
 *   <li>{@code <host:port>} an address with a port: {@code 127.0.0.1:43121}, {@code [::1]:8080}, {@code localhost:5432},
 *       {@code db.example.com:5432} and Node's unbracketed {@code ::1:5432};</li>
 *   <li>{@code <ip>} an IPv4 or IPv6 address without a port;</li>
 *   <li>{@code <hex>} a {@code 0x…} value, a Java identity hash ({@code Foo@1b6d3586} becomes {@code Foo@<hex>}) or a
 *       hex string of 7+ characters mixing digits and letters (commit shas, object ids);</li>
 *   <li>{@code <n>} any other number (integer, decimal, negative, version, line number). Digits inside a word are part
 *       of an identifier and kept: {@code utf8}, {@code base64}, {@code http2}, {@code ipv4}, {@code S3}, {@code e2e}.</li>
 * </ul>
 * Kept as they are, before any of that: HTTP statuses (a number 100–599 on a line that says {@code status}, {@code HTTP}
 * or {@code response}, or followed by a reason such as {@code 404 Not Found} or {@code 500 Server Error}) and error
 * codes ({@code [Errno 111]}, {@code errno 2}, {@code SQLSTATE 23505}, {@code ORA-00942}, {@code HRESULT 0x80070005}):
 * a different number there is a different cause.
 * Single-label hosts such as {@code postgres:5432} keep their name (a stable service name) and only lose the port
 * number. Whitespace is collapsed and the result capped at {@value #MAX_LENGTH} characters.
 */
public final class MessageNormaliser {

    /** The longest normalised message; longer ones are cut, never inside a surrogate pair. */
    public static final int MAX_LENGTH = 500;

    /** Bounds the regex work on pathological single-line messages (minified JSON, base64 blobs). */
    private static final int MAX_SCANNED = 4_000;

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Pattern WHITESPACE = compile("\\s+");
    private static final Pattern BLANK = compile("\\s*");
    private static final Pattern URL = compile(
            "\\b([a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^\\s/@'\"<>]+@)?([^\\s/?#'\"<>]+)([^\\s?#'\"<>]*)(?:[?#][^\\s'\"<>)]*)?");
    private static final Pattern PORT_SUFFIX = Pattern.compile(":\\d{1,5}$");

    /** Source files whose {@code :line} must not be mistaken for a dotted host with a port. */
    private static final String SOURCE_EXTENSIONS =
            "java|kt|kts|scala|groovy|py|js|mjs|cjs|jsx|ts|tsx|go|cs|fs|vb|rb|rs|c|cc|cpp|h|hpp|swift|php|feature";
    private static final String HEX = "[0-9a-fA-F]";
    private static final String IPV4 = "\\d{1,3}(?:\\.\\d{1,3}){3}";
    private static final String IPV6_COMPRESSED =
            "(?=[0-9a-fA-F:]*[0-9a-fA-F])(?:" + HEX + "{1,4}(?::" + HEX + "{1,4}){0,6})?::(?:" + HEX + "{1,4}(?::" + HEX
                    + "{1,4}){0,6})?";
    private static final String IPV6_FULL = "(?:" + HEX + "{1,4}:){7}" + HEX + "{1,4}";
    private static final String IPV6 = "(?:" + IPV6_FULL + "|" + IPV6_COMPRESSED + ")(?:%\\w+)?";
    private static final String DURATION_UNIT = "(?:ns|us|\u00B5s|ms|h|m|s)";

    /**
     * A kept status or code stands in the text as a private-use character pair around one letter until the end, so
     * that no rule below can take it for a number; private-use characters are neither word characters nor quotes.
     */
    private static final char KEPT_OPEN = '\uE000';
    private static final char KEPT_CLOSE = '\uE001';
    private static final String KEPT = KEPT_OPEN + "[a-z]" + KEPT_CLOSE;
    private static final int MAX_KEPT = 26;
    private static final Pattern KEPT_TOKEN = Pattern.compile(KEPT);
    private static final Pattern MENTIONS_STATUS = compile("(?i)\\b(?:status|https?|response)\\b");
    private static final Pattern STATUS = compile("(?<![\\w.\\-])[1-5]\\d\\d(?![\\w.])");
    private static final Pattern STATUS_WITH_REASON = compile("(?<![\\w.\\-])[1-5]\\d\\d(?= \"?(?:OK|Created|Accepted|No Content|"
            + "Moved|Found|Not Modified|Bad Request|Unauthorized|Forbidden|Not Found|Method Not Allowed|Conflict|Gone|"
            + "Unprocessable|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout|"
            + "Client Error|Server Error)\\b)");
    private static final Pattern ERROR_CODE = compile("(?i)(?:\\[errno -?\\d+]|\\berrno[ =:]+-?\\d+|\\bsqlstate[ =:\\[]*\\w{5}]?"
            + "|(?-i:\\b[A-Z]{2,5}-\\d{3,5}\\b)|\\bhresult[ =:]*0x\\p{XDigit}{8}\\b)");
    /** A quoted text that names something: see the class comment. */
    private static final Pattern IDENTIFIER = compile(
            "(?=[^\\d]{1,64}$)(?:[\\p{Ll}_$][\\p{L}_$.\\-]*|\\p{Lu}[\\p{Lu}_]+|\\p{Lu}\\p{Ll}+(?:\\p{Lu}|[._$]\\p{L})[\\p{L}_$.]*)");

    /**
     * Applied top to bottom. The order is the point: quoted values and URLs are taken whole before their insides could
     * be picked apart, UUIDs and times before the hex and IPv6 rules that would split them, addresses before numbers,
     * and numbers come last as the catch-all for digits nobody else claimed. No rule repeats a group without bound:
     * Java matches group repetitions recursively, and a long run such as "a:a:a:…" would overflow the stack.
     */
    private static final List<Rule> RULES = List.of(
            // Quoted values. JUnit and Hamcrest quote with <…>, told apart from generics by what precedes the "<".
            rule("(?<![^\\s:(\\[,=])<(?!(?:null|true|false|" + KEPT + ")>)(?![\\s/])[^<>]*(?<!\\s)>(?=$|[\\s,;)\\]])", "<str>"),
            quoted("\".*?(?<!\\\\)\""),
            // An apostrophe inside a word (don't, it's) neither opens nor closes a quote.
            quoted("(?<!\\w)'.*?'(?!\\w)"),
            quoted("`[^`]*`|«[^»]*»|“[^”]*”|‘[^’]*’"),
            new Rule(URL, MessageNormaliser::url),
            // Temporary directories get a fresh random name per run.
            rule("(?<![\\w.])(?:/private)?/(?:tmp|var/tmp|var/folders|home/runner/work/_temp)/[^\\s,;:)\\]]*", "<path>"),
            rule("(?i)\\b[a-z]:\\\\(?:Users\\\\[^\\\\\\s]+\\\\AppData\\\\Local\\\\Temp|Windows\\\\Temp|a\\\\_temp)\\b[^\\s,;:)\\]]*",
                    "<path>"),
            rule("(?i)%(?:TEMP|TMP)%[^\\s,;:)\\]]*", "<path>"),
            rule("\\b" + HEX + "{8}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{12}\\b", "<uuid>"),
            // Dates, clock times and durations, including Go's 1m30s and java.time's PT30S.
            rule("\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)?(?:Z|[+-]\\d{2}:?\\d{2})?\\b", "<time>"),
            rule("\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b", "<time>"),
            rule("\\bP(?:\\d+[YMWD]){0,4}T(?:\\d+(?:\\.\\d+)?[HMS]){1,3}\\b", "<time>"),
            rule("(?<![\\w.])(?:\\d+(?:\\.\\d+)?" + DURATION_UNIT + "){1,5}(?!\\w)", "<time>"),
            rule("(?<![\\w.])\\d+(?:\\.\\d+)?\\s(?:ms|millis|milliseconds?|s|secs?|seconds?|mins?|minutes?|hours?)\\b", "<time>"),
            // Foo.java:88 is a line number, not a host and port.
            rule("(?<=\\.(?:" + SOURCE_EXTENSIONS + ")):\\d+\\b", ":<n>"),
            rule("\\[" + IPV6 + "]:\\d{1,5}\\b", "<host:port>"),
            // Node prints a refused IPv6 loopback connection unbracketed: "ECONNREFUSED ::1:5432".
            rule("(?<![\\w:])::1:\\d{1,5}\\b", "<host:port>"),
            rule("(?i)\\b(?:" + IPV4 + "|localhost|[a-z][\\w-]*\\.[\\w.-]*[\\w-]):\\d{1,5}\\b", "<host:port>"),
            rule("\\[" + IPV6 + "]", "<ip>"),
            rule("(?<![\\w:.])" + IPV6 + "(?![\\w:])", "<ip>"),
            rule("\\b" + IPV4 + "\\b", "<ip>"),
            // Identity hashes before 0x values: in Foo$$Lambda/0x…@5e9f23b4 the "@" must still follow a word.
            rule("(?<=[\\w$;\\]])@" + HEX + "{1,16}(?![\\w.-])", "@<hex>"),
            rule("\\b0[xX]" + HEX + "+\\b", "<hex>"),
            // Hex needs a digit and a letter: plain digits are numbers and words like "defaced" are words.
            rule("\\b(?=" + HEX + "*\\d)(?=" + HEX + "*[a-fA-F])" + HEX + "{7,}\\b", "<hex>"),
            // A digit glued to a letter or underscore belongs to an identifier (utf8, S3, e2e, test_42).
            rule("(?<![\\w.])-?(?:\\d[\\d.]*\\d|\\d)(?:[eE][+-]?\\d+)?(?!\\w)", "<n>"));

    private MessageNormaliser() {
    }

    /** The message reduced to its cause; the empty string for a null or blank message. */
    public static String normalise(String message) {
        String line = firstLine(message);
        if (line.length() > MAX_SCANNED) {
            line = line.substring(0, MAX_SCANNED);
        }
        List<String> kept = new ArrayList<>();
        line = keep(ERROR_CODE, line, kept);
        line = keep(STATUS_WITH_REASON, line, kept);
        if (MENTIONS_STATUS.matcher(line).find()) {
            line = keep(STATUS, line, kept);
        }
        for (Rule rule : RULES) {
            line = rule.apply(line);
        }
        line = KEPT_TOKEN.matcher(line).replaceAll(token -> Matcher.quoteReplacement(kept.get(token.group().charAt(1) - 'a')));
        return cap(WHITESPACE.matcher(line).replaceAll(" ").trim());
    }

    /** Replaces each match by a placeholder that the rules leave alone, remembering the text (at most 26 in all). */
    private static String keep(Pattern pattern, String line, List<String> kept) {
        return pattern.matcher(line).replaceAll(match -> {
            if (kept.size() == MAX_KEPT) {
                return Matcher.quoteReplacement(match.group());
            }
            kept.add(match.group());
            return KEPT_OPEN + String.valueOf((char) ('a' + kept.size() - 1)) + KEPT_CLOSE;
        });
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        // Colour codes are stripped first so that a line holding nothing else counts as blank, and blank means the
        // same as for whitespace collapsing (String.isBlank would take a no-break space for text).
        String plain = ANSI_ESCAPE.matcher(message).replaceAll("");
        return plain.lines().filter(line -> !BLANK.matcher(line).matches()).findFirst().orElse("");
    }

    /** Keeps scheme, host and path; the port goes with the host, and query and fragment vary per run. */
    private static String url(MatchResult match) {
        String authority = match.group(2);
        if (PORT_SUFFIX.matcher(authority).find()) {
            authority = "<host:port>";
        }
        boolean hasQuery = match.end() > match.end(3);
        return match.group(1) + authority + match.group(3) + (hasQuery ? "?<query>" : "");
    }

    private static String cap(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return text.substring(0, end).trim();
    }

    private static Pattern compile(String regex) {
        // Unicode classes so that \w and \b treat non-ASCII letters as letters: "тест5" is an identifier too.
        return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    /**
     * A quoted value becomes {@code <str>} unless what it quotes is an identifier and it is not assigned
     * ({@code host='localhost'} is a value, as {@code host='127.0.0.1'} is).
     */
    private static Rule quoted(String regex) {
        return new Rule(compile("(=?)(?:" + regex + ")"), match -> {
            String text = match.group().substring(match.group(1).length());
            String inside = text.substring(1, text.length() - 1);
            return match.group(1) + (match.group(1).isEmpty() && IDENTIFIER.matcher(inside).matches() ? text : "<str>");
        });
    }

    private static Rule rule(String regex, String replacement) {
        return new Rule(compile(regex), match -> replacement);
    }

    /** One step of the normalisation: every match of the pattern is replaced by what the function makes of it. */
    private record Rule(Pattern pattern, Function<MatchResult, String> replacement) {

        String apply(String text) {
            Matcher matcher = pattern.matcher(text);
            return matcher.replaceAll(match -> Matcher.quoteReplacement(replacement.apply(match)));
        }
    }
}
