package io.nextbest.server.security;

import java.util.Optional;

import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContext;

/**
 * The caller of the gRPC call being handled, for the checks that look into the request
 * (the customer a restricted token may act for, the kind of event a role may record) and
 * for the audit log. Read it on the thread the service method is called on: the caller
 * travels in the call's gRPC context, which callbacks on other threads do not see.
 */
public final class CurrentCaller {

	private CurrentCaller() {
	}

	/**
	 * @return the authenticated caller, or empty when callers are not authenticated (no
	 * credentials configured)
	 */
	public static Optional<Caller> get() {
		SecurityContext context = GrpcSecurity.SECURITY_CONTEXT_KEY.get();
		if (context != null && context.getAuthentication() instanceof CallerAuthentication authentication) {
			return Optional.of(authentication.caller());
		}
		return Optional.empty();
	}

	/**
	 * @param customerId the customer the request is about
	 * @throws AccessDeniedException when the caller's token is restricted to another
	 * customer
	 */
	public static void requireMayActFor(String customerId) {
		Optional<Caller> caller = get();
		if (caller.isPresent() && !caller.get().mayActFor(customerId)) {
			throw new AccessDeniedException("the caller's token is restricted to another customer");
		}
	}

	/**
	 * @param outcome whether the event is an outcome of an action
	 * @throws AccessDeniedException when the caller may not record such an event
	 */
	public static void requireMayRecord(boolean outcome) {
		Optional<Caller> caller = get();
		if (caller.isPresent() && !AccessPolicy.mayRecord(caller.get(), outcome)) {
			throw new AccessDeniedException("recording this kind of event needs the feed role");
		}
	}

	/**
	 * @return the caller's name for the audit log
	 */
	public static String name() {
		return get().map(Caller::name).orElse("(unauthenticated)");
	}

}
