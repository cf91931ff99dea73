package io.nextbest.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.client.NextBestClient;
import io.nextbest.client.TestCertificates;
import io.nextbest.client.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gRPC API over TLS and mTLS, on the whole server over TCP loopback, with
 * certificates made for the test: which clients complete the handshake and get an answer,
 * and that the caller's certificate reaches the call, where the security layer reads its
 * subject.
 */
class TlsIT {

	@TempDir
	static Path directory;

	private static TestCertificates authority;

	private static TestCertificates.Issued serverCertificate;

	private static TestCertificates.Issued clientCertificate;

	private static TestCertificates.Issued strangerCertificate;

	private static TestCertificates stranger;

	@BeforeAll
	static void makeCertificates() {
		authority = TestCertificates.authority(directory, "nextbest-test-ca");
		serverCertificate = authority.issue("CN=localhost");
		clientCertificate = authority.issue("CN=crm-feed,O=Example");
		stranger = TestCertificates.authority(directory, "stranger-ca");
		strangerCertificate = stranger.issue("CN=crm-feed,O=Example");
	}

	@BeforeEach
	void forget() {
		PeerRecorder.peers.clear();
	}

	@Test
	void tlsAnswersClientsThatTrustItsAuthorityOnly() {
		try (InJvmServer server = start("none")) {
			try (NextBestClient trusting = NextBestClient.builder()
				.target(server.target())
				.tls(Tls.trusting(authority.certificate))
				.build()) {
				DecideResponse decision = trusting.decide("tls-customer", Channel.CHANNEL_WEB);
				assertThat(decision.getChannels(0).getChannel()).isEqualTo(Channel.CHANNEL_WEB);
			}
			assertThat(PeerRecorder.peers).containsExactly("TLS, no client certificate");
			try (NextBestClient plaintext = NextBestClient.connect(server.target())) {
				assertUnavailable(plaintext);
			}
			try (NextBestClient distrusting = NextBestClient.builder()
				.target(server.target())
				.tls(Tls.trusting(stranger.certificate))
				.build()) {
				assertUnavailable(distrusting);
			}
			assertThat(PeerRecorder.peers).hasSize(1);
		}
	}

	@Test
	void requiredClientCertificateMustBeSignedByTheClientAuthority() {
		try (InJvmServer server = start("require")) {
			Tls trusting = Tls.trusting(authority.certificate);
			try (NextBestClient anonymous = NextBestClient.builder().target(server.target()).tls(trusting).build()) {
				assertUnavailable(anonymous);
			}
			try (NextBestClient impostor = NextBestClient.builder()
				.target(server.target())
				.tls(trusting.withClientCertificate(strangerCertificate.certificate(), strangerCertificate.key()))
				.build()) {
				assertUnavailable(impostor);
			}
			assertThat(PeerRecorder.peers).isEmpty();
			try (NextBestClient known = NextBestClient.builder()
				.target(server.target())
				.tls(trusting.withClientCertificate(clientCertificate.certificate(), clientCertificate.key()))
				.build()) {
				DecideResponse decision = known.decide("mtls-customer", Channel.CHANNEL_WEB);
				assertThat(decision.getChannels(0).getChannel()).isEqualTo(Channel.CHANNEL_WEB);
			}
			assertThat(PeerRecorder.peers).containsExactly("CN=crm-feed,O=Example");
		}
	}

	@Test
	void optionalClientCertificateIsReadWhenSent() {
		try (InJvmServer server = start("optional")) {
			Tls trusting = Tls.trusting(authority.certificate);
			try (NextBestClient anonymous = NextBestClient.builder().target(server.target()).tls(trusting).build()) {
				anonymous.decide("anonymous-customer", Channel.CHANNEL_WEB);
			}
			try (NextBestClient known = NextBestClient.builder()
				.target(server.target())
				.tls(trusting.withClientCertificate(clientCertificate.certificate(), clientCertificate.key()))
				.build()) {
				known.decide("known-customer", Channel.CHANNEL_WEB);
			}
			assertThat(PeerRecorder.peers).containsExactly("TLS, no client certificate", "CN=crm-feed,O=Example");
		}
	}

	@Test
	void missingCertificateFileStopsTheStartNamingTheSetting() {
		Path missing = directory.resolve("no-such-cert.pem");
		assertThatThrownBy(() -> SpringApplication.run(NextBestServer.class, "--spring.grpc.server.port=0",
				"--management.server.port=-1", "--nextbest.tls.certificate=" + missing,
				"--nextbest.tls.private-key=" + serverCertificate.key()))
			.hasMessageContaining("NBA_TLS_CERT")
			.hasMessageContaining(missing.toString());
	}

	@Test
	void aClientCertificatesSubjectIsTheCallerWithItsRoles() throws IOException {
		TestCertificates.Issued unlisted = authority.issue("CN=someone-else,O=Example");
		Path callers = Files.writeString(directory.resolve("callers.yaml"), """
				callers:
				  - name: web-backend
				    roles: [site]
				    certificate-subject: "CN=crm-feed, O=Example"
				""");
		try (InJvmServer server = start("require", "--nextbest.security.callers-file=" + callers)) {
			Tls trusting = Tls.trusting(authority.certificate);
			try (NextBestClient known = NextBestClient.builder()
				.target(server.target())
				.tls(trusting.withClientCertificate(clientCertificate.certificate(), clientCertificate.key()))
				.build()) {
				assertThat(known.decide("mtls-site-customer", Channel.CHANNEL_WEB).getChannelsCount()).isEqualTo(1);
				assertThatThrownBy(() -> known.context("mtls-site-customer")).isInstanceOfSatisfying(
						StatusRuntimeException.class,
						(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
			}
			try (NextBestClient other = NextBestClient.builder()
				.target(server.target())
				.tls(trusting.withClientCertificate(unlisted.certificate(), unlisted.key()))
				.build()) {
				assertThatThrownBy(() -> other.decide("mtls-site-customer", Channel.CHANNEL_WEB))
					.isInstanceOfSatisfying(StatusRuntimeException.class,
							(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			}
		}
	}

	private static InJvmServer start(String clientAuth, String... more) {
		List<String> arguments = new ArrayList<>(List.of(
				"--nextbest.tls.certificate=" + serverCertificate.certificate(),
				"--nextbest.tls.private-key=" + serverCertificate.key(), "--nextbest.tls.client-auth=" + clientAuth,
				"--nextbest.tls.client-ca=" + authority.certificate, "--spring.datasource.url=jdbc:h2:file:"
						+ directory.resolve("store-" + clientAuth + more.length) + ";WRITE_DELAY=0"));
		arguments.addAll(List.of(more));
		return InJvmServer.start(
				(target) -> NextBestClient.builder().target(target).tls(Tls.trusting(authority.certificate)).build(),
				List.of(PeerRecorder.class), arguments.toArray(new String[0]));
	}

	private static void assertUnavailable(NextBestClient client) {
		assertThatThrownBy(() -> client.decide("refused-customer", Channel.CHANNEL_WEB)).isInstanceOfSatisfying(
				StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

	/**
	 * Records what each call's transport says about the caller: the subject of its
	 * certificate, from the SSL session that reaches the call.
	 */
	@Configuration(proxyBeanMethods = false)
	static class PeerRecorder {

		static final List<String> peers = new CopyOnWriteArrayList<>();

		@Bean
		@GlobalServerInterceptor
		ServerInterceptor peerRecorder() {
			return new ServerInterceptor() {

				@Override
				public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
						ServerCallHandler<Q, A> next) {
					if (call.getMethodDescriptor().getServiceName().startsWith("nba.")) {
						peers.add(peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
					}
					return next.startCall(call, headers);
				}

			};
		}

		private static String peer(SSLSession session) {
			if (session == null) {
				return "plaintext";
			}
			try {
				return session.getPeerPrincipal().getName();
			}
			catch (SSLPeerUnverifiedException ex) {
				return "TLS, no client certificate";
			}
		}

	}

}
