package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** batch/v1 Job: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR. */
final class JobTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Status", "Status of the job."),
            Columns.string("Completions", Docs.JOB_STATUS_SUCCEEDED),
            Columns.string("Duration", "Time required to complete the job."),
            Columns.AGE, Columns.WIDE_CONTAINERS, Columns.WIDE_IMAGES,
            Columns.wide("Selector", Docs.JOB_SPEC_SELECTOR));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode job, Instant now) {
        JsonNode spec = job.path("spec");
        JsonNode status = job.path("status");
        long succeeded = Cells.integer(status.path("succeeded"));
        String completions;
        if (spec.path("completions").isNumber()) {
            completions = succeeded + "/" + spec.path("completions").asLong();
        } else {
            long parallelism = Cells.integer(spec.path("parallelism"));
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }
        Instant start = Cells.instant(status.path("startTime"));
        Instant completion = Cells.instant(status.path("completionTime"));
        String duration = start == null ? ""
                : Cells.humanDuration(Duration.between(start, completion == null ? now : completion));
        JsonNode podSpec = spec.path("template").path("spec");
        return List.of(Cells.name(job), status(job), completions, duration, Cells.age(job, now),
                Cells.containerNames(podSpec), Cells.containerImages(podSpec), Cells.formatLabelSelector(spec.path("selector")));
    }

    private static String status(JsonNode job) {
        JsonNode conditions = job.path("status").path("conditions");
        if (condition(conditions, "Complete")) {
            return "Complete";
        } else if (condition(conditions, "Failed")) {
            return "Failed";
        } else if (Cells.present(job.path("metadata").path("deletionTimestamp"))) {
            return "Terminating";
        } else if (condition(conditions, "Suspended")) {
            return "Suspended";
        } else if (condition(conditions, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** The first condition of the type decides, as hasJobCondition does. */
    private static boolean condition(JsonNode conditions, String type) {
        for (JsonNode condition : conditions) {
            if (type.equals(Cells.text(condition.path("type")))) {
                return "True".equals(Cells.text(condition.path("status")));
            }
        }
        return false;
    }
}
