package io.nextbest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.nextbest.client.RecordingServer;
import io.nextbest.client.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool's TLS and credential options, against a server on a TCP port of 127.0.0.1 that
 * serves TLS with a certificate made for the test, and the one line it prints when the
 * server does not take the caller's credential.
 */
class CredentialOptionsTest {

	private static final String TOKEN = "nbk_live_7f3a9c";

	@TempDir
	static Path directory;

	private static TestCertificates authority;

	private static TestCertificates.Issued serverCertificate;

	private static TestCertificates.Issued clientCertificate;

	private static TestCertificates stranger;

	private RecordingServer server;

	@BeforeAll
	static void makeCertificates() {
		authority = TestCertificates.authority(directory, "cli-ca");
		serverCertificate = authority.issue("CN=localhost");
		clientCertificate = authority.issue("CN=marketing-ops");
		stranger = TestCertificates.authority(directory, "stranger-ca");
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void tlsWithTheServersAuthorityGetsAnAnswerAndSendsTheToken() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.NONE));

		Run run = run("--target", this.server.loopbackTarget(), "--tls", "--ca", authority.certificate.toString(),
				"--token", TOKEN, "forget", "--customer", "c-1");

		assertThat(run.exitCode).isZero();
		assertThat(this.server.forgotten).containsExactly("c-1");
		assertThat(this.server.authorizations).containsExactly("Bearer " + TOKEN);
		assertThat(run.out + run.err).doesNotContain(TOKEN);
	}

	@Test
	void caAloneImpliesTls() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.NONE));

		Run run = run("--target", this.server.loopbackTarget(), "--ca", authority.certificate.toString(), "forget",
				"--customer", "c-1");

		assertThat(run.exitCode).isZero();
		assertThat(this.server.authorizations).containsExactly("");
	}

	@Test
	void clientCertificateOpensAServerThatRequiresOne() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.REQUIRE));

		Run run = run("--target", this.server.loopbackTarget(), "--ca", authority.certificate.toString(), "--cert",
				clientCertificate.certificate().toString(), "--key", clientCertificate.key().toString(), "forget",
				"--customer", "c-1");

		assertThat(run.exitCode).isZero();
		assertThat(this.server.forgotten).containsExactly("c-1");
	}

	@Test
	void serverSignedByAnotherAuthorityFailsTheHandshakeWithAHint() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.NONE));

		Run run = run("--target", this.server.loopbackTarget(), "--ca", stranger.certificate.toString(), "forget",
				"--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(3);
		assertThat(run.err).startsWith("error: cannot reach the server at " + this.server.loopbackTarget())
			.contains("the TLS handshake failed: check that --ca holds the authority")
			.hasLineCount(1);
		assertThat(this.server.forgotten).isEmpty();
	}

	@Test
	void plaintextToATlsServerGetsNoAnswer() {
		this.server = RecordingServer.onLoopback(tls(TlsServerCredentials.ClientAuth.NONE));

		Run run = run("--target", this.server.loopbackTarget(), "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(3);
		assertThat(run.err).startsWith("error: cannot reach the server at " + this.server.loopbackTarget())
			.endsWith("; if the server serves TLS, add --tls (and --ca)\n");
		assertThat(this.server.forgotten).isEmpty();
	}

	@Test
	void certWithoutKeyIsAUsageErrorNamingTheOption() {
		Run run = run("--cert", clientCertificate.certificate().toString(), "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).startsWith("error: Invalid value for option '--cert': --cert and --key go together");
	}

	@Test
	void missingCaFileIsAUsageErrorNamingTheOption() {
		Path missing = directory.resolve("missing-ca.pem");

		Run run = run("--ca", missing.toString(), "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).startsWith("error: Invalid value for option '--ca': " + missing + " is not a file");
	}

	@Test
	void keyThatIsNotAKeyIsAUsageErrorNamingTheOption() {
		Run run = run("--cert", clientCertificate.certificate().toString(), "--key",
				clientCertificate.certificate().toString(), "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).startsWith("error: Invalid value for option '--key': ");
	}

	@Test
	void tokenThatCannotBeAHeaderIsNamedButNotShown() {
		Run run = run("--token", "nbk live", "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).startsWith("error: Invalid value for option '--token': ").doesNotContain("nbk");
	}

	@Test
	void unauthenticatedWithoutATokenSaysToGiveOne() {
		this.server = new RecordingServer().failWith(Status.UNAUTHENTICATED);

		Run run = run(inProcess(), "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).isEqualTo(
				"error: UNAUTHENTICATED; the server wants a credential: give --token or set $NEXTBEST_TOKEN, or connect "
						+ "with --tls and a client certificate (--cert, --key)\n");
	}

	@Test
	void unauthenticatedWithATokenSaysToCheckIt() {
		this.server = new RecordingServer().failWith(Status.UNAUTHENTICATED);

		Run run = run(inProcess(), "--token", TOKEN, "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).isEqualTo("error: UNAUTHENTICATED; check the token (--token or $NEXTBEST_TOKEN): "
				+ "a known API key, or a JWT that has not expired\n");
	}

	@Test
	void permissionDeniedSaysTheRoleIsMissing() {
		this.server = new RecordingServer().failWith(Status.PERMISSION_DENIED);

		Run run = run(inProcess(), "--token", TOKEN, "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).isEqualTo("error: PERMISSION_DENIED; the server knows the caller, but its roles do not "
				+ "allow this command: ask for a role that does\n");
	}

	private Connector inProcess() {
		return (target, credentials) -> this.server.newChannel();
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

	private static Run run(String... args) {
		return run(Connector.NETWORK, args);
	}

	private static Run run(Connector connector, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = NextBestCli.commandLine(connector)
			.setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args);
		return new Run(exitCode, out.toString(), err.toString());
	}

	private record Run(int exitCode, String out, String err) {
	}

}
