package dev.testpulse.analysis.owners;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;

/**
 * Parses and renders CODEOWNERS text: one rule a line, {@code pattern owner...}, {@code #} comments, blank lines
 * ignored, {@code \#} and {@code \ } for a literal '#' or space in a pattern. GitHub's own limits are kept: no
 * {@code !} negation and no {@code [ ]} ranges (GitHub rejects those lines too), so a file means the same here and
 * there. Every refusal is a 422 naming the line; a file over {@link #MAX_BYTES} is a 413.
 */
public final class OwnersFile {

    /** Far above any real CODEOWNERS file, and small enough that every outcome can be matched against all of it. */
    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_RULES = 2000;
    public static final int MAX_PATTERN = 200;
    /** Bounds the regular expression a pattern becomes, so matching stays cheap however the stars are placed. */
    public static final int MAX_STARS = 8;
    public static final int MAX_OWNERS = 50;

    // @user, @org/team, or an e-mail address, as GitHub accepts them; never a control character or a space
    private static final Pattern OWNER = Pattern.compile("@[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?"
            + "|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}");

    private OwnersFile() {
    }

    public static List<OwnerRule> parse(String text) {
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw tooLarge();
        }
        List<OwnerRule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            List<String> fields = fields(lines[i], lineNumber);
            if (fields.isEmpty()) {
                continue;
            }
            rules.add(rule("line " + lineNumber, lineNumber, fields.get(0), fields.subList(1, fields.size())));
        }
        if (rules.size() > MAX_RULES) {
            throw invalid("file", "at most " + MAX_RULES + " rules, got " + rules.size());
        }
        return List.copyOf(rules);
    }

    /** Validates the JSON form's rules, naming {@code rules[i]} in any refusal; their lines are their positions. */
    public static List<OwnerRule> rules(List<OwnerRule> given) {
        if (given == null) {
            throw invalid("rules", "send {\"rules\": [{\"pattern\": \"...\", \"owners\": [\"@org/team\"]}]}");
        }
        if (given.size() > MAX_RULES) {
            throw invalid("rules", "at most " + MAX_RULES + " rules, got " + given.size());
        }
        List<OwnerRule> rules = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            OwnerRule rule = given.get(i);
            if (rule == null) {
                throw invalid("rules[" + i + "]", "a rule may not be null");
            }
            rules.add(rule("rules[" + i + "]", i + 1, rule.pattern(), rule.owners() == null ? List.of() : rule.owners()));
        }
        return List.copyOf(rules);
    }

    /** Validates one rule, naming {@code where} (a file line or a JSON position) in any refusal. */
    private static OwnerRule rule(String where, int line, String pattern, List<String> owners) {
        checkPattern(where, pattern);
        checkOwners(where, owners);
        return new OwnerRule(line, pattern, List.copyOf(owners));
    }

    private static void checkPattern(String where, String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw invalid(where, "a rule needs a pattern");
        }
        if (pattern.length() > MAX_PATTERN) {
            throw invalid(where, "the pattern is longer than " + MAX_PATTERN + " characters");
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid(where, "the pattern holds a control character (U+" + String.format("%04X", (int) c) + ")");
            }
        }
        if (pattern.startsWith("!")) {
            throw invalid(where, "'!' negation is not supported in CODEOWNERS; write a later rule without owners instead");
        }
        if (pattern.indexOf('[') >= 0 || pattern.indexOf(']') >= 0) {
            throw invalid(where, "'[ ]' character ranges are not supported in CODEOWNERS patterns");
        }
        if (pattern.chars().filter(c -> c == '*').count() > MAX_STARS) {
            throw invalid(where, "the pattern has more than " + MAX_STARS + " '*'");
        }
    }

    private static void checkOwners(String where, List<String> owners) {
        if (owners == null || owners.size() > MAX_OWNERS) {
            throw invalid(where, "a rule names at most " + MAX_OWNERS + " owners");
        }
        for (String owner : owners) {
            if (owner == null || !OWNER.matcher(owner).matches()) {
                throw invalid(where, "owner '" + printable(owner) + "' is not @user, @org/team or an e-mail address");
            }
        }
    }

    /** The rules as CODEOWNERS text (how JSON uploads are stored, so both forms read back the same). */
    public static String render(List<OwnerRule> rules) {
        StringBuilder text = new StringBuilder();
        for (OwnerRule rule : rules) {
            text.append(rule.pattern().replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#"));
            rule.owners().forEach(owner -> text.append(' ').append(owner));
            text.append('\n');
        }
        return text.toString();
    }

    /** Splits a line into pattern and owners, dropping a comment; unescapes {@code \#}, {@code \ } and {@code \\}. */
    private static List<String> fields(String line, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '#' || line.charAt(i + 1) == ' ' || line.charAt(i + 1) == '\\')) {
                field.append(line.charAt(++i));
            } else if (c == '#') {
                break;
            } else if (c == ' ' || c == '\t') {
                if (!field.isEmpty()) {
                    fields.add(field.toString());
                    field.setLength(0);
                }
            } else if (Character.isISOControl(c)) {
                throw invalid("line " + lineNumber, "the line holds a control character (U+" + String.format("%04X", (int) c) + ")");
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty()) {
            fields.add(field.toString());
        }
        return fields;
    }

    private static String printable(String value) {
        return value == null ? "null" : value.codePoints()
                .collect(StringBuilder::new, (b, c) -> b.append(Character.isISOControl(c) ? "\\u" + String.format("%04X", c) : Character.toString(c)),
                        StringBuilder::append).toString();
    }

    static ProblemException invalid(String where, String detail) {
        return new ProblemException(Problem.of("invalid-owners", "Invalid owners", 422, where + ": " + detail));
    }

    public static ProblemException tooLarge() {
        return new ProblemException(Problem.of("owners-too-large", "Owners file too large", 413,
                "a CODEOWNERS file may hold at most " + MAX_BYTES + " bytes"));
    }
}
