package io.nextbest.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.CountDifference;
import io.nextbest.api.v1.Flow;
import io.nextbest.api.v1.FlowsResponse;
import io.nextbest.api.v1.FunnelGroup;
import io.nextbest.api.v1.FunnelResponse;
import io.nextbest.api.v1.FunnelStage;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.OverdueCustomer;
import io.nextbest.api.v1.OverdueRequest;
import io.nextbest.api.v1.OverdueResponse;
import io.nextbest.api.v1.VerifyResponse;

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

	@Test
	void theOverdueListFollowsEveryPageAndIsCsv() throws IOException {
		List<OverdueRequest> asked = new ArrayList<>();
		List<OverdueResponse> pages = List.of(
				OverdueResponse.newBuilder()
					.addCustomers(overdue("c-1", 40, 10))
					.addCustomers(overdue("c, the second", 35, 5))
					.setNextPageToken("t1")
					.build(),
				// A call that read its share of the store without finding anyone.
				OverdueResponse.newBuilder().setNextPageToken("t2").build(),
				OverdueResponse.newBuilder().addCustomers(overdue("c-9", 31, 1)).build());
		StringWriter out = new StringWriter();

		long written = JourneysCommand.overdueCsv(OverdueRequest.newBuilder().setJourney("broadband").build(),
				(request) -> {
					asked.add(request);
					return pages.get(asked.size() - 1);
				}, out);

		assertThat(written).isEqualTo(3);
		assertThat(asked).extracting(OverdueRequest::getPageToken).containsExactly("", "t1", "t2");
		assertThat(out.toString()).isEqualTo("""
				customer_id,stage,since,days_in_stage,days_overdue
				c-1,onboarding,2026-01-01T00:00:00Z,40,10
				"c, the second",onboarding,2026-01-01T00:00:00Z,35,5
				c-9,onboarding,2026-01-01T00:00:00Z,31,1
				""");
	}

	@Test
	void theExportHasARowPerGroupAndStageAndOnePerFlow() throws IOException {
		FunnelResponse funnel = FunnelResponse.newBuilder()
			.setJourney("broadband")
			.setFrom(Timestamp.newBuilder().setSeconds(1_772_928_000L))
			.setUntil(Timestamp.newBuilder().setSeconds(1_780_704_000L))
			.addGroups(FunnelGroup.newBuilder()
				.setGroup("gold")
				.addStages(FunnelStage.newBuilder()
					.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)
					.setEntered(10)
					.setAdvanced(6)
					.setConversion(0.6)
					.setConversionTarget(0.8)
					.setDwellP50Days(14)
					.setDwellP90Days(40)
					.setExpectedDays(21)
					.setLateAfterDays(30)
					.setOnTimeRate(5.0 / 7)))
			.build();
		FlowsResponse flows = FlowsResponse.newBuilder()
			.setJourney("broadband")
			.addFlows(Flow.newBuilder().setTo(JourneyStage.JOURNEY_STAGE_ONBOARDING).setMoves(10))
			.addFlows(Flow.newBuilder()
				.setFrom(JourneyStage.JOURNEY_STAGE_ONBOARDING)
				.setTo(JourneyStage.JOURNEY_STAGE_ADOPTION)
				.setMoves(6))
			.build();
		StringWriter funnelCsv = new StringWriter();
		StringWriter flowsCsv = new StringWriter();

		JourneysCommand.funnelCsv(funnel, funnelCsv);
		JourneysCommand.flowsCsv(flows, flowsCsv);

		assertThat(funnelCsv.toString()).isEqualTo("""
				journey,from,until,group,stage,entered,advanced,regressed,skipped,conversion,conversion_target,\
				dwell_p50_days,dwell_p90_days,expected_days,late_after_days,on_time_rate,in_stage_now,overdue_now
				broadband,2026-03-08,2026-06-06,gold,onboarding,10,6,0,0,0.6000,0.8000,14,40,21,30,0.7143,0,0
				""");
		assertThat(flowsCsv.toString()).isEqualTo("""
				journey,group,from,to,moves
				broadband,,,onboarding,10
				broadband,,onboarding,adoption,6
				""");
	}

	@Test
	void aVerificationSaysWhatDiffers() {
		VerifyResponse agree = VerifyResponse.newBuilder().setJourney("broadband").setCustomersRead(10_000).build();
		VerifyResponse differ = VerifyResponse.newBuilder()
			.setJourney("broadband")
			.setCustomersRead(10_000)
			.setFullHistories(2)
			.addStock(CountDifference.newBuilder()
				.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)
				.setDay(Timestamp.newBuilder().setSeconds(1_767_225_600L))
				.setKept(-1)
				.setRecounted(0))
			.addMoves(CountDifference.newBuilder()
				.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)
				.setDay(Timestamp.newBuilder().setSeconds(1_767_225_600L))
				.setKept(3)
				.setRecounted(4))
			.build();

		assertThat(JourneysCommand.text(agree).lines()).containsExactly(
				"broadband: 10,000 stored customers recounted; the stock and the moves agree with the counts kept");
		assertThat(JourneysCommand.text(differ).lines()).containsExactly(
				"broadband: 10,000 stored customers recounted; 2 counts differ", "",
				"stock (customers per stage and day entered)", "day         stage       kept  recounted",
				"2026-01-01  onboarding  -1    0", "", "moves (per stage left, stage reached and day)",
				"day         from       to          kept  recounted", "2026-01-01  (entered)  onboarding  3     4",
				"2 customers have a full stage history: moves older than it keeps count as differences");
	}

	private static OverdueCustomer overdue(String customer, int days, int overdue) {
		return OverdueCustomer.newBuilder()
			.setCustomerId(customer)
			.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)
			.setSince(Timestamp.newBuilder().setSeconds(1_767_225_600L))
			.setDaysInStage(days)
			.setDaysOverdue(overdue)
			.build();
	}

}
