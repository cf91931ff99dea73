package io.nextbest.server.security;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;
import org.springframework.grpc.server.security.BearerTokenAuthenticationExtractor;
import org.springframework.grpc.server.security.GrpcAuthenticationExtractor;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Finds the bearer token of a call (an API key or a JWT) with Spring gRPC's extractor,
 * which fails on an empty token ({@code authorization: Bearer }) with an
 * IllegalArgumentException: that is a caller's bad credential, answered UNAUTHENTICATED,
 * not an internal error with a stack trace in the log.
 */
final class BearerTokens implements GrpcAuthenticationExtractor {

	private final BearerTokenAuthenticationExtractor extractor = new BearerTokenAuthenticationExtractor();

	@Override
	public @Nullable Authentication extract(Metadata headers, Attributes attributes, MethodDescriptor<?, ?> method) {
		try {
			return this.extractor.extract(headers, attributes, method);
		}
		catch (IllegalArgumentException ex) {
			throw new BadCredentialsException("empty bearer token");
		}
	}

}
