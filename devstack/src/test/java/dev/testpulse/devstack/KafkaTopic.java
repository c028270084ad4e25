package dev.testpulse.devstack;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Strimzi's {@code KafkaTopic} (kafka.strimzi.io/v1beta2) with the spec fields Strimzi defines, for DeployFilesTest:
 * fabric8 has no model of it, and a field this class does not know fails the parse.
 */
// HasMetadata asks for fabric8's deserializer, which turns kinds it does not know into generic maps: read this one as a bean
@JsonDeserialize(using = JsonDeserializer.None.class)
public class KafkaTopic implements HasMetadata {

    private String apiVersion;
    private ObjectMeta metadata;
    private Spec spec;

    /** The topic as the Topic Operator reads it; {@code topicName} defaults to the resource's name. */
    public record Spec(String topicName, Integer partitions, Integer replicas, Map<String, Object> config) {
    }

    @Override
    public String getKind() {
        return "KafkaTopic";
    }

    public void setKind(String kind) {
        if (!"KafkaTopic".equals(kind)) {
            throw new IllegalArgumentException("not a KafkaTopic: " + kind);
        }
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    public Spec getSpec() {
        return spec;
    }

    public void setSpec(Spec spec) {
        this.spec = spec;
    }

    /** The Kafka topic's name. */
    @JsonIgnore
    public String topic() {
        return spec.topicName() != null ? spec.topicName() : metadata.getName();
    }
}
