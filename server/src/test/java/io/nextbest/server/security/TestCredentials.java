package io.nextbest.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Credentials made at test time: an API key per role in a callers file, and an RSA key
 * pair whose public half the server trusts for JWTs, so no identity provider (and no
 * network) is needed.
 */
final class TestCredentials {

	/** The API key of each role's caller: {@code key-<role>}. */
	static String key(Role role) {
		return "key-" + role.id() + "-0123456789abcdef";
	}

	final Path callersFile;

	final Path publicKey;

	private final KeyPair signing;

	private final KeyPair stranger;

	TestCredentials(Path directory) {
		try {
			this.signing = rsa();
			this.stranger = rsa();
			this.callersFile = directory.resolve("callers.yaml");
			StringBuilder callers = new StringBuilder("callers:\n");
			for (Role role : Role.values()) {
				callers.append("  - name: ")
					.append(role.id())
					.append("-caller\n    roles: [")
					.append(role.id())
					.append("]\n    api-key-sha256: ")
					.append(Callers.sha256(key(role)))
					.append('\n');
			}
			Files.writeString(this.callersFile, callers);
			this.publicKey = directory.resolve("jwt-public.pem");
			Files.writeString(this.publicKey,
					"-----BEGIN PUBLIC KEY-----\n"
							+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
								.encodeToString(this.signing.getPublic().getEncoded())
							+ "\n-----END PUBLIC KEY-----\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param subject the caller
	 * @param claims further claims (roles, customer_id)
	 * @return a token the server accepts until it expires in an hour
	 */
	String jwt(String subject, Map<String, Object> claims) {
		return sign(this.signing, subject, claims, Instant.now().plusSeconds(3600));
	}

	/** A token signed with a key the server does not know. */
	String foreignJwt(String subject, Map<String, Object> claims) {
		return sign(this.stranger, subject, claims, Instant.now().plusSeconds(3600));
	}

	/** An unsigned token ({@code alg: none}) claiming every role. */
	String unsignedJwt(String subject, Map<String, Object> claims) {
		JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject(subject)
			.expirationTime(Date.from(Instant.now().plusSeconds(3600)));
		claims.forEach(set::claim);
		return new PlainJWT(set.build()).serialize();
	}

	/**
	 * A token signed with HMAC, using the server's public key as the secret: the old
	 * algorithm confusion attack.
	 */
	String hmacWithPublicKey(String subject, Map<String, Object> claims) {
		JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject(subject)
			.expirationTime(Date.from(Instant.now().plusSeconds(3600)));
		claims.forEach(set::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), set.build());
		try {
			jwt.sign(new MACSigner(this.signing.getPublic().getEncoded()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** A token that expired an hour ago (well beyond the decoder's allowed skew). */
	String expiredJwt(String subject, Map<String, Object> claims) {
		return sign(this.signing, subject, claims, Instant.now().minusSeconds(3600));
	}

	static Map<String, Object> roles(Role... roles) {
		return Map.of("roles", Arrays.stream(roles).map(Role::id).toList());
	}

	private static String sign(KeyPair key, String subject, Map<String, Object> claims, Instant expires) {
		JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject(subject)
			.issueTime(Date.from(expires.minusSeconds(7200)))
			.expirationTime(Date.from(expires));
		claims.forEach(set::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), set.build());
		try {
			jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
