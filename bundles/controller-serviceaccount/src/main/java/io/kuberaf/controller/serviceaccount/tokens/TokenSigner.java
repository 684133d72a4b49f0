package io.kuberaf.controller.serviceaccount.tokens;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs JSON Web Tokens with RS256 (RSASSA-PKCS1-v1_5 over SHA-256) as kube-apiserver's service
 * account token issuer does; the key id is the unpadded base64url SHA-256 of the public key's DER form.
 * Verification is here too, for whoever authenticates the tokens.
 */
public final class TokenSigner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final KeyPair keys;
    private final String keyId;

    public TokenSigner(KeyPair keys) {
        this.keys = keys;
        this.keyId = keyId(keys.getPublic());
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** A compact JWS of these claims. */
    public String sign(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("kid", keyId);
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    /** True when {@code token} is an RS256 JWS signed by the private half of {@code key}. */
    public static boolean verify(String token, PublicKey key) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Map<String, Object> header = decode(parts[0]);
            if (!"RS256".equals(header.get("alg"))) {
                return false;
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(BASE64URL_DECODER.decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException | UncheckedIOException e) {
            return false;
        }
    }

    /** The claims of a token, unverified: call {@link #verify} first. */
    public static Map<String, Object> claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS: " + parts.length + " parts");
        }
        return decode(parts[1]);
    }

    static String keyId(PublicKey key) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> decode(String part) {
        try {
            return JSON.readValue(BASE64URL_DECODER.decode(part), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
