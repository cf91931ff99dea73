package io.nextbest.cli;

import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.FunnelGroup;
import io.nextbest.api.v1.FunnelResponse;
import io.nextbest.api.v1.FunnelStage;
import io.nextbest.api.v1.JourneyStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code nextbest journeys funnel}: the funnel as a table a marketer reads. */
class JourneysCommandTest {

	@Test
	void theFunnelIsATableWithABarPerStage() {
		FunnelResponse funnel = FunnelResponse.newBuilder()
			.setJourney("broadband")
			.setFrom(Timestamp.newBuilder().setSeconds(1_772_928_000L))
			.setUntil(Timestamp.newBuilder().setSeconds(1_780_704_000L))
			.addGroups(FunnelGroup.newBuilder()
				.addStages(FunnelStage.newBuilder()
					.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)
					.setEntered(10)
					.setAdvanced(6)
					.setRegressed(1)
					.setSkipped(2)
					.setConversion(0.6)
					.setConversionTarget(0.8)
					.setDwellP50Days(14)
					.setDwellP90Days(40)
					.setExpectedDays(21)
					.setLateAfterDays(30)
					.setOnTimeRate(5.0 / 7)
					.setInStageNow(5)
					.setOverdueNow(4))
				.addStages(FunnelStage.newBuilder().setStage(JourneyStage.JOURNEY_STAGE_ADOPTION).setEntered(5))
				.addStages(FunnelStage.newBuilder().setStage(JourneyStage.JOURNEY_STAGE_LOYALTY)))
			.build();

		assertThat(JourneysCommand.text(funnel).lines()).containsExactly(
				"broadband funnel, 2026-03-08 to 2026-06-06 (UTC days)",
				"stage       entered                                  advanced  regressed  skipped  conversion  target"
						+ "  days p50/p90  expected  on time  now  overdue",
				"onboarding  10       ##############################  6         1          2        60%         80%"
						+ "     14/40         21d       71%      5    4",
				"adoption    5        ###############                 0         0          0        0%          -"
						+ "       -             -         -        0    0");
	}

	@Test
	void theWindowIsANumberOfDays() {
		assertThat(new JourneysCommand.Days().convert("90d")).isEqualTo(java.time.Duration.ofDays(90));
		assertThatThrownBy(() -> new JourneysCommand.Days().convert("3 months"))
			.hasMessageContaining("expected a number of days");
	}

}
