package io.kuberaf.apiserver.openapi;

import io.kuberaf.apiserver.openapi.KindSchemas.ArrayOf;
import io.kuberaf.apiserver.openapi.KindSchemas.MapOf;
import io.kuberaf.apiserver.openapi.KindSchemas.Model;
import io.kuberaf.apiserver.openapi.KindSchemas.Property;
import io.kuberaf.apiserver.openapi.KindSchemas.Ref;
import io.kuberaf.apiserver.openapi.KindSchemas.Shape;

/**
 * What the strategic merge patch and server-side apply need to know at one place of an object:
 * the patch strategy and merge key of each field ({@link FieldTags}) and the schema below it.
 * Places the schema does not describe answer {@link #UNKNOWN}: no strategy, lists replace.
 */
public final class PatchMeta {

    public static final PatchMeta UNKNOWN = new PatchMeta(null);

    private final Shape shape;

    PatchMeta(Shape shape) {
        this.shape = shape;
    }

    /** The meta of a kind's objects. */
    public static PatchMeta of(Model model) {
        return new PatchMeta(new Ref(model));
    }

    public boolean known() {
        return shape != null;
    }

    /** The meta of the value of field {@code key} (of any key of a map). */
    public PatchMeta field(String key) {
        if (shape instanceof Ref ref) {
            Property property = ref.model().property(key);
            return property == null ? UNKNOWN : new PatchMeta(property.shape());
        }
        if (shape instanceof MapOf map) {
            return new PatchMeta(map.values());
        }
        return UNKNOWN;
    }

    /** The meta of the elements of this list. */
    public PatchMeta items() {
        return shape instanceof ArrayOf array ? new PatchMeta(array.items()) : UNKNOWN;
    }

    /** The tags of field {@code key} of this object. */
    public FieldTags.Tag tag(String key) {
        if (shape instanceof Ref ref) {
            Property property = ref.model().property(key);
            return property == null ? FieldTags.Tag.NONE : property.tag();
        }
        return FieldTags.Tag.NONE;
    }

    /** Whether this is a map with free keys (labels, annotations, resource lists). */
    public boolean isMap() {
        return shape instanceof MapOf;
    }

    /** Whether this is an object whose fields the schema lists. */
    public boolean isStruct() {
        return shape instanceof Ref ref && ref.model().structural();
    }
}
