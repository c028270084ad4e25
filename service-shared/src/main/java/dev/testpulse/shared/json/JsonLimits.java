package dev.testpulse.shared.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Explicit bounds for every JSON body the service's ObjectMapper reads, instead of Jackson's defaults that change
 * between versions: a request nests no deeper than {@value #MAX_DEPTH}, no string is longer than
 * {@value #MAX_STRING_CHARS} characters and no number longer than {@value #MAX_NUMBER_CHARS} digits. Past a bound,
 * Jackson stops reading and the request is a 400 problem.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    public static final int MAX_DEPTH = 64;
    public static final int MAX_STRING_CHARS = 1024 * 1024;
    public static final int MAX_NUMBER_CHARS = 100;
    public static final int MAX_NAME_CHARS = 1000;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING_CHARS)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxNameLength(MAX_NAME_CHARS)
                .build());
    }
}
