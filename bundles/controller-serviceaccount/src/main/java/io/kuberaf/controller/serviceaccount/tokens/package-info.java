/**
 * Service account tokens: RS256 JWT signing and verification ({@link io.kuberaf.controller.serviceaccount.tokens.TokenSigner}),
 * the claims Kubernetes uses ({@link io.kuberaf.controller.serviceaccount.tokens.ServiceAccountClaims}) and the
 * cluster's signing key pair ({@link io.kuberaf.controller.serviceaccount.tokens.SigningKeys}).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.kuberaf.controller.serviceaccount.tokens;
