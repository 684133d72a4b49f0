package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kuberaf.apiserver.http.Json;

import java.util.List;

/**
 * Jobs and CronJobs: batch/v1 defaults, the selector a Job gets from its uid (unless
 * manualSelector), templates that restart OnFailure or Never, and the cron schedule.
 */
final class BatchRules {

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_JOB_NAME = "job-name";
    static final List<String> JOB_RESTART_POLICIES = List.of("OnFailure", "Never");

    private BatchRules() {
    }

    static final class Jobs implements KindRules {

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void defaults(ObjectNode job, ObjectNode old) {
            ObjectNode spec = Json.object(job, "spec");
            if (old == null) {
                generateSelector(job, spec);
            }
            jobSpecDefaults(spec);
        }

        private static void generateSelector(ObjectNode job, ObjectNode spec) {
            if (spec.path("manualSelector").asBoolean(false)) {
                return;
            }
            String uid = job.path("metadata").path("uid").asText();
            String name = job.path("metadata").path("name").asText();
            ObjectNode template = Json.object(spec, "template");
            ObjectNode labels = Json.object(Json.object(template, "metadata"), "labels");
            for (String[] label : new String[][]{{LEGACY_CONTROLLER_UID, uid}, {CONTROLLER_UID, uid},
                    {LEGACY_JOB_NAME, name}, {JOB_NAME, name}}) {
                if (!labels.has(label[0])) {
                    labels.put(label[0], label[1]);
                }
            }
            if (!spec.hasNonNull("selector")) {
                spec.putObject("selector").putObject("matchLabels").put(CONTROLLER_UID, uid);
            }
        }

        @Override
        public void validate(ObjectNode job, FieldErrors errors) {
            JsonNode spec = job.path("spec");
            JsonNode selector = spec.get("selector");
            if (selector == null || selector.isNull()) {
                errors.required("spec.selector", "");
            } else {
                if (!spec.path("manualSelector").asBoolean(false)) {
                    String uid = job.path("metadata").path("uid").asText();
                    if (!uid.equals(selector.path("matchLabels").path(CONTROLLER_UID).asText(null))) {
                        errors.invalid("spec.selector", GoValues.labelSelector(selector), "`selector` not auto-generated");
                    }
                }
                JsonNode labels = spec.path("template").path("metadata").path("labels");
                if (PodSpecs.isEmptySelector(selector) || !PodSpecs.selects(selector, labels)) {
                    errors.invalid("spec.template.metadata.labels", GoValues.stringMap(labels),
                            "`selector` does not match template `labels`");
                }
            }
            validateJobSpec(spec, "spec", errors);
        }

        @Override
        public void validateUpdate(ObjectNode job, ObjectNode old, FieldErrors errors) {
            JsonNode selector = job.path("spec").path("selector");
            if (!selector.equals(old.path("spec").path("selector"))) {
                errors.invalid("spec.selector", selector.isObject() ? GoValues.labelSelector(selector) : "null",
                        ControllerRules.IMMUTABLE);
            }
            if (!job.path("spec").path("template").equals(old.path("spec").path("template"))) {
                errors.invalid("spec.template", "core.PodTemplateSpec{...}", ControllerRules.IMMUTABLE);
            }
            if (!job.path("spec").path("completions").equals(old.path("spec").path("completions"))) {
                errors.invalid("spec.completions", GoValues.of(job.path("spec").get("completions")), ControllerRules.IMMUTABLE);
            }
        }
    }

    static final class CronJobs implements KindRules {

        static final List<String> CONCURRENCY = List.of("Allow", "Forbid", "Replace");

        @Override
        public ObjectMetaRules.NameRule nameRule() {
            return ObjectMetaRules.NameRule.DNS1123_SUBDOMAIN;
        }

        @Override
        public void defaults(ObjectNode cronJob, ObjectNode old) {
            ObjectNode spec = Json.object(cronJob, "spec");
            PodSpecs.putIfAbsent(spec, "concurrencyPolicy", "Allow");
            if (!spec.has("suspend")) {
                spec.put("suspend", false);
            }
            PodSpecs.putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
            PodSpecs.putIfAbsent(spec, "failedJobsHistoryLimit", 1);
            jobSpecDefaults(Json.object(Json.object(spec, "jobTemplate"), "spec"));
        }

        @Override
        public void validate(ObjectNode cronJob, FieldErrors errors) {
            String name = cronJob.path("metadata").path("name").asText("");
            if (name.length() > 52) {
                errors.invalidString("metadata.name", name, Formats.maxLen(52));
            }
            JsonNode spec = cronJob.path("spec");
            String schedule = spec.path("schedule").asText("");
            if (schedule.isEmpty()) {
                errors.required("spec.schedule", "");
            } else {
                String problem = scheduleProblem(schedule);
                if (problem != null) {
                    errors.invalidString("spec.schedule", schedule, problem);
                }
            }
            String concurrency = spec.path("concurrencyPolicy").asText("");
            if (!CONCURRENCY.contains(concurrency)) {
                errors.notSupported("spec.concurrencyPolicy", concurrency, CONCURRENCY);
            }
            ControllerRules.nonNegative(spec, "startingDeadlineSeconds", errors);
            ControllerRules.nonNegative(spec, "successfulJobsHistoryLimit", errors);
            ControllerRules.nonNegative(spec, "failedJobsHistoryLimit", errors);
            validateJobSpec(spec.path("jobTemplate").path("spec"), "spec.jobTemplate.spec", errors);
        }

        /** Null when the schedule has five fields (or is a @macro), else what robfig/cron would say. */
        static String scheduleProblem(String schedule) {
            String s = schedule.trim();
            if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
                return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead";
            }
            if (s.startsWith("@")) {
                return List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly").contains(s)
                        || s.startsWith("@every ") ? null : "unrecognized descriptor: " + s;
            }
            String[] fields = s.split("\\s+");
            if (fields.length != 5) {
                return "expected exactly 5 fields, found " + fields.length + ": " + s;
            }
            for (String field : fields) {
                if (!field.matches("[0-9A-Za-z*?/,\\-]+")) {
                    return "failed to parse int from " + field;
                }
            }
            return null;
        }
    }

    static void jobSpecDefaults(ObjectNode spec) {
        if (!spec.has("completions") && !spec.has("parallelism")) {
            spec.put("completions", 1);
        }
        PodSpecs.putIfAbsent(spec, "parallelism", 1);
        if (!spec.has("backoffLimitPerIndex")) {
            PodSpecs.putIfAbsent(spec, "backoffLimit", 6);
        }
        PodSpecs.putIfAbsent(spec, "completionMode", "NonIndexed");
        if (!spec.has("suspend")) {
            spec.put("suspend", false);
        }
        PodSpecs.putIfAbsent(spec, "podReplacementPolicy", spec.has("podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        PodSpecs.templateDefaults(spec);
    }

    static void validateJobSpec(JsonNode spec, String path, FieldErrors errors) {
        for (String field : List.of("parallelism", "completions", "backoffLimit", "activeDeadlineSeconds",
                "ttlSecondsAfterFinished")) {
            if (spec.has(field) && spec.get(field).isNumber() && spec.get(field).asLong() < 0) {
                errors.invalid(path + "." + field, spec.get(field).asText(), ControllerRules.NEGATIVE);
            }
        }
        String mode = spec.path("completionMode").asText("");
        if (!List.of("NonIndexed", "Indexed").contains(mode)) {
            errors.notSupported(path + ".completionMode", mode, List.of("NonIndexed", "Indexed"));
        }
        JsonNode template = spec.path("template");
        PodSpecs.validateTemplate(template, path + ".template", errors);
        String restartPolicy = template.path("spec").path("restartPolicy").asText("");
        if (PodSpecs.RESTART_POLICIES.contains(restartPolicy) && !JOB_RESTART_POLICIES.contains(restartPolicy)) {
            errors.notSupported(path + ".template.spec.restartPolicy", restartPolicy, JOB_RESTART_POLICIES);
        }
    }
}
