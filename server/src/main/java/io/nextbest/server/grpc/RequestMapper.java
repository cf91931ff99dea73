package io.nextbest.server.grpc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.RequestContext;
import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.decision.Placement;
import io.nextbest.facts.Channel;
import io.nextbest.facts.SurveyType;

/**
 * Turns API requests into validated domain requests. Every problem is reported as an
 * {@link InvalidArgumentException} naming the field, before anything is stored.
 */
public final class RequestMapper {

	static final int MAX_CHANNELS = 16;

	static final int MAX_REQUEST_ATTRIBUTES = 32;

	static final int MAX_PLACEMENTS = 16;

	static final int MAX_ACTIONS = 10;

	static final int MAX_PROFILE_ATTRIBUTES = 64;

	private RequestMapper() {
	}

	/**
	 * Validates a decision request as the gRPC layer receives it (the benchmarks hand
	 * decisions between members in this form).
	 * @param request the request
	 * @return the validated request
	 * @throws RuntimeException naming the field at fault, when the request is not valid
	 */
	public static DecisionRequest decision(DecideRequest request) {
		String customerId = FieldCheck.id(request.getCustomerId(), "customer_id");
		if (request.getChannelsCount() == 0 && request.getPlacementsCount() == 0) {
			throw new InvalidArgumentException("channels", "at least one channel (or one placement) is required");
		}
		if (request.getChannelsCount() > MAX_CHANNELS) {
			throw new InvalidArgumentException("channels",
					"has " + request.getChannelsCount() + " entries, at most " + MAX_CHANNELS + " are allowed");
		}
		List<Channel> channels = new ArrayList<>(request.getChannelsCount());
		Set<Channel> seen = EnumSet.noneOf(Channel.class);
		for (int i = 0; i < request.getChannelsCount(); i++) {
			String field = "channels[" + i + "]";
			Channel channel = Enums.CHANNEL.fromProto(request.getChannels(i), field);
			if (!seen.add(channel)) {
				throw new InvalidArgumentException(field, request.getChannels(i) + " is requested twice");
			}
			channels.add(channel);
		}
		RequestContext context = request.getContext();
		return new DecisionRequest(customerId, List.copyOf(channels),
				FieldCheck.text(context.getPage(), "context.page", FieldCheck.MAX_VALUE),
				FieldCheck.text(context.getPlacement(), "context.placement", FieldCheck.MAX_VALUE),
				FieldCheck.text(context.getDevice(), "context.device", FieldCheck.MAX_VALUE),
				FieldCheck.text(context.getLocale(), "context.locale", FieldCheck.MAX_NAME),
				FieldCheck.attributes(context.getAttributesMap(), "context.attributes", MAX_REQUEST_ATTRIBUTES),
				maxActions(request.getMaxActions(), "max_actions"), placements(request), request.getExplain());
	}

	private static List<Placement> placements(DecideRequest request) {
		if (request.getPlacementsCount() == 0) {
			return List.of();
		}
		if (request.getPlacementsCount() > MAX_PLACEMENTS) {
			throw new InvalidArgumentException("placements",
					"has " + request.getPlacementsCount() + " entries, at most " + MAX_PLACEMENTS + " are allowed");
		}
		List<Placement> placements = new ArrayList<>(request.getPlacementsCount());
		Set<String> names = new HashSet<>();
		for (int i = 0; i < request.getPlacementsCount(); i++) {
			var placement = request.getPlacements(i);
			String field = "placements[" + i + "]";
			String name = FieldCheck.name(placement.getName(), field + ".name");
			if (!names.add(name)) {
				throw new InvalidArgumentException(field + ".name", "'" + name + "' is requested twice");
			}
			placements.add(new Placement(name, Enums.CHANNEL.fromProto(placement.getChannel(), field + ".channel"),
					maxActions(placement.getMaxActions(), field + ".max_actions")));
		}
		return List.copyOf(placements);
	}

	private static int maxActions(int value, String field) {
		if (value < 0 || value > MAX_ACTIONS) {
			throw new InvalidArgumentException(field,
					"is " + value + ", it must be from 0 (one action) to " + MAX_ACTIONS);
		}
		return Math.max(1, value);
	}

	static String customerId(String value) {
		return FieldCheck.id(value, "customer_id");
	}

	/**
	 * A validated event.
	 * @param event the event as sent
	 * @param field the path of the event in the request, for messages
	 * @param now the server's time, to reject events dated ahead of it
	 * @param maxClockSkew how far ahead of now an event may be dated
	 * @return the event the context store applies
	 */
	public static ContextEvent event(Event event, String field, Instant now, Duration maxClockSkew) {
		String id = FieldCheck.id(event.getEventId(), field + ".event_id");
		String customer = FieldCheck.id(event.getCustomerId(), field + ".customer_id");
		long at = FieldCheck.time(event.hasOccurredAt(), event.getOccurredAt(), field + ".occurred_at", now,
				maxClockSkew);
		FieldCheck.text(event.getSource(), field + ".source", FieldCheck.MAX_NAME);
		return switch (event.getPayloadCase()) {
			case JOURNEY_STAGE_CHANGED -> {
				var p = event.getJourneyStageChanged();
				String f = field + ".journey_stage_changed";
				yield new ContextEvent.StageChanged(id, customer, at, FieldCheck.name(p.getJourney(), f + ".journey"),
						Enums.STAGE.fromProto(p.getStage(), f + ".stage"));
			}
			case SERVICE_CASE_OPENED -> {
				var p = event.getServiceCaseOpened();
				String f = field + ".service_case_opened";
				yield new ContextEvent.CaseOpened(id, customer, at, FieldCheck.id(p.getCaseId(), f + ".case_id"),
						FieldCheck.optionalName(p.getProduct(), f + ".product"),
						Enums.SEVERITY.fromProto(p.getSeverity(), f + ".severity"));
			}
			case SERVICE_CASE_CLOSED -> new ContextEvent.CaseClosed(id, customer, at,
					FieldCheck.id(event.getServiceCaseClosed().getCaseId(), field + ".service_case_closed.case_id"));
			case CONSENT_CHANGED -> {
				var p = event.getConsentChanged();
				String f = field + ".consent_changed";
				yield new ContextEvent.ConsentChanged(id, customer, at,
						Enums.CHANNEL.fromProto(p.getChannel(), f + ".channel"),
						Enums.PURPOSE.fromProto(p.getPurpose(), f + ".purpose"),
						Enums.CONSENT.fromProto(p.getStatus(), f + ".status"));
			}
			case SURVEY_ANSWERED -> {
				var p = event.getSurveyAnswered();
				String f = field + ".survey_answered";
				SurveyType type = Enums.SURVEY.fromProto(p.getSurvey(), f + ".survey");
				if (p.getScore() < type.getMin() || p.getScore() > type.getMax()) {
					throw new InvalidArgumentException(f + ".score", "is " + p.getScore() + ", a " + type
							+ " score is from " + type.getMin() + " to " + type.getMax());
				}
				Channel channel = (p.getChannelValue() == 0) ? null
						: Enums.CHANNEL.fromProto(p.getChannel(), f + ".channel");
				yield new ContextEvent.SurveyAnswered(id, customer, at, type, p.getScore(),
						FieldCheck.optionalId(p.getDecisionId(), f + ".decision_id"),
						FieldCheck.optionalId(p.getCaseId(), f + ".case_id"), channel);
			}
			case PROFILE_UPDATED -> {
				String f = field + ".profile_updated.attributes";
				var attributes = event.getProfileUpdated().getAttributesMap();
				if (attributes.isEmpty()) {
					throw new InvalidArgumentException(f, "at least one attribute is required");
				}
				yield new ContextEvent.ProfileUpdated(id, customer, at,
						FieldCheck.attributes(attributes, f, MAX_PROFILE_ATTRIBUTES));
			}
			case OUTCOME_RECORDED -> {
				var p = event.getOutcomeRecorded();
				String f = field + ".outcome_recorded";
				yield new ContextEvent.OutcomeRecorded(id, customer, at,
						FieldCheck.optionalId(p.getDecisionId(), f + ".decision_id"),
						FieldCheck.id(p.getActionId(), f + ".action_id"),
						Enums.CHANNEL.fromProto(p.getChannel(), f + ".channel"),
						Enums.OUTCOME.fromProto(p.getOutcome(), f + ".outcome"));
			}
			case PAYLOAD_NOT_SET -> throw new InvalidArgumentException(field + ".payload",
					"exactly one of journey_stage_changed, service_case_opened, service_case_closed, "
							+ "consent_changed, survey_answered, profile_updated, outcome_recorded must be set");
		};
	}

}
