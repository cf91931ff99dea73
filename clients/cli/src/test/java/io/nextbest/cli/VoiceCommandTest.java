package io.nextbest.cli;

import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.VoiceResponse;
import io.nextbest.api.v1.VoiceScores;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nextbest journeys voice}: the scores as a table a marketer reads. */
class VoiceCommandTest {

	@Test
	void theScoresAreATableWithTheJourneysTotal() {
		VoiceScores contactCentre = VoiceScores.newBuilder()
			.setJourney("broadband")
			.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)
			.setChannel(Channel.CHANNEL_CONTACT_CENTRE)
			.setNpsAnswers(2)
			.setDetractors(2)
			.setNps(-100)
			.setRecovered(1)
			.setRecoveryRate(0.5)
			.build();
		VoiceScores email = VoiceScores.newBuilder()
			.setJourney("broadband")
			.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)
			.setChannel(Channel.CHANNEL_EMAIL)
			.setNpsAnswers(2)
			.setPromoters(1)
			.setNps(50)
			.setCsatAnswers(4)
			.setSatisfied(3)
			.setCsat(0.75)
			.setCesAnswers(3)
			.setCesSum(7)
			.setCes(7.0 / 3)
			.build();
		VoiceResponse voice = VoiceResponse.newBuilder()
			.setFrom(Timestamp.newBuilder().setSeconds(1_772_928_000L))
			.setUntil(Timestamp.newBuilder().setSeconds(1_780_704_000L))
			.addScores(contactCentre)
			.addScores(email)
			.addTotals(VoiceScores.newBuilder()
				.setJourney("broadband")
				.setNpsAnswers(4)
				.setPromoters(1)
				.setDetractors(2)
				.setNps(-25)
				.setRecovered(1)
				.setRecoveryRate(0.5)
				.setCsatAnswers(4)
				.setSatisfied(3)
				.setCsat(0.75)
				.setCesAnswers(3)
				.setCes(7.0 / 3))
			.build();

		assertThat(VoiceCommand.text("broadband", voice).lines()).containsExactly(
				"voice of the customer, broadband, 2026-03-08 to 2026-06-06 (UTC days)",
				"journey    stage       channel         nps   answers  promoters  detractors  recovered  csat  answers"
						+ "  ces  answers",
				"broadband  onboarding  contact-centre  -100  2        0          2           1 (50%)    -     0"
						+ "        -    0",
				"broadband  onboarding  email           +50   2        1          0           -          75%   4"
						+ "        2.3  3",
				"broadband  (all)       (all)           -25   4        1          2           1 (50%)    75%   4"
						+ "        2.3  3");
	}

	@Test
	void aWindowWithoutAnswersSaysSo() {
		assertThat(VoiceCommand.text("", VoiceResponse.getDefaultInstance()).lines()).containsExactly(
				"voice of the customer, every journey, 1970-01-01 to 1970-01-01 (UTC days)",
				"no answers in the window");
	}

}
