package io.nextbest.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest forget}: erases a customer's context.
 */
@Command(name = "forget", mixinStandardHelpOptions = true,
		description = "Forgets a customer: the server removes their whole context (right to erasure).")
final class ForgetCommand implements Runnable {

	@ParentCommand
	private NextBestCli root;

	@Spec
	private CommandSpec spec;

	@Option(names = "--customer", required = true, paramLabel = "CUSTOMER", description = "The customer.")
	private String customerId;

	@Override
	public void run() {
		boolean existed = this.root.call((client) -> client.forget(this.customerId));
		this.spec.commandLine()
			.getOut()
			.println(existed ? "forgot customer " + this.customerId
					: "customer " + this.customerId + " was not known; nothing to forget");
		this.spec.commandLine().getOut().flush();
	}

}
