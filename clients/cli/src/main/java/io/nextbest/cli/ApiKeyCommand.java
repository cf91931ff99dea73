package io.nextbest.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest api-key}: makes a new API key on this machine and prints it once, with
 * the entry for the server's callers file, which holds only the key's SHA-256. Nothing is
 * sent anywhere.
 */
@Command(name = "api-key", mixinStandardHelpOptions = true,
		description = { "Makes a new API key for a machine caller: prints the key (give it to the caller, once) and "
				+ "the entry to add to the server's callers file (NBA_CALLERS_FILE), which holds only its SHA-256. "
				+ "Works offline." })
final class ApiKeyCommand implements Runnable {

	private static final List<String> ROLES = List.of("site", "feed", "engine", "rules-reader", "rules-editor",
			"privacy", "monitor");

	@Spec
	private CommandSpec spec;

	@Option(names = "--name", required = true, paramLabel = "NAME",
			description = "The caller's name, as the audit log shows it, e.g. web-shop.")
	private String name;

	@Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
			description = "Its roles, comma separated: site, feed, engine, rules-reader, rules-editor, privacy, monitor.")
	private List<String> roles;

	@Override
	public void run() {
		if (this.name.isBlank() || !this.name.matches("[A-Za-z0-9._-]+")) {
			throw new ParameterException(this.spec.commandLine(),
					"--name: letters, digits, '.', '_' and '-' only, got '" + this.name + "'");
		}
		for (String role : this.roles) {
			if (!ROLES.contains(role)) {
				throw new ParameterException(this.spec.commandLine(),
						"--role: '" + role + "' is not a role (" + String.join(", ", ROLES) + ")");
			}
		}
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		String key = "nbk_" + HexFormat.of().formatHex(secret);
		var out = this.spec.commandLine().getOut();
		out.println("API key (give it to " + this.name + " once; it is not stored anywhere):");
		out.println("  " + key);
		out.println();
		out.println("Add to the callers file:");
		out.println("  - name: " + this.name);
		out.println("    roles: [" + String.join(", ", this.roles) + "]");
		out.println("    api-key-sha256: " + sha256(key));
		out.flush();
	}

	static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
