package dev.testpulse.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.ServiceProcess;
import dev.testpulse.faults.support.Analysis;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.HostileRequests;
import dev.testpulse.faults.support.HostileRequests.Attack;
import dev.testpulse.faults.support.HostileRequests.Service;
import dev.testpulse.faults.support.Outcomes;
import dev.testpulse.faults.support.RawHttp;
import dev.testpulse.faults.support.Uploader;

/**
 * Security, hostile input: more than 10,000 generated malformed and hostile requests ({@link HostileRequests}) against
 * every endpoint of both packaged services, from {@value #CLIENTS} clients at once. Not one answer is a 5xx, every 4xx is
 * problem+json, the outcomes topic gains exactly the outcomes of the requests answered 202 (nothing of a rejected one),
 * both heaps stay within their -Xmx, and afterwards both services are ready and still count a good upload. Then a token
 * matrix over every write and management endpoint: no token, a wrong, a revoked, another project's token, a project
 * token on the admin API, each 401 or 403 as problem+json. Seed: {@code -Dhostile.seed=N} (printed; the default is fixed
 * so CI runs are alike).
 */
class HostileInputIT {

    private static final long SEED = Long.getLong("hostile.seed", 20261130L);
    private static final int CLIENTS = 8;
    /** Ingest's body limit in this scenario: small, so oversize bodies are cheap to send. */
    private static final int MAX_BODY_MB = 4;
    private static final long MAX_HEAP_BYTES = 512L * 1024 * 1024;
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static final Path TEMP = Path.of("target/hostile-tmp-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    private static final AtomicInteger STALE_RETRIES = new AtomicInteger();
    private static FaultPair pair;
    private static String project;
    private static String token;
    private static String other;
    private static String otherToken;

    @BeforeAll
    static void startPair() {
        try {
            Files.createDirectories(TEMP.resolve("uploads"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // ingest's temporary files (spooled bodies, multipart parts) go to a directory of their own, checked at the end
        pair = FaultPair.start("hostile", Map.of("testpulse.ingest.max-body-size", MAX_BODY_MB + "M",
                "quarkus.http.limits.max-body-size", (2 * MAX_BODY_MB) + "M", "java.io.tmpdir", TEMP.toString(),
                "quarkus.http.body.uploads-directory", TEMP.resolve("uploads").toString()));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        project = "hostile-" + suffix;
        other = "bystander-" + suffix;
        token = pair.projectToken(project);
        otherToken = pair.projectToken(other);
        // analysis-service learns project tokens from the token topic: wait until it knows this one
        await().atMost(Duration.ofSeconds(30)).until(() -> withToken(token).contentType("application/json").body("{\"rate\":0.5}")
                .put(pair.analysis().url() + "/api/v1/projects/{p}/target", project).statusCode() != 401);
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void noHostileRequestGetsA5xxOrANonProblemAnswerOrPublishesAnything() throws Exception {
        Uploader uploader = new Uploader(pair.ingest().url(), token);
        uploader.postNdjson(Outcomes.ndjson(project, 0, 100));
        await().atMost(Duration.ofSeconds(60)).until(() -> Analysis.total(pair.analysis(), project) == 100);
        String ruleId = withToken(token).contentType("application/json")
                .body("{\"project\":\"%s\",\"kind\":\"rate_below\",\"below\":0.1,\"window\":\"runs:5\"}".formatted(project))
                .post(pair.analysis().url() + "/api/v1/rules").then().statusCode(201).extract().path("id");
        String adminToken = FaultPair.ADMIN_TOKEN;
        HostileRequests requests = new HostileRequests(SEED, new HostileRequests.Context(project, token, other, adminToken, ruleId));
        long recordsBefore = Analysis.records(pair.topic());

        Results results = new Results();
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    Attack attack = requests.get(i);
                    long sent = System.nanoTime();
                    Answer answer = send(attack);
                    results.record(i, attack, answer, System.nanoTime() - sent);
                }
                return null;
            }));
        }
        HeapWatch heap = HeapWatch.start();
        try {
            for (Future<?> client : running) {
                // a hang detector, not a timing assertion: on a loaded 2-core machine the run takes several minutes
                client.get(15, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
            heap.stop();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // the last 202 is acknowledged by Kafka before it is answered: the topic already holds everything accepted
        long published = Analysis.records(pair.topic()) - recordsBefore;
        System.out.printf(Locale.ROOT, "%nhostile input: seed %d, %d requests in %.1f s from %d clients; %d outcomes accepted, %d records published%n",
                SEED, requests.size(), seconds, CLIENTS, results.acceptedOutcomes.get(), published);
        results.print();
        System.out.printf(Locale.ROOT, "  sent again after a stale pooled connection: %d%n", STALE_RETRIES.get());
        System.out.printf(Locale.ROOT, "heap used at most: ingest %d MB, analysis %d MB (-Xmx 512 MB)%n",
                heap.max(Service.INGEST) / (1024 * 1024), heap.max(Service.ANALYSIS) / (1024 * 1024));

        assertThat(requests.size()).isGreaterThanOrEqualTo(10_000);
        assertThat(results.failures).as("5xx, lost answers or 4xx without problem+json (seed %d)", SEED).isEmpty();
        assertThat(published).as("records on the outcomes topic = outcomes answered 202").isEqualTo(results.acceptedOutcomes.get());
        assertThat(heap.max(Service.INGEST)).isPositive().isLessThan(MAX_HEAP_BYTES);
        assertThat(heap.max(Service.ANALYSIS)).isPositive().isLessThan(MAX_HEAP_BYTES);

        // no temporary file outlives its request, whatever the answer was
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var files = Files.walk(TEMP)) {
                assertThat(files.filter(Files::isRegularFile)
                        .filter(file -> file.toString().endsWith(".upload") || file.startsWith(TEMP.resolve("uploads"))).toList())
                        .as("temporary files left behind").isEmpty();
            }
        });

        // both still ready and still counting
        assertThat(pair.ingest().isAlive()).isTrue();
        assertThat(pair.analysis().isAlive()).isTrue();
        assertThat(pair.ingest().readiness()).isEqualTo(200);
        assertThat(pair.analysis().readiness()).isEqualTo(200);
        String bystander = "after-" + UUID.randomUUID().toString().substring(0, 8);
        new Uploader(pair.ingest().url(), pair.projectToken(bystander)).postNdjson(Outcomes.ndjson(bystander, 0, 10));
        await().atMost(Duration.ofSeconds(60)).until(() -> Analysis.total(pair.analysis(), bystander) == 10);
        await().atMost(Duration.ofSeconds(60)).until(() -> Analysis.caughtUp(pair));
    }

    @Test
    void everyWriteAndManagementEndpointRefusesAWrongToken() throws Exception {
        String ingest = pair.ingest().url();
        String analysis = pair.analysis().url();
        String admin = FaultPair.ADMIN_TOKEN;
        var created = withToken(admin).contentType("application/json").body(Map.of("project", project))
                .post(ingest + "/api/v1/admin/tokens").then().statusCode(201).extract().jsonPath();
        String revoked = created.getString("token");
        String revokedId = created.getString("id");
        String ruleId = withToken(token).contentType("application/json")
                .body("{\"project\":\"%s\",\"kind\":\"critical_failed\"}".formatted(project))
                .post(analysis + "/api/v1/rules").then().statusCode(201).extract().path("id");
        String silenceId = withToken(token).contentType("application/json")
                .body("{\"project\":\"%s\",\"test_glob\":\"x*\",\"until\":\"%s\"}".formatted(project, java.time.Instant.now().plus(Duration.ofDays(1))))
                .post(analysis + "/api/v1/silences").then().statusCode(201).extract().path("id");
        withToken(admin).delete(ingest + "/api/v1/admin/tokens/{id}", revokedId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> withToken(revoked).contentType("application/json").body("{\"rate\":0.5}")
                .put(analysis + "/api/v1/projects/{p}/target", project).statusCode() == 401);

        String outcome = "[" + Outcomes.line(project, 1, "matrix") + "]";
        String rule = "{\"project\":\"%s\",\"kind\":\"critical_failed\"}".formatted(project);
        String silence = "{\"project\":\"%s\",\"test_glob\":\"y*\",\"until\":\"%s\"}".formatted(project, java.time.Instant.now().plus(Duration.ofDays(1)));
        String p = "/api/v1/projects/" + project;
        List<Endpoint> projectWrites = List.of(
                new Endpoint(ingest, "POST", "/api/v1/outcomes", "application/json", outcome),
                new Endpoint(ingest, "POST", "/api/v1/reports/junit?run=m&project=" + project, "application/xml", "<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>"),
                new Endpoint(ingest, "POST", "/api/v1/reports/ctrf?run=m&project=" + project, "application/json",
                        "{\"results\":{\"tool\":{\"name\":\"x\"},\"tests\":[{\"name\":\"t\",\"status\":\"passed\",\"duration\":1}]}}"),
                new Endpoint(ingest, "POST", "/api/v1/reports/trx?run=m&project=" + project, "application/xml", "<TestRun/>"),
                new Endpoint(analysis, "POST", "/api/v1/rules", "application/json", rule),
                new Endpoint(analysis, "PUT", "/api/v1/rules/" + ruleId, "application/json", rule),
                new Endpoint(analysis, "DELETE", "/api/v1/rules/" + ruleId, null, null),
                new Endpoint(analysis, "POST", "/api/v1/silences", "application/json", silence),
                new Endpoint(analysis, "DELETE", "/api/v1/silences/" + silenceId, null, null),
                new Endpoint(analysis, "PUT", p + "/baseline", "application/json", "{\"rate\":0.5}"),
                new Endpoint(analysis, "PUT", p + "/suites/suite-1/baseline", "application/json", "{\"rate\":0.5}"),
                new Endpoint(analysis, "PUT", p + "/target", "application/json", "{\"rate\":0.5}"),
                new Endpoint(analysis, "PUT", p + "/suites/suite-1/target", "application/json", "{\"rate\":0.5}"),
                new Endpoint(analysis, "PUT", p + "/settings", "application/json", "{\"default_branch\":\"main\"}"));
        List<Endpoint> adminEndpoints = List.of(
                new Endpoint(ingest, "POST", "/api/v1/admin/tokens", "application/json", "{\"project\":\"" + project + "\"}"),
                new Endpoint(ingest, "GET", "/api/v1/admin/tokens", null, null),
                new Endpoint(ingest, "DELETE", "/api/v1/admin/tokens/" + revokedId, null, null));

        Map<String, Integer> seen = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        long recordsBefore = Analysis.records(pair.topic());
        Map<String, String> badTokens = new java.util.LinkedHashMap<>();
        badTokens.put("none", null);
        badTokens.put("wrong", "tp_" + "0".repeat(43));
        badTokens.put("malformed", "\u00e9\u00e9 x");
        badTokens.put("revoked", revoked);
        for (Endpoint endpoint : projectWrites) {
            badTokens.forEach((kind, secret) -> check(endpoint, kind, secret, 401, seen, wrong));
            check(endpoint, "other project's", otherToken, 403, seen, wrong);
        }
        for (Endpoint endpoint : adminEndpoints) {
            badTokens.forEach((kind, secret) -> check(endpoint, kind, secret, 401, seen, wrong));
            check(endpoint, "project token", token, 403, seen, wrong);
        }
        System.out.printf(Locale.ROOT, "token matrix: %d endpoints x tokens, answers %s%n", projectWrites.size() + adminEndpoints.size(), seen);
        assertThat(wrong).isEmpty();
        assertThat(Analysis.records(pair.topic())).as("nothing published for a refused upload").isEqualTo(recordsBefore);
        withToken(token).get(analysis + "/api/v1/rules/" + ruleId).then().statusCode(200);
    }

    private static void check(Endpoint endpoint, String kind, String secret, int expected, Map<String, Integer> seen, List<String> wrong) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.base() + endpoint.path())).timeout(Duration.ofSeconds(30))
                .method(endpoint.method(), endpoint.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(endpoint.body()));
        if (endpoint.contentType() != null) {
            request.header("Content-Type", endpoint.contentType());
        }
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            seen.merge(kind + " " + response.statusCode(), 1, Integer::sum);
            if (response.statusCode() != expected || !type.startsWith("application/problem+json")) {
                wrong.add("%s %s with %s token: %d %s %s".formatted(endpoint.method(), endpoint.path(), kind, response.statusCode(), type,
                        response.body()));
            }
        } catch (IOException | InterruptedException e) {
            wrong.add(endpoint.method() + " " + endpoint.path() + " with " + kind + " token: " + e);
        }
    }

    private record Endpoint(String base, String method, String path, String contentType, String body) {
    }

    /** What came back: status 0 when nothing did. */
    private record Answer(int status, String contentType, String body) {
    }

    private static Answer send(Attack attack) {
        ServiceProcess service = attack.service() == Service.INGEST ? pair.ingest() : pair.analysis();
        try {
            if (attack.raw()) {
                RawHttp.Answer answer = new RawHttp(service.url()).send(attack.head(), attack.body(), attack.pieceBytes(), attack.pauseMs(),
                        attack.complete());
                return new Answer(answer.status(), answer.contentType(), answer.body());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + attack.path())).timeout(Duration.ofSeconds(60))
                    .method(attack.method(), attack.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(attack.body()));
            if (attack.contentType() != null) {
                request.header("Content-Type", attack.contentType());
            }
            if (attack.token() != null) {
                request.header("Authorization", "Bearer " + attack.token());
            }
            HttpResponse<String> response;
            try {
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
            } catch (IOException stale) {
                if (!String.valueOf(stale.getMessage()).contains("received no bytes")) {
                    throw stale;
                }
                // a pooled connection the server had just closed (after refusing another request with Connection:
                // close): the request never reached it, so it is sent once more, as any client would
                STALE_RETRIES.incrementAndGet();
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException e) {
            return new Answer(0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException e) {
            return new Answer(-1, null, e.toString());
        }
    }

    /** Answers per category and status, the outcomes accepted, and every answer that breaks the rules. */
    private static final class Results {
        final ConcurrentMap<String, ConcurrentMap<Integer, AtomicInteger>> byCategory = new ConcurrentHashMap<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong acceptedOutcomes = new AtomicLong();
        final AtomicInteger codec = new AtomicInteger();
        /** Client time per category (making, sending and reading the answer), to see where a run's minutes go. */
        final ConcurrentMap<String, AtomicLong> nanosByCategory = new ConcurrentHashMap<>();

        /** The services' codec limit ({@code quarkus.http.limits.max-initial-line-length}). */
        static final int CODEC_LINE_LIMIT = 131_072;

        /**
         * Vert.x's HTTP codec refuses a request line past {@code quarkus.http.limits.max-initial-line-length}
         * ({@value #CODEC_LINE_LIMIT}) with a bare 414 and closes, before any application code runs (lines between
         * 8 KiB and that are refused by HttpNet with a 414 problem): counted apart and printed, not hidden.
         */
        private static boolean codecRefused(Attack attack, Answer answer, boolean problem) {
            String line = attack.raw() ? attack.head().lines().findFirst().orElse("") : attack.method() + " " + attack.path() + " HTTP/1.1";
            return line.length() > CODEC_LINE_LIMIT && (answer.status() == 414 && !problem || answer.status() == 0);
        }

        void record(int index, Attack attack, Answer answer, long nanos) {
            nanosByCategory.computeIfAbsent(attack.category(), c -> new AtomicLong()).addAndGet(nanos);
            byCategory.computeIfAbsent(attack.category(), c -> new ConcurrentHashMap<>())
                    .computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
            int status = answer.status();
            boolean problem = answer.contentType() != null && answer.contentType().startsWith("application/problem+json");
            boolean abandoned = !attack.complete();
            String why = null;
            if (codecRefused(attack, answer, problem)) {
                codec.incrementAndGet();
            } else if (status == -1) {
                why = "not sendable";
            } else if (status == 0 && !abandoned) {
                why = "no answer";
            } else if (status >= 500) {
                why = "server error";
            } else if (status >= 400 && !problem) {
                why = "4xx without problem+json";
            }
            if (status == 202) {
                Matcher accepted = ACCEPTED.matcher(answer.body());
                if (accepted.find()) {
                    acceptedOutcomes.addAndGet(Long.parseLong(accepted.group(1)));
                }
            }
            if (why != null && status != -1) {
                String body = answer.body() == null ? "" : answer.body();
                failures.add("#%d %s %s %s %s -> %d %s: %s".formatted(index, attack.category(), attack.service(), attack.method(),
                        abbreviate(attack.raw() ? attack.head().lines().findFirst().orElse("") : attack.path()), status, why,
                        abbreviate(body)));
            }
        }

        void print() {
            System.out.printf(Locale.ROOT, "  request line over %d characters, refused by the HTTP codec (bare 414 or closed): %d%n", CODEC_LINE_LIMIT, codec.get());
            new TreeMap<>(byCategory).forEach((category, statuses) -> System.out.printf(Locale.ROOT, "  %-18s %5d  %7.1f client-s  %s%n",
                    category, statuses.values().stream().mapToInt(AtomicInteger::get).sum(),
                    nanosByCategory.getOrDefault(category, new AtomicLong()).get() / 1e9, new TreeMap<>(statuses)));
            synchronized (failures) {
                failures.stream().limit(40).forEach(failure -> System.out.println("  FAIL " + failure));
                if (failures.size() > 40) {
                    System.out.println("  ... " + (failures.size() - 40) + " more");
                }
            }
        }

        private static String abbreviate(String text) {
            String flat = text.replaceAll("\\p{Cntrl}", "?");
            return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
        }
    }

    /** The highest heap use of each service, read from its {@code jvm_memory_used_bytes{area="heap"}} every 500 ms. */
    private static final class HeapWatch {
        private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+]+)");
        private final Map<Service, AtomicLong> max = Map.of(Service.INGEST, new AtomicLong(), Service.ANALYSIS, new AtomicLong());
        private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            watch.timer.scheduleAtFixedRate(watch::sample, 0, 500, TimeUnit.MILLISECONDS);
            return watch;
        }

        void sample() {
            sample(Service.INGEST, pair.ingest());
            sample(Service.ANALYSIS, pair.analysis());
        }

        private void sample(Service service, ServiceProcess process) {
            try {
                String metrics = given().baseUri(process.url()).get("/q/metrics").asString();
                Matcher pools = HEAP.matcher(metrics);
                long used = 0;
                while (pools.find()) {
                    used += (long) Double.parseDouble(pools.group(1));
                }
                max.get(service).accumulateAndGet(used, Math::max);
            } catch (RuntimeException notNow) {
                // a busy service answers the next sample
            }
        }

        void stop() {
            timer.shutdownNow();
            sample();
        }

        long max(Service service) {
            return max.get(service).get();
        }
    }

    private static io.restassured.specification.RequestSpecification withToken(String secret) {
        return given().header("Authorization", "Bearer " + secret);
    }
}
