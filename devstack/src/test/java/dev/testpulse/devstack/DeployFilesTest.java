package dev.testpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/**
 * The deployment files, checked where no Docker engine or cluster runs: the compose file and the Kubernetes
 * manifests parse into typed objects with no unknown fields and agree with the services' own configuration.
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment", Deployment.class, "Service", Service.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "KafkaTopic", KafkaTopic.class);

    @Test
    void composeRunsBothServicesOnHealthyPinnedInfrastructure() throws IOException {
        JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
        assertThat(services.get("kafka").get("image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(services.get("postgres").get("image").asText()).matches("postgres:\\d+\\.\\d+");
        for (String infrastructure : List.of("kafka", "postgres")) {
            assertThat(services.get(infrastructure).get("healthcheck").get("test")).as(infrastructure).isNotEmpty();
        }
        for (String service : List.of("ingest-service", "analysis-service")) {
            JsonNode definition = services.get(service);
            assertThat(ROOT.resolve(definition.get("build").get("dockerfile").asText())).as(service).isRegularFile();
            assertThat(definition.get("environment").get("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
            definition.get("depends_on").forEach(dependency ->
                    assertThat(dependency.get("condition").asText()).as(service).isEqualTo("service_healthy"));
            assertThat(definition.get("ports").get(0).asText()).isEqualTo(httpPort(service) + ":" + httpPort(service));
        }
        assertThat(services.get("analysis-service").get("depends_on").has("postgres")).isTrue();
        assertThat(services.get("analysis-service").get("environment").has("QUARKUS_DATASOURCE_JDBC_URL")).isTrue();
    }

    @Test
    void composeMakesTheOperatorSetTheAdminTokenAndTurnsTokenReadsOn() throws IOException {
        JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
        for (String service : List.of("ingest-service", "analysis-service")) {
            // ${VAR:?message}: compose refuses to start without it; no ${VAR:-default} a deployment could keep
            assertThat(services.get(service).get("environment").get("TESTPULSE_ADMIN_TOKEN").asText()).as(service)
                    .matches("\\$\\{TESTPULSE_ADMIN_TOKEN:\\?.+}");
        }
        assertThat(services.get("analysis-service").get("environment").get("TESTPULSE_AUTH_READ").asText()).isEqualTo("token");
        Properties example = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve(".env.example"))) {
            example.load(in);
        }
        assertThat(example.getProperty("TESTPULSE_ADMIN_TOKEN")).isEmpty();
    }

    @Test
    void kubernetesGivesBothServicesTheAdminTokenFromASecretWithoutAUsableDefault() throws Exception {
        List<HasMetadata> resources = manifests();
        Secret admin = resources.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(secret -> secret.getStringData().containsKey("TESTPULSE_ADMIN_TOKEN")).findFirst().orElseThrow();
        assertThat(admin.getStringData().get("TESTPULSE_ADMIN_TOKEN")).isEmpty();
        resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).forEach(deployment ->
                assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom())
                        .as(deployment.getMetadata().getName())
                        .anyMatch(from -> from.getSecretRef() != null && from.getSecretRef().getName().equals(admin.getMetadata().getName())));
        ConfigMap config = resources.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst().orElseThrow();
        assertThat(config.getData()).containsEntry("TESTPULSE_AUTH_READ", "token");
    }

    @Test
    void kubernetesManifestsAreTypedObjectsWithNoUnknownFields() throws Exception {
        List<HasMetadata> resources = manifests();
        assertThat(resources).extracting(HasMetadata::getKind)
                .contains("Deployment", "Service", "ConfigMap", "Secret", "HorizontalPodAutoscaler", "KafkaTopic");
        for (HasMetadata resource : resources) {
            assertThat(unknownFields(resource, resource.getKind())).as(resource.getKind() + " " + resource.getMetadata().getName()).isEmpty();
            // a KafkaTopic is our own class, which refuses unknown fields as it is read; its metadata is fabric8's
            assertThat(unknownFields(resource.getMetadata(), resource.getKind() + ".metadata")).isEmpty();
        }
    }

    @Test
    void kubernetesProbesAndPortsMatchTheServices() throws Exception {
        List<Deployment> deployments = manifests().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("ingest-service", "analysis-service");
        for (Deployment deployment : deployments) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(httpPort(deployment.getMetadata().getName()));
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().stream()
                            .filter(e -> e.getKey().equals("app.kubernetes.io/name"))
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }
    }

    @Test
    void kubernetesHasAStrimziTopicForEveryTopicTheServicesName() throws Exception {
        Map<String, KafkaTopic> topics = new java.util.HashMap<>();
        manifests().stream().filter(KafkaTopic.class::isInstance).map(KafkaTopic.class::cast)
                .forEach(topic -> topics.put(topic.topic(), topic));
        for (String service : List.of("ingest-service", "analysis-service")) {
            assertThat(topics).as(service).containsKeys(topicsNamedBy(service).toArray(String[]::new));
        }
        assertThat(topics).containsKeys("testpulse.outcomes", "testpulse.outcomes.dlq", "testpulse.alerts", "testpulse.tokens");
        assertThat(topics.get("testpulse.outcomes").getSpec().partitions()).isEqualTo(12);
        assertThat(topics.get("testpulse.tokens").getSpec().config()).containsEntry("cleanup.policy", "compact");
        topics.values().forEach(topic -> {
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.getMetadata().getLabels()).containsKey("strimzi.io/cluster");
            // acks=all means "every in-sync replica": with fewer than 2 a lone broker could answer for an upload
            assertThat(topic.getSpec().replicas()).as(topic.topic()).isGreaterThanOrEqualTo(3);
            assertThat(topic.getSpec().config()).as(topic.topic()).containsEntry("min.insync.replicas", 2);
        });
    }

    @Test
    void ingestScalesFreelyAndAnalysisNeverBeyondThePartitionsItShares() throws Exception {
        List<HasMetadata> resources = manifests();
        int partitions = resources.stream().filter(KafkaTopic.class::isInstance).map(KafkaTopic.class::cast)
                .filter(topic -> topic.topic().equals("testpulse.outcomes")).findFirst().orElseThrow().getSpec().partitions();
        Map<String, HorizontalPodAutoscaler> scalers = new java.util.HashMap<>();
        resources.stream().filter(HorizontalPodAutoscaler.class::isInstance).map(HorizontalPodAutoscaler.class::cast)
                .forEach(hpa -> scalers.put(hpa.getSpec().getScaleTargetRef().getName(), hpa));
        assertThat(scalers).containsKeys("ingest-service", "analysis-service");
        scalers.values().forEach(hpa -> {
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        });
        // one consumer per partition in a group: a replica past the partition count would only idle
        assertThat(scalers.get("analysis-service").getSpec().getMaxReplicas()).isLessThanOrEqualTo(partitions);
        resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals("analysis-service"))
                .forEach(d -> assertThat(d.getSpec().getReplicas()).isLessThanOrEqualTo(partitions));
    }

    @Test
    void everyContainerRequestsWhatItUsesAndIsCappedAboveIt() throws Exception {
        for (Deployment deployment : manifests().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList()) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            ResourceRequirements resources = container.getResources();
            String name = deployment.getMetadata().getName();
            assertThat(resources.getRequests()).as(name).containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as(name).containsKey("memory");
            assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")))
                    .as(name + ": memory limit above the request").isGreaterThan(Quantity.getAmountInBytes(resources.getRequests().get("memory")));
            // the image's heap leaves at least 40% of the limit for what is not heap (metaspace, threads, buffers, JIT)
            assertThat(imageHeapBytes(name)).as(name + ": heap of its image")
                    .isLessThanOrEqualTo((long) (0.6 * Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValue()));
        }
    }

    @Test
    void theLocalRunAndTheBenchmarkStartEachServiceAsItsImageRunsIt() throws IOException {
        for (var service : Map.of("ingest-service", ShippedJvm.INGEST, "analysis-service", ShippedJvm.ANALYSIS).entrySet()) {
            String dockerfile = Files.readString(ROOT.resolve(service.getKey() + "/src/main/docker/Dockerfile.jvm"));
            // what the UBI image's run-java.sh passes: its GC choice (-XX:+UseParallelGC unless GC_CONTAINER_OPTIONS
            // names another), then JAVA_OPTS_APPEND
            String appended = envOf(dockerfile, "JAVA_OPTS_APPEND");
            String gc = envOf(dockerfile, "GC_CONTAINER_OPTIONS");
            assertThat(appended).as(service.getKey() + ": the image's heap").contains("-Xmx" + service.getValue().maxHeap());
            for (String option : service.getValue().options()) {
                assertThat(appended + " " + gc).as(service.getKey() + ": the image runs " + option).contains(option);
            }
            if (service.getValue().options().stream().anyMatch(option -> option.matches("-XX:\\+Use\\w+GC"))) {
                assertThat(gc).as(service.getKey() + ": a collector chosen in GC_CONTAINER_OPTIONS, not beside run-java.sh's")
                        .matches("-XX:\\+Use\\w+GC");
                assertThat(appended).as(service.getKey() + ": no second collector").doesNotContainPattern("-XX:\\+Use\\w+GC");
            }
        }
    }

    /** The value of {@code ENV name="..."} in a Dockerfile, or "" when it sets none. */
    private static String envOf(String dockerfile, String name) {
        Matcher env = Pattern.compile("ENV " + name + "=\"([^\"]*)\"").matcher(dockerfile);
        return env.find() ? env.group(1) : "";
    }

    /** The {@code -Xmx} a service's image sets (its Dockerfile.jvm), in bytes; fails when it sets none. */
    private static long imageHeapBytes(String service) throws IOException {
        String dockerfile = Files.readString(ROOT.resolve(service + "/src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).as(service + "'s Dockerfile.jvm bounds glibc's malloc arenas").contains("ENV MALLOC_ARENA_MAX=2");
        Matcher xmx = Pattern.compile("-Xmx(\\d+)([mg])").matcher(dockerfile);
        assertThat(xmx.find()).as(service + "'s Dockerfile.jvm sets -Xmx").isTrue();
        return Long.parseLong(xmx.group(1)) * (xmx.group(2).equals("g") ? 1L << 30 : 1L << 20);
    }

    /** Topic names in a service's application.properties: every {@code *.topic} and {@code *-topic} with a literal value. */
    private static List<String> topicsNamedBy(String service) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties.stringPropertyNames().stream()
                .filter(key -> key.endsWith(".topic") || key.endsWith("-topic"))
                .map(properties::getProperty).filter(value -> !value.startsWith("${")).distinct().toList();
    }

    private static int httpPort(String service) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    private static List<HasMetadata> manifests() throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String document : Files.readString(file).split("(?m)^---$")) {
                    JsonNode tree = YAML.readTree(document);
                    Class<? extends HasMetadata> type = KINDS.get(tree.get("kind").asText());
                    assertThat(type).as("kind in " + file).isNotNull();
                    resources.add(YAML.treeToValue(tree, type));
                }
            }
        }
        return resources;
    }

    /** Every field the model did not know lands in an additionalProperties map: collect their paths. */
    private static List<String> unknownFields(Object node, String path) throws IllegalAccessException, InvocationTargetException {
        List<String> unknown = new ArrayList<>();
        if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8")) {
            if (node instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
                }
            }
            return unknown;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
            } else {
                unknown.addAll(unknownFields(value, path + "." + getter.getName().substring(3)));
            }
        }
        return unknown;
    }
}
