package io.nextbest.server.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.DeferredLogs;

import io.nextbest.client.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TlsSettingsTest {

	@TempDir
	static Path directory;

	private static TestCertificates authority;

	private static TestCertificates.Issued server;

	private final Map<String, String> settings = new HashMap<>();

	private final TlsSettings tls = new TlsSettings(new DeferredLogs());

	@BeforeAll
	static void makeCertificates() {
		authority = TestCertificates.authority(directory, "settings-ca");
		server = authority.issue("CN=localhost");
	}

	@Test
	void noCertificateServesPlaintext() {
		this.settings.put("nextbest.tls.certificate", "");
		this.settings.put("nextbest.tls.private-key", " ");
		this.settings.put("nextbest.tls.client-auth", "none");
		assertThat(properties()).isEmpty();
	}

	@Test
	void certificateAndKeyMakeTheBundleOfTheGrpcServer() {
		certificateAndKey();
		assertThat(properties()).containsEntry("spring.grpc.server.ssl.bundle", "nextbest-grpc")
			.containsEntry("spring.grpc.server.ssl.client-auth", "none")
			.containsEntry("spring.ssl.bundle.pem.nextbest-grpc.keystore.certificate",
					server.certificate().toUri().toString())
			.containsEntry("spring.ssl.bundle.pem.nextbest-grpc.keystore.private-key", server.key().toUri().toString())
			.doesNotContainKey("spring.ssl.bundle.pem.nextbest-grpc.truststore.certificate");
	}

	@Test
	void requiredClientCertificatesAreCheckedAgainstTheClientAuthority() {
		certificateAndKey();
		this.settings.put("nextbest.tls.client-auth", "REQUIRE");
		this.settings.put("nextbest.tls.client-ca", authority.certificate.toString());
		assertThat(properties()).containsEntry("spring.grpc.server.ssl.client-auth", "require")
			.containsEntry("spring.ssl.bundle.pem.nextbest-grpc.truststore.certificate",
					authority.certificate.toUri().toString());
	}

	@Test
	void requiredClientCertificatesNeedAClientAuthority() {
		certificateAndKey();
		this.settings.put("nextbest.tls.client-auth", "require");
		assertThatIllegalStateException().isThrownBy(this::properties)
			.withMessageStartingWith("TLS setting NBA_TLS_CLIENT_CA (nextbest.tls.client-ca) is not set");
	}

	@Test
	void certificateWithoutKeyIsRefused() {
		this.settings.put("nextbest.tls.certificate", server.certificate().toString());
		assertThatIllegalStateException().isThrownBy(this::properties)
			.withMessageStartingWith("TLS setting NBA_TLS_KEY (nextbest.tls.private-key) is not set");
	}

	@Test
	void keyWithoutCertificateIsRefused() {
		this.settings.put("nextbest.tls.private-key", server.key().toString());
		assertThatIllegalStateException().isThrownBy(this::properties)
			.withMessageStartingWith("TLS setting NBA_TLS_KEY (nextbest.tls.private-key) is set, but TLS is off");
	}

	@Test
	void clientCertificatesWithoutTlsAreRefused() {
		this.settings.put("nextbest.tls.client-auth", "optional");
		assertThatIllegalStateException().isThrownBy(this::properties)
			.withMessageStartingWith("TLS setting NBA_TLS_CLIENT_AUTH (nextbest.tls.client-auth) is 'optional'");
	}

	@Test
	void unknownClientAuthIsRefused() {
		certificateAndKey();
		this.settings.put("nextbest.tls.client-auth", "always");
		assertThatIllegalStateException().isThrownBy(this::properties)
			.withMessage("TLS setting NBA_TLS_CLIENT_AUTH (nextbest.tls.client-auth) is 'always': "
					+ "it takes none, optional or require.");
	}

	@Test
	void keyFileWithoutAKeyIsNamedButNotShown() throws IOException {
		certificateAndKey();
		Path notAKey = Files.writeString(directory.resolve("secret.txt"), "hunter2");
		this.settings.put("nextbest.tls.private-key", notAKey.toString());
		assertThatIllegalStateException().isThrownBy(this::properties)
			.withMessageContaining("NBA_TLS_KEY")
			.withMessageContaining(notAKey.toString())
			.withMessageNotContaining("hunter2");
	}

	@Test
	void certificateFileWithoutACertificateIsNamed() {
		certificateAndKey();
		this.settings.put("nextbest.tls.certificate", server.key().toString());
		assertThatIllegalStateException().isThrownBy(this::properties)
			.withMessageStartingWith("TLS setting NBA_TLS_CERT (nextbest.tls.certificate) names " + server.key())
			.withMessageContaining("no PEM certificate");
	}

	private void certificateAndKey() {
		this.settings.put("nextbest.tls.certificate", server.certificate().toString());
		this.settings.put("nextbest.tls.private-key", server.key().toString());
	}

	private Map<String, Object> properties() {
		return this.tls.properties(this.settings::get);
	}

}
