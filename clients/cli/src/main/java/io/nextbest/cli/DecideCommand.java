package io.nextbest.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.Placement;
import io.nextbest.api.v1.RequestContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code nextbest decide}: asks for a decision and prints each channel's and placement's
 * outcome, with the decision funnel on {@code --explain}.
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

	@Option(names = "--channels", split = ",", paramLabel = "CHANNEL", converter = EnumNames.Channels.class,
			completionCandidates = EnumNames.Channels.class,
			description = "The channels to decide for, comma-separated: ${COMPLETION-CANDIDATES}.")
	private List<Channel> channels = new ArrayList<>();

	@Option(names = "--max", paramLabel = "N", description = "The most actions per channel, best first (default 1).")
	private int maxActions;

	@Option(names = "--slot", paramLabel = "CHANNEL:NAME[:N]",
			description = "A placement to fill with up to N actions (default 1), e.g. web:home-carousel:3; "
					+ "repeat for several. Placements never repeat an action.")
	private List<String> slots = new ArrayList<>();

	@Option(names = "--explain",
			description = "Show the decision funnel: every candidate, what removed it and the scores.")
	private boolean explain;

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
		if (this.channels.isEmpty() && this.slots.isEmpty()) {
			throw new ParameterException(this.spec.commandLine(), "Missing option: --channels or --slot is required");
		}
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
			.addAllChannels(this.channels)
			.setMaxActions(this.maxActions)
			.setExplain(this.explain);
		for (String slot : this.slots) {
			request.addPlacements(placement(slot));
		}
		// An empty context is left out, so that rules can tell it was not given.
		if (!context.build().equals(RequestContext.getDefaultInstance())) {
			request.setContext(context);
		}
		return request.build();
	}

	private Placement placement(String slot) {
		String[] parts = slot.split(":", -1);
		if (parts.length < 2 || parts.length > 3 || parts[1].isBlank()) {
			throw new ParameterException(this.spec.commandLine(),
					"Invalid value for option '--slot': expected CHANNEL:NAME[:N] but was '" + slot + "'");
		}
		Placement.Builder placement = Placement.newBuilder().setName(parts[1].strip());
		try {
			placement.setChannel(new EnumNames.Channels().convert(parts[0]));
			if (parts.length == 3) {
				placement.setMaxActions(Integer.parseInt(parts[2].strip()));
			}
		}
		catch (TypeConversionException | NumberFormatException ex) {
			throw new ParameterException(this.spec.commandLine(),
					"Invalid value for option '--slot': '" + slot + "': " + ex.getMessage());
		}
		return placement.build();
	}

}
