package io.kuberaf.shell.kubectl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code -f} names: files, folders (their .yaml, .yml and .json files, sorted), file: URLs;
 * each YAML document (several per file, separated by {@code ---}) is one object, and a List's
 * items are objects too.
 */
public final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One object and the file it came from (kubectl names the file in its errors). */
    public record Manifest(String source, ObjectNode object) {
    }

    private Manifests() {
    }

    public static List<Manifest> read(List<String> filenames, boolean recursive) {
        List<Manifest> manifests = new ArrayList<>();
        for (String filename : filenames) {
            Path path = path(filename);
            if (!Files.exists(path)) {
                throw KubectlException.error("the path \"%s\" does not exist", filename);
            }
            for (Path file : files(path, recursive)) {
                manifests.addAll(parse(file.toString().equals(path.toString()) ? filename : file.toString(), file));
            }
        }
        if (manifests.isEmpty()) {
            throw KubectlException.error("no objects passed to apply");
        }
        return manifests;
    }

    private static Path path(String filename) {
        if (filename.startsWith("file:")) {
            return Path.of(URI.create(filename));
        }
        if (filename.startsWith("http://") || filename.startsWith("https://")) {
            throw KubectlException.error("only local files and file: URLs are read here: \"%s\"", filename);
        }
        return Path.of(filename);
    }

    private static List<Path> files(Path path, boolean recursive) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path, recursive ? Integer.MAX_VALUE : 1)) {
            return walk.filter(Files::isRegularFile).filter(Manifests::isManifest).sorted().toList();
        } catch (IOException e) {
            throw KubectlException.error("error reading \"%s\": %s", path, e.getMessage());
        }
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    static List<Manifest> parse(String source, Path file) {
        List<Manifest> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                add(source, document, manifests);
            }
        } catch (JsonParseException e) {
            JsonLocation location = e.getLocation();
            int line = location == null ? 0 : location.getLineNr();
            throw KubectlException.error("error parsing %s: error converting YAML to JSON: yaml: line %d: %s", source, line, e.getOriginalMessage());
        } catch (IOException e) {
            throw KubectlException.error("error parsing %s: %s", source, e.getMessage());
        }
        return manifests;
    }

    private static void add(String source, JsonNode document, List<Manifest> manifests) {
        if (!document.isObject()) {
            throw KubectlException.error("error validating \"%s\": the document is not an object", source);
        }
        if (document.path("kind").asText().endsWith("List") && document.has("items")) {
            document.path("items").forEach(item -> add(source, item, manifests));
            return;
        }
        if (!document.hasNonNull("apiVersion") || !document.hasNonNull("kind")) {
            throw KubectlException.error("error validating data: [apiVersion not set, kind not set]; in \"%s\"", source);
        }
        manifests.add(new Manifest(source, (ObjectNode) document));
    }
}
