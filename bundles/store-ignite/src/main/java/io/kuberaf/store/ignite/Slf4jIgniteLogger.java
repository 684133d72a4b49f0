package io.kuberaf.store.ignite;

import org.apache.ignite.IgniteLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Ignite's logging to SLF4J (pax-logging in Karaf). Ignite's own {@code ignite-slf4j}
 * module is a separate artifact; this adapter is all it would do.
 */
final class Slf4jIgniteLogger implements IgniteLogger {

    private final Logger log;

    Slf4jIgniteLogger() {
        this(LoggerFactory.getLogger("org.apache.ignite"));
    }

    private Slf4jIgniteLogger(Logger log) {
        this.log = log;
    }

    @Override
    public IgniteLogger getLogger(Object ctgr) {
        if (ctgr == null) {
            return new Slf4jIgniteLogger(LoggerFactory.getLogger(""));
        }
        if (ctgr instanceof Class<?> c) {
            return new Slf4jIgniteLogger(LoggerFactory.getLogger(c.getName()));
        }
        return new Slf4jIgniteLogger(LoggerFactory.getLogger(ctgr.toString()));
    }

    @Override
    public void trace(String msg) {
        log.trace(msg);
    }

    @Override
    public void debug(String msg) {
        log.debug(msg);
    }

    @Override
    public void info(String msg) {
        log.info(msg);
    }

    @Override
    public void warning(String msg, Throwable e) {
        log.warn(msg, e);
    }

    @Override
    public void error(String msg, Throwable e) {
        log.error(msg, e);
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public boolean isQuiet() {
        // Not quiet: Ignite then logs through us instead of printing banners to System.out.
        return false;
    }

    @Override
    public String fileName() {
        return null;
    }
}
