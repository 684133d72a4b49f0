package io.kuberaf.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.api.runtime.ImageInfo;
import io.kuberaf.api.runtime.ImagePullException;
import io.kuberaf.api.runtime.RuntimeOperationException;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Images: look-up, pull (with a time limit: an unreachable registry must fail fast), list, remove. */
final class DockerImages {

    private static final Logger LOG = LoggerFactory.getLogger(DockerImages.class);

    private final DockerApi api;
    private final Duration pullTimeout;
    private final List<String> allowedRegistries;

    DockerImages(DockerApi api, Duration pullTimeout, List<String> allowedRegistries) {
        this.api = api;
        this.pullTimeout = pullTimeout;
        this.allowedRegistries = allowedRegistries;
    }

    /** Fails when the image's registry is not among {@code allowed} (empty: all are). */
    static void requirePullAllowed(String image, List<String> allowed) {
        String registry = registryOf(image);
        if (!allowed.isEmpty() && !allowed.contains(registry)) {
            throw new ImagePullException("image \"" + image + "\" is not present on this node, and pulls from " + registry
                    + " are not allowed here (pull.allowedRegistries = " + String.join(",", allowed)
                    + " in etc/io.kuberaf.runtime.docker.cfg)");
        }
    }

    /** The registry an image reference names: its first part if that looks like a host, else Docker Hub. */
    static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        return host ? first.replaceFirst(":\\d+$", "") : "docker.io";
    }

    Optional<ImageInfo> status(String image) {
        try {
            return Optional.of(info(api.get("/images/" + image + "/json")));
        } catch (DockerApiException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    ImageInfo pull(String image) {
        Optional<ImageInfo> present = status(image);
        if (present.isPresent()) {
            return present.get();
        }
        requirePullAllowed(image, allowedRegistries);
        long started = System.nanoTime();
        LOG.info("Pulling image {}", image);
        try (InputStream progress = api.stream(HttpMethod.POST, "/images/create" + DockerApi.query(pullQuery(image)), pullTimeout)) {
            readProgress(image, progress);
        } catch (ImagePullException e) {
            throw e;
        } catch (RuntimeOperationException e) {
            throw new ImagePullException("failed to pull image \"" + image + "\": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ImagePullException("failed to pull image \"" + image + "\" within " + pullTimeout.toSeconds()
                    + " s (" + e.getMessage() + ")", e);
        } finally {
            LOG.debug("Pull of {} ended after {} ms", image, (System.nanoTime() - started) / 1_000_000);
        }
        return status(image).orElseThrow(() -> new ImagePullException("Docker pulled image \"" + image
                + "\" but does not list it"));
    }

    /** POST /images/load: Docker reads the archive (tar or compressed tar) and names what it loaded. */
    List<ImageInfo> load(InputStream archive) {
        List<String> loaded = new ArrayList<>();
        try (InputStream answer = api.postStreaming("/images/load?quiet=1", "application/x-tar", archive, pullTimeout)) {
            forEachEvent(answer, error -> new RuntimeOperationException("Docker could not load the image archive: " + error),
                    event -> loadedName(event.path("stream").asText("")).ifPresent(loaded::add));
        } catch (DockerApiException e) {
            throw new RuntimeOperationException("Docker could not load the image archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RuntimeOperationException("reading Docker's answer to the image load failed: " + e.getMessage(), e);
        }
        if (loaded.isEmpty()) {
            throw new RuntimeOperationException("the archive holds no image (Docker loaded nothing)");
        }
        LOG.info("Loaded images {} from an archive", loaded);
        // One entry per image, named by the tags the archive gave it (not its other tags on the node).
        Map<String, ImageInfo> byId = new LinkedHashMap<>();
        for (String name : loaded) {
            ImageInfo present = status(name).orElseThrow(() -> new RuntimeOperationException(
                    "Docker loaded image \"" + name + "\" but does not list it"));
            ImageInfo known = byId.get(present.id());
            List<String> tags = new ArrayList<>(known == null ? List.of() : known.repoTags());
            if (!name.startsWith("sha256:")) {
                tags.add(name);
            }
            byId.put(present.id(), new ImageInfo(present.id(), tags, present.sizeBytes()));
        }
        return List.copyOf(byId.values());
    }

    /** "Loaded image: busybox:latest" or, for an untagged image, "Loaded image ID: sha256:...". */
    static Optional<String> loadedName(String message) {
        String text = message.strip();
        for (String prefix : List.of("Loaded image ID: ", "Loaded image: ")) {
            if (text.startsWith(prefix)) {
                return Optional.of(text.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }

    private void readProgress(String image, InputStream progress) throws IOException {
        forEachEvent(progress, error -> new ImagePullException("failed to pull image \"" + image + "\": " + error), event -> { });
    }

    /** Docker streams one JSON object a line; a failure mid-way comes as {"error": ...} and is thrown as {@code failure}. */
    private void forEachEvent(InputStream stream, Function<String, RuntimeOperationException> failure, Consumer<JsonNode> each)
            throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event = api.json().readTree(line);
            if (event.hasNonNull("error")) {
                throw failure.apply(event.get("error").asText());
            }
            each.accept(event);
        }
    }

    /** Without a tag Docker would pull every tag of the repository: default to latest, as docker pull does. */
    static Map<String, String> pullQuery(String image) {
        Map<String, String> query = new LinkedHashMap<>();
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (image.contains("@")) {
            query.put("fromImage", image);
        } else if (colon > slash) {
            query.put("fromImage", image.substring(0, colon));
            query.put("tag", image.substring(colon + 1));
        } else {
            query.put("fromImage", image);
            query.put("tag", "latest");
        }
        return query;
    }

    List<ImageInfo> list() {
        List<ImageInfo> images = new ArrayList<>();
        for (JsonNode image : api.get("/images/json")) {
            images.add(info(image));
        }
        return images;
    }

    void remove(String image) {
        try {
            api.delete("/images/" + image);
        } catch (DockerApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    private static ImageInfo info(JsonNode image) {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : image.path("RepoTags")) {
            if (!"<none>:<none>".equals(tag.asText())) {
                tags.add(tag.asText());
            }
        }
        return new ImageInfo(image.path("Id").asText(), tags, image.path("Size").asLong(0));
    }
}
