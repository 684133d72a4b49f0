package io.kuberaf.store.ignite;

import io.kuberaf.api.store.KeyValue;
import io.kuberaf.api.store.WatchEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes stored in Ignite. Only {@code String}, {@code Long} and {@code byte[]} ever go into a
 * cache, so no class of this bundle has to be known to Ignite's marshaller (OSGi class loading).
 *
 * <pre>
 * record := version(1) createRevision(8) modRevision(8) expiresAtMillis(8) valueLength(4) value
 * event  := version(1) type(1) revision(8) key(UTF) hasKv(1) [record] hasPrev(1) [record]
 * </pre>
 */
final class RecordCodec {

    private static final byte VERSION = 1;

    private RecordCodec() {
    }

    static byte[] encodeRecord(KeyValue kv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(kv.value().length + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeRecord(out, kv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static KeyValue decodeRecord(String key, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            checkVersion(in.readByte());
            return readRecord(in, key);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt record of key " + key, e);
        }
    }

    static byte[] encodeEvent(WatchEvent event) {
        int size = 64 + (event.kv() != null ? event.kv().value().length : 0)
                + (event.prevKv() != null ? event.prevKv().value().length : 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(event.type().ordinal());
            out.writeLong(event.revision());
            out.writeUTF(event.key());
            out.writeBoolean(event.kv() != null);
            if (event.kv() != null) {
                writeRecord(out, event.kv());
            }
            out.writeBoolean(event.prevKv() != null);
            if (event.prevKv() != null) {
                writeRecord(out, event.prevKv());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static WatchEvent decodeEvent(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            checkVersion(in.readByte());
            WatchEvent.Type type = WatchEvent.Type.values()[in.readByte()];
            long revision = in.readLong();
            String key = in.readUTF();
            KeyValue kv = in.readBoolean() ? readRecord(in, key) : null;
            KeyValue prev = in.readBoolean() ? readRecord(in, key) : null;
            return new WatchEvent(type, revision, kv, prev);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt log entry", e);
        }
    }

    private static void writeRecord(DataOutputStream out, KeyValue kv) throws IOException {
        out.writeLong(kv.createRevision());
        out.writeLong(kv.modRevision());
        out.writeLong(kv.expiresAtMillis());
        out.writeInt(kv.value().length);
        out.write(kv.value());
    }

    private static KeyValue readRecord(DataInputStream in, String key) throws IOException {
        long create = in.readLong();
        long mod = in.readLong();
        long expires = in.readLong();
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        return new KeyValue(key, value, create, mod, expires);
    }

    private static void checkVersion(byte version) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown record format version " + version);
        }
    }
}
