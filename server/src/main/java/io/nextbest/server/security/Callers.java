package io.nextbest.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.jspecify.annotations.Nullable;

/**
 * The machine callers the server knows, as read from the callers file: each found by the
 * SHA-256 of its API key, or by its client certificate's subject. Only hashes are held,
 * so the file and a heap dump give no key away; API keys are long random strings, for
 * which one SHA-256 is as good as a slow password hash and costs a microsecond per call.
 *
 * @param byKeyHash callers by the hex SHA-256 of their API key
 * @param bySubject callers by their certificate's subject
 */
record Callers(Map<String, Caller> byKeyHash, Map<X500Principal, Caller> bySubject) {

	static final Callers NONE = new Callers(Map.of(), Map.of());

	/**
	 * @param apiKey a key as presented
	 * @return its caller, or null when no caller has that key
	 */
	@Nullable Caller byKey(String apiKey) {
		return this.byKeyHash.get(sha256(apiKey));
	}

	/**
	 * @param subject a client certificate's subject
	 * @return its caller, or null when no caller has that subject
	 */
	@Nullable Caller bySubject(X500Principal subject) {
		return this.bySubject.get(subject);
	}

	int size() {
		return this.byKeyHash.size() + this.bySubject.size();
	}

	/**
	 * @param apiKey an API key
	 * @return what the callers file holds for it: the hex SHA-256 of its UTF-8 bytes
	 */
	static String sha256(String apiKey) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
