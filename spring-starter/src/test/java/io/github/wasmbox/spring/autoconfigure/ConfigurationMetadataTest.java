package io.github.wasmbox.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

/**
 * Every key {@link PropertyKeys} accepts is documented in the configuration metadata (generated
 * plus additional) with a description, so IDEs complete and explain it; per-plugin keys appear as
 * {@code wasmbox.plugins.*.<key>}.
 */
class ConfigurationMetadataTest {

    @Test
    void everyAcceptedKeyIsDocumented() throws Exception {
        ConfigurationMetadataRepositoryJsonBuilder builder =
                ConfigurationMetadataRepositoryJsonBuilder.create();
        for (String file :
                List.of(
                        "META-INF/spring-configuration-metadata.json",
                        "META-INF/additional-spring-configuration-metadata.json")) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                builder.withJsonResource(in);
            }
        }
        ConfigurationMetadataRepository repository = builder.build();

        List<String> accepted = new ArrayList<>();
        for (String top : PropertyKeys.TOP) {
            if (top.equals("reload")) {
                PropertyKeys.RELOAD.forEach(key -> accepted.add("wasmbox.reload." + key));
            } else {
                accepted.add("wasmbox." + top);
            }
        }
        for (String key : PropertyKeys.PLUGIN) {
            if (key.equals("pool")) {
                PropertyKeys.POOL.forEach(pool -> accepted.add("wasmbox.plugins.*.pool." + pool));
            } else {
                accepted.add("wasmbox.plugins.*." + key);
            }
        }
        assertThat(repository.getAllProperties().keySet()).containsAll(accepted);

        List<String> undescribed = new ArrayList<>();
        for (ConfigurationMetadataProperty property : repository.getAllProperties().values()) {
            if (property.getId().startsWith("wasmbox.")
                    && (property.getDescription() == null || property.getDescription().isBlank())) {
                undescribed.add(property.getId());
            }
        }
        assertThat(undescribed).isEmpty();
    }
}
