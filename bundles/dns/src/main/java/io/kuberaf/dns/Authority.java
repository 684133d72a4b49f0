package io.kuberaf.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/** A source of authoritative answers: the cluster's names, or in tests a stand-in upstream. */
interface Authority {

    /** The answer for a question, or null when the name is not this authority's (it is then forwarded). */
    Answer lookup(Name name, int type);

    /** The SOA that negative answers for a name carry. */
    SOARecord soa(Name name);
}
