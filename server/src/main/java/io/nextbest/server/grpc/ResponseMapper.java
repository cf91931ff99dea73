package io.nextbest.server.grpc;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;

import io.nextbest.api.v1.Action;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.ConsentState;
import io.nextbest.api.v1.ContactRecord;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.CustomerExport;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.FunnelEntry;
import io.nextbest.api.v1.FunnelStatus;
import io.nextbest.api.v1.JourneyPosition;
import io.nextbest.api.v1.NoAction;
import io.nextbest.api.v1.ProfileAttributeRecord;
import io.nextbest.api.v1.PropensitySource;
import io.nextbest.api.v1.Reason;
import io.nextbest.api.v1.RuleSetVersion;
import io.nextbest.api.v1.ServiceCase;
import io.nextbest.api.v1.Suppression;
import io.nextbest.api.v1.SurveyScore;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.policy.Propensity;

/** Turns domain results into API responses. */
public final class ResponseMapper {

	private static final NoAction NONE = NoAction.getDefaultInstance();

	private ResponseMapper() {
	}

	/**
	 * The response the gRPC layer sends for a decision.
	 * @param decision the decision
	 * @return the response
	 */
	public static DecideResponse decision(Decision decision) {
		Texts texts = Texts.of(decision.ruleSet());
		DecideResponse.Builder response = DecideResponse.newBuilder()
			.setDecisionId(decision.decisionId())
			.setRuleSet(RuleSetVersion.newBuilder()
				.setVersionBytes(texts.encoded(decision.ruleSet().hash()))
				.setLoadedAt(timestamp(decision.ruleSet().loadedAt())))
			.setDecidedAt(timestamp(decision.decidedAt()));
		for (io.nextbest.engine.decision.ChannelDecision outcome : decision.channels()) {
			ChannelDecision.Builder channel = response.addChannelsBuilder()
				.setChannel(Enums.CHANNEL.toProto(outcome.channel()))
				.setPlacement(outcome.placement());
			if (outcome.isAction()) {
				for (var chosen : outcome.actions()) {
					channel.addActions(Action.newBuilder()
						.setActionIdBytes(texts.encoded(chosen.definition().id()))
						.setKind(Enums.KIND.toProto(chosen.definition().kind()))
						.setPurpose(Enums.PURPOSE.toProto(chosen.definition().purpose()))
						.setJourneyBytes(texts.encoded(chosen.journey()))
						.setContentKeyBytes(texts.encoded(chosen.definition().contentKey()))
						.setPriority(chosen.priority())
						.setScore(chosen.score())
						.setRuleBytes(texts.encoded(chosen.rule())));
				}
				channel.setAction(channel.getActions(0));
			}
			else if (outcome.suppression() != null) {
				Suppression.Builder suppression = Suppression.newBuilder()
					.setCode(Enums.REASON.toProto(outcome.suppression().code()))
					.setMessage(outcome.suppression().message());
				if (outcome.suppression().allowedAt() != null) {
					suppression.setAllowedAt(timestamp(outcome.suppression().allowedAt()));
				}
				channel.setSuppression(suppression);
			}
			else {
				channel.setNone(NONE);
			}
			for (var reason : outcome.reasons()) {
				Reason.Builder r = channel.addReasonsBuilder()
					.setRuleBytes(texts.encoded(reason.rule()))
					.setMessage(reason.message());
				if (reason.code() != null) {
					r.setCode(Enums.REASON.toProto(reason.code()));
				}
			}
			for (var candidate : outcome.funnel()) {
				FunnelEntry.Builder entry = channel.addFunnelBuilder()
					.setActionId(candidate.actionId())
					.setRule(candidate.rule())
					.setPriority(candidate.priority())
					.setValue(candidate.value())
					.setPropensity(candidate.propensity())
					.setLever(candidate.lever())
					.setScore(candidate.score())
					.setStatus(status(candidate.status()))
					.setRemovedBy(candidate.removedBy())
					.setMessage(candidate.message())
					.setPropensityBasis(candidate.propensityBasis());
				if (candidate.code() != null) {
					entry.setCode(Enums.REASON.toProto(candidate.code()));
				}
				if (candidate.propensitySource() != null) {
					entry.setPropensitySource(propensitySource(candidate.propensitySource()));
				}
			}
		}
		return response.build();
	}

	/**
	 * The texts of one rule set that go into its responses again and again (action ids,
	 * content keys, journeys, rule names, its version), kept UTF-8 encoded: protobuf
	 * measures a string field's bytes to size the message and encodes it again to write
	 * it, and a response carries several of them, where a field given its bytes is
	 * copied. Messages are not kept: policies build theirs per decision. Bounded, so a
	 * rule set that names more than that still answers, with the rest encoded per
	 * response.
	 */
	static final class Texts {

		/** The most texts kept per rule set. */
		static final int MAX = 4096;

		/** The texts of the rule set that served last. */
		private static volatile Texts last = new Texts(null);

		private final io.nextbest.engine.ruleset.RuleSetVersion ruleSet;

		private final Map<String, ByteString> encoded = new ConcurrentHashMap<>();

		private Texts(io.nextbest.engine.ruleset.RuleSetVersion ruleSet) {
			this.ruleSet = ruleSet;
		}

		/**
		 * @param ruleSet the version of the rule set that decided
		 * @return its texts; new ones when another rule set served before it
		 */
		static Texts of(io.nextbest.engine.ruleset.RuleSetVersion ruleSet) {
			Texts texts = last;
			if (texts.ruleSet != ruleSet) {
				texts = new Texts(ruleSet);
				last = texts;
			}
			return texts;
		}

		/**
		 * @param text a text of the rule set
		 * @return its UTF-8 bytes
		 */
		ByteString encoded(String text) {
			ByteString bytes = this.encoded.get(text);
			if (bytes == null) {
				bytes = ByteString.copyFromUtf8(text);
				if (this.encoded.size() < MAX) {
					this.encoded.putIfAbsent(text, bytes);
				}
			}
			return bytes;
		}

	}

	private static PropensitySource propensitySource(Propensity.Source source) {
		return switch (source) {
			case RULE -> PropensitySource.PROPENSITY_SOURCE_RULE;
			case POPULATION_ON_CHANNEL -> PropensitySource.PROPENSITY_SOURCE_POPULATION_ON_CHANNEL;
			case POPULATION -> PropensitySource.PROPENSITY_SOURCE_POPULATION;
			case PRIOR -> PropensitySource.PROPENSITY_SOURCE_PRIOR;
		};
	}

	private static FunnelStatus status(io.nextbest.engine.decision.ChannelDecision.Status status) {
		return switch (status) {
			case SELECTED -> FunnelStatus.FUNNEL_STATUS_SELECTED;
			case OUTRANKED -> FunnelStatus.FUNNEL_STATUS_OUTRANKED;
			case REMOVED -> FunnelStatus.FUNNEL_STATUS_REMOVED;
			case ALREADY_PLACED -> FunnelStatus.FUNNEL_STATUS_ALREADY_PLACED;
		};
	}

	static CustomerContext context(io.nextbest.engine.context.CustomerContext c) {
		CustomerContext.Builder view = CustomerContext.newBuilder().setCustomerId(c.customerId()).setKnown(c.isKnown());
		if (c.updatedAt() != 0) {
			view.setUpdatedAt(timestamp(c.updatedAt()));
		}
		for (var j : c.journeys()) {
			view.addJourneys(JourneyPosition.newBuilder()
				.setJourney(j.journey())
				.setStage(Enums.STAGE.toProto(j.stage()))
				.setSince(timestamp(j.since())));
		}
		for (var t : c.stageHistory()) {
			io.nextbest.api.v1.StageChange.Builder change = io.nextbest.api.v1.StageChange.newBuilder()
				.setJourney(t.journey())
				.setTo(Enums.STAGE.toProto(t.to()))
				.setAt(timestamp(t.at()))
				.setDaysInFrom(t.daysInFrom());
			if (t.from() != null) {
				change.setFrom(Enums.STAGE.toProto(t.from()));
			}
			view.addStageHistory(change);
		}
		for (var k : c.cases()) {
			ServiceCase.Builder view2 = ServiceCase.newBuilder().setCaseId(k.caseId()).setProduct(k.product());
			if (k.severity() != null) {
				view2.setSeverity(Enums.SEVERITY.toProto(k.severity()));
			}
			if (k.openedAt() != 0) {
				view2.setOpenedAt(timestamp(k.openedAt()));
			}
			if (!k.isOpen()) {
				view2.setClosedAt(timestamp(k.closedAt()));
			}
			view.addCases(view2);
		}
		for (var k : c.consents()) {
			view.addConsents(ConsentState.newBuilder()
				.setChannel(Enums.CHANNEL.toProto(k.channel()))
				.setPurpose(Enums.PURPOSE.toProto(k.purpose()))
				.setStatus(Enums.CONSENT.toProto(k.status()))
				.setChangedAt(timestamp(k.changedAt())));
		}
		for (var s : c.surveys()) {
			SurveyScore.Builder survey = SurveyScore.newBuilder()
				.setSurvey(Enums.SURVEY.toProto(s.type()))
				.setScore(s.score())
				.setAnsweredAt(timestamp(s.answeredAt()));
			if (s.channel() != null) {
				survey.setChannel(Enums.CHANNEL.toProto(s.channel()));
			}
			view.addSurveys(survey);
		}
		for (var p : c.profile()) {
			if (p.value() != null) {
				view.putProfile(p.name(), p.value());
			}
		}
		for (var h : c.history()) {
			view.addContactHistory(ContactRecord.newBuilder()
				.setDecisionId(h.decisionId())
				.setActionId(h.actionId())
				.setChannel(Enums.CHANNEL.toProto(h.channel()))
				.setOutcome(Enums.OUTCOME.toProto(h.outcome()))
				.setOccurredAt(timestamp(h.occurredAt())));
		}
		return view.build();
	}

	/**
	 * Everything held about a customer, for an access request.
	 * @param c the stored context
	 * @param now when the export is made
	 * @return the export document
	 */
	static CustomerExport export(io.nextbest.engine.context.CustomerContext c, Instant now) {
		CustomerExport.Builder export = CustomerExport.newBuilder()
			.setCustomerId(c.customerId())
			.setExportedAt(timestamp(now))
			.setKnown(c.isKnown())
			.setContext(context(c))
			.setRememberedEventIds(c.recentEventIds().length);
		for (var p : c.profile()) {
			ProfileAttributeRecord.Builder attribute = ProfileAttributeRecord.newBuilder()
				.setName(p.name())
				.setUpdatedAt(timestamp(p.updatedAt()));
			if (p.value() != null) {
				attribute.setValue(p.value());
			}
			export.addProfileAttributes(attribute);
		}
		return export.build();
	}

	/**
	 * @param message a message
	 * @return it in proto3 JSON, with every field shown, defaults included
	 */
	static String json(Message message) {
		try {
			return JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(message);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException("Our own message prints as JSON", ex);
		}
	}

	static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	static Timestamp timestamp(long epochMillis) {
		return Timestamp.newBuilder()
			.setSeconds(Math.floorDiv(epochMillis, 1000))
			.setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
			.build();
	}

}
