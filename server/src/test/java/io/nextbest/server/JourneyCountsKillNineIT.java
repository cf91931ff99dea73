package io.nextbest.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.Flow;
import io.nextbest.api.v1.FlowsRequest;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.StockRequest;
import io.nextbest.api.v1.StockStage;
import io.nextbest.api.v1.VerifyRequest;
import io.nextbest.api.v1.VerifyResponse;
import io.nextbest.client.Events;
import io.nextbest.engine.context.ContextEvent;
import io.nextbest.facts.Stage;
import io.nextbest.server.journeys.ScriptedPopulation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journey counts are exact after a crash: a scripted population's stage changes sent
 * to a server on the embedded file store, killed with SIGKILL while half of them are in
 * flight, then the whole script sent again to the restarted server (a feed resends what
 * it is not sure of), give exactly the moves and stock worked out from the script, and
 * the recount from the stored contexts finds no difference.
 */
class JourneyCountsKillNineIT {

	private static final long DAY = Duration.ofDays(1).toMillis();

	private ServerProcess server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void countsAreExactAfterSigkillAndAReplay() {
		Instant now = ServerProcess.CLOCK;
		int today = (int) Math.floorDiv(now.toEpochMilli(), DAY);
		ScriptedPopulation population = new ScriptedPopulation(2_000, now.toEpochMilli() - 250 * DAY, today, 19);
		// Each customer's events in order, as a feed keeps them: sent at once, a later
		// stage could arrive first and make the earlier one stale.
		List<List<Event>> script = new ArrayList<>();
		for (List<ContextEvent> customer : population.events()) {
			List<Event> events = new ArrayList<>();
			for (ContextEvent event : customer) {
				ContextEvent.StageChanged change = (ContextEvent.StageChanged) event;
				events.add(Events.forCustomer(change.customerId())
					.id(change.eventId())
					.at(Instant.ofEpochMilli(change.occurredAt()))
					.stageChanged(change.journey(), JourneyStage.valueOf("JOURNEY_STAGE_" + change.stage().name())));
			}
			script.add(events);
		}
		Path store = Path.of("target", "journey-kill-nine-" + UUID.randomUUID(), "contexts").toAbsolutePath();
		this.server = ServerProcess
			.start("journey-kill-nine", "--spring.datasource.url=jdbc:h2:file:" + store + ";WRITE_DELAY=0",
					"--nextbest.cluster.name=journey-kill-nine-" + ProcessHandle.current().pid())
			.awaitServing();
		KillNineIT.crashMidwayAndReplay(this.server, script);
		ManagedChannel channel = ManagedChannelBuilder.forTarget(this.server.target()).usePlaintext().build();
		try {
			AnalyticsServiceGrpc.AnalyticsServiceBlockingStub analytics = AnalyticsServiceGrpc.newBlockingStub(channel)
				.withDeadlineAfter(2, TimeUnit.MINUTES);
			VerifyResponse report = analytics.verify(VerifyRequest.newBuilder().setJourney("broadband").build());
			assertThat(report.getCustomersRead()).isEqualTo(2_000);
			assertThat(report.getStockList()).isEmpty();
			assertThat(report.getMovesList()).isEmpty();

			Map<Stage, Long> stock = new HashMap<>();
			for (StockStage stage : analytics.stock(StockRequest.newBuilder().setJourney("broadband").build())
				.getStagesList()) {
				if (stage.getCustomers() != 0) {
					stock.put(stage(stage.getStage()), stage.getCustomers());
				}
			}
			assertThat(stock).isEqualTo(population.stock());
			Map<List<Object>, Long> moves = new HashMap<>();
			for (Flow flow : analytics
				.flows(FlowsRequest.newBuilder()
					.setJourney("broadband")
					.setFrom(com.google.protobuf.Timestamp.newBuilder()
						.setSeconds(now.getEpochSecond() - 300 * DAY / 1000))
					.build())
				.getFlowsList()) {
				Stage from = (flow.getFrom() == JourneyStage.JOURNEY_STAGE_UNSPECIFIED) ? null : stage(flow.getFrom());
				moves.merge(Arrays.asList(from, stage(flow.getTo())), flow.getMoves(), Long::sum);
			}
			assertThat(moves).isEqualTo(population.moves());
		}
		finally {
			channel.shutdownNow();
		}
	}

	private static Stage stage(JourneyStage stage) {
		return Stage.valueOf(stage.name().substring("JOURNEY_STAGE_".length()));
	}

}
