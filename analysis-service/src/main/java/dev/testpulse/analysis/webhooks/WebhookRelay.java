package dev.testpulse.analysis.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.alerts.delivery.AlertOutbox;
import dev.testpulse.analysis.alerts.delivery.CloudEvent;
import dev.testpulse.analysis.schema.SchemaMigration;
import dev.testpulse.analysis.webhooks.WebhookOutbox.Claimed;
import dev.testpulse.analysis.webhooks.WebhookOutbox.Pending;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * POSTs the outbox's events to webhook targets, each as its CloudEvent in structured mode (the JSON the Kafka event
 * carries), signed ({@link WebhookSignature}). At least once: an event is marked delivered only after a 2xx, in the
 * transaction that holds the target, so a crash repeats it with the same id. In order: one instance at a time holds
 * a target (SKIP LOCKED) and sends its events oldest first, stopping at the first failure. Per target: a failure
 * makes only that target wait (1 s, 2 s, 4 s, ... capped); each target is drained on a worker of its own, so a slow
 * or dead one never holds back another, and this relay never touches the Kafka relay's rows.
 *
 * <p>A small pool of its own, like the Kafka relay's thread: deliveries block on the network for up to the timeout,
 * and must not occupy the scheduler's or the HTTP server's threads.
 */
@ApplicationScoped
public class WebhookRelay {

    private static final Logger LOG = Logger.getLogger(WebhookRelay.class);
    static final String CONTENT_TYPE = CloudEvent.MEDIA_TYPE + "; charset=utf-8";

    /** What one {@link #deliver} did. */
    public enum Result {
        /** another instance holds the target, or it is waiting out a backoff */
        BUSY,
        /** everything pending was delivered */
        DONE,
        /** a full batch was delivered; there may be more */
        MORE,
        /** an attempt failed; the target waits */
        FAILED
    }

    private record Attempt(boolean ok, Integer status, String error) {
    }

    private final DataSource dataSource;
    private final WebhookOutbox outbox;
    private final AlertOutbox events;
    private final WebhookConfig config;
    private final SchemaMigration schema;
    private final MeterRegistry registry;
    private final HttpClient http;
    private final ExecutorService workers;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public WebhookRelay(DataSource dataSource, WebhookOutbox outbox, AlertOutbox events, WebhookConfig config,
            SchemaMigration schema, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
        this.schema = schema;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.workers = Executors.newFixedThreadPool(config.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-delivery");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Scheduled(every = "${testpulse.webhooks.poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (stopping || !schema.isMigrated()) {
            return;
        }
        List<String> due;
        try (Connection connection = dataSource.getConnection()) {
            due = outbox.dueTargets(connection);
        } catch (SQLException e) {
            LOG.warnf("webhook targets not looked up, retrying on the next poll: %s", e.toString());
            return;
        }
        for (String id : due) {
            if (inFlight.add(id)) {
                try {
                    workers.execute(() -> drain(id));
                } catch (RejectedExecutionException e) {
                    inFlight.remove(id);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        workers.shutdownNow();
    }

    private void drain(String targetId) {
        try {
            while (!stopping && deliver(targetId) == Result.MORE) {
                // a full batch went out: go on with the next at once
            }
        } catch (SQLException | RuntimeException e) {
            if (!stopping) {
                LOG.warnf("webhook target %s: delivery interrupted, retrying on the next poll: %s", targetId, e.toString());
            }
        } finally {
            inFlight.remove(targetId);
        }
    }

    /** One transaction: claims the target, sends its next batch in order, stops at the first failure. */
    public Result deliver(String targetId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Optional<Claimed> claimed = outbox.claim(connection, targetId);
            if (claimed.isEmpty()) {
                connection.rollback();
                return Result.BUSY;
            }
            List<Pending> pending = outbox.pending(connection, targetId, config.batch());
            Result result = sendInOrder(connection, claimed.get(), pending);
            connection.commit();
            return result == Result.DONE && pending.size() >= config.batch() ? Result.MORE : result;
        }
    }

    /** Sends until the first failure, which is recorded with its backoff; what went before it counts as delivered. */
    private Result sendInOrder(Connection connection, Claimed target, List<Pending> pending) throws SQLException {
        int delivered = 0;
        for (Pending event : pending) {
            String body = events.normalise(event.storedJson());
            if (body == null) {
                outbox.setAside(connection, target.id(), event.eventId(), "not a CloudEvent: never sent");
                continue;
            }
            Attempt attempt = send(target, body);
            if (!attempt.ok()) {
                if (delivered > 0) {
                    // before the failure is recorded: failures in a row count from the last success
                    outbox.succeeded(connection, target.id());
                }
                recordFailure(connection, target, event, attempt, delivered > 0 ? 0 : target.consecutiveFailures());
                return Result.FAILED;
            }
            outbox.delivered(connection, target.id(), event.eventId(), attempt.status());
            registry.counter("testpulse.analysis.webhooks.delivered").increment();
            delivered++;
        }
        if (delivered > 0) {
            outbox.succeeded(connection, target.id());
        }
        return Result.DONE;
    }

    private void recordFailure(Connection connection, Claimed target, Pending event, Attempt attempt, int failuresBefore)
            throws SQLException {
        outbox.failed(connection, target.id(), event.eventId(), attempt.status(), attempt.error(), backoff(failuresBefore));
        registry.counter("testpulse.analysis.webhooks.failed").increment();
        if (failuresBefore + 1 == config.failingAfter()) {
            LOG.warnf("webhook target %s is failing (%d failed attempts in a row, retrying with backoff): %s", target.id(),
                    failuresBefore + 1, attempt.error());
        }
    }

    /** 1 s, 2 s, 4 s, ... (the configured start) up to the configured cap, by failures in a row before this one. */
    Duration backoff(int failuresBefore) {
        Duration delay = config.backoffInitial().multipliedBy(1L << Math.min(failuresBefore, 30));
        return delay.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : delay;
    }

    private Attempt send(Claimed target, String body) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.url())).timeout(config.timeout())
                    .header("Content-Type", CONTENT_TYPE)
                    .header(WebhookSignature.HEADER, WebhookSignature.header(target.secret(), Instant.now().getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        } catch (IllegalArgumentException e) {
            return new Attempt(false, null, "unusable URL: " + e.getMessage());
        }
        // the request timeout ends at the response's headers; the overall bound also covers a body that never ends
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = response.get(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS).statusCode();
            return status >= 200 && status < 300 ? new Attempt(true, status, null) : new Attempt(false, status, "HTTP " + status);
        } catch (TimeoutException e) {
            response.cancel(true);
            return new Attempt(false, null, "no complete answer within " + config.timeout().multipliedBy(2));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return new Attempt(false, null, "no answer within " + config.timeout());
            }
            return new Attempt(false, null, describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.cancel(true);
            return new Attempt(false, null, "interrupted (shutting down)");
        }
    }

    /** e.g. "ConnectException: ClosedChannelException": the JDK client often gives no message, only causes. */
    private static String describe(Throwable error) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return message == null && error.getCause() != null ? text + ": " + describe(error.getCause()) : text;
    }
}
