/** wasmbox's built-in capabilities: log, clock, random, config, key-value and HTTP. */
module io.github.wasmbox.host {
    requires transitive io.github.wasmbox.sandbox;
    requires static org.jspecify;
    requires org.slf4j;
    requires transitive java.sql;

    exports io.github.wasmbox.host;
    exports io.github.wasmbox.host.clock;
    exports io.github.wasmbox.host.config;
    exports io.github.wasmbox.host.http;
    exports io.github.wasmbox.host.kv;
    exports io.github.wasmbox.host.log;
    exports io.github.wasmbox.host.random;
}
