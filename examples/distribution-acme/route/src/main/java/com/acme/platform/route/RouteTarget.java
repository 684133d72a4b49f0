package com.acme.platform.route;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec.to}: the Service a Route sends its connections to (kind defaults to Service). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteTarget {

    private String kind = "Service";
    private String name;

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
