package io.kuberaf.dns;

import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

import java.util.List;

/**
 * What the server says about a name it is authoritative for: a response code, the answer records and
 * records that help the client (the A records behind SRV targets). An empty NOERROR answer is NODATA.
 */
record Answer(int rcode, List<Record> answers, List<Record> additional) {

    static Answer of(List<Record> answers) {
        return new Answer(Rcode.NOERROR, List.copyOf(answers), List.of());
    }

    static Answer of(List<Record> answers, List<Record> additional) {
        return new Answer(Rcode.NOERROR, List.copyOf(answers), List.copyOf(additional));
    }

    static Answer noData() {
        return new Answer(Rcode.NOERROR, List.of(), List.of());
    }

    static Answer nxDomain() {
        return new Answer(Rcode.NXDOMAIN, List.of(), List.of());
    }

    /** NXDOMAIN and NODATA carry the zone's SOA in the authority section (negative caching, RFC 2308). */
    boolean negative() {
        return answers.isEmpty();
    }
}
