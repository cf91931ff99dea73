package io.nextbest.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;

/**
 * How a client connects to a server that serves TLS: which certificate authorities it
 * trusts to have signed the server's certificate, and, for a server that requires client
 * certificates (mTLS), the client's own certificate and key. Immutable.
 *
 * <pre>{@code
 * Tls tls = Tls.trusting(Path.of("ca.pem"))
 *     .withClientCertificate(Path.of("client.pem"), Path.of("client.key"));
 * NextBestClient client = NextBestClient.builder().target("nba.example.com:9090").tls(tls).build();
 * }</pre>
 *
 * The files are read when a client is built. Certificates are PEM files; the private key
 * is an unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}), which
 * {@code openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem} makes from another
 * form.
 */
public final class Tls {

	private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "DSA");

	private final Path trusted;

	private final Path certificate;

	private final Path privateKey;

	private Tls(Path trusted, Path certificate, Path privateKey) {
		this.trusted = trusted;
		this.certificate = certificate;
		this.privateKey = privateKey;
	}

	/**
	 * TLS trusting the authorities of the Java runtime's trust store, for a server whose
	 * certificate a public or company-wide authority signed.
	 * @return the settings
	 */
	public static Tls systemTrust() {
		return new Tls(null, null, null);
	}

	/**
	 * TLS trusting only the authorities in this file, for a server whose certificate an
	 * authority of your own signed.
	 * @param certificates the authorities' certificates, a PEM file
	 * @return the settings
	 */
	public static Tls trusting(Path certificates) {
		return new Tls(Objects.requireNonNull(certificates, "certificates"), null, null);
	}

	/**
	 * Presents this certificate to the server, which identifies the client by it (mTLS).
	 * @param certificate the client's certificate chain, a PEM file
	 * @param privateKey its private key, an unencrypted PKCS#8 PEM file
	 * @return new settings, with these trusted authorities and this certificate
	 */
	public Tls withClientCertificate(Path certificate, Path privateKey) {
		return new Tls(this.trusted, Objects.requireNonNull(certificate, "certificate"),
				Objects.requireNonNull(privateKey, "privateKey"));
	}

	/**
	 * Reads the files into gRPC channel credentials, for a channel of your own.
	 * @return the credentials
	 * @throws IllegalArgumentException naming the file that is missing, unreadable or not
	 * what it should be
	 */
	public ChannelCredentials channelCredentials() {
		TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
		try {
			if (this.trusted != null) {
				builder.trustManager(certificates(this.trusted));
			}
			if (this.certificate != null) {
				builder.keyManager(certificates(this.certificate), key(this.privateKey));
			}
		}
		catch (IOException ex) {
			// The streams are in memory: nothing to fail on.
			throw new IllegalStateException(ex);
		}
		return builder.build();
	}

	@Override
	public String toString() {
		return "TLS trusting " + ((this.trusted != null) ? this.trusted : "the system's authorities")
				+ ((this.certificate != null) ? ", client certificate " + this.certificate : "");
	}

	private static InputStream certificates(Path file) {
		byte[] content = read(file);
		try {
			if (CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(content))
				.isEmpty()) {
				throw new IllegalArgumentException(file + " holds no certificate; expected a PEM file");
			}
		}
		catch (CertificateException ex) {
			throw new IllegalArgumentException(file + " holds no certificate that can be read; expected a PEM file",
					ex);
		}
		return new ByteArrayInputStream(content);
	}

	private static InputStream key(Path file) {
		byte[] content = read(file);
		String text = new String(content, StandardCharsets.US_ASCII);
		int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
		int end = text.indexOf("-----END PRIVATE KEY-----");
		if (begin < 0 || end < begin) {
			throw new IllegalArgumentException(file + " holds no unencrypted PKCS#8 private key (-----BEGIN PRIVATE "
					+ "KEY-----); convert it with openssl pkcs8 -topk8 -nocrypt -in " + file);
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder()
				.decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(file + " holds a private key that is not valid PEM", ex);
		}
		for (String algorithm : KEY_ALGORITHMS) {
			try {
				KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
				return new ByteArrayInputStream(content);
			}
			catch (GeneralSecurityException notThisOne) {
				// Try the next algorithm.
			}
		}
		throw new IllegalArgumentException(file + " holds a private key of a kind this client cannot read");
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read " + file + ": " + ex, ex);
		}
	}

}
