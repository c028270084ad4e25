package dev.testpulse.analysis.alerts.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.analysis.workers.Heartbeats;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The live feed behind {@code /api/v1/alerts/stream}, the same on every instance: it reads the alert topics
 * ({@code testpulse.alerts} and those under the rules' prefix) from the moment the feed started, so a client sees
 * every event whichever instance's relay published it. A partition the reader is newly assigned — on start, or a
 * topic a rule named that appeared since, found within {@value #METADATA_REFRESH_MS} ms — is read from the first
 * event published after the feed started (from its beginning when the topic is younger), never from its end: the
 * first events of a new {@code testpulse.alerts.<team>} topic are published before the reader knows of the topic, and
 * reading from the end would lose them. A partition read before continues where the reader left it. The last
 * {@value #REMEMBERED} events are kept for {@code Last-Event-ID}: a client that reconnects gets what it missed, from
 * memory, or from the outbox table when the event is older (or this instance younger) than that. An event seen twice
 * (a relay that published it again after a crash) is passed on once. The reader is a thread of its own, restarted
 * when it fails, with a heartbeat for readiness.
 */
@ApplicationScoped
public class AlertFeed {

    static final int REMEMBERED = 10_000;
    /** Events held for one client that reads slower than they come; past that its stream ends and it reconnects. */
    static final int CLIENT_BUFFER = 10_000;
    static final String WORKER = "alert feed";
    /** How soon the reader finds a new alert topic; positioning, not this, is what keeps its first events. */
    static final int METADATA_REFRESH_MS = 5000;

    private final String bootstrap;
    private final Pattern topics;
    private final ObjectMapper mapper;
    private final OutboxReplay replay;
    private final Heartbeats heartbeats;
    private final Deque<FeedEvent> recent = new ArrayDeque<>();
    private final Set<String> recentIds = new HashSet<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long appended;
    private volatile FeedReader reader;

    public AlertFeed(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, AnalysisConfig config, ObjectMapper mapper,
            OutboxReplay replay, Heartbeats heartbeats) {
        this.bootstrap = bootstrap;
        this.topics = Pattern.compile(Pattern.quote(RuleValidator.DEFAULT_TOPIC) + "|" + Pattern.quote(config.alertTopicPrefix()) + ".+");
        this.mapper = mapper;
        this.replay = replay;
        this.heartbeats = heartbeats;
    }

    /** An event as the stream sends it: its id, its project, the CloudEvent JSON. */
    public record FeedEvent(String id, String project, String json) {
    }

    void start(@Observes StartupEvent start) {
        // not ready until the reader is positioned: an event published before that would never reach a client
        heartbeats.registerPending(WORKER, Duration.ofSeconds(60));
        FeedReader started = new FeedReader(bootstrap, topics, mapper, heartbeats, this::append, Instant.now());
        reader = started;
        Thread thread = new Thread(started::run, "alert-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        FeedReader current = reader;
        if (current != null) {
            current.stop();
        }
        subscribers.forEach(subscriber -> subscriber.emitter().complete());
    }

    /**
     * The events of one project (all when null) from now on, preceded by those after {@code lastEventId} when given:
     * from memory if it is remembered, else from the outbox table (at most {@code replayLimit} events: the oldest after
     * the id; a client further behind than that gets them, then the live events, and what lies between only from
     * {@code GET /api/v1/alerts}). Subscribed on a worker thread: the table read is JDBC, which must never run on the
     * HTTP event loop that subscribes to the stream.
     */
    public Multi<FeedEvent> events(String project, String lastEventId, int replayLimit) {
        return Multi.createFrom().<FeedEvent>emitter(emitter -> {
            List<FeedEvent> stored = List.of();
            long mark;
            synchronized (this) {
                mark = appended;
            }
            if (lastEventId != null && !remembered(lastEventId)) {
                stored = replay.publishedAfter(lastEventId, project, replayLimit);
            }
            subscribe(emitter, project, lastEventId, stored, mark);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onOverflow().buffer(CLIENT_BUFFER); // a burst of events is held for a slow client, not a failure
    }

    /**
     * Replays what the client missed (the table's events, then memory's after them or after {@code mark}), each once,
     * and subscribes it, all while no new event is appended.
     */
    private synchronized void subscribe(MultiEmitter<? super FeedEvent> emitter, String project, String lastEventId,
            List<FeedEvent> stored, long mark) {
        Set<String> sent = new HashSet<>();
        stored.forEach(event -> {
            sent.add(event.id());
            emitter.emit(event);
        });
        List<FeedEvent> memory = new ArrayList<>(recent);
        int start = lastEventId != null && recentIds.contains(lastEventId) ? indexAfter(memory, lastEventId)
                : (int) Math.max(0, memory.size() - (appended - mark)); // what arrived while the table was read
        for (FeedEvent event : memory.subList(Math.min(start, memory.size()), memory.size())) {
            if ((project == null || project.equals(event.project())) && sent.add(event.id())) {
                emitter.emit(event);
            }
        }
        Subscriber subscriber = new Subscriber(project, emitter);
        subscribers.add(subscriber);
        emitter.onTermination(() -> subscribers.remove(subscriber));
    }

    private synchronized boolean remembered(String id) {
        return recentIds.contains(id);
    }

    private static int indexAfter(List<FeedEvent> memory, String id) {
        for (int i = memory.size() - 1; i >= 0; i--) {
            if (memory.get(i).id().equals(id)) {
                return i + 1;
            }
        }
        return 0;
    }

    synchronized void append(FeedEvent event) {
        if (!recentIds.add(event.id())) {
            return; // published again after a crash: subscribers already have it
        }
        recent.addLast(event);
        appended++;
        if (recent.size() > REMEMBERED) {
            recentIds.remove(recent.removeFirst().id());
        }
        for (Subscriber subscriber : subscribers) {
            if (subscriber.project() == null || subscriber.project().equals(event.project())) {
                subscriber.emitter().emit(event);
            }
        }
    }

    private record Subscriber(String project, MultiEmitter<? super FeedEvent> emitter) {
    }
}
