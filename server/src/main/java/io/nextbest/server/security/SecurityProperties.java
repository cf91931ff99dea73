package io.nextbest.server.security;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Who may call the server, under {@code nextbest.security.*}. Configuring a callers file
 * or a JWT issuer turns authentication on for every rpc but health and reflection,
 * whatever address the server binds.
 *
 * @param mode {@code local} (the default: without credentials, every listener on
 * loopback) or {@code none} (no credentials, any address, every caller trusted)
 * @param callersFile the callers file (API key hashes and certificate subjects with their
 * roles); empty for none
 * @param callersCheckInterval how often the callers file is looked at for a change
 * @param jwt JSON Web Tokens from the organisation's identity provider
 */
@ConfigurationProperties("nextbest.security")
public record SecurityProperties(@DefaultValue("local") String mode, @DefaultValue("") String callersFile,
		@DefaultValue("2s") Duration callersCheckInterval, @DefaultValue Jwt jwt) {

	/**
	 * @return whether callers must prove who they are
	 */
	public boolean credentialsConfigured() {
		return !this.callersFile.isBlank() || this.jwt.configured();
	}

	/**
	 * @return the mode, checked
	 * @throws IllegalStateException when it is not one of the modes
	 */
	public String checkedMode() {
		String checked = this.mode.trim().toLowerCase(Locale.ROOT);
		if (!checked.equals("local") && !checked.equals("none")) {
			throw new IllegalStateException("nextbest.security.mode (NBA_SECURITY) is '" + this.mode
					+ "': it takes 'local' (the default) or 'none'.");
		}
		return checked;
	}

	/**
	 * @param environment the application's environment
	 * @return whether callers must prove who they are, before the properties are bound
	 */
	static boolean credentialsConfigured(Environment environment) {
		return Binder.get(environment)
			.bind("nextbest.security", SecurityProperties.class)
			.map(SecurityProperties::credentialsConfigured)
			.orElse(false);
	}

	/**
	 * JSON Web Tokens, checked by Spring Security's OAuth2 resource server. One of
	 * {@code publicKey}, {@code jwkSetUri} and {@code issuerUri} says where the signing
	 * keys come from; when {@code issuerUri} is set, a token must also name that issuer.
	 *
	 * @param issuerUri the identity provider's issuer; its keys are found through its
	 * OpenID configuration on first use
	 * @param jwkSetUri where the identity provider publishes its keys
	 * @param publicKey a PEM file with the RSA public key tokens are signed with
	 * @param audience when set, the audience a token must name
	 * @param rolesClaim the claim with the caller's roles, a list or a space-separated
	 * string; a dotted path reaches into objects ({@code realm_access.roles})
	 * @param customerClaim the claim that restricts a token to one customer
	 * @param nameClaim the claim that names the caller in the audit log
	 */
	public record Jwt(@DefaultValue("") String issuerUri, @DefaultValue("") String jwkSetUri,
			@DefaultValue("") String publicKey, @DefaultValue("") String audience,
			@DefaultValue("roles") String rolesClaim, @DefaultValue("customer_id") String customerClaim,
			@DefaultValue("sub") String nameClaim) {

		/**
		 * @return whether tokens are accepted
		 */
		public boolean configured() {
			return !this.issuerUri.isBlank() || !this.jwkSetUri.isBlank() || !this.publicKey.isBlank();
		}

	}

}
