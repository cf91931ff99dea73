package io.nextbest.server.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;

/**
 * What a caller may do. A caller holds one or more roles; each rpc names the roles that
 * may call it ({@link AccessPolicy}), and anything not named is refused.
 */
public enum Role implements GrantedAuthority {

	/**
	 * Websites, apps and their backends: decisions, and the outcomes of what was shown.
	 */
	SITE("site"),

	/** CRM, service desk and survey tools: every kind of event. */
	FEED("feed"),

	/** Email and messaging engines: bulk suppression, and the outcomes of their sends. */
	ENGINE("engine"),

	/** Reads the serving rule set and simulates decisions with it. */
	RULES_READER("rules-reader"),

	/** Also validates and reloads rules, which runs the rule author's code. */
	RULES_EDITOR("rules-editor"),

	/** Reads, exports and erases a customer's data (access and erasure requests). */
	PRIVACY("privacy"),

	/** Reads the management port's metrics and info (Prometheus, dashboards). */
	MONITOR("monitor");

	private final String id;

	Role(String id) {
		this.id = id;
	}

	/**
	 * @return the role as written in the callers file and in tokens
	 */
	public String id() {
		return this.id;
	}

	@Override
	public String getAuthority() {
		return this.id;
	}

	/**
	 * @param id a role as written in a file or a token
	 * @return the role, or empty when there is no such role
	 */
	public static Optional<Role> of(String id) {
		String wanted = id.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((role) -> role.id.equals(wanted)).findFirst();
	}

	/**
	 * @return every role's id, for messages
	 */
	public static String ids() {
		return String.join(", ", Arrays.stream(values()).map(Role::id).toList());
	}

}
