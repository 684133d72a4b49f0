package io.kuberaf.controller.serviceaccount.tokens;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The claims Kubernetes puts in service account tokens: legacy Secret-based ones and bound (TokenRequest) ones. */
public final class ServiceAccountClaims {

    /** The issuer of legacy Secret tokens, as Kubernetes writes it. */
    public static final String LEGACY_ISSUER = "kubernetes/serviceaccount";

    private ServiceAccountClaims() {
    }

    public static String subject(String namespace, String serviceAccount) {
        return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }

    /** A token Secret's claims: no audience and no expiry, the flat kubernetes.io/serviceaccount/* claims. */
    public static Map<String, Object> legacy(String namespace, String serviceAccount, String serviceAccountUid, String secretName) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", LEGACY_ISSUER);
        claims.put("kubernetes.io/serviceaccount/namespace", namespace);
        claims.put("kubernetes.io/serviceaccount/secret.name", secretName);
        claims.put("kubernetes.io/serviceaccount/service-account.name", serviceAccount);
        claims.put("kubernetes.io/serviceaccount/service-account.uid", serviceAccountUid);
        claims.put("sub", subject(namespace, serviceAccount));
        return claims;
    }

    /** A bound token's claims (projected volumes, TokenRequest): audiences, issued-at, not-before, expiry. */
    public static Map<String, Object> bound(String issuer, List<String> audiences, String namespace, String serviceAccount,
                                            String serviceAccountUid, Instant now, long expirationSeconds) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audiences);
        claims.put("exp", now.getEpochSecond() + expirationSeconds);
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", issuer);
        Map<String, Object> kubernetes = new LinkedHashMap<>();
        kubernetes.put("namespace", namespace);
        kubernetes.put("serviceaccount", Map.of("name", serviceAccount, "uid", serviceAccountUid));
        claims.put("kubernetes.io", kubernetes);
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", subject(namespace, serviceAccount));
        return claims;
    }
}
