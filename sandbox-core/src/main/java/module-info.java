/**
 * The wasmbox sandbox: loads WebAssembly plugins under a policy and runs their calls. Only the API
 * ({@code io.github.wasmbox.sandbox}) and the host-function SPI ({@code
 * io.github.wasmbox.sandbox.spi}) are exported; every {@code internal} package is not.
 */
module io.github.wasmbox.sandbox {
    requires transitive io.github.wasmbox.policy;
    requires static org.jspecify;
    requires org.slf4j;
    requires com.github.benmanes.caffeine;
    requires com.google.common.jimfs;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.yaml;
    requires run.endive.runtime;
    requires run.endive.compiler;
    requires run.endive.wasm;
    requires org.objectweb.asm;
    requires org.objectweb.asm.tree;
    requires java.management;
    requires jdk.management;
    requires jdk.security.auth;

    exports io.github.wasmbox.sandbox;
    exports io.github.wasmbox.sandbox.spi;
    exports io.github.wasmbox.sandbox.record;
}
