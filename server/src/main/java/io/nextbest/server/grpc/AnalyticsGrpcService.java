package io.nextbest.server.grpc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.AnalyticsGrouping;
import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.api.v1.CountDifference;
import io.nextbest.api.v1.Flow;
import io.nextbest.api.v1.FlowsRequest;
import io.nextbest.api.v1.FlowsResponse;
import io.nextbest.api.v1.FunnelGroup;
import io.nextbest.api.v1.FunnelRequest;
import io.nextbest.api.v1.FunnelResponse;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.OverdueCustomer;
import io.nextbest.api.v1.OverdueRequest;
import io.nextbest.api.v1.OverdueResponse;
import io.nextbest.api.v1.StageMoves;
import io.nextbest.api.v1.StockRequest;
import io.nextbest.api.v1.StockResponse;
import io.nextbest.api.v1.StockStage;
import io.nextbest.api.v1.TimelineDay;
import io.nextbest.api.v1.TimelineRequest;
import io.nextbest.api.v1.TimelineResponse;
import io.nextbest.api.v1.TimelineRuleSet;
import io.nextbest.api.v1.VerifyRequest;
import io.nextbest.api.v1.VerifyResponse;
import io.nextbest.api.v1.VoiceRequest;
import io.nextbest.api.v1.VoiceResponse;
import io.nextbest.server.journeys.JourneyAnalytics.FunnelStage;
import io.nextbest.server.journeys.JourneyAnalytics.Grouping;
import io.nextbest.server.journeys.JourneyAnalytics.Move;
import io.nextbest.server.journeys.JourneyAnalytics;
import io.nextbest.server.journeys.JourneyVerification;
import io.nextbest.server.journeys.OverdueCustomers;
import io.nextbest.server.journeys.VoiceAnalytics;

/** The AnalyticsService API over the {@link JourneyAnalytics}. */
@Service
class AnalyticsGrpcService extends AnalyticsServiceGrpc.AnalyticsServiceImplBase {

	private static final long DAY = Duration.ofDays(1).toMillis();

	/** Customers in an Overdue answer when the request does not say. */
	static final int DEFAULT_PAGE_SIZE = 100;

	/** The most customers in an Overdue answer. */
	static final int MAX_PAGE_SIZE = 1_000;

	private final JourneyAnalytics analytics;

	private final OverdueCustomers overdue;

	private final JourneyVerification verification;

	private final VoiceAnalytics voice;

	private final Clock clock;

	AnalyticsGrpcService(JourneyAnalytics analytics, OverdueCustomers overdue, JourneyVerification verification,
			VoiceAnalytics voice, Clock clock) {
		this.analytics = analytics;
		this.overdue = overdue;
		this.verification = verification;
		this.voice = voice;
		this.clock = clock;
	}

	@Override
	public void voice(VoiceRequest request, StreamObserver<VoiceResponse> responses) {
		String journey = request.getJourney().isEmpty() ? "" : FieldCheck.name(request.getJourney(), "journey");
		int from = day(request.hasFrom(), request.getFrom(), "from");
		int until = request.hasUntil() ? day(true, request.getUntil(), "until") : this.analytics.today();
		checkWindow(from, until);
		Grouping grouping = grouping(request.getGroupByValue(), request.getGroupBy());
		if (grouping == Grouping.COHORT) {
			// Answers are not counted by the month the customer entered the journey.
			throw new InvalidArgumentException("group_by",
					"the voice of the customer splits by segment or rule set, not by entry month");
		}
		List<VoiceAnalytics.Scores> scores = this.voice.voice(journey, from, until, grouping);
		VoiceResponse.Builder response = VoiceResponse.newBuilder().setFrom(timestamp(from)).setUntil(timestamp(until));
		scores.forEach((s) -> response.addScores(VoiceMapper.scores(s)));
		VoiceAnalytics.totals(scores).forEach((s) -> response.addTotals(VoiceMapper.scores(s)));
		responses.onNext(response.build());
		responses.onCompleted();
	}

	@Override
	public void funnel(FunnelRequest request, StreamObserver<FunnelResponse> responses) {
		String journey = FieldCheck.name(request.getJourney(), "journey");
		int from = day(request.hasFrom(), request.getFrom(), "from");
		int until = request.hasUntil() ? day(true, request.getUntil(), "until") : this.analytics.today();
		checkWindow(from, until);
		Map<String, List<FunnelStage>> funnel = this.analytics.funnel(journey, from, until,
				grouping(request.getGroupByValue(), request.getGroupBy()));
		FunnelResponse.Builder response = FunnelResponse.newBuilder()
			.setJourney(journey)
			.setFrom(timestamp(from))
			.setUntil(timestamp(until));
		funnel.forEach((group, stages) -> {
			FunnelGroup.Builder g = FunnelGroup.newBuilder().setGroup(group);
			for (FunnelStage s : stages) {
				io.nextbest.api.v1.FunnelStage.Builder stage = io.nextbest.api.v1.FunnelStage.newBuilder()
					.setStage(Enums.STAGE.toProto(s.stage()))
					.setEntered(s.entered())
					.setAdvanced(s.advanced())
					.setRegressed(s.regressed())
					.setSkipped(s.skipped())
					.setConversion(s.conversion())
					.setDwellP50Days(s.dwellP50Days())
					.setDwellP90Days(s.dwellP90Days())
					.setExpectedDays(s.expectedDays())
					.setLateAfterDays(s.lateAfterDays())
					.setOnTimeRate(s.onTimeRate())
					.setInStageNow(s.inStageNow())
					.setOverdueNow(s.overdueNow());
				if (s.conversionTarget() != null) {
					stage.setConversionTarget(s.conversionTarget());
				}
				g.addStages(stage);
			}
			response.addGroups(g);
		});
		responses.onNext(response.build());
		responses.onCompleted();
	}

	@Override
	public void flows(FlowsRequest request, StreamObserver<FlowsResponse> responses) {
		String journey = FieldCheck.name(request.getJourney(), "journey");
		int from = day(request.hasFrom(), request.getFrom(), "from");
		int until = request.hasUntil() ? day(true, request.getUntil(), "until") : this.analytics.today();
		checkWindow(from, until);
		Map<List<Object>, Long> summed = new java.util.TreeMap<>((a, b) -> {
			int c = ((String) a.get(0)).compareTo((String) b.get(0));
			c = (c != 0) ? c : Integer.compare((Integer) a.get(1), (Integer) b.get(1));
			return (c != 0) ? c : Integer.compare((Integer) a.get(2), (Integer) b.get(2));
		});
		for (Move move : this.analytics.moves(journey, from, until,
				grouping(request.getGroupByValue(), request.getGroupBy()))) {
			int fromOrdinal = (move.from() != null) ? move.from().ordinal() : -1;
			summed.merge(List.of(move.group(), fromOrdinal, move.to().ordinal()), move.moves(), Long::sum);
		}
		FlowsResponse.Builder response = FlowsResponse.newBuilder().setJourney(journey);
		io.nextbest.facts.Stage[] stages = io.nextbest.facts.Stage.values();
		summed.forEach((key, moves) -> {
			Flow.Builder flow = Flow.newBuilder()
				.setGroup((String) key.get(0))
				.setTo(Enums.STAGE.toProto(stages[(Integer) key.get(2)]))
				.setMoves(moves);
			if ((Integer) key.get(1) >= 0) {
				flow.setFrom(Enums.STAGE.toProto(stages[(Integer) key.get(1)]));
			}
			response.addFlows(flow);
		});
		responses.onNext(response.build());
		responses.onCompleted();
	}

	@Override
	public void timeline(TimelineRequest request, StreamObserver<TimelineResponse> responses) {
		String journey = FieldCheck.name(request.getJourney(), "journey");
		int from = day(request.hasFrom(), request.getFrom(), "from");
		int until = request.hasUntil() ? day(true, request.getUntil(), "until") : this.analytics.today();
		checkWindow(from, until);
		JourneyAnalytics.Timeline timeline = this.analytics.timeline(journey, from, until);
		TimelineResponse.Builder response = TimelineResponse.newBuilder()
			.setJourney(journey)
			.setFrom(timestamp(from))
			.setUntil(timestamp(until));
		io.nextbest.facts.Stage[] stages = io.nextbest.facts.Stage.values();
		for (JourneyAnalytics.Day day : timeline.days()) {
			TimelineDay.Builder d = TimelineDay.newBuilder().setDay(timestamp(day.day()));
			for (int s = 0; s < stages.length; s++) {
				if (day.entered()[s] != 0) {
					d.addEntered(StageMoves.newBuilder()
						.setStage(Enums.STAGE.toProto(stages[s]))
						.setMoves(day.entered()[s]));
				}
			}
			response.addDays(d);
		}
		for (JourneyAnalytics.RuleSetSpan span : timeline.ruleSets()) {
			response.addRuleSets(TimelineRuleSet.newBuilder()
				.setVersion(span.version())
				.setFirstDay(timestamp(span.firstDay()))
				.setLastDay(timestamp(span.lastDay()))
				.setMoves(span.moves()));
		}
		responses.onNext(response.build());
		responses.onCompleted();
	}

	@Override
	public void stock(StockRequest request, StreamObserver<StockResponse> responses) {
		String journey = FieldCheck.name(request.getJourney(), "journey");
		StockResponse.Builder response = StockResponse.newBuilder().setJourney(journey);
		for (JourneyAnalytics.StockStage s : this.analytics.stock(journey)) {
			response.addStages(StockStage.newBuilder()
				.setStage(Enums.STAGE.toProto(s.stage()))
				.setCustomers(s.customers())
				.setOverdue(s.overdue())
				.setLateAfterDays(s.lateAfterDays()));
		}
		responses.onNext(response.build());
		responses.onCompleted();
	}

	@Override
	public void overdue(OverdueRequest request, StreamObserver<OverdueResponse> responses) {
		String journey = FieldCheck.name(request.getJourney(), "journey");
		io.nextbest.facts.Stage stage = (request.getStage() == JourneyStage.JOURNEY_STAGE_UNSPECIFIED) ? null
				: Enums.STAGE.fromProto(request.getStage(), "stage");
		int pageSize = request.getPageSize();
		if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
			throw new InvalidArgumentException("page_size", "must be 0 to " + MAX_PAGE_SIZE + ", got " + pageSize);
		}
		OverdueCustomers.Page page = this.overdue.page(journey, stage, (pageSize == 0) ? DEFAULT_PAGE_SIZE : pageSize,
				after(request.getPageToken()));
		OverdueResponse.Builder response = OverdueResponse.newBuilder();
		for (OverdueCustomers.Overdue customer : page.customers()) {
			response.addCustomers(OverdueCustomer.newBuilder()
				.setCustomerId(customer.customerId())
				.setStage(Enums.STAGE.toProto(customer.stage()))
				.setSince(Timestamps.fromMillis(customer.since()))
				.setDaysInStage(customer.daysInStage())
				.setDaysOverdue(customer.daysOverdue()));
		}
		if (page.after() != null) {
			response.setNextPageToken(Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(page.after().getBytes(StandardCharsets.UTF_8)));
		}
		responses.onNext(response.build());
		responses.onCompleted();
	}

	@Override
	public void verify(VerifyRequest request, StreamObserver<VerifyResponse> responses) {
		String journey = FieldCheck.name(request.getJourney(), "journey");
		JourneyVerification.Report report = this.verification.verify(journey);
		VerifyResponse.Builder response = VerifyResponse.newBuilder()
			.setJourney(journey)
			.setCustomersRead(report.customersRead())
			.setFullHistories(report.fullHistories());
		report.stock().forEach((difference) -> response.addStock(difference(difference)));
		report.moves().forEach((difference) -> response.addMoves(difference(difference)));
		responses.onNext(response.build());
		responses.onCompleted();
	}

	private static CountDifference difference(JourneyVerification.Difference difference) {
		CountDifference.Builder message = CountDifference.newBuilder()
			.setStage(Enums.STAGE.toProto(difference.stage()))
			.setDay(timestamp(difference.day()))
			.setKept(difference.kept())
			.setRecounted(difference.recounted());
		if (difference.from() != null) {
			message.setFrom(Enums.STAGE.toProto(difference.from()));
		}
		return message.build();
	}

	/** The customer id a page token goes on after. */
	private static String after(String token) {
		if (token.isEmpty()) {
			return null;
		}
		try {
			String after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			return FieldCheck.id(after, "page_token");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidArgumentException("page_token", "is not a next_page_token this server gave");
		}
	}

	private int day(boolean present, Timestamp value, String field) {
		return JourneyAnalytics
			.day(FieldCheck.time(present, value, field, Instant.now(this.clock), Duration.ofDays(1)));
	}

	private static void checkWindow(int from, int until) {
		if (until < from) {
			throw new InvalidArgumentException("until", "is before 'from'");
		}
	}

	private static Grouping grouping(int number, AnalyticsGrouping grouping) {
		return switch (grouping) {
			case ANALYTICS_GROUPING_UNSPECIFIED -> Grouping.NONE;
			case ANALYTICS_GROUPING_SEGMENT -> Grouping.SEGMENT;
			case ANALYTICS_GROUPING_RULE_SET -> Grouping.RULE_SET;
			case ANALYTICS_GROUPING_ENTRY_MONTH -> Grouping.COHORT;
			case UNRECOGNIZED -> throw new InvalidArgumentException("group_by",
					"must be one of ANALYTICS_GROUPING_UNSPECIFIED, ANALYTICS_GROUPING_SEGMENT, "
							+ "ANALYTICS_GROUPING_RULE_SET, ANALYTICS_GROUPING_ENTRY_MONTH, got " + number);
		};
	}

	private static Timestamp timestamp(int day) {
		return Timestamp.newBuilder().setSeconds(day * DAY / 1000).build();
	}

}
