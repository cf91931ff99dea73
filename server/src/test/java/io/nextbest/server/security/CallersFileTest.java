package io.nextbest.server.security;

import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The callers file: a caller is found by its key's hash or its certificate's subject, and
 * a file with any problem is refused whole, with every problem naming its entry and
 * field.
 */
class CallersFileTest {

	private static final String WEB_KEY = "nbk_9c1e5a7f0b2d4e6a8c0e2f4a6b8d0f2a";

	@Test
	void findsCallersByKeyAndBySubject() {
		Callers callers = CallersFile.parse("""
				callers:
				  - name: web-shop
				    roles: [site]
				    api-key-sha256: %s
				  - name: email-engine
				    roles: [engine, site]
				    certificate-subject: "CN=email-engine, O=Example"
				""".formatted(Callers.sha256(WEB_KEY).toUpperCase()));

		assertThat(callers.byKey(WEB_KEY)).isEqualTo(new Caller("web-shop", Set.of(Role.SITE), null, "api-key"));
		assertThat(callers.byKey(WEB_KEY + "x")).isNull();
		assertThat(callers.bySubject(new X500Principal("CN=email-engine,O=Example")).roles())
			.containsExactlyInAnyOrder(Role.ENGINE, Role.SITE);
		assertThat(callers.bySubject(new X500Principal("CN=email-engine,O=Other"))).isNull();
	}

	@Test
	void everyProblemNamesItsEntryAndField() {
		assertThatThrownBy(() -> CallersFile.parse("""
				callers:
				  - name: web-shop
				    roles: [site, admin]
				    api-key-sha256: %s
				  - roles: [feed]
				    api-key: plain-text-key
				  - name: web-shop
				    roles: []
				    api-key-sha256: 1234
				  - name: both
				    roles: [engine]
				    api-key-sha256: %s
				    certificate-subject: CN=both
				""".formatted(Callers.sha256(WEB_KEY), Callers.sha256("other"))))
			.isInstanceOfSatisfying(CallersFileException.class, (ex) -> assertThat(ex.problems()).containsExactly(
					"callers[0].roles: 'admin' is not a role (site, feed, engine, rules-reader, rules-editor, privacy)",
					"callers[1].api-key: not a field of a caller (name, roles, api-key-sha256, certificate-subject)",
					"callers[1].name: missing; every caller has a name, for the audit log",
					"callers[1]: give exactly one of api-key-sha256 and certificate-subject",
					"callers[2].roles: missing; a caller needs at least one of site, feed, engine, rules-reader, "
							+ "rules-editor, privacy",
					"callers[2].api-key-sha256: not a SHA-256 in hex (64 characters 0-9, a-f); the file holds the "
							+ "key's hash, never the key",
					"callers[3]: give exactly one of api-key-sha256 and certificate-subject"));
	}

	@Test
	void theSameKeyTwiceIsRefused() {
		String hash = Callers.sha256(WEB_KEY);

		assertThatThrownBy(() -> CallersFile.parse("""
				callers:
				  - { name: a, roles: [site], api-key-sha256: %s }
				  - { name: b, roles: [feed], api-key-sha256: %s }
				""".formatted(hash, hash)))
			.hasMessageContaining("callers[1].api-key-sha256: the same key as an earlier entry");
	}

	@Test
	void anEmptyFileHasNoCallersAndAWrongShapeIsNamed() {
		assertThat(CallersFile.parse("").size()).isZero();
		assertThatThrownBy(() -> CallersFile.parse("- name: x")).hasMessageContaining("a list under 'callers:'");
		assertThatThrownBy(() -> CallersFile.parse("callers: [")).hasMessageContaining("not valid YAML");
	}

}
