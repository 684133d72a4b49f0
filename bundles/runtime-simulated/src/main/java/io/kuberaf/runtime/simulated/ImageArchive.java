package io.kuberaf.runtime.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.RuntimeOperationException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The images named by an archive as {@code docker save} writes it: a tar (gzip-compressed or not)
 * whose {@code manifest.json} lists each image's config and tags. The simulated runtime keeps no
 * layers, so only the names, the config digest and the archive's size are read.
 */
final class ImageArchive {

    private static final int BLOCK = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageArchive() {
    }

    static List<ImageInfo> read(InputStream archive) {
        try {
            return images(uncompressed(archive));
        } catch (IOException e) {
            throw new RuntimeOperationException("cannot read the image archive: " + e.getMessage(), e);
        }
    }

    private static InputStream uncompressed(InputStream archive) throws IOException {
        BufferedInputStream in = new BufferedInputStream(archive);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in) : in;
    }

    private static List<ImageInfo> images(InputStream tar) throws IOException {
        JsonNode manifest = null;
        long size = 0;
        byte[] header = new byte[BLOCK];
        while (tar.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
            requireTar(header);
            String name = text(header, 0, 100);
            long length = Math.max(0, octal(header, 124, 12));
            long padded = (length + BLOCK - 1) / BLOCK * BLOCK;
            size += length;
            if (name.equals("manifest.json") || name.equals("./manifest.json")) {
                manifest = JSON.readTree(tar.readNBytes((int) length));
                tar.skipNBytes(padded - length);
            } else {
                tar.skipNBytes(padded);
            }
        }
        if (manifest == null || !manifest.isArray()) {
            throw new RuntimeOperationException("the archive has no manifest.json: it is not an image archive as `docker save` writes it");
        }
        List<ImageInfo> images = new ArrayList<>();
        for (JsonNode image : manifest) {
            String config = image.path("Config").asText("");
            String id = "sha256:" + config.replaceFirst("^blobs/sha256/", "").replaceFirst("\\.json$", "");
            List<String> tags = new ArrayList<>();
            image.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
            images.add(new ImageInfo(id, tags.isEmpty() ? List.of(id) : tags, size));
        }
        return images;
    }

    /** ustar headers carry "ustar" at 257; old v7 tars have a checksum only: check that one. */
    private static void requireTar(byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        if (octal(header, 148, 8) != sum) {
            throw new RuntimeOperationException("the archive is not a tar file (bad header checksum)");
        }
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).trim();
        try {
            return digits.isEmpty() ? -1 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new RuntimeOperationException("the archive is not a tar file (header field \"" + digits + "\" is not a number)");
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
