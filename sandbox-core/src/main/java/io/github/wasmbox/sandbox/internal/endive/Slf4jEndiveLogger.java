/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import org.jspecify.annotations.Nullable;
import run.endive.log.Logger;

/** Routes Endive's own diagnostics (WASI tracing) to SLF4J instead of stderr. */
final class Slf4jEndiveLogger implements Logger {
    private final org.slf4j.Logger delegate;

    Slf4jEndiveLogger(org.slf4j.Logger delegate) {
        this.delegate = delegate;
    }

    @Override
    public void log(Level level, String msg, @Nullable Throwable throwable) {
        switch (level) {
            case ALL:
            case TRACE:
                delegate.trace(msg, throwable);
                break;
            case DEBUG:
                delegate.debug(msg, throwable);
                break;
            case INFO:
                delegate.info(msg, throwable);
                break;
            case WARNING:
                delegate.warn(msg, throwable);
                break;
            default:
                delegate.error(msg, throwable);
                break;
        }
    }

    @Override
    public boolean isLoggable(Level level) {
        switch (level) {
            case ALL:
            case TRACE:
                return delegate.isTraceEnabled();
            case DEBUG:
                return delegate.isDebugEnabled();
            case INFO:
                return delegate.isInfoEnabled();
            case WARNING:
                return delegate.isWarnEnabled();
            case OFF:
                return false;
            default:
                return delegate.isErrorEnabled();
        }
    }
}
