package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaulting and validation of one kind (or family of kinds), as its registry strategy does it. */
interface KindRules {

    /** How metadata.name is checked. */
    ObjectMetaRules.NameRule nameRule();

    /** Sets defaults; {@code old} is null on create. */
    default void defaults(ObjectNode object, ObjectNode old) {
    }

    /** Checks the object on create and update. */
    default void validate(ObjectNode object, FieldErrors errors) {
    }

    /** Extra checks of an update (immutable fields). */
    default void validateUpdate(ObjectNode object, ObjectNode old, FieldErrors errors) {
    }

    /** A kind with no rules beyond its name. */
    static KindRules named(ObjectMetaRules.NameRule rule) {
        return () -> rule;
    }
}
