package io.kuberaf.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kuberaf.api.extension.KindProvider;
import io.kuberaf.apiserver.crd.CustomResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vendor bundles' {@link KindProvider} services, bound before or after the apiserver starts: their
 * CustomResourceDefinition documents (YAML, several per file allowed, or JSON) are read once and
 * published to {@link CustomResources} while the apiserver runs.
 */
final class KindProviders {

    private static final Logger LOG = LoggerFactory.getLogger(KindProviders.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, List<ObjectNode>> definitions = new LinkedHashMap<>();
    private CustomResources target;

    /** Reads a provider's definitions; a document that cannot be read is logged and skipped. */
    synchronized void add(String source, KindProvider provider) {
        List<ObjectNode> documents = new ArrayList<>();
        for (URL url : provider.definitions()) {
            documents.addAll(read(source, url));
        }
        definitions.put(source, documents);
        if (target != null) {
            target.publish(source, copies(documents));
        }
    }

    synchronized void remove(String source) {
        definitions.remove(source);
        if (target != null) {
            target.withdraw(source);
        }
    }

    /** The apiserver started: everything bound so far is published to it, later changes as they come. */
    synchronized void attach(CustomResources customResources) {
        target = customResources;
        definitions.forEach((source, documents) -> customResources.publish(source, copies(documents)));
    }

    synchronized void detach() {
        target = null;
    }

    private static List<ObjectNode> copies(List<ObjectNode> documents) {
        return documents.stream().map(ObjectNode::deepCopy).toList();
    }

    private static List<ObjectNode> read(String source, URL url) {
        List<ObjectNode> documents = new ArrayList<>();
        try (InputStream in = url.openStream(); MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(in)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document instanceof ObjectNode object && "CustomResourceDefinition".equals(object.path("kind").asText())) {
                    documents.add(object);
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    LOG.error("Kinds of {}: {} holds a document that is not a CustomResourceDefinition; skipped", source, url);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Kinds of {}: cannot read the definition {}: {}", source, url, e.getMessage());
        }
        return documents;
    }
}
