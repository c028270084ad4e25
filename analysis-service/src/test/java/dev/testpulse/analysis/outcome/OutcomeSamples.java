package dev.testpulse.analysis.outcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seeded record values for comparing outcome readers: random valid outcomes with every optional field toggled, and
 * hostile variants of them (wrong types, coercible strings, duplicates, truncation, garbage, deep nesting, huge
 * strings, control characters, lone surrogates).
 */
final class OutcomeSamples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STATUSES = {"passed", "failed", "error", "skipped"};

    private final Random random;

    OutcomeSamples(long seed) {
        this.random = new Random(seed);
    }

    /** A valid outcome as a JSON tree of maps and lists, fields in a random order, optional ones present or not. */
    Map<String, Object> valid() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", "build-" + random.nextInt(1000));
        run.put("attempt", 1 + random.nextInt(3));
        maybe(run, "job", () -> text("jdk17"));
        run.put("commit", Long.toHexString(random.nextLong()));
        run.put("branch", pick("main", "feature/x", "release-1.2"));
        maybe(run, "started_at", this::instantText);
        maybe(run, "url", () -> "https://ci.example/runs/" + random.nextInt(100000));
        Map<String, Object> test = new LinkedHashMap<>();
        maybe(test, "class", () -> text("com.acme.Test"));
        test.put("name", text("name"));
        maybe(test, "file", () -> "src/test/" + text("File") + ".java");
        maybe(test, "tags", () -> random.nextInt(3) == 0 ? List.of() : List.of("critical", text("tag")));
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("schema", Outcome.SCHEMA);
        outcome.put("id", Long.toHexString(random.nextLong()));
        outcome.put("project", pick("webshop", "payments", "p-" + random.nextInt(50)));
        maybe(outcome, "pipeline", () -> "ci");
        outcome.put("run", shuffled(run));
        outcome.put("suite", text("suite"));
        outcome.put("test", shuffled(test));
        String status = pick(STATUSES);
        outcome.put("status", status);
        outcome.put("duration_ms", random.nextInt(4) == 0 ? random.nextLong() & 0xFFFFFFFFFFL : random.nextInt(60000));
        if (!status.equals("passed") || random.nextInt(10) == 0) {
            Map<String, Object> failure = new LinkedHashMap<>();
            maybe(failure, "type", () -> "java.lang.AssertionError");
            maybe(failure, "message", () -> text("expected <1> but was <2>"));
            maybe(failure, "trace", () -> text("at x.y(Z.java:1)\n\tat a.b(C.java:2)"));
            maybe(outcome, "failure", () -> shuffled(failure));
        }
        outcome.put("retry", random.nextInt(3));
        outcome.put("observed_at", instantText());
        maybe(outcome, "flaky", random::nextBoolean);
        maybe(outcome, "muted", random::nextBoolean);
        if (random.nextInt(8) == 0) {
            outcome.put("x_extra_" + random.nextInt(5), Map.of("nested", List.of(1, "two", Map.of("three", 3))));
        }
        return shuffled(outcome);
    }

    /** The JSON text of a tree. */
    static String json(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A hostile or invalid variant of a valid outcome's text (sometimes still valid: a coercible value). */
    String hostile(Map<String, Object> valid) {
        String text = json(valid);
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> json(withValue(valid, hostileValue()));
            case 3 -> text.substring(0, random.nextInt(text.length()));
            case 4 -> insert(text, pick("\"", "}", "]", ",", ":", "{", "[", "x", "\u0001", "\\", " ", "\ud800", "0"));
            case 5 -> new StringBuilder(text).deleteCharAt(random.nextInt(text.length())).toString();
            case 6 -> duplicate(text, valid);
            case 7 -> text + pick(" garbage", "}", "]", ",{}", "\u0000", "{\"schema\":1}");
            case 8 -> pick("[" + text + "]", "\"" + text.replace("\"", "\\\"") + "\"", "null", "", "   ", "1", "true", "{}",
                    "[]", "\"\"");
            case 9 -> json(withValue(valid, deep(40 + random.nextInt(40))));
            case 10 -> json(withValue(valid, "y".repeat(1024 * 1024 - 2 + random.nextInt(5))));
            default -> json(withValue(valid, pick("\ud800", "a\udc00b", "\u0000\u001f", "\u2028", "é€𝄞", "\"\\/")));
        };
    }

    private Object hostileValue() {
        return pick(null, "", " ", "  2 ", "2", "+2", "-1", "1.5", "1e3", "null", "true", "True", "tRue", "false", "FALSE",
                " true ", "0", "yes", "٣", "3000000000", "9223372036854775808", "0x10", 1.5, -1.9, 1e3, 1e20, 3000000000L,
                Long.MAX_VALUE, 0, 2, -0.0, true, false, List.of(), List.of("a"), List.of(List.of()), Map.of(),
                Map.of("id", "r"), "2026-12-06T10:00:00+01:00", "2026-12-06T10:00:00+0000", "2026-12-06T10:00:00+00",
                "2026-12-06t10:00:00z", "2026-12-06T23:59:60Z", "2026-12-06T24:00:00Z", "2026-02-29T10:00:00Z",
                "2024-02-29T10:00:00Z", "2026-12-06T10:00:00.Z", " 2026-12-06T10:00:00.5Z ", "1700000000", "-1700000000",
                "1700000000.25", ".5", "5.", "-", "1.2.3", "+1700000000", "2026-12-06T10:00Z", "0000-01-01T00:00:00Z",
                "+12026-12-06T10:00:00Z", "2026-12-06T10:00:00.1234567891Z", "2026-13-01T10:00:00Z", 1700000000,
                1700000000.123456789, -1.5, 1e300, "testpulse.outcome/v1", "passed", "PASSED", "unknown");
    }

    /** The tree with one field (at any level) replaced by a value, or a field added when the path does not exist. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withValue(Map<String, Object> outcome, Object value) {
        Map<String, Object> copy = deepCopy(outcome);
        Map<String, Object> target = copy;
        String nested = pick("", "", "run", "test", "failure");
        if (!nested.isEmpty()) {
            if (!(copy.get(nested) instanceof Map)) {
                copy.put(nested, new LinkedHashMap<>());
            }
            target = (Map<String, Object>) copy.get(nested);
        }
        List<String> names = new ArrayList<>(target.keySet());
        names.addAll(List.of("flaky", "muted", "unknown_field", "class", "tags", "attempt", "started_at", "type"));
        target.put(pick(names.toArray(String[]::new)), value);
        return copy;
    }

    /** The text with one key given again (inside the outcome or one of its objects) before or after the others. */
    private String duplicate(String text, Map<String, Object> valid) {
        List<String> names = new ArrayList<>(valid.keySet());
        String name = pick(names.toArray(String[]::new));
        String again = "\"" + name + "\":" + json(random.nextBoolean() ? valid.get(name) : hostileValue());
        if (random.nextBoolean()) {
            return "{" + again + "," + text.substring(1);
        }
        String nested = pick("\"run\":{", "\"test\":{", "\"failure\":{");
        int at = text.indexOf(nested);
        if (at >= 0 && random.nextBoolean()) {
            int close = text.indexOf('}', at);
            String inner = pick("\"id\":\"dup\"", "\"name\":\"dup\"", "\"type\":\"dup\"", "\"class\":null", "\"url\":1");
            return text.substring(0, close) + "," + inner + text.substring(close);
        }
        return text.substring(0, text.length() - 1) + "," + again + "}";
    }

    private Object deep(int depth) {
        Object value = "bottom";
        for (int i = 0; i < depth; i++) {
            value = random.nextBoolean() ? List.of(value) : Map.of("d", value);
        }
        return value;
    }

    private String insert(String text, String what) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + what + text.substring(at);
    }

    private String instantText() {
        Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
        if (random.nextInt(10) == 0) {
            return pick(instant.toString().replace("Z", "+00:00"), instant.toString().toLowerCase(),
                    String.valueOf(instant.getEpochSecond()), "2026-12-06T10:00:00.120+02:00");
        }
        return instant.toString();
    }

    private String text(String base) {
        return switch (random.nextInt(6)) {
            case 0 -> base + " é中\t\"quoted\"\\";
            case 1 -> base + "\ud83d\ude00\u0007";
            default -> base + random.nextInt(10000);
        };
    }

    private <V> void maybe(Map<String, Object> map, String key, Supplier<V> value) {
        int roll = random.nextInt(5);
        if (roll < 3) {
            map.put(key, value.get());
        } else if (roll == 3) {
            map.put(key, null);
        }
    }

    private Map<String, Object> shuffled(Map<String, Object> map) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(map.entrySet());
        Collections.shuffle(entries, random);
        Map<String, Object> result = new LinkedHashMap<>();
        entries.forEach(entry -> result.put(entry.getKey(), entry.getValue()));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> inner ? deepCopy((Map<String, Object>) inner) : value));
        return copy;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
