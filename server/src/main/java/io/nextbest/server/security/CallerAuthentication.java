package io.nextbest.server.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authenticated {@link Caller}, whichever way it proved who it is: what the
 * authentication providers return and what the services find in the call's security
 * context.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

	private final Caller caller;

	CallerAuthentication(Caller caller) {
		super(caller.roles());
		this.caller = caller;
		setAuthenticated(true);
	}

	Caller caller() {
		return this.caller;
	}

	@Override
	public Object getCredentials() {
		// Never kept: the secret was only needed to find the caller.
		return "";
	}

	@Override
	public Caller getPrincipal() {
		return this.caller;
	}

	@Override
	public String getName() {
		return this.caller.name();
	}

}
