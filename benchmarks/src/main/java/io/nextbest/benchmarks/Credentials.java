package io.nextbest.benchmarks;

import java.nio.file.Path;
import java.util.List;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;

import io.nextbest.client.BearerToken;
import io.nextbest.client.Tls;

/**
 * How the suite connects to the server it started, so that it can measure a secured one:
 * plaintext by default; {@code --tls} (the Java runtime's authorities),
 * {@code --ca FILE}, {@code --cert FILE --key FILE} for TLS and mTLS, and
 * {@code --token TOKEN} or the environment's {@code NEXTBEST_TOKEN} for the credential
 * sent with every call. The server inherits the suite's environment, so
 * {@code NBA_TLS_CERT} and the others set in front of the command secure it.
 */
final class Credentials {

	private Credentials() {
	}

	/**
	 * @param options the suite's command line
	 * @return the channel credentials the options ask for
	 * @throws IllegalArgumentException naming the option at fault
	 */
	static ChannelCredentials from(List<String> options) {
		Path ca = file(options, "--ca");
		Path certificate = file(options, "--cert");
		Path key = file(options, "--key");
		if ((certificate == null) != (key == null)) {
			throw new IllegalArgumentException("--cert and --key go together: give both or neither");
		}
		ChannelCredentials transport = InsecureChannelCredentials.create();
		if (options.contains("--tls") || ca != null || certificate != null) {
			Tls tls = (ca != null) ? Tls.trusting(ca) : Tls.systemTrust();
			transport = ((certificate != null) ? tls.withClientCertificate(certificate, key) : tls)
				.channelCredentials();
		}
		String token = value(options, "--token");
		if (token == null) {
			token = System.getenv("NEXTBEST_TOKEN");
		}
		if (token == null || token.isBlank()) {
			return transport;
		}
		return CompositeChannelCredentials.create(transport, BearerToken.of(token));
	}

	/**
	 * @param options the suite's command line
	 * @return what the options say about the connection, for the log (never the token)
	 */
	static String describe(List<String> options) {
		boolean tls = options.contains("--tls") || options.contains("--ca") || options.contains("--cert");
		boolean token = value(options, "--token") != null || System.getenv("NEXTBEST_TOKEN") != null;
		return (tls ? "TLS" : "plaintext") + (token ? " with a token" : "");
	}

	/**
	 * @param options the suite's command line
	 * @return whether the options ask for TLS or a token (h2load is run over plaintext
	 * without one)
	 */
	static boolean secured(List<String> options) {
		return !describe(options).equals("plaintext");
	}

	private static Path file(List<String> options, String name) {
		String value = value(options, name);
		return (value != null) ? Path.of(value) : null;
	}

	private static String value(List<String> options, String name) {
		int at = options.indexOf(name);
		if (at < 0) {
			return null;
		}
		if (at + 1 >= options.size() || options.get(at + 1).startsWith("--")) {
			throw new IllegalArgumentException(name + " needs a value");
		}
		return options.get(at + 1);
	}

}
