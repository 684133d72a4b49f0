package io.kuberaf.controller.serviceaccount.tokens;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The cluster's service account signing key pair (RSA 2048), generated on first use and kept in the
 * Secret {@code kube-system/kuberaf-service-account-key} (PEM: {@code key.pem} PKCS#8, {@code pub.pem}
 * SubjectPublicKeyInfo), so every member signs and verifies with the same keys. When two members
 * create it at once, the second reads the first one's.
 */
public final class SigningKeys {

    public static final String NAMESPACE = "kube-system";
    public static final String SECRET = "kuberaf-service-account-key";

    private SigningKeys() {
    }

    public static KeyPair loadOrCreate(KubernetesClient client) {
        Secret existing = client.secrets().inNamespace(NAMESPACE).withName(SECRET).get();
        if (existing != null) {
            return read(existing);
        }
        KeyPair generated = generate();
        Secret secret = new SecretBuilder().withNewMetadata().withName(SECRET).withNamespace(NAMESPACE).endMetadata()
                .withType("Opaque")
                .addToData("key.pem", base64(pem("PRIVATE KEY", generated.getPrivate().getEncoded())))
                .addToData("pub.pem", base64(pem("PUBLIC KEY", generated.getPublic().getEncoded())))
                .build();
        try {
            client.secrets().inNamespace(NAMESPACE).resource(secret).create();
            return generated;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return read(client.secrets().inNamespace(NAMESPACE).withName(SECRET).get());
            }
            throw e;
        }
    }

    static KeyPair read(Secret secret) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            byte[] privateDer = der(new String(Base64.getDecoder().decode(secret.getData().get("key.pem")), StandardCharsets.US_ASCII));
            byte[] publicDer = der(new String(Base64.getDecoder().decode(secret.getData().get("pub.pem")), StandardCharsets.US_ASCII));
            return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(publicDer)),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(privateDer)));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("The Secret " + NAMESPACE + "/" + SECRET + " does not hold an RSA key pair"
                    + " (key.pem, pub.pem); delete it to have a new pair generated: " + e, e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
