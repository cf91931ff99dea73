package io.nextbest.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Attributes;
import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecisionServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's credentials over real loopback connections: TLS trusting an authority of
 * the test's own, a client certificate for a server that requires one, and the bearer
 * token each call carries.
 */
class ClientCredentialsTest {

	@TempDir
	static Path directory;

	private static TestCertificates authority;

	private static TestCertificates.Issued serverCertificate;

	private static TestCertificates.Issued clientCertificate;

	private static TestCertificates stranger;

	private RecordingServer server;

	@BeforeAll
	static void makeCertificates() {
		authority = TestCertificates.authority(directory, "test-ca");
		serverCertificate = authority.issue("CN=localhost");
		clientCertificate = authority.issue("CN=crm-feed,O=Example");
		stranger = TestCertificates.authority(directory, "other-ca");
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void tokenTravelsAsBearerAuthorization() {
		this.server = new RecordingServer();
		try (NextBestClient client = NextBestClient.builder()
			.channel(this.server.channel())
			.token("nbk_live_7f3a9c")
			.build()) {
			client.decide("c-1", Channel.CHANNEL_WEB);
			client.forget("c-1");
		}
		assertThat(this.server.authorizations).containsExactly("Bearer nbk_live_7f3a9c", "Bearer nbk_live_7f3a9c");
	}

	@Test
	void noTokenSendsNoAuthorization() {
		this.server = new RecordingServer();
		try (NextBestClient client = NextBestClient.builder().channel(this.server.channel()).build()) {
			client.decide("c-1", Channel.CHANNEL_WEB);
		}
		assertThat(this.server.authorizations).containsExactly("");
	}

	@Test
	void tokenIsSentOverPlaintextToThisMachine() {
		this.server = RecordingServer.onLoopback(InsecureServerCredentials.create());
		try (NextBestClient client = NextBestClient.builder()
			.target(this.server.loopbackTarget())
			.token("nbk_live_7f3a9c")
			.build()) {
			client.decide("c-1", Channel.CHANNEL_WEB);
		}
		assertThat(this.server.authorizations).containsExactly("Bearer nbk_live_7f3a9c");
	}

	@Test
	void tokenIsNotSentOverPlaintextToAnotherMachine() {
		AtomicReference<Status> failed = new AtomicReference<>();
		AtomicReference<Metadata> applied = new AtomicReference<>();
		// No connection to another address: the credential is asked directly, as the
		// transport asks it.
		BearerToken.of("nbk_live_7f3a9c")
			.applyRequestMetadata(request(SecurityLevel.NONE, new InetSocketAddress("192.0.2.10", 9090)), Runnable::run,
					applier(applied, failed));
		assertThat(applied.get()).isNull();
		assertThat(failed.get().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(failed.get().getDescription()).contains("connect with TLS").doesNotContain("7f3a9c");
	}

	@Test
	void tokenIsSentOverTlsToAnotherMachine() {
		AtomicReference<Status> failed = new AtomicReference<>();
		AtomicReference<Metadata> applied = new AtomicReference<>();
		BearerToken.of("nbk_live_7f3a9c")
			.applyRequestMetadata(
					request(SecurityLevel.PRIVACY_AND_INTEGRITY, new InetSocketAddress("192.0.2.10", 9090)),
					Runnable::run, applier(applied, failed));
		assertThat(failed.get()).isNull();
		assertThat(applied.get().get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer nbk_live_7f3a9c");
	}

	@Test
	void tokenIsNeverShown() {
		assertThat(BearerToken.of("nbk_live_7f3a9c")).hasToString("BearerToken[hidden]");
		assertThatIllegalArgumentException().isThrownBy(() -> BearerToken.of("nbk live"))
			.withMessageContaining("position 4")
			.withMessageNotContaining("nbk");
		assertThatIllegalArgumentException().isThrownBy(() -> BearerToken.of("  ")).withMessage("the token is empty");
	}

	@Test
	void tlsClientTrustingTheAuthorityGetsAnAnswer() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.NONE));
		try (NextBestClient client = NextBestClient.builder()
			.target(this.server.loopbackTarget())
			.tls(Tls.trusting(authority.certificate))
			.token("nbk_live_7f3a9c")
			.build()) {
			assertThat(client.decide("c-1", Channel.CHANNEL_WEB).getDecisionId()).isEqualTo("d-1");
		}
		assertThat(this.server.authorizations).containsExactly("Bearer nbk_live_7f3a9c");
	}

	@Test
	void tlsClientTrustingAnotherAuthorityFailsTheHandshake() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.NONE));
		try (NextBestClient client = NextBestClient.builder()
			.target(this.server.loopbackTarget())
			.tls(Tls.trusting(stranger.certificate))
			.build()) {
			assertThatThrownBy(() -> client.decide("c-1", Channel.CHANNEL_WEB)).isInstanceOfSatisfying(
					StatusRuntimeException.class,
					(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
		assertThat(this.server.decided).isEmpty();
	}

	@Test
	void plaintextClientGetsNoAnswerFromTlsServer() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.NONE));
		try (NextBestClient client = NextBestClient.connect(this.server.loopbackTarget())) {
			assertThatThrownBy(() -> client.decide("c-1", Channel.CHANNEL_WEB)).isInstanceOfSatisfying(
					StatusRuntimeException.class,
					(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
		assertThat(this.server.decided).isEmpty();
	}

	@Test
	void clientCertificateOpensAServerThatRequiresOne() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.REQUIRE));
		Tls trusting = Tls.trusting(authority.certificate);
		try (NextBestClient client = NextBestClient.builder()
			.target(this.server.loopbackTarget())
			.tls(trusting.withClientCertificate(clientCertificate.certificate(), clientCertificate.key()))
			.build()) {
			assertThat(client.decide("c-1", Channel.CHANNEL_WEB).getDecisionId()).isEqualTo("d-1");
		}
		try (NextBestClient client = NextBestClient.builder()
			.target(this.server.loopbackTarget())
			.tls(trusting)
			.build()) {
			assertThatThrownBy(() -> client.decide("c-2", Channel.CHANNEL_WEB)).isInstanceOfSatisfying(
					StatusRuntimeException.class,
					(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
		assertThat(this.server.decided).extracting((request) -> request.getCustomerId()).containsExactly("c-1");
	}

	@Test
	void tlsFilesThatCannotBeUsedAreNamed() throws IOException {
		Path missing = directory.resolve("missing.pem");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NextBestClient.builder().target("127.0.0.1:1").tls(Tls.trusting(missing)).build())
			.withMessageContaining(missing.toString());
		Path notACertificate = Files.writeString(directory.resolve("notes.txt"), "hello");
		assertThatIllegalArgumentException().isThrownBy(() -> Tls.trusting(notACertificate).channelCredentials())
			.withMessageContaining(notACertificate.toString());
		Path rsaKey = Files.writeString(directory.resolve("pkcs1.key"),
				"-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Tls.trusting(authority.certificate)
				.withClientCertificate(clientCertificate.certificate(), rsaKey)
				.channelCredentials())
			.withMessageContaining(rsaKey.toString())
			.withMessageContaining("openssl pkcs8 -topk8 -nocrypt");
	}

	@Test
	void tlsIsForTargetsNotGivenChannels() {
		this.server = new RecordingServer();
		assertThatIllegalStateException()
			.isThrownBy(() -> NextBestClient.builder().channel(this.server.channel()).tls(Tls.systemTrust()).build());
	}

	private static ServerCredentials tls(TlsServerCredentials.ClientAuth clientAuth) {
		try {
			return TlsServerCredentials.newBuilder()
				.keyManager(serverCertificate.certificate().toFile(), serverCertificate.key().toFile())
				.trustManager(authority.certificate.toFile())
				.clientAuth(clientAuth)
				.build();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static CallCredentials.RequestInfo request(SecurityLevel level, InetSocketAddress remote) {
		return new CallCredentials.RequestInfo() {

			@Override
			public MethodDescriptor<?, ?> getMethodDescriptor() {
				return DecisionServiceGrpc.getDecideMethod();
			}

			@Override
			public SecurityLevel getSecurityLevel() {
				return level;
			}

			@Override
			public String getAuthority() {
				return "nba.example.com:9090";
			}

			@Override
			public Attributes getTransportAttrs() {
				return Attributes.newBuilder().set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, remote).build();
			}

		};
	}

	private static CallCredentials.MetadataApplier applier(AtomicReference<Metadata> applied,
			AtomicReference<Status> failed) {
		return new CallCredentials.MetadataApplier() {

			@Override
			public void apply(Metadata headers) {
				applied.set(headers);
			}

			@Override
			public void fail(Status status) {
				failed.set(status);
			}

		};
	}

}
