package io.nextbest.facts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The moment of the decision, in the customer's own time zone (profile attribute
 * {@code time_zone}, or the contact policy's default): always present, once per decision.
 * Rules use it for time-of-day content ({@code Moment(hour >= 18)}); quiet hours are the
 * contact policy's business.
 */
public final class Moment {

	private final Instant instant;

	private final ZonedDateTime local;

	/**
	 * A moment.
	 * @param instant when the decision is made
	 * @param zone the customer's time zone
	 */
	public Moment(Instant instant, ZoneId zone) {
		this.instant = instant;
		this.local = instant.atZone(zone);
	}

	/**
	 * @return when the decision is made
	 */
	public Instant getInstant() {
		return this.instant;
	}

	/**
	 * @return the customer's time zone id, for example {@code Europe/Paris}
	 */
	public String getTimeZone() {
		return this.local.getZone().getId();
	}

	/**
	 * @return the customer's local date
	 */
	public LocalDate getLocalDate() {
		return this.local.toLocalDate();
	}

	/**
	 * @return the customer's local time of day
	 */
	public LocalTime getLocalTime() {
		return this.local.toLocalTime();
	}

	/**
	 * @return the customer's local hour, 0 to 23
	 */
	public int getHour() {
		return this.local.getHour();
	}

	/**
	 * @return the customer's local day of the week
	 */
	public DayOfWeek getDayOfWeek() {
		return this.local.getDayOfWeek();
	}

	@Override
	public String toString() {
		return "Moment[" + this.local + "]";
	}

}
