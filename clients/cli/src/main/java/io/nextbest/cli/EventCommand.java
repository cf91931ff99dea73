package io.nextbest.cli;

import java.time.Instant;
import java.util.Map;

import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.RecordEventResponse;
import io.nextbest.api.v1.SurveyAnswered;
import io.nextbest.api.v1.SurveyType;
import io.nextbest.client.Events;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest event ...}: records one event, of the kind the subcommand names.
 */
@Command(name = "event", mixinStandardHelpOptions = true,
		description = "Records an event about a customer. Prints the event id and what it did to the context.",
		synopsisSubcommandLabel = "COMMAND")
final class EventCommand {

	@ParentCommand
	private NextBestCli root;

	@Spec
	private CommandSpec spec;

	@Command(name = "stage", mixinStandardHelpOptions = true,
			description = "The customer moved to a stage of a journey.")
	void stage(@Mixin Common common,
			@Option(names = "--journey", required = true, paramLabel = "JOURNEY",
					description = "The journey, usually a product or service, e.g. broadband.") String journey,
			@Option(names = "--stage", required = true, paramLabel = "STAGE", converter = EnumNames.Stages.class,
					completionCandidates = EnumNames.Stages.class,
					description = "The stage reached: ${COMPLETION-CANDIDATES}.") JourneyStage stage) {
		record(common, common.event().stageChanged(journey, stage));
	}

	@Command(name = "case-open", mixinStandardHelpOptions = true, description = "A service case was opened.")
	void caseOpen(@Mixin Common common,
			@Option(names = "--case", required = true, paramLabel = "CASE",
					description = "The case id in the service desk.") String caseId,
			@Option(names = "--product", defaultValue = "", paramLabel = "PRODUCT",
					description = "The product or journey the case is about.") String product,
			@Option(names = "--severity", required = true, paramLabel = "SEVERITY",
					converter = EnumNames.Severities.class, completionCandidates = EnumNames.Severities.class,
					description = "How bad it is: ${COMPLETION-CANDIDATES}.") CaseSeverity severity) {
		record(common, common.event().caseOpened(caseId, product, severity));
	}

	@Command(name = "case-close", mixinStandardHelpOptions = true, description = "A service case was closed.")
	void caseClose(@Mixin Common common, @Option(names = "--case", required = true, paramLabel = "CASE",
			description = "The case id in the service desk.") String caseId) {
		record(common, common.event().caseClosed(caseId));
	}

	@Command(name = "consent", mixinStandardHelpOptions = true,
			description = "The customer granted, denied or revoked consent for a channel and purpose.")
	void consent(@Mixin Common common,
			@Option(names = "--channel", required = true, paramLabel = "CHANNEL", converter = EnumNames.Channels.class,
					completionCandidates = EnumNames.Channels.class,
					description = "The channel: ${COMPLETION-CANDIDATES}.") Channel channel,
			@Option(names = "--purpose", required = true, paramLabel = "PURPOSE", converter = EnumNames.Purposes.class,
					completionCandidates = EnumNames.Purposes.class,
					description = "The purpose: ${COMPLETION-CANDIDATES}.") Purpose purpose,
			@Option(names = "--status", required = true, paramLabel = "STATUS",
					converter = EnumNames.ConsentStatuses.class, completionCandidates = EnumNames.ConsentStatuses.class,
					description = "The new status: ${COMPLETION-CANDIDATES}.") ConsentStatus status) {
		record(common, common.event().consent(channel, purpose, status));
	}

	@Command(name = "survey", mixinStandardHelpOptions = true, description = "The customer answered a survey.")
	void survey(@Mixin Common common,
			@Option(names = "--type", required = true, paramLabel = "TYPE", converter = EnumNames.SurveyTypes.class,
					completionCandidates = EnumNames.SurveyTypes.class,
					description = "The survey: ${COMPLETION-CANDIDATES}.") SurveyType type,
			@Option(names = "--score", required = true, paramLabel = "SCORE",
					description = "The score: nps 0-10, csat 1-5, ces 1-7.") int score,
			@Option(names = "--about-channel", paramLabel = "CHANNEL", converter = EnumNames.Channels.class,
					completionCandidates = EnumNames.Channels.class,
					description = "The channel of the interaction the answer is about: ${COMPLETION-CANDIDATES}.") Channel channel,
			@Option(names = "--about-decision", paramLabel = "DECISION",
					description = "The decision the answer is about.") String decisionId,
			@Option(names = "--about-case", paramLabel = "CASE",
					description = "The service case the answer is about.") String caseId) {
		Event answer = common.event().survey(type, score);
		SurveyAnswered.Builder about = answer.getSurveyAnswered().toBuilder();
		if (channel != null) {
			about.setChannel(channel);
		}
		if (decisionId != null) {
			about.setDecisionId(decisionId);
		}
		if (caseId != null) {
			about.setCaseId(caseId);
		}
		record(common, answer.toBuilder().setSurveyAnswered(about).build());
	}

	@Command(name = "profile", mixinStandardHelpOptions = true, description = "CRM profile attributes changed.")
	void profile(@Mixin Common common, @Option(names = "--set", required = true, paramLabel = "NAME=VALUE",
			description = "An attribute's new value; repeat for several. An empty value removes the attribute.") Map<String, String> attributes) {
		record(common, common.event().profile(attributes));
	}

	@Command(name = "outcome", mixinStandardHelpOptions = true,
			description = "The customer responded to an action of a decision, or a channel sent it.")
	void outcome(@Mixin Common common,
			@Option(names = "--decision", required = true, paramLabel = "DECISION",
					description = "The id of the decision that proposed the action.") String decisionId,
			@Option(names = "--action", required = true, paramLabel = "ACTION",
					description = "The action.") String actionId,
			@Option(names = "--channel", required = true, paramLabel = "CHANNEL", converter = EnumNames.Channels.class,
					completionCandidates = EnumNames.Channels.class,
					description = "Where it was shown or sent: ${COMPLETION-CANDIDATES}.") Channel channel,
			@Option(names = "--outcome", required = true, paramLabel = "OUTCOME", converter = EnumNames.Outcomes.class,
					completionCandidates = EnumNames.Outcomes.class,
					description = "What happened: ${COMPLETION-CANDIDATES}.") Outcome outcome) {
		record(common, common.event().outcome(decisionId, actionId, channel, outcome));
	}

	private void record(Common common, Event event) {
		RecordEventResponse response = this.root.call((client) -> client.record(event));
		this.spec.commandLine().getOut().print(common.json ? Json.of(response) : EventText.of(response));
		this.spec.commandLine().getOut().flush();
	}

	/** The options every kind of event has. */
	static final class Common {

		@Option(names = "--customer", required = true, paramLabel = "CUSTOMER", description = "The customer.")
		String customerId;

		@Option(names = "--at", defaultValue = "now", paramLabel = "TIME", converter = Times.InstantConverter.class,
				description = "When it happened: now, or ISO-8601 such as 2025-03-01T12:00:00Z. Default: now.")
		Instant occurredAt;

		@Option(names = "--id", paramLabel = "EVENT_ID",
				description = "The event id; re-sending an id is answered as a duplicate. Default: a random UUID.")
		String eventId;

		@Option(names = "--source", defaultValue = "nextbest-cli", paramLabel = "SOURCE",
				description = "The system that reports the event. Default: ${DEFAULT-VALUE}.")
		String source;

		@Option(names = "--json", description = "Print the server's answer as JSON.")
		boolean json;

		Events.Builder event() {
			Events.Builder event = Events.forCustomer(this.customerId).at(this.occurredAt).source(this.source);
			return (this.eventId != null) ? event.id(this.eventId) : event;
		}

	}

}
