package dev.testpulse.ingest.api;

import java.util.List;
import java.util.Map;

/** The 202 answer: how many outcomes Kafka now holds, per status, for which runs, and anything worth a look. */
public record AcceptedOutcomes(int accepted, Map<String, Integer> statuses, List<String> runs, List<String> warnings) {
}
