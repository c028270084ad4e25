package dev.testpulse.analysis.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** docs/alerts.md's subscriber, run as written: a critical test fails and passes, a chat webhook hears both. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class AlertsToChatTest {

    private final String project = "chat-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void postsAFiredAndAResolvedAlertToTheWebhook() throws Exception {
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer chat = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        chat.createContext("/hook", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        chat.start();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            URI webhook = URI.create("http://127.0.0.1:" + chat.getAddress().getPort() + "/hook");
            Future<?> subscriber = thread.submit(() -> {
                AlertsToChat.run(DevStack.shared().kafka().bootstrapServers(), webhook, project, running::get);
                return null;
            });
            OutcomeTopic.sendTogether(List.of(Map.entry(project + "/pay", critical("failed"))));
            await().atMost(Duration.ofSeconds(30)).until(() -> posted.stream().anyMatch(body -> body.contains(":rotating_light:")));
            OutcomeTopic.sendTogether(List.of(Map.entry(project + "/pay", critical("passed"))));
            await().atMost(Duration.ofSeconds(30)).until(() -> posted.stream().anyMatch(body -> body.contains("resolved")));

            assertThat(posted).hasSize(2);
            String fired = new ObjectMapper().readTree(posted.get(0)).get("text").asText();
            assertThat(fired).startsWith(":rotating_light: [critical] ").contains(project, "T.checkout");
            running.set(false);
            subscriber.get();   // ends cleanly, without an exception
        } finally {
            running.set(false);
            thread.shutdown();
            chat.stop(0);
        }
    }

    private String critical(String status) throws IOException {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1,"branch":"main"},
                 "suite":"pay","test":{"class":"T","name":"checkout","tags":["critical"]},"status":"%s","duration_ms":1,"retry":0,
                 "observed_at":"%s"}""".formatted(UUID.randomUUID(), project, UUID.randomUUID(), status, Instant.now());
    }
}
