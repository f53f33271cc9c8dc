package com.example.checkout.wasm;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a required plugin that did not load into Spring Boot's short start-up report (what went
 * wrong, what to do) instead of a stack trace: a digest mismatch, an ungranted import, a missing
 * module or an invalid policy is an operator's configuration problem, not a crash.
 */
public class PluginLoadFailureAnalyzer extends AbstractFailureAnalyzer<PluginLoadException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PluginLoadException cause) {
        String key = WasmboxProperties.PREFIX + ".plugins." + cause.pluginName();
        return new FailureAnalysis(
                "The required plugin '"
                        + cause.pluginName()
                        + "' did not load:\n\n    "
                        + cause.reason(),
                "Fix "
                        + key
                        + " (location, sha256, grants, limits), or set "
                        + key
                        + ".required=false to start without it.",
                cause);
    }
}
