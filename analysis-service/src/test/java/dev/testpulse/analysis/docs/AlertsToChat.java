package dev.testpulse.analysis.docs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The subscriber docs/alerts.md quotes: reads testpulse.alerts with the plain Kafka client and posts each alert to a
 * chat's incoming webhook (Slack, Mattermost, Rocket.Chat and Google Chat all take {@code {"text": ...}}).
 * AlertsToChatTest runs it against the test broker, so the guide's code compiles and works.
 */
public final class AlertsToChat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        // e.g. java AlertsToChat kafka:9092 https://hooks.slack.com/services/T000/B000/XXXX webshop
        run(args[0], URI.create(args[1]), args.length > 2 ? args[2] : null, () -> true);
    }

    /** Follows the topic until {@code keepGoing} says stop; only {@code project}'s alerts when it is not null. */
    public static void run(String bootstrapServers, URI webhook, String project, BooleanSupplier keepGoing) throws Exception {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // one group per destination: each group gets every event once, and resumes where it stopped after a restart
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-to-chat");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("testpulse.alerts"));
            while (keepGoing.getAsBoolean()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    JsonNode event = JSON.readTree(record.value());   // a CloudEvent, docs/schemas/alert-event-v1.schema.json
                    if (project == null || project.equals(event.at("/data/project").asText())) {
                        post(webhook, chatMessage(event));
                    }
                }
                consumer.commitSync();   // after posting: a crash re-posts rather than loses (at-least-once)
            }
        }
    }

    /** One line a person can act on: what, where, how bad, and a link to the series when the event has one. */
    public static String chatMessage(JsonNode event) {
        JsonNode data = event.get("data");
        boolean fired = event.get("type").asText().equals("dev.testpulse.alert.fired");
        String project = data.get("project").asText();
        String summary = data.get("summary").asText();
        String text = (fired ? ":rotating_light: " : ":white_check_mark: resolved: ") + "[" + data.at("/rule/severity").asText()
                + "] " + (summary.startsWith(project) ? summary : project + ": " + summary);
        return JsonNodeFactory.instance.objectNode().put("text", text).toString();
    }

    private static void post(URI webhook, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("webhook answered " + response.statusCode() + ": " + response.body());
        }
    }

    private AlertsToChat() {
    }
}
