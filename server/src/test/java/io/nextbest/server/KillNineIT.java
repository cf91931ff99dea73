package io.nextbest.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.RecordEventResponse;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.client.Events;
import io.nextbest.client.NextBestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledged means durable: events acknowledged by a server on the embedded file store
 * are all there after the process is killed with SIGKILL right after the last
 * acknowledgement, and decisions after the restart equal those before it.
 */
class KillNineIT {

	private static final Instant NOW = ServerProcess.CLOCK;

	private ServerProcess server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void everyAcknowledgedEventSurvivesSigkill() {
		Path store = Path.of("target", "kill-nine-" + UUID.randomUUID(), "contexts").toAbsolutePath();
		this.server = ServerProcess
			.start("kill-nine", "--spring.datasource.url=jdbc:h2:file:" + store + ";WRITE_DELAY=0",
					"--nextbest.cluster.name=kill-nine-" + ProcessHandle.current().pid())
			.awaitServing();
		List<Event> acknowledged = new ArrayList<>();
		Map<String, List<ChannelDecision>> before = new HashMap<>();
		try (NextBestClient client = client(this.server)) {
			// First customers, decided before the crash.
			List<Event> decided = eventsFor("early", 20);
			recordConcurrently(client, decided);
			acknowledged.addAll(decided);
			for (int i = 0; i < 20; i++) {
				before.put("early-" + i,
						client.decide("early-" + i, Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL).getChannelsList());
			}
			// Then one by one, concurrently and on a stream, killed right after the acks.
			List<Event> single = eventsFor("single", 5);
			for (Event event : single) {
				assertThat(client.record(event).getDisposition()).isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
			}
			List<Event> concurrent = eventsFor("concurrent", 60);
			recordConcurrently(client, concurrent);
			List<Event> streamed = eventsFor("streamed", 100);
			RecordEventsResponse summary = client.recordAll(streamed.iterator());
			assertThat(summary.getApplied()).isEqualTo(streamed.size());
			this.server.kill();
			acknowledged.addAll(single);
			acknowledged.addAll(concurrent);
			acknowledged.addAll(streamed);
		}

		this.server.restart().awaitServing();

		try (NextBestClient client = client(this.server)) {
			for (Event event : acknowledged) {
				CustomerContext context = client.context(event.getCustomerId());
				assertThat(context.getKnown()).as(event.getCustomerId()).isTrue();
				if (event.hasJourneyStageChanged()) {
					assertThat(context.getJourneysList()).as(event.getCustomerId())
						.anySatisfy((journey) -> assertThat(journey.getStage())
							.isEqualTo(JourneyStage.JOURNEY_STAGE_LOYALTY));
				}
				if (event.hasConsentChanged()) {
					assertThat(context.getConsentsList()).as(event.getCustomerId())
						.anySatisfy((consent) -> assertThat(consent.getChannel())
							.isEqualTo(event.getConsentChanged().getChannel()));
				}
				// The server still knows the event's id: re-sending it changes nothing.
				assertThat(client.record(event).getDisposition()).as(event.getEventId())
					.isEqualTo(EventDisposition.EVENT_DISPOSITION_DUPLICATE);
			}
			before.forEach((customer,
					decisions) -> assertThat(
							client.decide(customer, Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL).getChannelsList())
						.as(customer)
						.isEqualTo(decisions));
		}
	}

	/**
	 * Sends a script to a running server and kills it with SIGKILL half way: the first
	 * half of the customers on a stream, the others all at once, each customer's events
	 * in turn (as a feed keeps them), the kill once a tenth of those are answered. Then
	 * restarts it and sends the whole script again, as a feed resends what it is not sure
	 * of.
	 * @param server the server, serving
	 * @param script each customer's events, in order
	 */
	static void crashMidwayAndReplay(ServerProcess server, List<List<Event>> script) {
		List<Event> all = script.stream().flatMap(List::stream).toList();
		try (NextBestClient client = client(server)) {
			int half = script.size() / 2;
			client.recordAll(script.subList(0, half).stream().flatMap(List::stream).iterator());
			AtomicInteger answered = new AtomicInteger();
			List<CompletableFuture<?>> inFlight = new ArrayList<>();
			for (List<Event> customer : script.subList(half, script.size())) {
				CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
				for (Event event : customer) {
					chain = chain.thenCompose((previous) -> client.recordAsync(event))
						.whenComplete((ack, failure) -> answered.incrementAndGet());
				}
				inFlight.add(chain);
			}
			int rest = all.size() - script.subList(0, half).stream().mapToInt(List::size).sum();
			while (answered.get() < rest / 10) {
				Thread.onSpinWait();
			}
			server.kill();
			inFlight.forEach((call) -> call.handle((ack, failure) -> null).join());
		}
		server.restart().awaitServing();
		try (NextBestClient client = client(server)) {
			client.recordAll(all.iterator());
		}
	}

	static NextBestClient client(ServerProcess... servers) {
		String[] targets = java.util.Arrays.stream(servers).map(ServerProcess::target).toArray(String[]::new);
		return NextBestClient.builder().targets(targets).deadline(Duration.ofSeconds(30)).build();
	}

	/**
	 * A loyal broadband customer with marketing consent on email and web, per customer.
	 */
	static List<Event> eventsFor(String prefix, int customers) {
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < customers; i++) {
			String customer = prefix + "-" + i;
			events.add(Events.stageChanged(customer, "broadband", JourneyStage.JOURNEY_STAGE_LOYALTY, NOW));
			events.add(Events.consent(customer, Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_GRANTED, NOW));
			events.add(Events.consent(customer, Channel.CHANNEL_WEB, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_GRANTED, NOW));
		}
		return events;
	}

	static void recordConcurrently(NextBestClient client, List<Event> events) {
		List<CompletableFuture<RecordEventResponse>> acks = events.stream().map(client::recordAsync).toList();
		for (CompletableFuture<RecordEventResponse> ack : acks) {
			assertThat(ack.join().getDisposition()).isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
		}
	}

}
