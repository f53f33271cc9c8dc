/** wasmbox's plugin policies: limits, grants, policy files and the load-time audit. */
module io.github.wasmbox.policy {
    requires static org.jspecify;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.yaml;

    exports io.github.wasmbox.policy;
}
