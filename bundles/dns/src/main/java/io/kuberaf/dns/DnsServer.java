package io.kuberaf.dns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on UDP and TCP: answers what its {@link Authority} knows, forwards the rest. Listens on any
 * number of addresses (added and removed while it runs); questions are handled on a bounded pool, and a
 * question that finds the pool full is dropped (the client retries, as it would after a lost packet).
 */
final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int UDP_LIMIT = 512;
    private static final int EDNS_PAYLOAD = 1232;
    private static final int TCP_IDLE_MILLIS = 10_000;
    private static final int MAX_ALIASES = 8;

    private final Authority authority;
    private final Forwarder forwarder;
    private final ExecutorService workers;
    private final Map<InetSocketAddress, Listener> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();

    DnsServer(Authority authority, Forwarder forwarder, int maxWorkers) {
        this.authority = authority;
        this.forwarder = forwarder;
        this.workers = new ThreadPoolExecutor(1, maxWorkers, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> thread("kuberaf-dns-worker-" + threads.incrementAndGet(), task));
    }

    /**
     * Listens on UDP and TCP at this address (port 0: a free port, the same for both). Returns the address
     * bound. Listening again on an address already bound does nothing.
     */
    synchronized InetSocketAddress listen(InetSocketAddress address) throws IOException {
        Listener existing = listeners.get(address);
        if (existing != null) {
            return existing.address();
        }
        DatagramSocket udp = new DatagramSocket(address);
        ServerSocket tcp;
        try {
            tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(address.getAddress(), udp.getLocalPort()), 64);
        } catch (IOException e) {
            udp.close();
            throw e;
        }
        Listener listener = new Listener(udp, tcp);
        listeners.put(address, listener);
        if (address.getPort() == 0) {
            listeners.put(listener.address(), listener);
        }
        thread("kuberaf-dns-udp-" + listener.address(), () -> serveUdp(udp)).start();
        thread("kuberaf-dns-tcp-" + listener.address(), () -> serveTcp(tcp)).start();
        LOG.info("Cluster DNS listening on {} (UDP and TCP)", listener.address());
        return listener.address();
    }

    /** Stops listening on an address (a moved pod-network gateway). */
    synchronized void stopListening(InetSocketAddress address) {
        Listener listener = listeners.remove(address);
        if (listener != null) {
            listeners.values().removeIf(other -> other == listener);
            listener.close();
        }
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(Listener::close);
        listeners.clear();
        workers.shutdownNow();
    }

    // ---- transport ----

    private void serveUdp(DatagramSocket socket) {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("Cluster DNS stopped receiving on UDP {}: {}", socket.getLocalSocketAddress(), e.toString());
                }
                return;
            }
            byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            java.net.SocketAddress client = packet.getSocketAddress();
            submit(() -> {
                byte[] response = respond(query, false);
                if (response != null) {
                    try {
                        socket.send(new DatagramPacket(response, response.length, client));
                    } catch (IOException e) {
                        LOG.debug("Cannot send a DNS response to {}: {}", client, e.toString());
                    }
                }
            });
        }
    }

    private void serveTcp(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                submit(() -> serveConnection(connection));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Cluster DNS stopped accepting on TCP {}: {}", server.getLocalSocketAddress(), e.toString());
                }
                return;
            }
        }
    }

    /** RFC 7766: messages prefixed by their two-byte length, several per connection. */
    private void serveConnection(Socket connection) {
        try (connection) {
            connection.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(connection.getInputStream());
            DataOutputStream out = new DataOutputStream(connection.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] response = respond(query, true);
                if (response == null) {
                    return;
                }
                out.writeShort(response.length);
                out.write(response);
                out.flush();
            }
        } catch (EOFException | SocketException | java.net.SocketTimeoutException e) {
            // the client is done, or idle
        } catch (IOException e) {
            LOG.debug("DNS over TCP from {} failed: {}", connection.getRemoteSocketAddress(), e.toString());
        }
    }

    private void submit(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Cluster DNS is busy: a question is dropped");
        }
    }

    // ---- messages ----

    /** The wire response to a wire query; null when the query cannot even be read (nothing is sent). */
    byte[] respond(byte[] wire, boolean overTcp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return wire.length >= Header.LENGTH ? formatError(wire) : null;
        }
        Message response = answer(query, overTcp);
        if (overTcp) {
            return response.toWire(65535);
        }
        OPTRecord opt = query.getOPT();
        int limit = opt == null ? UDP_LIMIT : Math.max(UDP_LIMIT, Math.min(opt.getPayloadSize(), 65535));
        return response.toWire(limit);  // sets TC when the answer does not fit: the client asks again over TCP
    }

    Message answer(Message query, boolean overTcp) {
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return reply(query, Rcode.NOTIMP);
        }
        if (question == null || query.getHeader().getFlag(Flags.QR)) {
            return reply(query, Rcode.FORMERR);
        }
        Answer answer = authority.lookup(question.getName(), question.getType());
        if (answer == null) {
            Message forwarded = forwarder.forward(query, overTcp);
            return forwarded != null ? forwarded : reply(query, Rcode.SERVFAIL);
        }
        Message response = reply(query, answer.rcode());
        response.getHeader().setFlag(Flags.AA);
        answer.answers().forEach(record -> response.addRecord(record, Section.ANSWER));
        if (question.getType() != Type.CNAME && question.getType() != Type.ANY) {
            followAlias(answer, question.getType(), overTcp).forEach(record -> response.addRecord(record, Section.ANSWER));
        }
        if (answer.negative()) {
            response.addRecord(authority.soa(question.getName()), Section.AUTHORITY);
        }
        answer.additional().forEach(record -> response.addRecord(record, Section.ADDITIONAL));
        return response;
    }

    /**
     * The records of an ExternalName's target, as a recursive server gives them: stub resolvers do not ask
     * again for the target of a CNAME. Cluster targets are answered here, others by the upstream.
     */
    private List<Record> followAlias(Answer answer, int type, boolean overTcp) {
        List<Record> chain = new ArrayList<>();
        Record last = answer.answers().isEmpty() ? null : answer.answers().get(answer.answers().size() - 1);
        for (int depth = 0; depth < MAX_ALIASES && last instanceof CNAMERecord alias; depth++) {
            Name target = alias.getTarget();
            Answer inCluster = authority.lookup(target, type);
            List<Record> records;
            if (inCluster != null) {
                records = inCluster.answers();
            } else {
                Message forwarded = forwarder.forward(Message.newQuery(Record.newRecord(target, type, DClass.IN)), overTcp);
                records = forwarded == null ? List.of() : forwarded.getSection(Section.ANSWER);
            }
            chain.addAll(records);
            last = records.isEmpty() ? null : records.get(records.size() - 1);
        }
        return chain;
    }

    private static Message reply(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setFlag(Flags.RA);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        response.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        return response;
    }

    private static byte[] formatError(byte[] wire) {
        Message response = new Message(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.FORMERR);
        return response.toWire();
    }

    private static Thread thread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The UDP and TCP sockets of one address. */
    private record Listener(DatagramSocket udp, ServerSocket tcp) {

        InetSocketAddress address() {
            return (InetSocketAddress) udp.getLocalSocketAddress();
        }

        void close() {
            udp.close();
            try {
                tcp.close();
            } catch (IOException e) {
                LOG.debug("Closing {}: {}", tcp, e.toString());
            }
        }
    }

    List<InetSocketAddress> addresses() {
        return listeners.values().stream().distinct().map(Listener::address).toList();
    }
}
