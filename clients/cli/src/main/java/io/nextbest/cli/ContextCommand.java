package io.nextbest.cli;

import io.nextbest.api.v1.CustomerContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest context}: prints what the server knows about a customer.
 */
@Command(name = "context", mixinStandardHelpOptions = true,
		description = "Prints a customer's context: journeys, cases, consents, surveys, profile and contact history.")
final class ContextCommand implements Runnable {

	@ParentCommand
	private NextBestCli root;

	@Spec
	private CommandSpec spec;

	@Option(names = "--customer", required = true, paramLabel = "CUSTOMER", description = "The customer.")
	private String customerId;

	@Option(names = "--json", description = "Print the context as JSON.")
	private boolean json;

	@Override
	public void run() {
		CustomerContext context = this.root.call((client) -> client.context(this.customerId));
		this.spec.commandLine().getOut().print(this.json ? Json.of(context) : ContextText.of(this.customerId, context));
		this.spec.commandLine().getOut().flush();
	}

}
