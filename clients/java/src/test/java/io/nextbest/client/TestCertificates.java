package io.nextbest.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Certificates made at test time with the JDK's {@code keytool}, so that no key is ever
 * checked in: an authority, and certificates it signs for a server on 127.0.0.1 and for
 * clients, each written as the PEM files operators give the server and the clients.
 */
public final class TestCertificates {

	private static final String PASSWORD = "test-only";

	private final Path directory;

	private final String name;

	private final Path keystore;

	/** The authority's certificate, a PEM file: what a client or the server trusts. */
	public final Path certificate;

	private TestCertificates(Path directory, String name) {
		this.directory = directory;
		this.name = name;
		this.keystore = directory.resolve(name + ".p12");
		this.certificate = directory.resolve(name + ".pem");
	}

	/**
	 * Makes a certificate authority.
	 * @param directory where its files go
	 * @param name names its files and its subject, {@code CN=name}
	 * @return the authority
	 */
	public static TestCertificates authority(Path directory, String name) {
		TestCertificates authority = new TestCertificates(directory, name);
		authority.keytool("-genkeypair", "-keystore", authority.keystore.toString(), "-alias", name, "-dname",
				"CN=" + name, "-ext", "bc:c", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2");
		authority.keytool("-exportcert", "-rfc", "-keystore", authority.keystore.toString(), "-alias", name, "-file",
				authority.certificate.toString());
		return authority;
	}

	/**
	 * Signs a certificate for a server on 127.0.0.1 and localhost, or a client.
	 * @param subject its subject, e.g. {@code CN=crm-feed,O=Example}
	 * @return its certificate and private key
	 */
	public Issued issue(String subject) {
		String alias = this.name + "-" + Integer.toHexString(subject.hashCode());
		Path store = this.directory.resolve(alias + ".p12");
		Path request = this.directory.resolve(alias + ".csr");
		Path certificate = this.directory.resolve(alias + ".pem");
		Path key = this.directory.resolve(alias + ".key");
		keytool("-genkeypair", "-keystore", store.toString(), "-alias", alias, "-dname", subject, "-keyalg", "EC",
				"-groupname", "secp256r1", "-validity", "2");
		keytool("-certreq", "-keystore", store.toString(), "-alias", alias, "-file", request.toString());
		keytool("-gencert", "-rfc", "-keystore", this.keystore.toString(), "-alias", this.name, "-infile",
				request.toString(), "-outfile", certificate.toString(), "-validity", "2", "-ext",
				"san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth,clientAuth");
		writePrivateKey(store, alias, key);
		return new Issued(certificate, key);
	}

	private void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** keytool cannot export a private key: the JDK writes it as PKCS#8 PEM. */
	private static void writePrivateKey(Path store, String alias, Path key) {
		try (InputStream in = Files.newInputStream(store)) {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(in, PASSWORD.toCharArray());
			PrivateKey privateKey = (PrivateKey) keyStore.getKey(alias, PASSWORD.toCharArray());
			String pem = "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(privateKey.getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
			Files.writeString(key, pem, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A certificate an authority signed, with its key.
	 *
	 * @param certificate the certificate, a PEM file
	 * @param key its private key, a PKCS#8 PEM file
	 */
	public record Issued(Path certificate, Path key) {
	}

}
