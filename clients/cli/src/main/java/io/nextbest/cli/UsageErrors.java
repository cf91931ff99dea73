package io.nextbest.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Answers a command line the tool cannot read with the problem and where to find help,
 * rather than the whole usage, which would push the problem off the screen.
 */
final class UsageErrors implements IParameterExceptionHandler {

	@Override
	public int handleParseException(ParameterException ex, String[] args) {
		CommandLine command = ex.getCommandLine();
		PrintWriter err = command.getErr();
		err.println("error: " + ex.getMessage());
		UnmatchedArgumentException.printSuggestions(ex, err);
		err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
		return command.getCommandSpec().exitCodeOnInvalidInput();
	}

}
