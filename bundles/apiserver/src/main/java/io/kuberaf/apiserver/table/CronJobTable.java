package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** batch/v1 CronJob: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR. */
final class CronJobTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(Columns.NAME,
            Columns.string("Schedule", Docs.CRON_JOB_SPEC_SCHEDULE),
            Columns.string("Timezone", Docs.CRON_JOB_SPEC_TIME_ZONE),
            Column.of("Suspend", "boolean", Docs.CRON_JOB_SPEC_SUSPEND),
            Columns.integer("Active", Docs.CRON_JOB_STATUS_ACTIVE),
            Columns.string("Last Schedule", Docs.CRON_JOB_STATUS_LAST_SCHEDULE_TIME),
            Columns.AGE, Columns.WIDE_CONTAINERS, Columns.WIDE_IMAGES,
            Columns.wide("Selector", Docs.JOB_SPEC_SELECTOR));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode cronJob, Instant now) {
        JsonNode spec = cronJob.path("spec");
        JsonNode status = cronJob.path("status");
        JsonNode suspend = spec.path("suspend");
        // kube-apiserver defaults suspend to false on create, so a stored CronJob always shows True or False
        String suspendCell = suspend.asBoolean(false) ? "True" : "False";
        String lastSchedule = Cells.present(status.path("lastScheduleTime"))
                ? Cells.since(status.path("lastScheduleTime"), now) : Cells.NONE;
        String timeZone = Cells.present(spec.path("timeZone")) ? Cells.text(spec.path("timeZone")) : Cells.NONE;
        JsonNode jobSpec = spec.path("jobTemplate").path("spec");
        JsonNode podSpec = jobSpec.path("template").path("spec");
        return List.of(Cells.name(cronJob), Cells.text(spec.path("schedule")), timeZone,
                suspendCell, (long) status.path("active").size(), lastSchedule, Cells.age(cronJob, now),
                Cells.containerNames(podSpec), Cells.containerImages(podSpec), Cells.formatLabelSelector(jobSpec.path("selector")));
    }
}
