package io.nextbest.server.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a verified JWT into a {@link Caller}: the name from one claim, the roles from
 * another (a list, or a space-separated string like {@code scope}; roles the server does
 * not know are ignored), and the customer it is restricted to from a third, when present.
 */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

	private final SecurityProperties.Jwt settings;

	JwtCallers(SecurityProperties.Jwt settings) {
		this.settings = settings;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Object name = claim(jwt.getClaims(), this.settings.nameClaim());
		Object customer = claim(jwt.getClaims(), this.settings.customerClaim());
		Set<Role> roles = roles(claim(jwt.getClaims(), this.settings.rolesClaim()));
		return new CallerAuthentication(
				new Caller((name != null) ? name.toString() : "(no " + this.settings.nameClaim() + ")", roles,
						(customer != null) ? customer.toString() : null, "jwt"));
	}

	/** A claim, following a dotted path into objects. */
	private static Object claim(Map<String, Object> claims, String path) {
		if (claims.containsKey(path)) {
			return claims.get(path);
		}
		Object value = claims;
		for (String part : path.split("\\.")) {
			if (!(value instanceof Map<?, ?> map)) {
				return null;
			}
			value = map.get(part);
		}
		return value;
	}

	private static Set<Role> roles(Object claim) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		if (claim instanceof Collection<?> listed) {
			listed.forEach((role) -> Role.of(String.valueOf(role)).ifPresent(roles::add));
		}
		else if (claim instanceof String text) {
			for (String role : text.trim().split("\\s+")) {
				Role.of(role).ifPresent(roles::add);
			}
		}
		return Set.copyOf(roles);
	}

}
