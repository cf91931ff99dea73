package io.nextbest.server.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the callers file: YAML with one entry per machine caller, its name, its roles,
 * and how it proves who it is (the SHA-256 of its API key, or its client certificate's
 * subject). Every problem is reported, each naming the entry and the field, and a file
 * with any problem is refused as a whole: a half-read file could lock out a caller or let
 * a wrong one in.
 *
 * <pre>
 * callers:
 *   - name: web-shop
 *     roles: [site]
 *     api-key-sha256: 4f2a...   # printf %s "$KEY" | sha256sum
 *   - name: email-engine
 *     roles: [engine]
 *     certificate-subject: CN=email-engine,O=Example
 * </pre>
 */
final class CallersFile {

	static final String API_KEY_SHA256 = "api-key-sha256";

	static final String CERTIFICATE_SUBJECT = "certificate-subject";

	private static final List<String> FIELDS = List.of("name", "roles", API_KEY_SHA256, CERTIFICATE_SUBJECT);

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

	private CallersFile() {
	}

	/**
	 * @param text the file's content
	 * @return the callers it names
	 * @throws CallersFileException naming every problem
	 */
	static Callers parse(String text) {
		Object document;
		try {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
		}
		catch (YAMLException ex) {
			throw new CallersFileException(List.of("not valid YAML: " + ex.getMessage()));
		}
		if (document == null) {
			return Callers.NONE;
		}
		if (!(document instanceof Map<?, ?> top) || !(top.get("callers") instanceof List<?> entries)) {
			throw new CallersFileException(List.of("the file must hold a list under 'callers:'"));
		}
		List<String> problems = new ArrayList<>();
		Map<String, Caller> byKeyHash = new HashMap<>();
		Map<X500Principal, Caller> bySubject = new HashMap<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < entries.size(); i++) {
			String where = "callers[" + i + "]";
			if (!(entries.get(i) instanceof Map<?, ?> entry)) {
				problems.add(where + ": an entry is a mapping with name, roles and " + API_KEY_SHA256 + " or "
						+ CERTIFICATE_SUBJECT);
				continue;
			}
			Caller caller = caller(entry, where, problems);
			if (caller == null) {
				continue;
			}
			if (!names.add(caller.name())) {
				problems.add(where + ".name: '" + caller.name() + "' names an earlier entry too");
			}
			Object hash = entry.get(API_KEY_SHA256);
			Object subject = entry.get(CERTIFICATE_SUBJECT);
			if (hash != null) {
				if (byKeyHash.put(hash.toString().toLowerCase(Locale.ROOT), caller) != null) {
					problems.add(where + "." + API_KEY_SHA256 + ": the same key as an earlier entry");
				}
			}
			else if (bySubject.put(new X500Principal(subject.toString()), caller) != null) {
				problems.add(where + "." + CERTIFICATE_SUBJECT + ": the same subject as an earlier entry");
			}
		}
		if (!problems.isEmpty()) {
			throw new CallersFileException(problems);
		}
		return new Callers(Map.copyOf(byKeyHash), Map.copyOf(bySubject));
	}

	/**
	 * @return the entry's caller, or null with its problems added
	 */
	private static Caller caller(Map<?, ?> entry, String where, List<String> problems) {
		int before = problems.size();
		for (Object key : entry.keySet()) {
			if (!FIELDS.contains(String.valueOf(key))) {
				problems.add(where + "." + key + ": not a field of a caller (" + String.join(", ", FIELDS) + ")");
			}
		}
		Object name = entry.get("name");
		if (!(name instanceof String text) || text.isBlank()) {
			problems.add(where + ".name: missing; every caller has a name, for the audit log");
		}
		Set<Role> roles = roles(entry.get("roles"), where + ".roles", problems);
		Object hash = entry.get(API_KEY_SHA256);
		Object subject = entry.get(CERTIFICATE_SUBJECT);
		if ((hash == null) == (subject == null)) {
			problems.add(where + ": give exactly one of " + API_KEY_SHA256 + " and " + CERTIFICATE_SUBJECT);
		}
		else if (hash != null && !SHA256_HEX.matcher(hash.toString()).matches()) {
			problems.add(where + "." + API_KEY_SHA256
					+ ": not a SHA-256 in hex (64 characters 0-9, a-f); the file holds the key's hash, never the key");
		}
		else if (subject != null) {
			try {
				new X500Principal(subject.toString());
			}
			catch (IllegalArgumentException ex) {
				problems.add(where + "." + CERTIFICATE_SUBJECT + ": not a distinguished name such as "
						+ "CN=email-engine,O=Example (" + ex.getMessage() + ")");
			}
		}
		if (problems.size() > before) {
			return null;
		}
		return new Caller(((String) name).trim(), roles, null, (hash != null) ? "api-key" : "certificate");
	}

	private static Set<Role> roles(Object value, String where, List<String> problems) {
		List<?> listed = (value instanceof List<?> list) ? list : (value instanceof String one) ? List.of(one) : null;
		if (listed == null || listed.isEmpty()) {
			problems.add(where + ": missing; a caller needs at least one of " + Role.ids());
			return Set.of();
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Object role : listed) {
			Role.of(String.valueOf(role))
				.ifPresentOrElse(roles::add,
						() -> problems.add(where + ": '" + role + "' is not a role (" + Role.ids() + ")"));
		}
		return Set.copyOf(roles);
	}

}
