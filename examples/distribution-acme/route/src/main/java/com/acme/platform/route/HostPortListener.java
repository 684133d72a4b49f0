package com.acme.platform.route;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on 127.0.0.1:{@code hostPort} that forwards each connection to one of its backends,
 * taken in turn (round-robin). A connection that arrives while there are no backends, or whose
 * backend refuses it, is closed at once. Closing the listener frees the port and cuts the open
 * connections.
 */
final class HostPortListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostPortListener.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int BUFFER_SIZE = 16 * 1024;

    private final String route;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private volatile List<InetSocketAddress> backends = List.of();

    /** Binds the port now (so that the caller learns at once that it is taken) and starts accepting. */
    HostPortListener(String route, int hostPort, ExecutorService threads) throws IOException {
        this.route = route;
        this.threads = threads;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        threads.execute(this::acceptLoop);
        LOG.info("Route {}: listening on {}", route, address());
    }

    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    void backends(List<InetSocketAddress> backends) {
        this.backends = List.copyOf(backends);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket downstream = server.accept();
                threads.execute(() -> forward(downstream));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Route {}: accepting on {} failed: {}", route, address(), e.toString());
                }
            }
        }
    }

    private void forward(Socket downstream) {
        track(downstream);
        InetSocketAddress backend = pick();
        if (backend == null) {
            LOG.debug("Route {}: no ready endpoints, connection closed", route);
            closeQuietly(downstream);
            return;
        }
        Socket upstream = new Socket();
        track(upstream);
        try {
            upstream.connect(backend, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            LOG.debug("Route {}: endpoint {} refused the connection: {}", route, backend, e.toString());
            closeQuietly(upstream);
            closeQuietly(downstream);
            return;
        }
        AtomicInteger directions = new AtomicInteger(2);
        threads.execute(() -> pipe(upstream, downstream, directions));
        pipe(downstream, upstream, directions);
    }

    private InetSocketAddress pick() {
        List<InetSocketAddress> current = backends;
        if (current.isEmpty()) {
            return null;
        }
        return current.get(Math.floorMod(next.getAndIncrement(), current.size()));
    }

    /**
     * Copies one direction until its source ends, then half-closes the destination so that the other
     * direction may finish (HTTP/1.0 clients, for one, close their side first); the last direction to
     * end closes both sockets.
     */
    private void pipe(Socket from, Socket to, AtomicInteger directions) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (SocketException e) {
            directions.set(1); // one side is gone: the connection is over
        } catch (IOException e) {
            LOG.debug("Route {}: forwarding ended: {}", route, e.toString());
            directions.set(1);
        } finally {
            if (directions.decrementAndGet() <= 0) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }
    }

    private void track(Socket socket) {
        open.add(socket);
        if (server.isClosed()) {
            closeQuietly(socket);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Route {}: closing {} failed: {}", route, address(), e.toString());
        }
        open.forEach(this::closeQuietly);
        LOG.info("Route {}: port {} closed", route, server.getLocalPort());
    }
}
