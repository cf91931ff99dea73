package io.nextbest.engine.policy;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;

import static io.nextbest.engine.policy.TestCustomers.RULES;
import static org.assertj.core.api.Assertions.assertThat;

/** Quiet hours: 21:00 to 08:00 on email, sms and push, in the customer's time zone. */
class QuietHoursTest {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private final QuietHours quiet = RULES.contactPolicy().quietHours();

	@Test
	void lateEveningHoldsEmailUntilTomorrowMorning() {
		// 21:30 in Paris (summer time, UTC+2).
		Refusal refusal = this.quiet.check(Channel.EMAIL, Instant.parse("2026-06-01T19:30:00Z"), PARIS);

		assertThat(refusal.code()).isEqualTo(ReasonCode.QUIET_HOURS);
		assertThat(refusal.allowedAt()).isEqualTo(Instant.parse("2026-06-02T06:00:00Z"));
		assertThat(refusal.message()).contains("21:30").contains("Europe/Paris");
	}

	@Test
	void earlyMorningHoldsSmsUntilEightTheSameDay() {
		Refusal refusal = this.quiet.check(Channel.SMS, Instant.parse("2026-06-02T03:00:00Z"), PARIS);

		assertThat(refusal.allowedAt()).isEqualTo(Instant.parse("2026-06-02T06:00:00Z"));
	}

	@Test
	void daytimeAndInboundChannelsAreNeverQuiet() {
		assertThat(this.quiet.check(Channel.PUSH, Instant.parse("2026-06-01T06:00:00Z"), PARIS)).isNull();
		assertThat(this.quiet.check(Channel.WEB, Instant.parse("2026-06-01T23:00:00Z"), PARIS)).isNull();
	}

	@Test
	void theCustomersOwnTimeZoneDecides() {
		// 12:00 UTC is 21:00 in Tokyo.
		Instant noonUtc = Instant.parse("2026-06-01T12:00:00Z");

		Refusal tokyo = this.quiet.check(Channel.EMAIL, noonUtc, this.quiet.zone("Asia/Tokyo"));
		assertThat(tokyo.code()).isEqualTo(ReasonCode.QUIET_HOURS);
		// 08:00 the next morning in Tokyo (UTC+9).
		assertThat(tokyo.allowedAt()).isEqualTo(Instant.parse("2026-06-01T23:00:00Z"));
		assertThat(tokyo.message()).contains("21:00").contains("Asia/Tokyo");
		assertThat(this.quiet.check(Channel.EMAIL, noonUtc, this.quiet.zone(null))).isNull();
	}

	@Test
	void missingOrInvalidTimeZoneFallsBackToTheDefault() {
		assertThat(this.quiet.zone(null)).isEqualTo(PARIS);
		assertThat(this.quiet.zone("")).isEqualTo(PARIS);
		assertThat(this.quiet.zone("Mars/Olympus")).isEqualTo(PARIS);
		assertThat(this.quiet.zone("America/New_York")).isEqualTo(ZoneId.of("America/New_York"));
	}

	@Test
	void theLocalTimeFollowsTheZonesOffsetAcrossSummerTimeChanges() {
		// Every quarter hour of two days around each of Paris's changes in 2026 and in
		// zones far east and west: quiet exactly when the local time of day, as
		// java.time reckons it, is between 21:00 and 08:00.
		for (String id : new String[] { "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata" }) {
			ZoneId zone = this.quiet.zone(id);
			for (String day : new String[] { "2026-03-28T00:00:00Z", "2026-10-24T00:00:00Z" }) {
				for (Instant at = Instant.parse(day); at
					.isBefore(Instant.parse(day).plusSeconds(2 * 86_400)); at = at.plusSeconds(900)) {
					int hour = at.atZone(zone).getHour();
					boolean expected = hour >= 21 || hour < 8;
					assertThat(this.quiet.check(Channel.EMAIL, at, zone) != null).as("%s in %s", at, id)
						.isEqualTo(expected);
				}
			}
		}
	}

	@Test
	void aZoneIsTheSameWhetherParsedOrRemembered() {
		assertThat(this.quiet.zone("Asia/Tokyo")).isSameAs(this.quiet.zone("Asia/Tokyo"));
		assertThat(this.quiet.zone("+05:30")).isEqualTo(ZoneId.of("+05:30"));
		assertThat(this.quiet.zone("Mars/Olympus")).isEqualTo(PARIS);
	}

}
