package com.acme.platform.project;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/** {@code phase}: Active, Terminating or Failed (its namespace belongs to someone else); {@code message} says why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProjectStatus {

    public static final String ACTIVE = "Active";
    public static final String TERMINATING = "Terminating";
    public static final String FAILED = "Failed";

    private String phase;
    private String namespace;
    private String message;

    public ProjectStatus() {
    }

    ProjectStatus(String phase, String namespace, String message) {
        this.phase = phase;
        this.namespace = namespace;
        this.message = message;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    boolean sameAs(ProjectStatus other) {
        return other != null && Objects.equals(phase, other.phase) && Objects.equals(namespace, other.namespace)
                && Objects.equals(message, other.message);
    }
}
