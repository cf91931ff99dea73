package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real embedded member configured by the server's own hazelcast.yaml. */
class HazelcastContextStoreTest {

	private static final long T = 1_700_000_000_000L;

	private static HazelcastInstance hazelcast;

	private static ContextStore store;

	@BeforeAll
	static void startMember() {
		Config config = new ClasspathYamlConfig("hazelcast.yaml");
		config.setClusterName("context-store-test-" + ProcessHandle.current().pid());
		hazelcast = Hazelcast.newHazelcastInstance(config);
		store = new HazelcastContextStore(hazelcast, ContextLimits.DEFAULTS);
	}

	@AfterAll
	static void stopMember() {
		hazelcast.shutdown();
	}

	@Test
	void theMapHoldsContextsInTheirStoredForm() {
		String c = "held";
		store.apply(new ContextEvent.StageChanged("e1", c, T, "broadband", Stage.LOYALTY));
		CustomerContext context = store.get(c);
		SerializationService serialization = ((SerializationServiceSupport) hazelcast).getSerializationService();

		Data held = serialization.toData(context);

		assertThat(held.getType()).isEqualTo(CustomerContextSerializer.TYPE_ID);
		CustomerContext back = serialization.toObject(held);
		assertThat(back.revision()).isEqualTo(context.revision()).isPositive();
		assertThat(ContextCodec.encode(back)).isEqualTo(ContextCodec.encode(context));
	}

	@Test
	void theBytesEncodedForTheMapAreWhatItHoldsAndNotAnotherContexts() {
		SerializationService serialization = ((SerializationServiceSupport) hazelcast).getSerializationService();
		CustomerContext one = CustomerContext.empty("one").withRevision(3);
		CustomerContext other = CustomerContext.empty("other").withRevision(4);

		byte[] encoded = CustomerContextSerializer.encodeForMap(one);
		CustomerContext otherBack = serialization.toObject(serialization.toData(other));
		CustomerContextSerializer.encodeForMap(one);
		CustomerContext oneBack = serialization.toObject(serialization.toData(one));
		CustomerContext oneAgain = serialization.toObject(serialization.toData(one));

		assertThat(encoded).isEqualTo(ContextCodec.encode(one));
		assertThat(otherBack.customerId()).isEqualTo("other");
		assertThat(otherBack.revision()).isEqualTo(4);
		assertThat(oneBack.customerId()).isEqualTo("one");
		assertThat(oneBack.revision()).isEqualTo(3);
		assertThat(ContextCodec.encode(oneAgain)).isEqualTo(encoded);
	}

	@Test
	void theMapKeepsNoJsonMetadataWhichWouldSerializeEveryUpdateTwice() {
		assertThat(hazelcast.getConfig().getMapConfig(HazelcastContextStore.MAP_NAME).getMetadataPolicy())
			.isEqualTo(MetadataPolicy.OFF);
	}

	@Test
	void unknownCustomerHasAnEmptyContext() {
		CustomerContext context = store.get("nobody");

		assertThat(context.isKnown()).isFalse();
		assertThat(context.customerId()).isEqualTo("nobody");
	}

	/**
	 * One event per update, or all sent at once so that they travel to the owner together
	 * (the first alone, the rest in one update behind it).
	 */
	@ParameterizedTest(name = "sent together: {0}")
	@ValueSource(booleans = { false, true })
	void everyKindOfEventSurvivesTheStoredForm(boolean together) {
		String c = "roundtrip-" + together;
		List<ContextEvent> events = List.of(new ContextEvent.StageChanged("e1", c, T, "broadband", Stage.LOYALTY),
				new ContextEvent.ProfileUpdated("e0", c, T - 1, Map.of("region", "north")),
				new ContextEvent.CaseOpened("e2", c, T, "K1", "broadband", Severity.CRITICAL),
				new ContextEvent.CaseClosed("e3", c, T + 5, "K0"),
				new ContextEvent.ConsentChanged("e4", c, T, Channel.CONTACT_CENTRE, Purpose.SERVICE,
						ConsentStatus.DENIED),
				new ContextEvent.SurveyAnswered("e5", c, T, SurveyType.CES, 7),
				new ContextEvent.ProfileUpdated("e6", c, T, Map.of("segment", "gold", "time_zone", "Asia/Tokyo")),
				new ContextEvent.OutcomeRecorded("e7", c, T, "d1", "renewal-offer", Channel.EMAIL, Outcome.DELIVERED));
		List<CompletableFuture<EventDisposition>> answers = new ArrayList<>();
		for (ContextEvent event : events) {
			answers.add(store.applyAsync(event));
			if (!together) {
				answers.get(answers.size() - 1).join();
			}
		}

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.join()).isEqualTo(EventDisposition.APPLIED));
		CustomerContext stored = store.get(c);

		assertThat(stored.journeys())
			.containsExactly(new CustomerContext.JourneyPosition("broadband", Stage.LOYALTY, T, false, T));
		assertThat(stored.cases()).containsExactly(
				new CustomerContext.ServiceCase("K1", "broadband", Severity.CRITICAL, T, 0, T),
				new CustomerContext.ServiceCase("K0", "", null, 0, T + 5, T + 5));
		assertThat(stored.consent(Channel.CONTACT_CENTRE, Purpose.SERVICE)).isEqualTo(ConsentStatus.DENIED);
		assertThat(stored.surveys()).containsExactly(new CustomerContext.SurveyRecord(SurveyType.CES, 7, T));
		assertThat(stored.attribute("time_zone")).isEqualTo("Asia/Tokyo");
		assertThat(stored.attribute("segment")).isEqualTo("gold");
		assertThat(stored.attribute("region")).isEqualTo("north");
		assertThat(stored.history()).containsExactly(
				new CustomerContext.ContactRecord("d1", "renewal-offer", Channel.EMAIL, Outcome.DELIVERED, T));
		assertThat(stored.recentEventIds()).hasSize(8);
		assertThat(stored.stageHistory())
			.containsExactly(new CustomerContext.StageChange("broadband", null, Stage.LOYALTY, T, 0));
		assertThat(stored.updatedAt()).isEqualTo(T + 5);
	}

	@Test
	void concurrentEventsForOneCustomerAreAllKept() {
		String c = "busy";
		List<CompletableFuture<EventDisposition>> pending = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			pending.add(store.applyAsync(
					new ContextEvent.ProfileUpdated("p" + i, c, T + i, Map.of("attribute-" + (i % 40), "v" + i))));
			pending.add(store.applyAsync(new ContextEvent.StageChanged("s" + i, c, T + i, "journey-" + (i % 10),
					Stage.values()[i % Stage.values().length])));
		}
		pending.forEach(CompletableFuture::join);

		CustomerContext stored = store.get(c);

		assertThat(stored.journeys()).hasSize(10);
		assertThat(stored.profile()).hasSize(40);
		// Each attribute holds its newest value: i in 360..399.
		assertThat(stored.attribute("attribute-7")).isEqualTo("v367");
	}

	@Test
	void eventsOfOneCustomerSentTogetherAreAppliedInOrderWithAnAnswerEach() {
		String c = "feed";
		List<CompletableFuture<EventDisposition>> stages = new ArrayList<>();
		List<CompletableFuture<EventDisposition>> resent = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			// Each stage is newer than the one before: applied out of order, some would
			// be
			// stale.
			stages.add(store.applyAsync(new ContextEvent.StageChanged("s" + i, c, T + i, "broadband",
					Stage.values()[i % Stage.values().length])));
			if (i % 10 == 9) {
				resent.add(store.applyAsync(new ContextEvent.StageChanged("s" + i, c, T + i, "broadband",
						Stage.values()[i % Stage.values().length])));
			}
		}
		CompletableFuture<EventDisposition> older = store
			.applyAsync(new ContextEvent.StageChanged("old", c, T - 1, "broadband", Stage.AWARENESS));

		assertThat(stages).allSatisfy((answer) -> assertThat(answer.join()).isEqualTo(EventDisposition.APPLIED));
		assertThat(resent).hasSize(30)
			.allSatisfy((answer) -> assertThat(answer.join()).isEqualTo(EventDisposition.DUPLICATE));
		assertThat(older.join()).isEqualTo(EventDisposition.STALE);
		CustomerContext stored = store.get(c);
		assertThat(stored.journeys()).singleElement()
			.isEqualTo(new CustomerContext.JourneyPosition("broadband", Stage.values()[299 % Stage.values().length],
					T + 299, false, T));
		// An update per batch of events, not per event.
		assertThat(stored.revision()).isLessThan(300);
	}

	@Test
	void forgetAppliesTheEventsTakenBeforeItFirst() {
		String c = "forget-busy";
		List<CompletableFuture<EventDisposition>> answers = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			answers.add(store.applyAsync(new ContextEvent.ProfileUpdated("p" + i, c, T + i, Map.of("n", "" + i))));
		}

		assertThat(store.forget(c)).isTrue();

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.join()).isEqualTo(EventDisposition.APPLIED));
		assertThat(store.get(c).isKnown()).isFalse();
	}

	@Test
	void resentEventIsADuplicateAndOlderOneIsStale() {
		String c = "resend";
		assertThat(store.apply(new ContextEvent.StageChanged("e1", c, T + 10, "broadband", Stage.ADOPTION)))
			.isEqualTo(EventDisposition.APPLIED);

		assertThat(store.apply(new ContextEvent.StageChanged("e1", c, T + 10, "broadband", Stage.ADOPTION)))
			.isEqualTo(EventDisposition.DUPLICATE);
		assertThat(store.apply(new ContextEvent.StageChanged("e0", c, T, "broadband", Stage.ONBOARDING)))
			.isEqualTo(EventDisposition.STALE);
		assertThat(store.get(c).journeys()).singleElement()
			.satisfies((j) -> assertThat(j.stage()).isEqualTo(Stage.ADOPTION));
	}

	@Test
	void forgottenCustomerIsGone() {
		store.apply(new ContextEvent.StageChanged("e1", "forget-me", T, "broadband", Stage.ADOPTION));

		assertThat(store.forget("forget-me")).isTrue();

		assertThat(store.get("forget-me").isKnown()).isFalse();
		assertThat(store.forget("forget-me")).isFalse();
	}

}
