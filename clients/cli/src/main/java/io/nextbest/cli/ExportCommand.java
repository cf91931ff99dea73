package io.nextbest.cli;

import io.nextbest.api.v1.ExportCustomerResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest export}: everything the server holds about a customer, as the JSON
 * document to hand over for an access request.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
		description = { "Exports everything the server holds about a customer (right of access): the document in "
				+ "proto3 JSON on standard output, ready to save; needs the privacy role." })
final class ExportCommand implements Runnable {

	@ParentCommand
	private NextBestCli root;

	@Spec
	private CommandSpec spec;

	@Option(names = "--customer", required = true, paramLabel = "CUSTOMER", description = "The customer.")
	private String customerId;

	@Override
	public void run() {
		ExportCustomerResponse export = this.root.call((client) -> client.export(this.customerId));
		this.spec.commandLine().getOut().println(export.getDocumentJson());
		this.spec.commandLine().getOut().flush();
		if (!export.getKnown()) {
			this.spec.commandLine()
				.getErr()
				.println("customer " + this.customerId + " is not known; the document says so and holds nothing else");
			this.spec.commandLine().getErr().flush();
		}
	}

}
