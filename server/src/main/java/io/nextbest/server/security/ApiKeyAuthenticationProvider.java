package io.nextbest.server.security;

import java.util.function.Supplier;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Machine callers with an API key, sent as {@code authorization: Bearer <key>} and found
 * in the callers file by the key's SHA-256. A token shaped like a JWT is left to the JWT
 * provider when tokens are accepted.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

	private final Supplier<Callers> callers;

	private final boolean jwtAccepted;

	ApiKeyAuthenticationProvider(Supplier<Callers> callers, boolean jwtAccepted) {
		this.callers = callers;
		this.jwtAccepted = jwtAccepted;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		if (this.jwtAccepted && looksLikeJwt(token)) {
			return null;
		}
		Caller caller = this.callers.get().byKey(token);
		if (caller == null) {
			throw new BadCredentialsException("unknown API key");
		}
		return new CallerAuthentication(caller);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** Three base64url parts: a signed JWT. */
	private static boolean looksLikeJwt(String token) {
		return token.chars().filter((c) -> c == '.').count() == 2;
	}

}
