package io.nextbest.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.RequestContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest decide}: asks for a decision and prints each channel's outcome.
 */
@Command(name = "decide", mixinStandardHelpOptions = true,
		description = "Asks what to say to a customer next on each channel, and why.")
final class DecideCommand implements Runnable {

	@ParentCommand
	private NextBestCli root;

	@Spec
	private CommandSpec spec;

	@Option(names = "--customer", required = true, paramLabel = "CUSTOMER", description = "The customer.")
	private String customerId;

	@Option(names = "--channels", required = true, split = ",", paramLabel = "CHANNEL",
			converter = EnumNames.Channels.class, completionCandidates = EnumNames.Channels.class,
			description = "The channels to decide for, comma-separated: ${COMPLETION-CANDIDATES}.")
	private List<Channel> channels;

	@Option(names = "--page", paramLabel = "PAGE", description = "The page or screen being rendered.")
	private String page;

	@Option(names = "--placement", paramLabel = "PLACEMENT", description = "The placement on the page.")
	private String placement;

	@Option(names = "--device", paramLabel = "DEVICE", description = "The device, e.g. mobile or desktop.")
	private String device;

	@Option(names = "--locale", paramLabel = "LOCALE", description = "The locale, e.g. en-GB.")
	private String locale;

	@Option(names = "--attr", paramLabel = "NAME=VALUE",
			description = "Any other fact about the request, for the rules; repeat for several.")
	private Map<String, String> attributes = new LinkedHashMap<>();

	@Option(names = "--json", description = "Print the decision as JSON.")
	private boolean json;

	@Override
	public void run() {
		DecideResponse decision = this.root.call((client) -> client.decide(request()));
		this.spec.commandLine().getOut().print(this.json ? Json.of(decision) : DecisionText.of(decision));
		this.spec.commandLine().getOut().flush();
	}

	private DecideRequest request() {
		RequestContext.Builder context = RequestContext.newBuilder().putAllAttributes(this.attributes);
		if (this.page != null) {
			context.setPage(this.page);
		}
		if (this.placement != null) {
			context.setPlacement(this.placement);
		}
		if (this.device != null) {
			context.setDevice(this.device);
		}
		if (this.locale != null) {
			context.setLocale(this.locale);
		}
		DecideRequest.Builder request = DecideRequest.newBuilder()
			.setCustomerId(this.customerId)
			.addAllChannels(this.channels);
		// An empty context is left out, so that rules can tell it was not given.
		if (!context.build().equals(RequestContext.getDefaultInstance())) {
			request.setContext(context);
		}
		return request.build();
	}

}
