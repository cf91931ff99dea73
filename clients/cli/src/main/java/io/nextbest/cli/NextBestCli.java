package io.nextbest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.client.BearerToken;
import io.nextbest.client.NextBestClient;
import io.nextbest.client.Tls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code nextbest} command-line tool: records events, asks for decisions and reads or
 * forgets a customer's context on a NextBest server.
 * <p>
 * Exit codes: 0 on success, 2 for a usage error or an error answered by the server, 3
 * when the server cannot be reached.
 */
@Command(name = "nextbest", mixinStandardHelpOptions = true, versionProvider = NextBestCli.Version.class,
		description = "Talks to a NextBest decisioning server.",
		subcommands = { EventCommand.class, DecideCommand.class, ContextCommand.class, ForgetCommand.class,
				ExportCommand.class, ApiKeyCommand.class, ValidateCommand.class, TestCommand.class,
				SuppressCommand.class, WhatIfCommand.class, JourneysCommand.class },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:Success.", "1:The rules are invalid or a scenario failed (validate, test).",
				"2:Invalid usage, or the server answered with an error.", "3:The server could not be reached." })
public final class NextBestCli {

	/** Exit code when the server cannot be reached. */
	static final int UNREACHABLE = 3;

	private final Connector connector;

	@Spec
	private CommandSpec spec;

	@Option(names = "--target", scope = ScopeType.INHERIT, paramLabel = "TARGET",
			defaultValue = "${env:NEXTBEST_TARGET:-localhost:9090}",
			description = "The server, as host:port or a gRPC target. "
					+ "Default: $NEXTBEST_TARGET, else localhost:9090.")
	private String target;

	@Option(names = "--tls", scope = ScopeType.INHERIT,
			description = "Connect with TLS, trusting the authorities of the Java runtime unless --ca is given.")
	private boolean tls;

	@Option(names = "--ca", scope = ScopeType.INHERIT, paramLabel = "FILE",
			description = "Trust only the authorities in this PEM file to have signed the server's certificate "
					+ "(implies --tls).")
	private Path ca;

	@Option(names = "--cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
			description = "Present this client certificate, a PEM file, to a server that asks for one (mTLS; "
					+ "implies --tls; needs --key).")
	private Path certificate;

	@Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "FILE",
			description = "The private key of --cert, an unencrypted PKCS#8 PEM file.")
	private Path key;

	@Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", defaultValue = "${env:NEXTBEST_TOKEN}",
			description = "The API key or JWT sent with every call (authorization: Bearer). Default: "
					+ "$NEXTBEST_TOKEN, which keeps it out of the shell history and the process list. "
					+ "Only sent over TLS or to this machine.")
	private String token;

	@Option(names = "--deadline", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "5s",
			converter = Times.DurationConverter.class,
			description = "How long to wait for the server, e.g. 500ms, 5s, 1m. Default: ${DEFAULT-VALUE}.")
	private Duration deadline;

	NextBestCli(Connector connector) {
		this.connector = connector;
	}

	/**
	 * Runs the tool and exits with its exit code.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		System.exit(commandLine(Connector.NETWORK).execute(args));
	}

	static CommandLine commandLine(Connector connector) {
		return new CommandLine(new NextBestCli(connector)).setParameterExceptionHandler(new UsageErrors())
			.setExecutionExceptionHandler(new Failures());
	}

	String target() {
		return this.target;
	}

	/**
	 * Makes one call on a fresh connection to the target, with the deadline.
	 * @throws Unreachable when the deadline passed before a connection was made
	 */
	<T> T call(Function<NextBestClient, T> call) {
		ManagedChannel channel = connect();
		try (NextBestClient client = NextBestClient.builder().channel(channel).deadline(this.deadline).build()) {
			return call.apply(client);
		}
		catch (StatusRuntimeException ex) {
			// To the call, a server that never connected looks just like a slow one.
			if (ex.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
					&& channel.getState(false) != ConnectivityState.READY) {
				throw new Unreachable("no connection within " + Times.format(this.deadline), ex);
			}
			throw ex;
		}
		finally {
			channel.shutdownNow();
		}
	}

	/**
	 * Makes one call of the analytics service (which the client library does not wrap) on
	 * a fresh connection to the target, with the deadline.
	 * @throws Unreachable when the deadline passed before a connection was made
	 */
	<T> T analytics(Function<AnalyticsServiceGrpc.AnalyticsServiceBlockingStub, T> call) {
		return analytics(Duration.ZERO, call);
	}

	/**
	 * Likewise, for a call that may take longer than the deadline.
	 * @param atLeast the deadline when it is longer than the one given
	 */
	<T> T analytics(Duration atLeast, Function<AnalyticsServiceGrpc.AnalyticsServiceBlockingStub, T> call) {
		ManagedChannel channel = connect();
		long deadline = Math.max(this.deadline.toMillis(), atLeast.toMillis());
		try {
			return call.apply(
					AnalyticsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline, TimeUnit.MILLISECONDS));
		}
		catch (StatusRuntimeException ex) {
			if (ex.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
					&& channel.getState(false) != ConnectivityState.READY) {
				throw new Unreachable("no connection within " + Times.format(this.deadline), ex);
			}
			throw ex;
		}
		finally {
			channel.shutdownNow();
		}
	}

	/**
	 * A fresh connection for a long stream, which takes no overall deadline; the caller
	 * shuts it down.
	 */
	ManagedChannel openChannel() {
		return connect();
	}

	/** Whether the tool connects with TLS. */
	boolean tls() {
		return this.tls || this.ca != null || this.certificate != null || this.key != null;
	}

	/** Whether a token is sent with every call. */
	boolean hasToken() {
		return this.token != null && !this.token.isBlank();
	}

	private ManagedChannel connect() {
		ChannelCredentials credentials = credentials();
		try {
			return this.connector.connect(this.target, credentials);
		}
		catch (RuntimeException ex) {
			// Building a channel does no I/O: what fails here is the target itself.
			throw new ParameterException(this.spec.commandLine(),
					"Invalid value for option '--target': " + ex.getMessage(), ex, null, this.target);
		}
	}

	/**
	 * The credentials of the command line, checked: TLS or plaintext, and the token.
	 * @throws ParameterException naming the option at fault
	 */
	private ChannelCredentials credentials() {
		if ((this.certificate == null) != (this.key == null)) {
			throw usage((this.certificate != null) ? "--cert" : "--key",
					"--cert and --key go together: give the client certificate and its private key");
		}
		ChannelCredentials transport = InsecureChannelCredentials.create();
		if (tls()) {
			Tls settings = Tls.systemTrust();
			if (this.ca != null) {
				settings = Tls.trusting(readable("--ca", this.ca));
				check("--ca", settings);
			}
			if (this.certificate != null) {
				Path certificate = readable("--cert", this.certificate);
				Path key = readable("--key", this.key);
				try {
					Tls.systemTrust().withClientCertificate(certificate, key).channelCredentials();
				}
				catch (IllegalArgumentException ex) {
					// The message starts with the file at fault.
					throw usage(ex.getMessage().startsWith(key.toString()) ? "--key" : "--cert", ex.getMessage());
				}
				settings = settings.withClientCertificate(certificate, key);
			}
			transport = settings.channelCredentials();
		}
		if (!hasToken()) {
			return transport;
		}
		try {
			return CompositeChannelCredentials.create(transport, BearerToken.of(this.token));
		}
		catch (IllegalArgumentException ex) {
			// The message never shows the token.
			throw usage("--token", ex.getMessage() + " (from --token or $NEXTBEST_TOKEN)");
		}
	}

	private Path readable(String option, Path file) {
		if (!Files.isRegularFile(file)) {
			throw usage(option, file + " is not a file");
		}
		if (!Files.isReadable(file)) {
			throw usage(option, file + " cannot be read");
		}
		return file;
	}

	private void check(String option, Tls settings) {
		try {
			settings.channelCredentials();
		}
		catch (IllegalArgumentException ex) {
			throw usage(option, ex.getMessage());
		}
	}

	private ParameterException usage(String option, String problem) {
		return new ParameterException(this.spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
	}

	/** The version of the build, from the jar's manifest. */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = NextBestCli.class.getPackage().getImplementationVersion();
			return new String[] { "nextbest " + ((version != null) ? version : "(development build)") };
		}

	}

}
