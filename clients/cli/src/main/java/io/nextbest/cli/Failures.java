package io.nextbest.cli;

import javax.net.ssl.SSLException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed call into one line on standard error and an exit code, instead of a
 * stack trace: the server's status as it sent it, or, when the server could not be
 * reached, where the tool tried to reach it.
 */
final class Failures implements IExecutionExceptionHandler {

	@Override
	public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) throws Exception {
		NextBestCli root = (NextBestCli) command.getCommandSpec().root().userObject();
		if (ex instanceof Unreachable unreachable) {
			command.getErr()
				.println("error: cannot reach the server at " + root.target() + ": " + unreachable.getMessage());
			return NextBestCli.UNREACHABLE;
		}
		if (!(ex instanceof StatusRuntimeException failure)) {
			throw ex;
		}
		Status status = failure.getStatus();
		if (status.getCode() == Status.Code.UNAVAILABLE) {
			command.getErr()
				.println("error: cannot reach the server at " + root.target() + ": " + describe(status)
						+ handshakeHint(status, root));
			return NextBestCli.UNREACHABLE;
		}
		command.getErr().println("error: " + describe(status) + credentialHint(status, root));
		return CommandLine.ExitCode.USAGE;
	}

	/** What to check when the server did not take the caller's credential. */
	private static String credentialHint(Status status, NextBestCli root) {
		return switch (status.getCode()) {
			case UNAUTHENTICATED -> root.hasToken()
					? "; check the token (--token or $NEXTBEST_TOKEN): a known API key, or a JWT that has not expired"
					: "; the server wants a credential: give --token or set $NEXTBEST_TOKEN"
							+ (root.tls() ? "" : ", or connect with --tls and a client certificate (--cert, --key)");
			case PERMISSION_DENIED ->
				"; the server knows the caller, but its roles do not allow this command: ask for a role that does";
			default -> "";
		};
	}

	/** A handshake that failed is a matter of certificates, not of the network. */
	private static String handshakeHint(Status status, NextBestCli root) {
		for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException) {
				return "; the TLS handshake failed: check that --ca holds the authority that signed the server's "
						+ "certificate, and that --cert and --key are what the server accepts";
			}
		}
		return (!root.tls() && closedAtOnce(status)) ? "; if the server serves TLS, add --tls (and --ca)" : "";
	}

	/**
	 * Whether the server closed the connection before HTTP/2 began, as a server serving
	 * TLS does to a plaintext client: gRPC says either, depending on the timing.
	 */
	private static boolean closedAtOnce(Status status) {
		if (status.getDescription() != null
				&& status.getDescription().startsWith("Network closed for unknown reason")) {
			return true;
		}
		for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("Connection reset")) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Status status) {
		StringBuilder text = new StringBuilder(status.getCode().name());
		if (status.getDescription() != null) {
			text.append(": ").append(status.getDescription());
		}
		if (status.getCause() != null && status.getCause().getMessage() != null) {
			text.append(" (").append(status.getCause().getMessage()).append(')');
		}
		// One line: gRPC's transport errors span several.
		return text.toString().replaceAll("\\s*\\R\\s*", " ");
	}

}
