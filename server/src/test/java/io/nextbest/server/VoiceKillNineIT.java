package io.nextbest.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.SurveyType;
import io.nextbest.api.v1.VoiceRequest;
import io.nextbest.api.v1.VoiceResponse;
import io.nextbest.api.v1.VoiceScores;
import io.nextbest.client.Events;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The voice of the customer sums are exact after a crash: a scripted set of answers and
 * recovery sends, the server killed with SIGKILL while half of them are in flight, then
 * the whole script sent again to the restarted server, give exactly the scores worked out
 * from the script (with the sample rules: broadband listed, service-recovery a recovery
 * action).
 */
class VoiceKillNineIT {

	private static final int CUSTOMERS = 1_000;

	private static final List<Channel> CHANNELS = List.of(Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL,
			Channel.CHANNEL_CONTACT_CENTRE);

	private ServerProcess server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void scoresAreExactAfterSigkillAndAReplay() {
		Instant now = ServerProcess.CLOCK;
		// Customer i answers NPS i % 11 about one of three channels two days ago; every
		// other detractor gets a recovery action an hour later.
		List<List<Event>> script = new ArrayList<>();
		long[] promoters = new long[CHANNELS.size()];
		long[] detractors = new long[CHANNELS.size()];
		long[] recovered = new long[CHANNELS.size()];
		for (int i = 0; i < CUSTOMERS; i++) {
			String customer = "voice-" + i;
			int score = i % 11;
			int channel = i % CHANNELS.size();
			Instant answered = now.minus(Duration.ofDays(2));
			List<Event> events = new ArrayList<>();
			events.add(Events.forCustomer(customer)
				.id(customer + "-stage")
				.at(now.minus(Duration.ofDays(10)))
				.stageChanged("broadband", JourneyStage.JOURNEY_STAGE_ONBOARDING));
			Event answer = Events.forCustomer(customer)
				.id(customer + "-nps")
				.at(answered)
				.survey(SurveyType.SURVEY_TYPE_NPS, score);
			events.add(answer.toBuilder()
				.setSurveyAnswered(answer.getSurveyAnswered().toBuilder().setChannel(CHANNELS.get(channel)))
				.build());
			promoters[channel] += (score >= 9) ? 1 : 0;
			detractors[channel] += (score <= 6) ? 1 : 0;
			if (score <= 6 && i % 2 == 0) {
				events.add(Events.forCustomer(customer)
					.id(customer + "-recovery")
					.at(answered.plus(Duration.ofHours(1)))
					.outcome("d-" + i, "service-recovery", Channel.CHANNEL_CONTACT_CENTRE, Outcome.OUTCOME_SENT));
				recovered[channel]++;
			}
			script.add(events);
		}
		Path store = Path.of("target", "voice-kill-nine-" + UUID.randomUUID(), "contexts").toAbsolutePath();
		this.server = ServerProcess
			.start("voice-kill-nine", "--spring.datasource.url=jdbc:h2:file:" + store + ";WRITE_DELAY=0",
					"--nextbest.cluster.name=voice-kill-nine-" + ProcessHandle.current().pid())
			.awaitServing();
		KillNineIT.crashMidwayAndReplay(this.server, script);
		ManagedChannel channel = ManagedChannelBuilder.forTarget(this.server.target()).usePlaintext().build();
		try {
			VoiceResponse voice = AnalyticsServiceGrpc.newBlockingStub(channel)
				.withDeadlineAfter(1, TimeUnit.MINUTES)
				.voice(VoiceRequest.newBuilder()
					.setJourney("broadband")
					.setFrom(com.google.protobuf.Timestamp.newBuilder()
						.setSeconds(now.minus(Duration.ofDays(30)).getEpochSecond()))
					.build());

			assertThat(voice.getScoresList()).hasSize(CHANNELS.size());
			for (VoiceScores scores : voice.getScoresList()) {
				int c = CHANNELS.indexOf(scores.getChannel());
				assertThat(scores.getStage()).isEqualTo(JourneyStage.JOURNEY_STAGE_ONBOARDING);
				assertThat(List.of(scores.getPromoters(), scores.getDetractors(), scores.getRecovered()))
					.as("promoters, detractors and recovered on %s", scores.getChannel())
					.containsExactly(promoters[c], detractors[c], recovered[c]);
			}
			assertThat(voice.getTotalsList()).singleElement()
				.satisfies((total) -> assertThat(total.getNpsAnswers()).isEqualTo(CUSTOMERS));
		}
		finally {
			channel.shutdownNow();
		}
	}

}
