package io.github.wasmbox.sandbox.internal.chicory;

import com.dylibso.chicory.log.Logger;
import org.jspecify.annotations.Nullable;

/** Routes Chicory's own diagnostics (WASI tracing) to SLF4J instead of stderr. */
final class Slf4jChicoryLogger implements Logger {
    private final org.slf4j.Logger delegate;

    Slf4jChicoryLogger(org.slf4j.Logger delegate) {
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
