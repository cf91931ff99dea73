package io.nextbest.cli;

import java.time.Duration;
import java.util.function.Function;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nextbest.client.NextBestClient;
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
				ValidateCommand.class, TestCommand.class, SuppressCommand.class },
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
			description = "The server, as host:port or a gRPC target (plaintext). "
					+ "Default: $NEXTBEST_TARGET, else localhost:9090.")
	private String target;

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
		System.exit(commandLine(Connector.PLAINTEXT).execute(args));
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
	 * A fresh connection for a long stream, which takes no overall deadline; the caller
	 * shuts it down.
	 */
	ManagedChannel openChannel() {
		return connect();
	}

	private ManagedChannel connect() {
		try {
			return this.connector.connect(this.target);
		}
		catch (RuntimeException ex) {
			// Building a channel does no I/O: what fails here is the target itself.
			throw new ParameterException(this.spec.commandLine(),
					"Invalid value for option '--target': " + ex.getMessage(), ex, null, this.target);
		}
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
