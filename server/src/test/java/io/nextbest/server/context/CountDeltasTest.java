package io.nextbest.server.context;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stored form of a commit's counts ({@code nba.store.v1.StoredCounts}).
 */
class CountDeltasTest {

	@Test
	void everyKindOfCountComesBackAsItWasAppended() {
		JourneyTally tally = new JourneyTally();
		tally.transition(
				new JourneyTally.TransitionKey("broadband", "", "ONBOARDING", 20_000, "gold|north", "v1", 0, 202311));
		tally.transition(new JourneyTally.TransitionKey("broadband", "ONBOARDING", "ADOPTION", 20_023, "other", "v2",
				23, 202311), 4);
		tally.stock(new JourneyTally.StockKey("broadband", "ONBOARDING", 20_000), -3);
		tally.stock(new JourneyTally.StockKey("broadband", "ADOPTION", 20_023), 5);
		VoiceTally voice = new VoiceTally();
		voice.answer(new VoiceTally.AnswerKey("broadband", "ADOPTION", "EMAIL", 20_024, "NPS", 3, "gold|north", "v2"),
				2);
		voice.answer(new VoiceTally.AnswerKey("", "", "", 20_024, "CSAT", 5, "", "v2"));
		voice.recovered(new VoiceTally.RecoveryKey("broadband", "ADOPTION", "EMAIL", 20_024));
		tally = JourneyTally.withVoice(tally, voice);

		JourneyTally back = CountDeltas.decode(CountDeltas.encode(tally));

		assertThat(back.transitions()).isEqualTo(tally.transitions());
		assertThat(back.stock()).isEqualTo(tally.stock());
		assertThat(back.voice().answers()).isEqualTo(voice.answers());
		assertThat(back.voice().recovered()).isEqualTo(voice.recovered());
	}

	@Test
	void countsWithoutVoiceComeBackWithoutVoice() {
		JourneyTally tally = new JourneyTally();
		tally.stock(new JourneyTally.StockKey("tv", "LOYALTY", 19_000), 1);

		JourneyTally back = CountDeltas.decode(CountDeltas.encode(tally));

		assertThat(back.stock()).isEqualTo(tally.stock());
		assertThat(back.transitions()).isEmpty();
		assertThat(back.voice()).isNull();
	}

	@Test
	void aRowThatIsNotCountsIsRefusedByName() {
		assertThatThrownBy(() -> CountDeltas.decode(new byte[] { (byte) 0xFF, 0x01 }))
			.isInstanceOf(DurableStoreException.class)
			.hasMessageContaining("count_delta");
	}

}
