package io.nextbest.engine.policy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;

/**
 * Nights without messages: on the channels that reach the customer's device (email, sms,
 * push), nothing goes out, marketing or service, between {@code from} and {@code until}
 * in the customer's own time zone (profile attribute {@code time_zone}, an IANA id such
 * as {@code Europe/Paris}; the default zone when it is missing or not a valid id). The
 * window may span midnight; {@code from == until} means no quiet hours.
 *
 * @param channels the channels that keep quiet
 * @param from when quiet hours start, local time
 * @param until when they end, local time
 * @param defaultZone the zone of customers whose profile has none
 */
public record QuietHours(Set<Channel> channels, LocalTime from, LocalTime until, ZoneId defaultZone) {

	private static final int SECONDS_PER_DAY = 86_400;

	/** How reasons name this policy. */
	public static final String NAME = "policy:quiet-hours";

	/** The profile attribute with the customer's time zone. */
	public static final String TIME_ZONE_ATTRIBUTE = "time_zone";

	/**
	 * The most profile spellings of a zone kept parsed: the IANA ids and the usual offset
	 * spellings fit many times over, and a profile's arbitrary text cannot grow it past
	 * this.
	 */
	private static final int MAX_ZONES = 4096;

	/**
	 * Zones by the profile text they were parsed from. Parsing an id looks it up in the
	 * zone rules provider on every call, and every decision asks.
	 */
	private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();

	/** No quiet hours, customers in UTC. */
	public static final QuietHours NONE = new QuietHours(Set.of(), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT,
			ZoneOffset.UTC);

	/**
	 * Quiet hours.
	 * @param channels the channels that keep quiet
	 * @param from when quiet hours start, local time
	 * @param until when they end, local time
	 * @param defaultZone the zone of customers whose profile has none
	 */
	public QuietHours {
		channels = channels.isEmpty() ? Set.of() : EnumSet.copyOf(channels);
	}

	/**
	 * The customer's time zone.
	 * @param attribute the profile's {@code time_zone}, or null
	 * @return its zone, or the default one when missing or invalid
	 */
	public ZoneId zone(String attribute) {
		if (attribute == null || attribute.isEmpty()) {
			return this.defaultZone;
		}
		ZoneId known = ZONES.get(attribute);
		if (known != null) {
			return known;
		}
		try {
			ZoneId zone = ZoneId.of(attribute);
			if (ZONES.size() < MAX_ZONES) {
				ZONES.putIfAbsent(attribute, zone);
			}
			return zone;
		}
		catch (DateTimeException ex) {
			return this.defaultZone;
		}
	}

	/**
	 * Whether a channel must keep quiet now.
	 * @param channel the channel
	 * @param now the time of the decision
	 * @param zone the customer's time zone
	 * @return the refusal, with the time sending becomes allowed, or null when it may
	 * send
	 */
	public Refusal check(Channel channel, Instant now, ZoneId zone) {
		if (!this.channels.contains(channel) || this.from.equals(this.until)) {
			return null;
		}
		// The local time of day from the zone's offset at that instant: no date-time is
		// built for the common answer, which is "not quiet".
		long localSeconds = now.getEpochSecond() + zone.getRules().getOffset(now).getTotalSeconds();
		LocalTime time = LocalTime.ofSecondOfDay(Math.floorMod(localSeconds, SECONDS_PER_DAY)).withNano(now.getNano());
		boolean quiet = this.from.isBefore(this.until) ? !time.isBefore(this.from) && time.isBefore(this.until)
				: !time.isBefore(this.from) || time.isBefore(this.until);
		if (!quiet) {
			return null;
		}
		ZonedDateTime local = now.atZone(zone);
		LocalDate day = time.isBefore(this.until) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
		Instant allowedAt = ZonedDateTime.of(day, this.until, zone).toInstant();
		String where = channel.words();
		return new Refusal(NAME, ReasonCode.QUIET_HOURS,
				"It is " + time.withSecond(0).withNano(0) + " for the customer (" + zone.getId()
						+ "): nothing goes out by " + where + " between " + this.from + " and " + this.until + ".",
				allowedAt);
	}

}
