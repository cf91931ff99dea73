package io.nextbest.cli;

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
			command.getErr().println("error: cannot reach the server at " + root.target() + ": " + describe(status));
			return NextBestCli.UNREACHABLE;
		}
		command.getErr().println("error: " + describe(status));
		return CommandLine.ExitCode.USAGE;
	}

	private static String describe(Status status) {
		StringBuilder text = new StringBuilder(status.getCode().name());
		if (status.getDescription() != null) {
			text.append(": ").append(status.getDescription());
		}
		if (status.getCause() != null && status.getCause().getMessage() != null) {
			text.append(" (").append(status.getCause().getMessage()).append(')');
		}
		return text.toString();
	}

}
