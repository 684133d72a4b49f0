package com.acme.platform.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Where the router listens for a Route ({@code address}) and whether it admitted it (condition {@code Admitted}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteStatus {

    private String address;
    private Integer endpoints;
    private List<Condition> conditions = new ArrayList<>();

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    /** Ready endpoints the router forwards to. */
    public Integer getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(Integer endpoints) {
        this.endpoints = endpoints;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Condition condition(String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /** Same address, endpoint count and condition statuses, reasons and messages (transition times aside). */
    public boolean sameAs(RouteStatus other) {
        if (other == null || !Objects.equals(address, other.address) || !Objects.equals(endpoints, other.endpoints)) {
            return false;
        }
        List<Condition> mine = conditions == null ? List.of() : conditions;
        List<Condition> theirs = other.conditions == null ? List.of() : other.conditions;
        if (mine.size() != theirs.size()) {
            return false;
        }
        for (Condition condition : mine) {
            Condition twin = other.condition(condition.getType());
            if (twin == null || !Objects.equals(condition.getStatus(), twin.getStatus())
                    || !Objects.equals(condition.getReason(), twin.getReason())
                    || !Objects.equals(condition.getMessage(), twin.getMessage())) {
                return false;
            }
        }
        return true;
    }
}
