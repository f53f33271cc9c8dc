/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes manifests of docs/distribution.md parse, and say what the page claims of them. A
 * manifest edited so that the rollout could lower capacity, pull one version and load another, or
 * share the compile cache fails here.
 */
class DistributionDocTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** The manifests by kind and name, such as {@code Deployment/checkout}. */
    private static Map<String, JsonNode> manifests;

    @BeforeAll
    static void parse() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "distribution.md"));
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(page);
        List<JsonNode> manifests = new ArrayList<>();
        while (block.find()) {
            manifests.add(YAML.readTree(block.group(1)));
        }
        DistributionDocTest.manifests =
                manifests.stream()
                        .collect(
                                Collectors.toMap(
                                        m ->
                                                m.path("kind").asString()
                                                        + "/"
                                                        + m.at("/metadata/name").asString(),
                                        Function.identity()));
        assertThat(DistributionDocTest.manifests)
                .containsOnlyKeys(
                        "ConfigMap/checkout-wasmbox",
                        "Deployment/checkout",
                        "ConfigMap/checkout-wasmbox-follow",
                        "Deployment/checkout-follow");
    }

    @Test
    void theRollingUpdateNeverLowersCapacityAndReadinessGatesTraffic() {
        for (String deployment : List.of("Deployment/checkout", "Deployment/checkout-follow")) {
            JsonNode spec = manifests.get(deployment).path("spec");
            assertThat(spec.at("/strategy/type").asString()).isEqualTo("RollingUpdate");
            assertThat(spec.at("/strategy/rollingUpdate/maxUnavailable").asInt(-1)).isZero();
            assertThat(spec.at("/strategy/rollingUpdate/maxSurge").asInt()).isPositive();
            JsonNode app = container(spec.at("/template/spec/containers"), "checkout");
            assertThat(app.at("/readinessProbe/httpGet/path").asString())
                    .isEqualTo("/actuator/health/readiness");
        }
    }

    @Test
    void aFollowingDeploymentReadsASignedTagWithTheKeyAndCredentialsItMounts() throws Exception {
        JsonNode podSpec = manifests.get("Deployment/checkout-follow").at("/spec/template/spec");
        JsonNode configMap = manifests.get("ConfigMap/checkout-wasmbox-follow").path("data");
        JsonNode app = YAML.readTree(configMap.path("application.yaml").asString());
        JsonNode plugin = app.at("/wasmbox/plugins/discount-rules");
        String location = plugin.path("location").asString();
        assertThat(location).startsWith("oci://");
        assertThat(OciReference.parse(location).tag()).as("a tag is followed").isNotNull();
        assertThat(plugin.has("sha256")).as("a tag pins nothing").isFalse();

        JsonNode main = container(podSpec.path("containers"), "checkout");
        String publicKey =
                strings(app.at("/wasmbox/trusted-keys")).get(0).substring("file:".length());
        assertThat(mountPath(main, "vendor-keys")).isEqualTo(parent(publicKey));
        String dockerConfig = app.at("/wasmbox/oci/docker-config").asString();
        assertThat(mountPath(main, "docker-config")).isEqualTo(parent(dockerConfig));
        assertThat(
                        named(podSpec.path("volumes"), "docker-config")
                                .at("/secret/items/0/path")
                                .asString())
                .isEqualTo(Path.of(dockerConfig).getFileName().toString());
        assertThat(app.at("/wasmbox/oci/plain-http").isMissingNode())
                .as("a production registry speaks HTTPS")
                .isTrue();
        assertThat(app.at("/wasmbox/oci/probation/calls").asInt()).isPositive();
        assertThat(strings(main.path("args")))
                .contains(
                        "--spring.config.additional-location=file:/etc/checkout/application.yaml");
        assertThat(named(podSpec.path("volumes"), "config").at("/configMap/name").asString())
                .isEqualTo("checkout-wasmbox-follow");

        List<String> initContainers = new ArrayList<>();
        podSpec.path("initContainers").forEach(c -> initContainers.add(c.path("name").asString()));
        assertThat(initContainers)
                .as("nothing pulls before the application")
                .containsExactly("compile-cache");
        assertThat(app.at("/spring/datasource/url").asString()).startsWith("jdbc:postgresql://");
        assertThat(named(podSpec.path("volumes"), "compile-cache").has("emptyDir")).isTrue();
        assertThat(mountPath(main, "compile-cache"))
                .isEqualTo(app.at("/wasmbox/compile-cache-directory").asString());
    }

    @Test
    void theInitContainerPullsThePinnedDigestVerifiedAndTheRuntimeLoadsThatFilePinned()
            throws Exception {
        JsonNode configMap = manifests.get("ConfigMap/checkout-wasmbox").path("data");
        JsonNode template = manifests.get("Deployment/checkout").at("/spec/template");
        String pin = configMap.path("DISCOUNT_RULES_PIN").asString();
        assertThat(pin).matches("[^@]+/[^@]+@sha256:[0-9a-f]{64}");
        assertThat(OciReference.parse(pin).digest()).isNotNull();
        assertThat(
                        template.at("/metadata/annotations")
                                .path("wasmbox.io/discount-rules")
                                .asString())
                .as("moving the pin changes the pod template, which starts the rollout")
                .isEqualTo(pin);

        JsonNode pull = container(template.at("/spec/initContainers"), "pull-plugins");
        List<String> command = strings(pull.path("command"));
        assertThat(command).containsSubsequence("pull", "$(DISCOUNT_RULES_PIN)");
        assertThat(pull.at("/env/0/valueFrom/configMapKeyRef/key").asString())
                .isEqualTo("DISCOUNT_RULES_PIN");
        String publicKey = after(command, "--public-key");
        String pulledFile = after(command, "--out");

        JsonNode app = YAML.readTree(configMap.path("application.yaml").asString());
        JsonNode plugin = app.at("/wasmbox/plugins/discount-rules");
        assertThat(plugin.path("location").asString()).isEqualTo("file:" + pulledFile);
        assertThat(plugin.path("sha256").asString()).matches("[0-9a-f]{64}");
        assertThat(strings(app.at("/wasmbox/trusted-keys"))).contains("file:" + publicKey);
        JsonNode mainContainer = container(template.at("/spec/containers"), "checkout");
        assertThat(mountPath(mainContainer, "plugins")).isEqualTo(parent(pulledFile));
        assertThat(mountPath(pull, "plugins")).isEqualTo(parent(pulledFile));
        assertThat(mountPath(pull, "vendor-keys")).isEqualTo(parent(publicKey));
        assertThat(mountPath(mainContainer, "vendor-keys")).isEqualTo(parent(publicKey));
        assertThat(app.at("/spring/datasource/url").asString()).startsWith("jdbc:postgresql://");
    }

    @Test
    void theCompileCacheIsAVolumeOfThePodsOwnHandedToTheApplicationsUser() throws Exception {
        JsonNode configMap = manifests.get("ConfigMap/checkout-wasmbox").path("data");
        JsonNode podSpec = manifests.get("Deployment/checkout").at("/spec/template/spec");
        JsonNode app = YAML.readTree(configMap.path("application.yaml").asString());
        String cache = app.at("/wasmbox/compile-cache-directory").asString();

        assertThat(mountPath(container(podSpec.path("containers"), "checkout"), "compile-cache"))
                .isEqualTo(cache);
        JsonNode volume = named(podSpec.path("volumes"), "compile-cache");
        assertThat(volume.has("emptyDir")).as("a volume of the pod's own").isTrue();
        JsonNode prepare = container(podSpec.path("initContainers"), "compile-cache");
        assertThat(mountPath(prepare, "compile-cache")).isEqualTo(cache);
        String script = strings(prepare.path("command")).get(2);
        String user = podSpec.at("/securityContext/runAsUser").asString();
        assertThat(script).contains("chown " + user + ":", "chmod 0700 " + cache);
    }

    private static JsonNode container(JsonNode containers, String name) {
        return named(containers, name);
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asString().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no '" + name + "' in " + list);
    }

    private static String mountPath(JsonNode container, String volume) {
        return named(container.path("volumeMounts"), volume).path("mountPath").asString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static String after(List<String> command, String option) {
        return command.get(command.indexOf(option) + 1);
    }

    private static String parent(String file) {
        return Path.of(file).getParent().toString();
    }
}
