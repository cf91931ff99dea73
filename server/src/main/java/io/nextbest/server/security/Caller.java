package io.nextbest.server.security;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling, once authenticated: a name for the audit log, the roles, and for a
 * customer-scoped token the one customer it may act for.
 *
 * @param name the caller's name: an API key's or certificate's entry in the callers file,
 * or a token's subject
 * @param roles what the caller may do
 * @param customerId the only customer the caller may decide or record outcomes for, or
 * null when not restricted to one
 * @param via how the caller proved who it is: {@code api-key}, {@code certificate} or
 * {@code jwt}
 */
public record Caller(String name, Set<Role> roles, @Nullable String customerId, String via) {

	/**
	 * @param role a role
	 * @return whether the caller holds it
	 */
	public boolean has(Role role) {
		return this.roles.contains(role);
	}

	/**
	 * @param customerId the customer a request is about
	 * @return whether the caller may act for that customer
	 */
	public boolean mayActFor(String customerId) {
		return this.customerId == null || this.customerId.equals(customerId);
	}

}
