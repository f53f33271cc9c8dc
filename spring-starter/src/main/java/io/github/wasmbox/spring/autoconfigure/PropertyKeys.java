package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.policy.Suggestions;
import io.github.wasmbox.spring.PluginStartupException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Rejects {@code wasmbox.*} keys the starter does not know, with the key that was probably meant.
 * Spring's binder ignores unknown keys, and a mistyped {@code sha256} or {@code required} would
 * otherwise silently weaken a plugin's checks. The contents of {@code defaults}, {@code limits} and
 * {@code grants} are checked by the policy parser instead.
 */
final class PropertyKeys {
    static final List<String> TOP =
            List.of(
                    "defaults",
                    "plugins",
                    "trusted-keys",
                    "require-signatures",
                    "compile-cache-directory",
                    "reload");
    static final List<String> RELOAD = List.of("enabled", "interval");
    static final List<String> PLUGIN =
            List.of(
                    "location",
                    "sha256",
                    "signature",
                    "policy-file",
                    "preset",
                    "limits",
                    "grants",
                    "trap-on-denial",
                    "strict-manifest",
                    "pool",
                    "state",
                    "required");
    static final List<String> POOL = List.of("size", "acquire-timeout");
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("wasmbox");

    private PropertyKeys() {}

    static void check(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(ROOT::isAncestorOf).forEach(PropertyKeys::check);
            }
        }
    }

    private static void check(ConfigurationPropertyName name) {
        String top = element(name, 1);
        if (!TOP.contains(top)) {
            unknown(name, 1, TOP, null);
        }
        if (top.equals("reload") && name.getNumberOfElements() > 2) {
            if (!RELOAD.contains(element(name, 2)) || name.getNumberOfElements() > 3) {
                unknown(name, 2, RELOAD, null);
            }
        }
        if (top.equals("plugins") && name.getNumberOfElements() > 3) {
            String plugin = name.getElement(2, ConfigurationPropertyName.Form.ORIGINAL);
            String key = element(name, 3);
            if (!PLUGIN.contains(key)) {
                unknown(name, 3, PLUGIN, plugin);
            }
            if (key.equals("pool")
                    && (name.getNumberOfElements() != 5 || !POOL.contains(element(name, 4)))) {
                unknown(name, 4, POOL, plugin);
            }
        }
    }

    private static String element(ConfigurationPropertyName name, int index) {
        return index < name.getNumberOfElements()
                ? name.getElement(index, ConfigurationPropertyName.Form.DASHED)
                : "";
    }

    private static void unknown(
            ConfigurationPropertyName name,
            int index,
            List<String> known,
            @Nullable String plugin) {
        String key = name.toString();
        String word = element(name, index);
        String parent = name.chop(index).toString();
        @Nullable String suggestion = Suggestions.closest(word, known).orElse(null);
        String message =
                "unknown key '"
                        + word
                        + "' in "
                        + key
                        + (suggestion == null ? "" : ", did you mean '" + suggestion + "'?");
        String action =
                suggestion == null
                        ? "Use one of " + String.join(", ", known) + " under " + parent + "."
                        : "Rename it to " + parent + "." + suggestion + ".";
        if (plugin != null) {
            throw new PluginStartupException(
                    plugin, key, message, action, new IllegalArgumentException(message));
        }
        throw new InvalidWasmboxPropertyException(key, message, action);
    }
}
