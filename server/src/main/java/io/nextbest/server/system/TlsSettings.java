package io.nextbest.server.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the operator's TLS settings ({@code NBA_TLS_CERT}, {@code NBA_TLS_KEY},
 * {@code NBA_TLS_CLIENT_CA}, {@code NBA_TLS_CLIENT_AUTH}) into the Spring Boot SSL bundle
 * and the Spring gRPC settings that serve the gRPC API over TLS, and checks them first.
 * <p>
 * Plain properties cannot say "a bundle only when a certificate is given": an empty
 * placeholder would make a bundle with no certificate, and the server would fail with an
 * error about the bundle rather than the setting. So the bundle is only added when
 * {@code NBA_TLS_CERT} is set, and the files are read here, before anything starts, so
 * that a missing or unreadable one stops the server with a message naming its setting.
 * Runs after the configuration files are read, so that it sees their values.
 */
class TlsSettings implements EnvironmentPostProcessor, Ordered {

	/** The SSL bundle the gRPC server uses, under spring.ssl.bundle.pem. */
	static final String BUNDLE = "nextbest-grpc";

	private static final Setting CERTIFICATE = new Setting("nextbest.tls.certificate", "NBA_TLS_CERT");

	private static final Setting PRIVATE_KEY = new Setting("nextbest.tls.private-key", "NBA_TLS_KEY");

	private static final Setting CLIENT_CA = new Setting("nextbest.tls.client-ca", "NBA_TLS_CLIENT_CA");

	private static final Setting CLIENT_AUTH = new Setting("nextbest.tls.client-auth", "NBA_TLS_CLIENT_AUTH");

	private static final List<String> CLIENT_AUTH_MODES = List.of("none", "optional", "require");

	private final Log log;

	TlsSettings(DeferredLogFactory logs) {
		this.log = logs.getLog(TlsSettings.class);
	}

	@Override
	public int getOrder() {
		// After ConfigDataEnvironmentPostProcessor, which reads application.yaml.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> properties = properties(environment::getProperty);
		if (properties.isEmpty()) {
			this.log.info("gRPC serves plaintext: no TLS certificate configured (NBA_TLS_CERT)");
			return;
		}
		// Last, so that spring.grpc.server.ssl.* set explicitly still wins.
		environment.getPropertySources().addLast(new MapPropertySource("nextbest-tls", properties));
	}

	/**
	 * Reads and checks the settings.
	 * @param settings the value of a property, null when not set
	 * @return the Spring properties that turn TLS on; empty for plaintext
	 * @throws IllegalStateException naming the setting at fault
	 */
	Map<String, Object> properties(Settings settings) {
		String certificate = CERTIFICATE.value(settings);
		String key = PRIVATE_KEY.value(settings);
		String clientCa = CLIENT_CA.value(settings);
		String clientAuth = CLIENT_AUTH.value(settings).toLowerCase(Locale.ROOT);
		if (clientAuth.isEmpty()) {
			clientAuth = "none";
		}
		if (!CLIENT_AUTH_MODES.contains(clientAuth)) {
			throw CLIENT_AUTH.problem("is '" + clientAuth + "': it takes none, optional or require");
		}
		if (certificate.isEmpty()) {
			for (Setting needsCertificate : List.of(PRIVATE_KEY, CLIENT_CA)) {
				if (!needsCertificate.value(settings).isEmpty()) {
					throw needsCertificate.problem("is set, but TLS is off since " + CERTIFICATE.name()
							+ " is not: give the server's certificate too");
				}
			}
			if (!clientAuth.equals("none")) {
				throw CLIENT_AUTH.problem("is '" + clientAuth + "', but client certificates need TLS, and "
						+ CERTIFICATE.name() + " is not set: give the server's certificate and key too");
			}
			return Map.of();
		}
		if (key.isEmpty()) {
			throw PRIVATE_KEY.problem("is not set: TLS (" + CERTIFICATE.name()
					+ " is set) needs the private key of the certificate, a PEM file");
		}
		Path certificateFile = readable(CERTIFICATE, certificate);
		Path keyFile = readable(PRIVATE_KEY, key);
		X509Certificate served = certificates(CERTIFICATE, certificateFile).get(0);
		privateKey(keyFile);
		Map<String, Object> properties = new LinkedHashMap<>();
		String bundle = "spring.ssl.bundle.pem." + BUNDLE + ".";
		properties.put(bundle + "keystore.certificate", location(certificateFile));
		properties.put(bundle + "keystore.private-key", location(keyFile));
		if (!clientAuth.equals("none")) {
			if (clientCa.isEmpty()) {
				throw CLIENT_CA.problem("is not set, but " + CLIENT_AUTH.name() + " is '" + clientAuth
						+ "': give the certificates of the authorities that sign client certificates, a PEM file");
			}
			Path caFile = readable(CLIENT_CA, clientCa);
			certificates(CLIENT_CA, caFile);
			properties.put(bundle + "truststore.certificate", location(caFile));
		}
		properties.put("spring.grpc.server.ssl.bundle", BUNDLE);
		properties.put("spring.grpc.server.ssl.client-auth", clientAuth);
		this.log.info("gRPC serves TLS with the certificate of " + served.getSubjectX500Principal().getName() + " ("
				+ certificateFile + ", valid until " + served.getNotAfter().toInstant() + "); "
				+ clients(clientAuth, clientCa));
		return properties;
	}

	private String clients(String clientAuth, String clientCa) {
		return switch (clientAuth) {
			case "require" -> "client certificates required, signed by an authority of " + clientCa;
			case "optional" -> "client certificates optional, checked against the authorities of " + clientCa;
			default -> {
				if (!clientCa.isEmpty()) {
					this.log.warn(CLIENT_CA.name() + " is set but " + CLIENT_AUTH.name()
							+ " is 'none': client certificates are not asked for");
				}
				yield "client certificates not asked for";
			}
		};
	}

	private static Path readable(Setting setting, String value) {
		Path file = Path.of(value).toAbsolutePath();
		if (!Files.isRegularFile(file)) {
			throw setting.problem("names " + file + ", which is not a file");
		}
		if (!Files.isReadable(file)) {
			throw setting.problem("names " + file + ", which the server cannot read");
		}
		return file;
	}

	private static List<X509Certificate> certificates(Setting setting, Path file) {
		try {
			PemContent pem = PemContent.load(file);
			List<X509Certificate> certificates = pem.getCertificates();
			if (!certificates.isEmpty()) {
				return certificates;
			}
		}
		catch (IOException | RuntimeException ex) {
			throw setting.problem("names " + file + ", which holds no PEM certificate: " + ex.getMessage());
		}
		throw setting.problem("names " + file + ", which holds no PEM certificate");
	}

	private static void privateKey(Path file) {
		try {
			if (PemContent.load(file).getPrivateKey() != null) {
				return;
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not the key's content: it could be a secret.
			throw PRIVATE_KEY.problem("names " + file + ", which holds no PEM private key the server can read ("
					+ ex.getClass().getSimpleName() + ")");
		}
		throw PRIVATE_KEY.problem("names " + file + ", which holds no PEM private key");
	}

	private static String location(Path file) {
		return file.toUri().toString();
	}

	/** Reads a property of the environment. */
	@FunctionalInterface
	interface Settings {

		String get(String name);

	}

	/** A TLS setting: its property and the environment variable operators set. */
	private record Setting(String property, String variable) {

		String value(Settings settings) {
			String value = settings.get(this.property);
			return (value != null) ? value.trim() : "";
		}

		String name() {
			return this.variable + " (" + this.property + ")";
		}

		IllegalStateException problem(String what) {
			return new IllegalStateException("TLS setting " + name() + " " + what + ".");
		}

	}

}
