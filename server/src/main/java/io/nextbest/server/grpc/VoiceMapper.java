package io.nextbest.server.grpc;

import io.nextbest.api.v1.VoiceScores;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Stage;
import io.nextbest.server.journeys.VoiceAnalytics;

/** Voice of the customer scores in their protobuf form. */
final class VoiceMapper {

	private VoiceMapper() {
	}

	static VoiceScores scores(VoiceAnalytics.Scores s) {
		VoiceScores.Builder scores = VoiceScores.newBuilder()
			.setGroup(s.group())
			.setJourney(s.journey())
			.setNpsAnswers(s.npsAnswers())
			.setPromoters(s.promoters())
			.setPassives(s.passives())
			.setDetractors(s.detractors())
			.setNps(s.nps())
			.setCsatAnswers(s.csatAnswers())
			.setSatisfied(s.satisfied())
			.setCsatSum(s.csatSum())
			.setCsat(s.csat())
			.setCesAnswers(s.cesAnswers())
			.setCesSum(s.cesSum())
			.setCes(s.ces())
			.setRecovered(s.recovered())
			.setRecoveryRate(s.recoveryRate());
		if (!s.stage().isEmpty()) {
			scores.setStage(Enums.STAGE.toProto(Stage.valueOf(s.stage())));
		}
		if (!s.channel().isEmpty()) {
			scores.setChannel(Enums.CHANNEL.toProto(Channel.valueOf(s.channel())));
		}
		return scores.build();
	}

}
