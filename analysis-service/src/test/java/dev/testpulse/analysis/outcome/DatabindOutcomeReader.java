package dev.testpulse.analysis.outcome;

import java.util.TimeZone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

import dev.testpulse.shared.json.JsonLimits;

/**
 * The oracle: how OutcomeReader read a record value before it parsed it itself, by binding it with databind under
 * the service's ObjectMapper. Kept only here, so that the streaming reader can be compared with it on any input.
 */
final class DatabindOutcomeReader {

    private final ObjectReader reader;

    DatabindOutcomeReader(ObjectMapper mapper) {
        this.reader = mapper.readerFor(Outcome.class);
    }

    /**
     * An ObjectMapper configured as Quarkus builds the service's (quarkus-jackson 3.34: the jsr310, jdk8 and parameter
     * names modules, unknown properties ignored, UTC; application.properties: snake case) with the service's limits.
     */
    static ObjectMapper serviceMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .registerModule(new ParameterNamesModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setTimeZone(TimeZone.getTimeZone("UTC"))
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        new JsonLimits().customize(mapper);
        return mapper;
    }

    /** The body of OutcomeReader.read as it was, with databind in place of the parser. */
    OutcomeReader.Read read(String value, OutcomeReader validation) {
        if (value == null) {
            return new OutcomeReader.Read(null, "empty record value");
        }
        Outcome outcome;
        try {
            outcome = reader.readValue(value);
        } catch (JsonProcessingException e) {
            return new OutcomeReader.Read(null, "not a JSON outcome: " + e.getOriginalMessage());
        }
        return validation.validated(outcome);
    }
}
