package io.nextbest.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;

/**
 * A credential sent with every call as {@code authorization: Bearer <token>}: an API key
 * or a JWT from the organisation's identity provider, which the server maps to a caller
 * and its roles.
 * <p>
 * The token is only sent over TLS, or over plaintext to a server on this machine
 * (loopback), where nobody can read it on the way: a call over plaintext to any other
 * address fails {@code UNAUTHENTICATED} without sending it. gRPC itself leaves that
 * choice to each credential. {@link #toString()} never shows the token.
 */
public final class BearerToken extends CallCredentials {

	/** The header every credential travels in. */
	public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final String header;

	private BearerToken(String token) {
		this.header = "Bearer " + token;
	}

	/**
	 * @param token the API key or JWT, as issued
	 * @return the credential
	 * @throws IllegalArgumentException when the token is blank or holds characters a
	 * header cannot carry (the message does not show it)
	 */
	public static BearerToken of(String token) {
		Objects.requireNonNull(token, "token");
		String trimmed = token.strip();
		if (trimmed.isEmpty()) {
			throw new IllegalArgumentException("the token is empty");
		}
		for (int i = 0; i < trimmed.length(); i++) {
			char c = trimmed.charAt(i);
			if (c <= ' ' || c > '~') {
				throw new IllegalArgumentException(
						"the token holds a space or a character that is not printable ASCII, at position " + (i + 1));
			}
		}
		return new BearerToken(trimmed);
	}

	@Override
	public void applyRequestMetadata(RequestInfo request, Executor executor, MetadataApplier applier) {
		if (request.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY
				&& !isLoopback(request.getTransportAttrs().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR))) {
			applier.fail(Status.UNAUTHENTICATED.withDescription("the token was not sent: " + request.getAuthority()
					+ " is not on this machine and the connection is plaintext; connect with TLS"));
			return;
		}
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION, this.header);
		applier.apply(headers);
	}

	@Override
	public String toString() {
		return "BearerToken[hidden]";
	}

	private static boolean isLoopback(SocketAddress address) {
		return address instanceof InetSocketAddress inet && inet.getAddress() != null
				&& inet.getAddress().isLoopbackAddress();
	}

}
