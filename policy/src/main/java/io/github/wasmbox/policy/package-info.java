/**
 * What a wasmbox plugin may do and use, and the check that it uses no more.
 *
 * <ul>
 *   <li>{@link io.github.wasmbox.policy.PluginPolicy}: the grants and {@link
 *       io.github.wasmbox.policy.Limits} of one plugin; nothing is granted by default;
 *   <li>{@link io.github.wasmbox.policy.PolicyFiles}: policy files in YAML or JSON, merged into a
 *       {@link io.github.wasmbox.policy.PolicySet} (defaults, bases, plugins);
 *   <li>{@link io.github.wasmbox.policy.PolicyAudit}: the load-time audit of a module's imports and
 *       {@link io.github.wasmbox.policy.PluginManifest} against its policy.
 * </ul>
 *
 * <p>Pure Java plus Jackson; nothing here knows the Wasm runtime, reads the environment or opens a
 * connection. Every public value type is immutable and thread-safe; builders are not.
 */
@NullMarked
package io.github.wasmbox.policy;

import org.jspecify.annotations.NullMarked;
