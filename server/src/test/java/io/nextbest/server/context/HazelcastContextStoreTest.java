package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
	void unknownCustomerHasAnEmptyContext() {
		CustomerContext context = store.get("nobody");

		assertThat(context.isKnown()).isFalse();
		assertThat(context.customerId()).isEqualTo("nobody");
	}

	@Test
	void everyKindOfEventSurvivesTheStoredForm() {
		String c = "roundtrip";
		store.apply(new ContextEvent.StageChanged("e1", c, T, "broadband", Stage.LOYALTY));
		store.apply(new ContextEvent.CaseOpened("e2", c, T, "K1", "broadband", Severity.CRITICAL));
		store.apply(new ContextEvent.CaseClosed("e3", c, T + 5, "K0"));
		store.apply(new ContextEvent.ConsentChanged("e4", c, T, Channel.CONTACT_CENTRE, Purpose.SERVICE,
				ConsentStatus.DENIED));
		store.apply(new ContextEvent.SurveyAnswered("e5", c, T, SurveyType.CES, 7));
		store.apply(new ContextEvent.ProfileUpdated("e6", c, T, Map.of("segment", "gold", "time_zone", "Asia/Tokyo")));
		store.apply(
				new ContextEvent.OutcomeRecorded("e7", c, T, "d1", "renewal-offer", Channel.EMAIL, Outcome.DELIVERED));

		CustomerContext stored = store.get(c);

		assertThat(stored.journeys())
			.containsExactly(new CustomerContext.JourneyPosition("broadband", Stage.LOYALTY, T));
		assertThat(stored.cases()).containsExactly(
				new CustomerContext.ServiceCase("K1", "broadband", Severity.CRITICAL, T, 0, T),
				new CustomerContext.ServiceCase("K0", "", null, 0, T + 5, T + 5));
		assertThat(stored.consent(Channel.CONTACT_CENTRE, Purpose.SERVICE)).isEqualTo(ConsentStatus.DENIED);
		assertThat(stored.surveys()).containsExactly(new CustomerContext.SurveyRecord(SurveyType.CES, 7, T));
		assertThat(stored.attribute("time_zone")).isEqualTo("Asia/Tokyo");
		assertThat(stored.history()).containsExactly(
				new CustomerContext.ContactRecord("d1", "renewal-offer", Channel.EMAIL, Outcome.DELIVERED, T));
		assertThat(stored.recentEventIds()).hasSize(7);
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
